/**
 * A link that opens the app's personal tab inside Teams at one of its pages: a Teams deep link
 * (`/l/entity/<app id>/<tab entity id>`), whose `context.subEntityId` Teams hands to the tab
 * (`app.getContext()` → `page.subPageId`), with the page's web address as `webUrl` for clients
 * that cannot show the tab. Without a Teams app id (local mode) it is the web address itself.
 * Format: learn.microsoft.com/microsoftteams/platform/concepts/build-and-test/deep-link-application
 */

export interface TabLinkTarget {
  /** The Teams app's id (the manifest's `id`); absent in local mode. */
  readonly appId?: string | undefined;
  /** The personal tab's `entityId` in the manifest. */
  readonly entityId: string;
  /** The tab's web address (the server's public URL + /tab/). */
  readonly webUrl: string;
}

/** `page` is the tab's route without its `#/`: `reports/2026-Q4`, `escalations/<id>`. */
export function tabPageLink(tab: TabLinkTarget, page: string, label: string): string {
  const webUrl = `${tab.webUrl}#/${page}`;
  if (!tab.appId) return webUrl;
  const query = [
    ['webUrl', webUrl],
    ['label', label],
    ['context', JSON.stringify({ subEntityId: page })],
  ]
    .map(([k, v]) => `${k}=${encodeURIComponent(v ?? '')}`)
    .join('&');
  return `https://teams.microsoft.com/l/entity/${encodeURIComponent(tab.appId)}/${encodeURIComponent(tab.entityId)}?${query}`;
}

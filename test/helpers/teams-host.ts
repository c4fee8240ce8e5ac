/**
 * A Teams host for the tab in headless Chromium: the tab framed by a page at
 * https://teams.microsoft.com that answers teams-js's postMessage protocol as the Teams web client
 * does — `initialize` (frame context, client type, runtime config), `getContext` (the v1 context
 * Teams sends: user, tenant, the tab's entity and the deep link's sub-entity). Both origins are
 * served by Chromium's request routing: the host page from here, the tab (https://safeguard.test)
 * from our real server, so the tab runs with its real Content-Security-Policy, in a real frame,
 * under Teams' real origin (teams-js accepts messages from Microsoft's origins only, over https).
 * Only the Microsoft side is a stand-in; local mode signs the tab in from the context's user.
 */
import type { BrowserContext, FrameLocator, Page } from 'playwright-core';
import type { TabUser } from './tab-surface.js';

const HOST = 'https://teams.microsoft.com';
const TAB_ORIGIN = 'https://safeguard.test';

export interface TeamsHostOptions {
  /** The tab's entity id (the manifest's) and the sub-entity a deep link named, if any. */
  readonly entityId?: string;
  readonly subEntityId?: string;
}

/** Opens the tab as `user` inside the host; answers once the tab has loaded. `base` is our server's address. */
export async function openTabInTeams(
  browser: BrowserContext,
  base: string,
  user: TabUser,
  options: TeamsHostOptions = {},
): Promise<{ page: Page; tab: FrameLocator; calls: () => Promise<string[]> }> {
  const page = await browser.newPage();
  const context = {
    entityId: options.entityId ?? 'escalations',
    subEntityId: options.subEntityId,
    userObjectId: user.userId,
    userPrincipalName: `${user.userId}@example.org`,
    userDisplayName: user.name,
    tid: user.tenantId,
    locale: 'en-gb',
    theme: 'default',
    frameContext: 'content',
    hostClientType: 'web',
    hostName: 'Teams',
    appSessionId: '6b3c1a7e-2a1f-4f3e-9d0c-1b2a3c4d5e6f',
  };
  const runtime = {
    apiVersion: 4,
    hostVersionsInfo: { adaptiveCardSchemaVersion: { majorVersion: 1, minorVersion: 5 } },
    supports: { appEntity: {}, pages: { appButton: {}, tabs: {}, config: {}, backStack: {} }, teamsCore: {} },
  };
  const hostPage = `<!doctype html><title>Teams</title>
<iframe id="app" title="Safeguarding" src="${TAB_ORIGIN}/tab/" style="width:1200px;height:900px"></iframe>
<script>
  window.calls = [];
  const frame = document.getElementById('app');
  const answers = {
    initialize: () => ['content', 'web', ${JSON.stringify(JSON.stringify(runtime))}, '2.58.0'],
    getContext: () => [${JSON.stringify(context)}],
  };
  window.addEventListener('message', (event) => {
    if (event.source !== frame.contentWindow || event.origin !== '${TAB_ORIGIN}') return;
    const { id, uuid, func } = event.data ?? {};
    if (typeof id !== 'number' || typeof func !== 'string') return;
    window.calls.push(func);
    const args = answers[func] ? answers[func]() : [];
    frame.contentWindow.postMessage({ id, uuid, args }, '${TAB_ORIGIN}');
  });
</script>`;
  await page.route(`${HOST}/**`, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: hostPage }),
  );
  // The tab and its API calls, from our real server under the tab's https origin.
  await page.route(`${TAB_ORIGIN}/**`, async (route) => {
    const url = route.request().url().replace(TAB_ORIGIN, base);
    const response = await route.fetch({ url });
    await route.fulfill({ response });
  });
  await page.goto(`${HOST}/_#/apps/safeguarding`);
  const tab = page.frameLocator('#app');
  return { page, tab, calls: () => page.evaluate<string[]>('window.calls') };
}

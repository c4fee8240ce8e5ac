/**
 * The tab's route for a Teams deep link's page (`context.subEntityId` in the link, handed to the tab
 * as `page.subPageId`; built by bot/cards/tab-deep-link.ts): a Board report or an escalation. Only
 * those routes: the sub-page comes from a link anyone could write.
 */
const PAGES = /^(?:reports\/\d{4}-(?:Q[1-4]|\d{2})|escalations\/[A-Za-z0-9-]{1,64}(?:\/records)?)$/;

/** `#/reports/2026-Q4` for `reports/2026-Q4`; undefined for anything else. */
export function hashForSubPage(subPageId: string | undefined): string | undefined {
  return subPageId !== undefined && PAGES.test(subPageId) ? `#/${subPageId}` : undefined;
}

/**
 * The Board report's card opens the report inside Teams (issue 10): its deep link names the tab's
 * page as the sub-entity; Teams hands it to the tab, which opens that period's report. In
 * headless Chromium, with the tab framed by a Teams host that speaks teams-js's protocol
 * (test/helpers/teams-host.ts) and the link built by the card's own code.
 */
import { TAB_ENTITY_ID } from '../../addin/shared/addin-names.js';
import { tabPageLink } from '../../bot/cards/tab-deep-link.js';
import { startBotHarness, type BotHarness } from '../helpers/bot-harness.js';
import { chromiumForSuite } from '../helpers/chromium.js';
import { openTabInTeams } from '../helpers/teams-host.js';

let h: BotHarness;
const browser = chromiumForSuite();
const bea = { tenantId: '', userId: 'u-bea', name: 'Bea Businessmanager' };
let base: string;

beforeAll(async () => {
  h = await startBotHarness({ now: '2027-01-05T10:00:00Z', packId: 'tameside' });
  await h.app.deps.store.assignRole(h.tenantId, 'board-business-manager', 'u-bea', '2026-11-25T10:00:00Z');
  Object.assign(bea, { tenantId: h.tenantId });
  base = h.endpoint.replace('/api/messages', '');
}, 60_000);
afterAll(() => h.close());

/** What Teams hands the tab for a deep link: the `subEntityId` of its `context` parameter. */
function subEntityOf(link: string): string | undefined {
  const context = new URL(link).searchParams.get('context');
  return context ? (JSON.parse(context) as { subEntityId?: string }).subEntityId : undefined;
}

test("a deep link to Q3 2026's report opens that report in the tab inside Teams", async () => {
  const link = tabPageLink(
    { appId: '3e1c2f4a-5b6d-4e7f-8a9b-0c1d2e3f4a5b', entityId: TAB_ENTITY_ID, webUrl: `${base}/tab/` },
    'reports/2026-Q3',
    'Escalations report',
  );
  const { tab, calls } = await openTabInTeams(browser(), base, bea, {
    entityId: TAB_ENTITY_ID,
    subEntityId: subEntityOf(link),
  });
  await tab.locator('#report-heading').waitFor();
  expect(await tab.locator('#report-heading').textContent()).toContain('2026-Q3');
  expect(await calls()).toEqual(expect.arrayContaining(['initialize', 'getContext']));
});

test('opened from the app bar (no sub-page), the tab shows its landing page', async () => {
  const { tab } = await openTabInTeams(browser(), base, bea, { entityId: TAB_ENTITY_ID });
  await tab.getByText('Up to date.').waitFor();
  // A Board member's landing page: the open escalations, the Board's included.
  await tab.getByRole('heading', { name: /All open escalations/ }).waitFor();
  expect(await tab.locator('#report-heading').count()).toBe(0);
});

test('a sub-page the tab does not have is ignored: the landing page, nothing else', async () => {
  const { tab } = await openTabInTeams(browser(), base, bea, {
    entityId: TAB_ENTITY_ID,
    subEntityId: 'javascript:alert(1)',
  });
  await tab.getByText('Up to date.').waitFor();
  await tab.getByRole('heading', { name: /All open escalations/ }).waitFor();
  expect(await tab.locator('#report-heading').count()).toBe(0);
});

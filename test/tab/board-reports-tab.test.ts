/**
 * The Board's reports in the Teams tab (headless Chromium, local mode; issue 10, Tameside 2.3.8
 * "monitor dispute and escalation themes and provide regular updates to TASPB"): the Business
 * Manager opens Q4 2026 as charts — each an image with a text alternative and its table —,
 * overdue highlighted, picks another period with the keyboard alone, downloads the CSV the API
 * gives, and prints it on A4 without the tab's controls. A practitioner sees no report.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { createApiClient, localToken } from '../../src/api/client.js';
import { storeManagerDirectory } from '../../src/app/directory/store-manager-directory.js';
import { actAsResponsible } from '../../src/app/escalations/escalation-queries.js';
import { raiseEscalation } from '../../src/app/escalations/escalations.js';
import { registerPerson } from '../../src/app/people/people-and-consent.js';
import type { Caller } from '../../src/app/ports.js';
import { startBotHarness, type BotHarness } from '../helpers/bot-harness.js';
import { chromiumForSuite } from '../helpers/chromium.js';
import { openTab, pageProblems } from '../helpers/tab-surface.js';

let h: BotHarness;
const browser = chromiumForSuite();
let sam: Caller;
let tess: Caller;
let bea: Caller;
let base: string;

/**
 * Tameside, Q4 2026: TAM-1 raised 25 Nov and escalated by the team manager to stage 2 on Tue 1 Dec,
 * whose "contact established" deadline (5 working days) is Tue 8 Dec 17:00 — never met, so on
 * 31 Dec it is 15 working days late (25 and 28 Dec are bank holidays); TAM-2 raised 2 Dec.
 */
beforeAll(async () => {
  h = await startBotHarness({ now: '2026-11-25T10:00:00Z', packId: 'tameside' });
  const { store } = h.app.deps;
  const at = '2026-11-25T10:00:00Z';
  await store.upsertDirectoryUser(
    { tenantId: h.tenantId, userId: 'u-sam', displayName: 'Sam Practitioner', managerUserId: 'u-tess' },
    at,
  );
  await store.upsertDirectoryUser(
    { tenantId: h.tenantId, userId: 'u-tess', displayName: 'Tess Teammanager', managerUserId: 'u-hal' },
    at,
  );
  await store.upsertDirectoryUser({ tenantId: h.tenantId, userId: 'u-hal', displayName: 'Hal Head' }, at);
  await store.assignRole(h.tenantId, 'board-business-manager', 'u-bea', at);
  sam = { tenantId: h.tenantId, userId: 'u-sam', name: 'Sam Practitioner' };
  tess = { tenantId: h.tenantId, userId: 'u-tess', name: 'Tess Teammanager' };
  bea = { tenantId: h.tenantId, userId: 'u-bea', name: 'Bea Businessmanager' };
  const raise = async (caseReference: string, agency: string) => {
    const person = await registerPerson(h.app.deps, sam, { caseReference, displayName: 'Pat Example' });
    return raiseEscalation(h.app.deps, sam, {
      personId: person.id,
      raiserRole: 'Social worker',
      raiserAgency: 'Tameside',
      otherAgency: { name: agency, contact: { name: 'Alex', role: 'Officer', agency } },
      natures: [],
      natureDetails: 'Repairs refused',
      outcomeSought: 'Repairs within a week',
      riskLevel: 'standard',
    });
  };
  const first = await raise('TAM-1', 'Tameside Housing');
  h.app.clock.set('2026-12-01T10:00:00Z');
  await actAsResponsible(h.app.deps, storeManagerDirectory(store), tess, first.id, {
    kind: 'escalate',
    reason: 'No reply from Housing',
  });
  h.app.clock.set('2026-12-02T10:00:00Z');
  await raise('TAM-2', 'Pennine Care');
  h.app.clock.set('2027-01-05T10:00:00Z');
  base = h.endpoint.replace('/api/messages', '');
}, 60_000);
afterAll(() => h.close());

async function openReport(period: string): Promise<Page> {
  const page = await openTab(browser(), base, bea, `#/reports/${period}`);
  await page.locator('#report-heading').waitFor();
  return page;
}

test('TASPB (2.3.8): the quarter as charts with their tables, overdue highlighted, the trend over four quarters', async () => {
  const page = await openReport('2026-Q4');
  expect(await page.locator('#report-heading').textContent()).toBe('Board report: 2026-Q4');
  expect(await page.evaluate('document.activeElement?.id')).toBe('report-heading');

  const stage = page.getByRole('img', { name: /By stage reached/ });
  expect(await stage.getAttribute('aria-labelledby')).toBe('chart-stage-title chart-stage-alt');
  expect(await page.locator('#chart-stage-alt').textContent()).toContain('1. Team managers or agency equivalent 1');
  const stageRows = await page.locator('#chart-stage table tbody tr').allInnerTexts();
  expect(stageRows.map((r) => r.replace(/\s+/g, ' ').trim())).toEqual([
    '1. Team managers or agency equivalent 1',
    '2. Heads of Service or agency equivalent 1',
    '3. Assistant Directors or agency equivalent 0',
    '4. Escalation to TASPB 0',
  ]);

  const overdueCard = page.locator('.card', { hasText: 'past a deadline at the end' });
  expect(await overdueCard.getAttribute('class')).toContain('late-card');
  expect(await overdueCard.locator('strong').textContent()).toBe('1');
  expect(await page.locator('#chart-overdue rect.late-bar').count()).toBe(1);
  expect(await page.locator('#chart-overdue table tbody').innerText()).toMatch(/15 working days\s+1/);

  expect(await page.locator('#chart-agency table tbody').innerText()).toMatch(/Pennine Care\s+1/);
  const trend = await page.locator('#chart-trend table tbody tr').allInnerTexts();
  expect(trend.map((r) => r.replace(/\s+/g, ' ').trim())).toEqual([
    '2026-Q1 0 0 0',
    '2026-Q2 0 0 0',
    '2026-Q3 0 0 0',
    '2026-Q4 2 0 2',
  ]);
  expect(await page.locator('#chart-trend polyline').count()).toBe(3);
  expect(pageProblems.get(page)).toEqual([]);
});

test('the period picker works with the keyboard alone', async () => {
  const page = await openReport('2026-Q4');
  await page.locator('#report-heading').focus();
  for (let i = 0; i < 10 && !(await page.evaluate("document.activeElement?.id === 'report-period'")); i += 1)
    await page.keyboard.press('Shift+Tab');
  expect(await page.evaluate('document.activeElement?.id')).toBe('report-period');
  const before = await page.locator('#report-period').inputValue();
  await page.keyboard.press('ArrowDown');
  const chosen = await page.locator('#report-period').inputValue();
  expect(chosen).not.toBe(before);
  await page.keyboard.press('Tab'); // to "Show"
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: `Board report: ${chosen}`, exact: true }).waitFor();
  expect(page.url()).toContain(`#/reports/${chosen}`);
});

test('"Download CSV" saves the report the API gives, row for row', async () => {
  const page = await openReport('2026-Q4');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('board-report-2026-Q4.csv');
  const saved = await readFile(await download.path(), 'utf8');
  const api = createApiClient({
    baseUrl: base,
    token: async () => localToken({ tid: bea.tenantId, oid: bea.userId, name: bea.name }),
  });
  expect(saved).toBe(await api.reportCsv('2026-Q4'));
  expect(saved).toContain('overdue by working days,15,1\r\n');
});

test('"Print / Save as PDF": the report on A4 pages (at most three), without the tab\'s controls', async () => {
  const page = await openReport('2026-Q4');
  await page.getByRole('button', { name: 'Print / Save as PDF' }).waitFor();
  await page.setViewportSize({ width: 673, height: 1000 }); // A4 less the page margins, at 96 dpi
  await page.emulateMedia({ media: 'print' });
  expect(await page.getByRole('button', { name: 'Print / Save as PDF' }).isVisible()).toBe(false);
  expect(await page.locator('#report-period').isVisible()).toBe(false);
  expect(await page.locator('header').isVisible()).toBe(false);
  expect(await page.getByRole('heading', { name: 'Board report: 2026-Q4' }).isVisible()).toBe(true);
  expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(673);
  const pdf = (await page.pdf({ preferCSSPageSize: true })).toString('latin1');
  const boxes = [...pdf.matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((m) => [
    Math.round(Number(m[1])),
    Math.round(Number(m[2])),
  ]);
  expect(boxes.length).toBeGreaterThan(0);
  expect(boxes.length).toBeLessThanOrEqual(3);
  for (const box of boxes) expect(box).toEqual([595, 842]); // A4 in points
});

test('a practitioner has no link to the reports, and asking for one is refused', async () => {
  const page = await openTab(browser(), base, sam);
  expect(await page.getByRole('link', { name: /Board reports/ }).count()).toBe(0);
  await page.evaluate("location.hash = '#/reports/2026-Q4'");
  await page.getByText("Only the Board's roles and the reports' recipients", { exact: false }).waitFor();
  expect(await page.locator('#report-heading').count()).toBe(0);
  const board = await openTab(browser(), base, bea);
  await board.getByRole('link', { name: /Board reports/ }).waitFor();
});

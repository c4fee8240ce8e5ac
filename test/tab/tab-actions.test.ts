/**
 * A manager acts on an escalation from the Teams tab (headless Chromium, local mode): the tab
 * offers exactly the actions the REST API says the person may take, sends each as an event with
 * the version it shows (so a change made meanwhile is refused, not overwritten), works with the
 * keyboard alone, and prints an escalation for the case file on A4 (Stockport Appendix Two: the
 * record is "added to the persons case record"). Tameside's stages (3.2): the raiser's team
 * manager acts at stage 1, and escalated risk goes straight to stage 4.
 */
import type { Page } from 'playwright-core';
import { createApiClient, localToken } from '../../src/api/client.js';
import { raiseEscalation } from '../../src/app/escalations/escalations.js';
import { registerPerson } from '../../src/app/people/people-and-consent.js';
import type { Caller } from '../../src/app/ports.js';
import { startBotHarness, type BotHarness } from '../helpers/bot-harness.js';
import { chromiumForSuite } from '../helpers/chromium.js';
import { actInTab, offeredInTab, openTab, pageProblems, type TabUser } from '../helpers/tab-surface.js';
import { isoDate } from '../../src/domain/shared/time.js';

let h: BotHarness;
const browser = chromiumForSuite();
afterEach(() => h.close());

const AT = '2026-11-25T10:00:00Z';

async function setUp(packId = 'tameside') {
  h = await startBotHarness({ now: AT, packId });
  const { store } = h.app.deps;
  await store.upsertDirectoryUser(
    { tenantId: h.tenantId, userId: 'u-sam', displayName: 'Sam Practitioner', managerUserId: 'u-tess' },
    AT,
  );
  await store.upsertDirectoryUser({ tenantId: h.tenantId, userId: 'u-tess', displayName: 'Tess Teammanager' }, AT);
  // Tameside stage 4 is the TASPB Business Manager's: someone must hold it for risk to go straight there.
  if (packId === 'tameside') {
    await store.upsertDirectoryUser({ tenantId: h.tenantId, userId: 'u-bob', displayName: 'Bob Businessmanager' }, AT);
    await store.assignRole(h.tenantId, 'board-business-manager', 'u-bob', AT);
  }
  const sam: TabUser & Caller = { tenantId: h.tenantId, userId: 'u-sam', name: 'Sam Practitioner' };
  const tess: TabUser & Caller = { tenantId: h.tenantId, userId: 'u-tess', name: 'Tess Teammanager' };
  const base = h.endpoint.replace('/api/messages', '');
  const apiAs = (u: TabUser) =>
    createApiClient({ baseUrl: base, token: async () => localToken({ tid: u.tenantId, oid: u.userId, name: u.name }) });
  const raise = async (caseReference: string) => {
    const person = await registerPerson(h.app.deps, sam, { caseReference, displayName: 'Pat Example' });
    return raiseEscalation(h.app.deps, sam, {
      ...(packId === 'stockport'
        ? { adultView: { kind: 'given' as const, view: 'Wants the repairs', by: 'adult' as const } }
        : {}),
      personId: person.id,
      raiserRole: 'Social worker',
      raiserAgency: 'Tameside',
      otherAgency: { name: 'Tameside Housing', contact: { name: 'Alex', role: 'Officer', agency: 'Tameside Housing' } },
      natures: packId === 'stockport' ? ['not-sharing-information'] : [],
      natureDetails: 'Repairs refused',
      outcomeSought: 'Repairs within a week',
      outcomeSoughtBy: isoDate('2027-01-29'),
      riskLevel: 'standard',
    });
  };
  return { sam, tess, base, apiAs, raise };
}

/** Presses Tab until the focused element matches `selector` (at most 60 times): the keyboard's way there. */
async function tabTo(page: Page, selector: string): Promise<void> {
  for (let i = 0; i < 60; i += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(`document.activeElement?.matches(${JSON.stringify(selector)}) === true`)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

test('a team manager resolves an escalation from the tab with the keyboard alone; the tab offers what the API offers', async () => {
  const { tess, base, apiAs, raise } = await setUp();
  const raised = await raise('TAM-10');
  const page = await openTab(browser(), base, tess);

  await tabTo(page, 'a[href="#/escalations/' + raised.id + '"]');
  await page.keyboard.press('Enter');
  await page.locator('#escalation-heading').waitFor();
  expect(await page.locator('#escalation-heading').textContent()).toBe(
    'TAM-10: stage 1 of 4, Team managers or agency equivalent',
  );
  const offered = await page
    .locator('button[data-action]')
    .evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-action')));
  expect(offered).toEqual([...(await apiAs(tess).escalation(raised.id)).actions]);
  expect(offered).toEqual(
    expect.arrayContaining(['resolve', 'escalate', 'escalate-on-risk', 'change-risk', 'withdraw', 'add-note']),
  );

  await tabTo(page, 'button[data-action="resolve"]');
  await page.keyboard.press('Enter');
  // The form opens with its first field focused.
  expect(await page.evaluate('document.activeElement?.getAttribute("name")')).toBe('summary');
  await page.keyboard.type('Housing agreed to do the repairs this week.');
  await tabTo(page, 'form[data-action="resolve"] button[type=submit]');
  await page.keyboard.press('Enter');
  await page.getByText('Saved: the escalation is resolved.').waitFor();

  expect(await page.locator('dl.facts').first().textContent()).toContain('Resolved');
  const after = await apiAs(tess).escalation(raised.id);
  expect(after.escalation).toMatchObject({
    state: 'resolved',
    outcome: { kind: 'resolved', summary: 'Housing agreed to do the repairs this week.', by: 'Tess Teammanager' },
  });
  expect(after.actions).toEqual(['add-note']);
  expect(
    await page
      .locator('button[data-action]')
      .evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-action'))),
  ).toEqual(['add-note']);
  expect(pageProblems.get(page)).toEqual([]);
});

test('escalated risk goes straight to the stage the pack names (Tameside 3.2 stage 4); no de-brief is offered where the seed asks for none', async () => {
  const { sam, tess, base, apiAs, raise } = await setUp();
  const risky = await raise('TAM-11');
  const tessPage = await openTab(browser(), base, tess);
  expect(
    await actInTab(tessPage, risky.id, {
      kind: 'escalate',
      reason: 'Eviction notice served today',
      riskEscalated: true,
    }),
  ).toMatchObject({ saved: true });
  expect((await apiAs(tess).escalation(risky.id)).escalation).toMatchObject({
    stage: 4,
    stages: [{ number: 1 }, { number: 4, reason: 'Eviction notice served today' }],
  });

  const ended = await raise('TAM-12');
  const samPage = await openTab(browser(), base, sam);
  expect(await offeredInTab(samPage, ended.id)).toEqual(['add-note']); // stage 1 is the team manager's (Tameside 3.2)
  expect(
    await actInTab(tessPage, ended.id, {
      kind: 'resolve',
      summary: 'Agreed at the meeting',
      agreedActions: [{ description: 'Repair the boiler', owner: 'Tameside Housing', dueOn: '2026-12-02' }],
    }),
  ).toMatchObject({ saved: true });
  expect(await offeredInTab(tessPage, ended.id)).not.toContain('record-debrief');
  // The de-brief is Stockport's (s.4); Tameside's seed has none, so the raiser is offered a note only.
  expect(await offeredInTab(samPage, ended.id)).toEqual(['add-note']);
  const done = (await apiAs(sam).escalation(ended.id)).escalation;
  expect(done.outcome?.agreedActions).toEqual([
    { description: 'Repair the boiler', owner: 'Tameside Housing', dueOn: '2026-12-02' },
  ]);
  expect(pageProblems.get(tessPage)).toEqual([]);
  expect(pageProblems.get(samPage)).toEqual([]);
});

test('a change made by someone else after the page was opened is refused and shown, not overwritten', async () => {
  const { sam, tess, base, apiAs, raise } = await setUp();
  const raised = await raise('TAM-13');
  const page = await openTab(browser(), base, tess, `#/escalations/${raised.id}`);
  await page.locator('button[data-action="resolve"]').click();
  await page.locator('form[data-action="resolve"] [name=summary]').fill('Resolved by phone');
  await apiAs(sam).actOnEscalation(
    raised.id,
    { kind: 'add-note', text: 'Housing called back: they will not repair.' },
    raised.version,
  );
  await page.locator('form[data-action="resolve"] button[type=submit]').click();
  await page.getByText('Not saved: someone changed this escalation after you opened it.', { exact: false }).waitFor();
  await page.getByText('Housing called back: they will not repair.', { exact: false }).waitFor();
  expect((await apiAs(tess).escalation(raised.id)).escalation.state).toBe('open');
});

test("the printable page of an escalation fits A4 and leaves out the tab's controls", async () => {
  const { tess, base, apiAs, raise } = await setUp();
  const raised = await raise('TAM-14');
  const page = await openTab(browser(), base, tess);
  const summary = `Agreed after a long meeting. ${'The housing officer will visit weekly and report to the team manager. '.repeat(12)}`;
  await actInTab(page, raised.id, { kind: 'resolve', summary, agreedActions: [] });
  await page.locator('a[href$="/records"]').click();
  await page.getByRole('button', { name: 'Print' }).waitFor();
  const { records } = await apiAs(tess).escalation(raised.id);
  for (const r of records) await page.getByRole('heading', { name: r.title }).waitFor();
  await page.getByText('Agreed after a long meeting.', { exact: false }).waitFor();

  // A4 at 96 dpi, less the page's margins (16 mm each side): 178 mm ≈ 673 px wide.
  await page.setViewportSize({ width: 673, height: 1000 });
  await page.emulateMedia({ media: 'print' });
  expect(await page.getByRole('button', { name: 'Print' }).isVisible()).toBe(false);
  expect(await page.locator('header').isVisible()).toBe(false);
  expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(673);
  const pdf = (await page.pdf({ preferCSSPageSize: true })).toString('latin1');
  const boxes = [...pdf.matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((m) => [
    Math.round(Number(m[1])),
    Math.round(Number(m[2])),
  ]);
  expect(boxes.length).toBeGreaterThan(0);
  for (const box of boxes) expect(box).toEqual([595, 842]); // A4 in points
  expect(pageProblems.get(page)).toEqual([]);
});

test('the Record of Escalation (Stockport Appendix Two) is on the printable page, as produced when the escalation ended', async () => {
  const { tess, base, apiAs, raise } = await setUp('stockport');
  const raised = await raise('SMBC-15');
  await apiAs(tess).actOnEscalation(
    raised.id,
    { kind: 'resolve', summary: 'Housing will repair the boiler by Friday.', agreedActions: [] },
    raised.version,
  );
  const [record] = (await apiAs(tess).escalation(raised.id)).records;
  expect(record).toMatchObject({ title: expect.stringMatching(/Record of Escalation/), transition: 'resolve' });
  const page = await openTab(browser(), base, tess, `#/escalations/${raised.id}/records`);
  await page.getByRole('heading', { name: record!.title }).waitFor();
  await page.getByText('Housing will repair the boiler by Friday.', { exact: false }).first().waitFor();
  await page.getByText('Pat Example', { exact: false }).first().waitFor(); // the record names the person, for the case file
  expect(pageProblems.get(page)).toEqual([]);
});

test('Stockport s.6: the raiser records the de-brief in the tab, with gaps in policies and procedures for the LSAB Chair', async () => {
  const { sam, tess, base, apiAs, raise } = await setUp('stockport');
  const raised = await raise('SMBC-16');
  await apiAs(tess).actOnEscalation(
    raised.id,
    { kind: 'resolve', summary: 'Housing will repair the boiler by Friday.', agreedActions: [] },
    raised.version,
  );
  const page = await openTab(browser(), base, sam);
  expect(
    await actInTab(page, raised.id, {
      kind: 'record-debrief',
      held: true,
      notes: 'Good working relationship restored',
      policyGaps: 'No procedure covers repairs reports',
    }),
  ).toMatchObject({ saved: true });
  await page.getByText('Gaps in policies and procedures', { exact: false }).first().waitFor();
  expect((await apiAs(sam).escalation(raised.id)).escalation.debrief).toMatchObject({
    policyGaps: 'No procedure covers repairs reports',
  });
  const queued = await h.app.deps.store.listReminders(h.tenantId, raised.id);
  expect(queued.filter((r) => r.kind === 'policy-gaps').map((r) => r.audienceRoles)).toEqual([['lsab-chair']]);
  expect(pageProblems.get(page)).toEqual([]);
});

/**
 * Stockport s.5 "LSAB Monitoring" (004_0dc7e94071fd648b.txt): escalations "form the basis of a
 * report by the Business Manager to the Board … on a quarterly basis". The Q4 2026 report against
 * figures worked out by hand, across the quarter's London-time boundaries and the Christmas bank
 * holidays (25 Dec, 28 Dec for Boxing Day, 1 Jan), produced on the first working day after the
 * quarter (Mon 4 Jan 2027) and delivered once to the LSAB Business Manager.
 */
import { randomUUID } from 'node:crypto';
import { computeBoardReport, produceDueBoardReports } from '../../src/app/reports/board-reports.js';
import { boardReportCsv } from '../../src/app/reports/board-report-csv.js';
import { parsePeriod } from '../../src/domain/reports/report-period.js';
import { cardProblems } from '../helpers/adaptive-card-validator.js';
import { cardIn, visibleText } from '../helpers/bot-harness.js';
import { organisation, type Organisation } from './escalation-organisation.js';

let org: Organisation;
afterAll(() => org.close());

const PEOPLE = [
  { name: 'Sam Practitioner', manager: 'Lin Linemanager' },
  { name: 'Lin Linemanager', manager: 'Sue Seniormanager' },
  { name: 'Sue Seniormanager', manager: 'Dan Director' },
  { name: 'Dan Director' },
  { name: 'Hal Headofservice', roles: ['head-of-service'] },
  { name: 'Bea Businessmanager', roles: ['lsab-business-manager'] },
];

const at = (iso: string) => org.h.app.clock.set(iso);

/**
 * A: raised 20 Sep (Q3), open at stage 1 all quarter.
 * G: raised 1 Sep, resolved 30 Sep 23:30Z = 1 Oct 00:30 London: ended in Q4, 22 working days.
 * C: raised 30 Sep 23:30Z = 1 Oct 00:30 London: raised in Q4; resolved 4 Nov (24 working days), de-brief 5 Nov.
 * B: raised 5 Oct, stage 2 on 6 Oct, stage 3 on Thu 10 Dec: 10 working days → 24 Dec 17:00, missed;
 *    on 31 Dec 3 working days late (25 Dec, Sat, Sun and Mon 28 Dec are not working days).
 * E: raised 2 Nov, withdrawn 3 Nov.
 * D: raised 15 Dec, at stage 4 (head of service) then 5 (the LSAB) on 18 Dec, concluded unresolved 31 Dec 23:30Z (still 31 Dec
 *    in London): 10 working days.
 * F: raised 4 Jan 2027: not in Q4.
 */
beforeAll(async () => {
  org = await organisation('stockport', '2026-09-01T09:00:00Z', PEOPLE);
  const g = await org.raise('Sam Practitioner');
  at('2026-09-20T10:00:00Z');
  await org.raise('Sam Practitioner', { natures: ['not-sharing-information'] });
  at('2026-09-30T23:30:00Z');
  await org.act('Lin Linemanager', g, { kind: 'resolve', summary: 'Report shared' });
  const c = await org.raise('Sam Practitioner');
  at('2026-10-05T10:00:00Z');
  let b = await org.raise('Sam Practitioner', { natures: ['not-co-operating'] });
  at('2026-10-06T10:00:00Z');
  b = await org.act('Lin Linemanager', b, { kind: 'escalate', reason: 'No reply' });
  at('2026-11-02T10:00:00Z');
  const e = await org.raise('Sam Practitioner');
  at('2026-11-03T10:00:00Z');
  await org.act('Lin Linemanager', e, { kind: 'withdraw', reason: 'Raised in error' });
  at('2026-11-04T15:00:00Z');
  await org.act('Lin Linemanager', c, { kind: 'resolve', summary: 'Agreed a joint visit' });
  at('2026-11-05T10:00:00Z');
  await org.act('Sam Practitioner', await org.current(c), {
    kind: 'record-debrief',
    held: true,
    notes: 'Held with the team',
    generalIssues: 'Referral forms differ between agencies',
  });
  at('2026-12-10T10:00:00Z');
  await org.act('Sue Seniormanager', b, { kind: 'escalate', reason: 'Still no reply' });
  at('2026-12-15T10:00:00Z');
  let d = await org.raise('Sam Practitioner');
  at('2026-12-16T10:00:00Z');
  d = await org.act('Lin Linemanager', d, { kind: 'escalate', reason: 'No reply' });
  at('2026-12-17T10:00:00Z');
  d = await org.act('Sue Seniormanager', d, { kind: 'escalate', reason: 'Still no reply' });
  at('2026-12-18T10:00:00Z');
  d = await org.act('Dan Director', d, { kind: 'escalate', reason: 'To the head of service' });
  d = await org.act('Hal Headofservice', d, { kind: 'escalate', reason: 'To the LSAB' });
  at('2026-12-31T23:30:00Z');
  await org.act('Bea Businessmanager', d, {
    kind: 'conclude-unresolved',
    summary: 'No agreement',
    outstandingConcerns: 'Housing still withholds the report',
  });
  at('2027-01-04T10:00:00Z');
  await org.raise('Sam Practitioner');
  const { store } = org.h.app.deps;
  for (const [kind, createdAt] of [
    ['incident', '2026-10-10T10:00:00Z'],
    ['incident', '2026-12-31T23:59:00Z'],
    ['complaint', '2026-11-11T10:00:00Z'],
    ['complaint', '2026-09-30T22:59:00Z'], // 23:59 on 30 Sep in London: Q3
  ] as const) {
    const who = { userId: randomUUID(), name: 'Someone' };
    await store.createLineManagerReport({
      tenantId: org.h.tenantId,
      id: randomUUID(),
      kind,
      details: 'Private details never shown in a report',
      reporter: who,
      manager: who,
      recipients: [who],
      createdAt,
    });
  }
}, 60_000);

test('s.5: the Q4 2026 figures, by London dates and UK working days', async () => {
  const r = await computeBoardReport(org.h.app.deps, org.h.tenantId, parsePeriod('2026-Q4'));
  expect(r.period).toEqual({
    id: '2026-Q4',
    start: '2026-09-30T23:00:00.000Z',
    end: '2027-01-01T00:00:00.000Z',
    firstDay: '2026-10-01',
    lastDay: '2026-12-31',
  });
  expect(r.raised).toBe(4); // B, C, D, E
  expect(r.openAtEnd).toBe(2); // A, B
  expect(r.byStage.map((s) => [s.stage, s.count])).toEqual([
    [1, 4],
    [2, 0],
    [3, 1],
    [4, 0],
    [5, 1],
  ]);
  expect(r.overdueAtEnd).toEqual({ count: 1, byWorkingDays: [{ workingDays: 3, count: 1 }] });
  expect(r.ended).toEqual({ resolved: 2, unresolved: 1, withdrawn: 1 });
  expect(r.timeToResolution).toEqual([
    { stage: 1, name: 'Professional to professional', ended: 2, meanWorkingDays: 23, medianWorkingDays: 22 },
    { stage: 5, name: expect.stringContaining('LSAB') as string, ended: 1, meanWorkingDays: 10, medianWorkingDays: 10 },
  ]);
  expect(r.outstandingConcerns).toEqual(['Housing still withholds the report']);
  expect(r.debriefIssues).toEqual(['Referral forms differ between agencies']);
  expect(r.byNature).toEqual([
    { nature: 'Not named', count: 4 },
    { nature: expect.stringMatching(/co-operat/i), count: 1 },
    { nature: expect.stringMatching(/shar/i), count: 1 },
  ]);
  expect(r.byAgency).toEqual([{ agency: 'Housing', count: 6 }]);
  expect(r.lineManagerReports).toEqual([
    { kind: 'complaint', count: 1 },
    { kind: 'incident', count: 2 },
  ]);
  expect(r.trend).toEqual([
    { periodId: '2026-Q1', raised: 0, ended: 0, openAtEnd: 0 },
    { periodId: '2026-Q2', raised: 0, ended: 0, openAtEnd: 0 },
    { periodId: '2026-Q3', raised: 2, ended: 0, openAtEnd: 2 },
    { periodId: '2026-Q4', raised: 4, ended: 4, openAtEnd: 2 },
  ]);
});

test('s.5: a month is a period too (December: B overdue, D raised and concluded)', async () => {
  const r = await computeBoardReport(org.h.app.deps, org.h.tenantId, parsePeriod('2026-12'));
  expect([r.raised, r.openAtEnd, r.overdueAtEnd.count]).toEqual([1, 2, 1]);
  expect(r.ended).toEqual({ resolved: 0, unresolved: 1, withdrawn: 0 });
});

test('s.5: the CSV carries every figure of the report, row for row', async () => {
  const csv = boardReportCsv(await computeBoardReport(org.h.app.deps, org.h.tenantId, parsePeriod('2026-Q4')));
  const rows = csv.trim().split('\r\n');
  expect(rows[0]).toBe('section,item,value');
  expect(rows).toEqual(
    expect.arrayContaining([
      'escalations,raised,4',
      'escalations,overdue at period end,1',
      'overdue by working days,3,1',
      'ended,unresolved,1',
      'by stage reached,3. Senior manager to senior manager,1',
      'median working days to the end,1. Professional to professional,22',
      'outstanding concerns,1,Housing still withholds the report',
      'trend: raised,2026-Q3,2',
    ]),
  );
  expect(csv).not.toContain('Private details');
});

test('s.5: produced on Mon 4 Jan 2027 (1 Jan a bank holiday, then the weekend) once, and sent to the LSAB Business Manager once', async () => {
  const deps = org.h.app.deps;
  const reports = async () => (await org.messages()).filter((m) => m.includes('report to the LSAB'));
  at('2027-01-04T08:59:00Z'); // before the working day starts: Q3's is the latest due
  expect((await produceDueBoardReports(deps)).map((k) => k.period)).toEqual(['2026-Q3']);
  expect(await reports()).toEqual(['Bea Businessmanager: Escalations report to the LSAB: 2026-Q3']);
  at('2027-01-04T09:00:00Z');
  const kept = await produceDueBoardReports(deps);
  expect(kept.map((k) => [k.reportId, k.period])).toEqual([['lsab-quarterly', '2026-Q4']]);
  expect(await produceDueBoardReports(deps)).toEqual([]);
  const mark = org.h.connector.activities.length;
  expect(await reports()).toEqual(['Bea Businessmanager: Escalations report to the LSAB: 2026-Q4']);
  expect(await reports()).toEqual([]);
  // The card: valid Adaptive Card, headline figures, a link to the report in the tab.
  const card = org.h.connector.activities
    .slice(mark)
    .map(cardIn)
    .find((c) => JSON.stringify(c).includes('report to the LSAB'));
  expect(cardProblems(card)).toEqual([]);
  expect(visibleText(card)).toContain('Raised: 4\nOpen at the end: 2');
  expect(JSON.stringify(card)).toContain('/tab/#/reports/2026-Q4');
  // Meanwhile the sweep moved B to stage 4 (its stage-3 deadline passed): Q4 still shows it at stage 3, late.
  expect((await deps.store.listEscalations(org.h.tenantId, { state: 'open' })).map((e) => e.stage).sort()).toEqual([
    1, 1, 4,
  ]);
  const again = await computeBoardReport(deps, org.h.tenantId, parsePeriod('2026-Q4'));
  expect(again.byStage.map((x) => x.count)).toEqual([4, 0, 1, 0, 1]);
  expect(again.overdueAtEnd.count).toBe(1);
  const stored = await deps.store.findBoardReports(org.h.tenantId, '2026-Q4');
  expect(stored).toHaveLength(1);
  expect(stored[0]?.figures.raised).toBe(4);
});

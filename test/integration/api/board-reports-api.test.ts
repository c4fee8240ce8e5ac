/**
 * The Board's reports over real HTTP (issue 10), seAp "Service Complaints Against seAp"
 * (001_7952fd8ae7cb4c0c.txt): the Senior Management Team (monthly) and commissioners (quarterly)
 * read any period; anyone else, and anyone of another organisation, gets 403 and no figure. The
 * CSV is the kept report's, row for row.
 */
import { localToken } from '../../../src/api/client.js';
import { raiseEscalation } from '../../../src/app/escalations/escalations.js';
import { registerPerson } from '../../../src/app/people/people-and-consent.js';
import { boardReportCsv } from '../../../src/app/reports/board-report-csv.js';
import { produceDueBoardReports } from '../../../src/app/reports/board-reports.js';
import { startBotHarness, teamsUser, type BotHarness } from '../../helpers/bot-harness.js';

let h: BotHarness;
afterAll(() => h.close());

const ana = teamsUser('Ana Advocate');
const mo = teamsUser('Mo Management');
const cy = teamsUser('Cy Commissioner');
const OTHER = 'b1b2c3d4-0000-4000-8000-000000000001';

function as(u: { aadObjectId: string; name: string }, tid: string) {
  const base = h.endpoint.replace('/api/messages', '');
  const token = localToken({ tid, oid: u.aadObjectId, name: u.name });
  return async (path: string) => {
    const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
  };
}

beforeAll(async () => {
  h = await startBotHarness({ now: '2026-11-10T10:00:00Z', packId: 'seap' });
  const { store } = h.app.deps;
  const at = '2026-11-10T10:00:00Z';
  await store.assignRole(h.tenantId, 'management-team', mo.aadObjectId, at);
  await store.assignRole(h.tenantId, 'commissioner', cy.aadObjectId, at);
  const caller = { tenantId: h.tenantId, userId: ana.aadObjectId, name: ana.name };
  for (const ref of ['SE-1', 'SE-2']) {
    const person = await registerPerson(h.app.deps, caller, { caseReference: ref, displayName: 'Pat Example' });
    await raiseEscalation(h.app.deps, caller, {
      personId: person.id,
      raiserRole: 'Advocate',
      raiserAgency: 'seAp',
      otherAgency: { name: 'Care Home', contact: { name: 'Kim', role: 'Manager', agency: 'Care Home' } },
      natures: [],
      natureDetails: 'Visits refused',
      outcomeSought: 'Visits allowed',
      riskLevel: 'standard',
    });
  }
  // Another organisation, following seAp too, with a management-team member of its own.
  await store.createTenant({ id: OTHER, name: 'Other', packId: 'seap', emailDomains: [] });
  await store.assignRole(OTHER, 'management-team', mo.aadObjectId, at);
}, 60_000);

test('the Senior Management Team and commissioners read any period; a practitioner gets 403 and no figure', async () => {
  const mine = await as(mo, h.tenantId)('/api/reports?period=2026-11');
  expect(mine.status).toBe(200);
  expect(JSON.parse(mine.text)).toMatchObject({
    report: { period: { id: '2026-11' }, raised: 2, openAtEnd: 2 },
    kept: [],
  });
  expect(JSON.parse(mine.text).report.withheld).toBeUndefined();
  // Commissioners are outside the organisation: counts only, the free text stays with the Board's roles.
  const theirs = await as(cy, h.tenantId)('/api/reports?period=2026-Q4');
  expect(theirs.status).toBe(200);
  expect(JSON.parse(theirs.text).report).toMatchObject({
    raised: 2,
    outstandingConcerns: [],
    debriefIssues: [],
    withheld: { outstandingConcerns: 0, debriefIssues: 0 },
  });
  for (const path of ['/api/reports?period=2026-11', '/api/reports/2026-11.csv']) {
    const refused = await as(ana, h.tenantId)(path);
    expect(refused.status).toBe(403);
    expect(refused.text).not.toMatch(/raised|Care Home/);
  }
});

test("another organisation's role holder sees only their own organisation; the commissioner of this one is nobody there", async () => {
  const other = await as(mo, OTHER)('/api/reports?period=2026-11');
  expect(other.status).toBe(200);
  expect(JSON.parse(other.text)).toMatchObject({ report: { raised: 0, byAgency: [] } });
  expect((await as(cy, OTHER)('/api/reports?period=2026-11')).status).toBe(403);
});

test('a period that is not a month or a quarter is refused with 400', async () => {
  for (const path of ['/api/reports?period=2026-13', '/api/reports', '/api/reports/2026-Q5.csv']) {
    const answer = await as(mo, h.tenantId)(path);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text)).toMatchObject({ error: 'VALIDATION.INVALID' });
  }
});

test("once kept at the period's end (Tue 1 Dec 2026, a working day), the CSV is the stored report's, row for row", async () => {
  h.app.clock.set('2026-12-01T09:00:00Z');
  const kept = await produceDueBoardReports(h.app.deps);
  expect(kept.map((k) => [k.tenantId === h.tenantId ? 'this' : 'other', k.reportId, k.period]).sort()).toEqual([
    ['other', 'commissioners-quarterly', '2026-Q3'],
    ['other', 'smt-monthly', '2026-11'],
    ['this', 'commissioners-quarterly', '2026-Q3'],
    ['this', 'smt-monthly', '2026-11'],
  ]);
  const stored = (await h.app.deps.store.findBoardReports(h.tenantId, '2026-11'))[0];
  const csv = await as(mo, h.tenantId)('/api/reports/2026-11.csv');
  expect(csv.status).toBe(200);
  expect(csv.type).toBe('text/csv; charset=utf-8');
  expect(csv.text).toBe(boardReportCsv(stored!.figures));
  expect(csv.text).toContain('escalations,raised,2\r\n');
  const json = JSON.parse((await as(mo, h.tenantId)('/api/reports?period=2026-11')).text);
  expect(json.kept).toEqual([
    {
      reportId: 'smt-monthly',
      title: 'Monthly report to the Senior Management Team',
      producedAt: '2026-12-01T09:00:00.000Z',
    },
  ]);
});

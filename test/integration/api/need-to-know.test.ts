/**
 * Need to know and accountability over real HTTP (security review M7): a person's records are
 * read only by the people working with them (others get 404, as for a wrong reference), every
 * read and change is in an append-only access log, and only the information-governance lead
 * reads that log.
 */
import { sql } from 'kysely';
import { CONTOSO_TENANT, startBotHarness, teamsUser, type BotHarness } from '../../helpers/bot-harness.js';
import { restAs } from '../../helpers/rest-as.js';

let h: BotHarness;
afterEach(() => h.close());

const sam = teamsUser('Sam Practitioner');
const tim = teamsUser('Tim Unrelated');
const tess = teamsUser('Tess Teammanager');
const iggy = teamsUser('Iggy Governance');
const bea = teamsUser('Bea Businessmanager');

/** The status and the body only: the tests compare whole answers. */
function api(u: { aadObjectId: string; name: string }, tid = CONTOSO_TENANT) {
  const call = restAs<Record<string, unknown> & Record<string, unknown>[]>(h, u, tid);
  return async (method: string, path: string, body?: unknown) => {
    const { status, body: answer } = await call(method, path, body);
    return { status, body: answer };
  };
}

const raise = (personId: string, _by: { aadObjectId: string; name: string }) => ({
  personId,
  raiserRole: 'Nurse',
  raiserAgency: 'Contoso',
  otherAgency: { name: 'Housing Trust', contact: { name: 'Alex', role: 'Officer', agency: 'Housing Trust' } },
  natureDetails: 'Repairs',
  outcomeSought: 'Repairs done',
  outcomeSoughtBy: '2027-01-29',
  riskLevel: 'standard',
});

test('an unrelated colleague gets 404 on a person and their consent; the people working with them, the Board and the IG lead read them; every read is logged', async () => {
  h = await startBotHarness({ packId: 'tameside' });
  const at = '2026-11-25T10:00:00Z';
  await h.app.deps.store.upsertDirectoryUser(
    { tenantId: h.tenantId, userId: sam.aadObjectId, displayName: sam.name, managerUserId: tess.aadObjectId },
    at,
  );
  await h.app.deps.store.assignRole(h.tenantId, 'ig-lead', iggy.aadObjectId, at);
  await h.app.deps.store.assignRole(h.tenantId, 'board-business-manager', bea.aadObjectId, at);

  const person = await api(sam)('POST', '/api/people', {
    caseReference: 'ASC-77',
    displayName: 'Pat Example',
    dateOfBirth: '1961-03-12',
  });
  expect(person.status).toBe(201);
  const personId = person.body.id as string;
  expect(
    (
      await api(sam)('POST', `/api/people/${personId}/consent`, {
        status: 'given',
        information: 'Housing',
        recipients: ['Housing Trust'],
        capacity: { kind: 'presumed' },
      })
    ).status,
  ).toBe(201);
  expect((await api(sam)('GET', '/api/people?caseReference=ASC-77')).status).toBe(200);
  expect((await api(sam)('GET', `/api/people/${personId}/consent?agency=Housing%20Trust`)).body).toMatchObject({
    answer: { kind: 'given' },
  });

  // Tim has no part in Pat's records: exactly the answer for a case reference that does not exist.
  const timLooks = await api(tim)('GET', '/api/people?caseReference=ASC-77');
  const nobody = await api(tim)('GET', '/api/people?caseReference=ASC-00');
  expect(timLooks).toEqual({ status: 404, body: nobody.body });
  expect((await api(tim)('GET', `/api/people/${personId}/consent?agency=x`)).status).toBe(404);
  expect(
    (
      await api(tim)('POST', `/api/people/${personId}/consent`, {
        status: 'given',
        information: 'x',
        recipients: ['*'],
        capacity: { kind: 'presumed' },
      })
    ).status,
  ).toBe(404);
  expect((await api(tim)('POST', '/api/escalations', raise(personId, tim))).status).toBe(404);
  // Registering the same case reference says it exists, and nothing about the person.
  const duplicate = await api(tim)('POST', '/api/people', { caseReference: 'ASC-77', displayName: 'Someone' });
  expect(duplicate.status).toBe(409);
  expect(JSON.stringify(duplicate.body)).not.toMatch(/Pat|1961|ASC-77|[0-9a-f]{8}-[0-9a-f]{4}/);

  // The Board and the IG lead see every person; Sam's line manager once Sam escalates about Pat.
  expect((await api(bea)('GET', '/api/people?caseReference=ASC-77')).status).toBe(200);
  expect((await api(iggy)('GET', `/api/people/${personId}/consent?agency=x`)).status).toBe(200);
  expect((await api(tess)('GET', '/api/people?caseReference=ASC-77')).status).toBe(404);
  expect((await api(sam)('POST', '/api/escalations', raise(personId, sam))).status).toBe(201);
  expect((await api(tess)('GET', '/api/people?caseReference=ASC-77')).status).toBe(200);

  // The access log: who read or changed Pat's records, and who was refused.
  const log = await api(iggy)('GET', `/api/access-log?personId=${personId}`);
  expect(log.status).toBe(200);
  const rows = (log.body as unknown as { userId: string; action: string; outcome: string; surface: string }[]).map(
    (e) =>
      `${e.userId === sam.aadObjectId ? 'sam' : e.userId === tim.aadObjectId ? 'tim' : e.userId === tess.aadObjectId ? 'tess' : 'other'} ${e.action} ${e.outcome}`,
  );
  expect(rows).toEqual(
    expect.arrayContaining([
      'sam register-person allowed',
      'sam record-consent allowed',
      'sam read-person allowed',
      'sam read-consent allowed',
      'sam raise-escalation allowed',
      'tim read-person refused',
      'tim read-consent refused',
      'tim record-consent refused',
      'tim raise-escalation refused',
      'tess read-person refused',
      'tess read-person allowed',
    ]),
  );
  expect((log.body as unknown as { surface: string }[]).every((e) => e.surface === 'api')).toBe(true);

  // Only the IG lead reads the log; another organisation sees nothing of this one.
  expect((await api(sam)('GET', `/api/access-log?personId=${personId}`)).status).toBe(403);
  expect((await api(bea)('GET', '/api/access-log')).status).toBe(403);
  await h.app.deps.store.createTenant({ id: 'other-org', name: 'Other', packId: 'stockport', emailDomains: [] });
  await h.app.deps.store.assignRole('other-org', 'ig-lead', iggy.aadObjectId, at);
  expect((await api(iggy, 'other-org')('GET', '/api/access-log')).body).toEqual([]);
  expect((await api(iggy, 'other-org')('GET', `/api/access-log?personId=${personId}`)).status).toBe(404);
  expect((await api(iggy, 'other-org')('GET', '/api/people?caseReference=ASC-77')).status).toBe(404);

  // The log is append-only, like the decision log.
  await expect(sql`DELETE FROM access_log`.execute(h.app.database.db)).rejects.toThrow(/append-only/);
});

test('a date of birth in the future or before 1900 is refused with a clear message', async () => {
  h = await startBotHarness({ now: '2026-11-25T10:00:00Z' });
  for (const dateOfBirth of ['9999-12-31', '2026-11-26', '1899-12-31']) {
    const refused = await api(sam)('POST', '/api/people', {
      caseReference: `ASC-${dateOfBirth}`,
      displayName: 'Pat',
      dateOfBirth,
    });
    expect(refused).toMatchObject({
      status: 400,
      body: { error: 'VALIDATION.INVALID', message: expect.stringMatching(/dateOfBirth: .*(future|before 1900)/) },
    });
  }
  expect(
    (
      await api(sam)('POST', '/api/people', {
        caseReference: 'ASC-TODAY',
        displayName: 'Newborn',
        dateOfBirth: '2026-11-25',
      })
    ).status,
  ).toBe(201);
  expect(
    (
      await api(sam)('POST', '/api/people', {
        caseReference: 'ASC-1900',
        displayName: 'Elder',
        dateOfBirth: '1900-01-01',
      })
    ).status,
  ).toBe(201);
});

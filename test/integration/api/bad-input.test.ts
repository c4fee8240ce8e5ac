/**
 * Bad input to the REST API is a 4xx naming what is wrong, never a 500 (security review 2026-12,
 * M5): text PostgreSQL cannot store (NUL, half a character), a case reference already taken, ids
 * that are not ids, dates that do not exist. Text that can be stored is stored exactly as sent.
 */
import { localToken } from '../../../src/api/client.js';
import { startBotHarness, teamsUser, type BotHarness } from '../../helpers/bot-harness.js';

let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness({ now: '2026-11-25T10:00:00Z' });
});
afterAll(() => h.close());

const sam = teamsUser('Sam Practitioner');
const tim = teamsUser('Tim Other');

function as(user: { aadObjectId: string; name: string }) {
  const token = localToken({ tid: h.tenantId, oid: user.aadObjectId, name: user.name });
  return async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${h.endpoint.replace('/api/messages', '')}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> }; // any: response shapes differ by route
  };
}

test('NUL and unpaired surrogates are refused with 400 naming the field; other text is stored exactly as sent', async () => {
  const api = as(sam);
  const nul = await api('POST', '/api/people', { caseReference: 'NUL-1', displayName: 'Pat\u0000Example' });
  expect(nul).toMatchObject({
    status: 400,
    body: { error: 'VALIDATION.INVALID', message: 'displayName: must not contain the NUL character (U+0000)' },
  });
  const half = await api('POST', '/api/people', { caseReference: 'SUR-1', displayName: 'Pat \ud83d' });
  expect(half).toMatchObject({
    status: 400,
    body: { message: expect.stringMatching(/^displayName: contains a broken character/) },
  });
  const reversed = await api('POST', '/api/people', { caseReference: 'SUR-2', displayName: 'Pat \udc00 Example' });
  expect(reversed.status).toBe(400);
  expect(await h.app.deps.store.findPersonByCaseReference(h.tenantId, 'NUL-1')).toBeUndefined();

  const odd = 'Pat \u202eelpmaxE 👩🏽‍⚕️ ﷽ \u200d\ufeff "quoted" <b>&amp;</b>';
  const stored = await api('POST', '/api/people', { caseReference: 'ODD-1', displayName: odd });
  expect(stored.status).toBe(201);
  expect((await api('GET', '/api/people?caseReference=ODD-1')).body.displayName).toBe(odd);
  const personId = stored.body.id as string;
  const consent = await api('POST', `/api/people/${personId}/consent`, {
    status: 'given',
    information: 'Housing',
    recipients: ['Housing\u0000Trust'],
    capacity: { kind: 'presumed' },
  });
  expect(consent).toMatchObject({
    status: 400,
    body: { message: 'recipients.0: must not contain the NUL character (U+0000)' },
  });
  const overrides = await api('POST', '/api/send-overrides', {
    reference: 'msg\u0000-1',
    justification: 'The recipient is our own team',
  });
  expect(overrides).toMatchObject({
    status: 400,
    body: { message: expect.stringMatching(/^reference: must not contain the NUL/) },
  });
  const check = await api('POST', '/api/sharing-check', {
    from: 'a@contoso.example',
    to: [],
    subject: '',
    bodyText: '',
    reference: '\ud800',
  });
  expect(check).toMatchObject({
    status: 400,
    body: { message: expect.stringMatching(/^reference: contains a broken character/) },
  });
});

test('a case reference already registered answers 409 without saying whose it is', async () => {
  const first = await as(sam)('POST', '/api/people', {
    caseReference: 'DUP-1',
    displayName: 'Pat Secret',
    dateOfBirth: '1950-03-01',
  });
  expect(first.status).toBe(201);
  const again = await as(tim)('POST', '/api/people', { caseReference: 'DUP-1', displayName: 'Someone Else' });
  expect(again).toMatchObject({
    status: 409,
    body: { error: 'RECORD.CONFLICT', message: expect.stringContaining('already registered') },
  });
  const answer = JSON.stringify(again.body);
  for (const secret of ['Pat Secret', '1950-03-01', first.body.id as string, sam.aadObjectId])
    expect(answer).not.toContain(secret);
});

test('ids that are not ids answer 404 in a path and 400 in a body; NUL in a query and dates that do not exist answer 400', async () => {
  const api = as(sam);
  for (const id of ['------------------------------------', 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaaaaaa', 'zzz', '%00']) {
    expect(await api('GET', `/api/people/${id}/consent?agency=x`)).toMatchObject({
      status: 404,
      body: { error: 'RECORD.NOT_FOUND' },
    });
    expect(
      await api('POST', `/api/escalations/${id}/events`, {
        event: { kind: 'add-note', text: 'x' },
        expectedVersion: 1,
      }),
    ).toMatchObject({ status: 404 });
  }
  const badBodyId = await api('POST', '/api/escalations', {
    personId: '------------------------------------',
    raiserRole: 'Nurse',
  });
  expect(badBodyId).toMatchObject({
    status: 400,
    body: { message: expect.stringContaining('personId: must be an id') },
  });
  expect(await api('GET', '/api/people?caseReference=%00')).toMatchObject({
    status: 400,
    body: { message: 'caseReference: must not contain the NUL character (U+0000)' },
  });
  expect(
    await api('POST', '/api/people', { caseReference: 'DATE-1', displayName: 'Pat', dateOfBirth: '2026-02-30' }),
  ).toMatchObject({ status: 400, body: { message: 'dateOfBirth: must be a real date written YYYY-MM-DD' } });
  expect((await fetch(`${h.endpoint.replace('/api/messages', '')}/healthz`)).status).toBe(200);
});

test('a reference too long for its database index is refused with 400; the longest allowed is stored as sent', async () => {
  const api = as(sam);
  const person = await api('POST', '/api/people', { caseReference: 'REF-1', displayName: 'Pat' });
  const consent = await api('POST', `/api/people/${person.body.id}/consent`, {
    status: 'given',
    information: 'Housing',
    recipients: ['Housing Trust'],
    capacity: { kind: 'presumed' },
  });
  // Distinct three-byte characters do not compress: 501 of them would exceed PostgreSQL's btree row limit (2,704 bytes).
  const reference = (n: number) =>
    Array.from({ length: n }, (_, i) => String.fromCharCode(0x4e00 + ((i * 7919) % 20_000))).join('');
  const decision = (ref: string) => ({
    decision: 'share',
    personId: person.body.id,
    basis: { kind: 'consent', consentRecordId: consent.body.id },
    information: 'Housing needs',
    recipients: [{ name: 'Alex', agency: 'Housing Trust' }],
    purpose: 'Rehousing',
    reasons: 'Pat agreed',
    context: { channel: 'outlook', reference: ref },
    confirmed: ['factually-correct'] /* Tameside 2.3.6 */,
  });
  expect(await api('POST', '/api/sharing-decisions', decision(reference(1000)))).toMatchObject({
    status: 400,
    body: { message: 'context.reference: is too long' },
  });
  const longest = reference(500);
  expect((await api('POST', '/api/sharing-decisions', decision(longest))).status).toBe(201);
  expect((await h.app.deps.store.findDecisionByReference(h.tenantId, longest))?.personId).toBe(person.body.id);
});

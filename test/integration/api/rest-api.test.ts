/**
 * The REST API for the add-in and the tab, over real HTTP: authentication (local tokens only in
 * local mode; Entra ID tokens verified otherwise), tenant scoping, validation, and the same rules
 * as the bot (only the responsible manager acts; stale versions are refused).
 */
import { randomUUID } from 'node:crypto';
import { localToken } from '../../../src/api/client.js';
import { CONTOSO_TENANT, startBotHarness, teamsUser, type BotHarness } from '../../helpers/bot-harness.js';
import { startFakeEntra, type FakeEntra } from '../../helpers/fake-entra.js';
import { startFakeGraph, type FakeGraph } from '../../helpers/fake-graph.js';

let h: BotHarness;
afterEach(() => h.close());

const sam = teamsUser('Sam Practitioner');
const tess = teamsUser('Tess Teammanager');
const bea = teamsUser('Bea Businessmanager');

function api(token: string | undefined) {
  const base = h.endpoint.replace('/api/messages', '');
  return async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as Record<string, unknown> & unknown[] };
  };
}
const as = (u: { aadObjectId: string; name: string }, tid = CONTOSO_TENANT) =>
  api(localToken({ tid, oid: u.aadObjectId, name: u.name }));

test('local mode: people, consent, a sharing decision, an escalation acted on by the responsible manager only, and the Board themes', async () => {
  h = await startBotHarness({ now: '2026-11-25T10:00:00Z', packId: 'tameside' });
  await h.app.deps.store.upsertDirectoryUser(
    { tenantId: h.tenantId, userId: sam.aadObjectId, displayName: sam.name, managerUserId: tess.aadObjectId },
    '2026-11-25T10:00:00Z',
  );
  await h.app.deps.store.upsertDirectoryUser(
    { tenantId: h.tenantId, userId: bea.aadObjectId, displayName: bea.name },
    '2026-11-25T10:00:00Z',
  );
  await h.app.deps.store.assignRole(h.tenantId, 'board-business-manager', bea.aadObjectId, '2026-11-25T10:00:00Z');
  const samApi = as(sam);

  expect((await api(undefined)('GET', '/api/me')).status).toBe(401);
  expect((await samApi('GET', '/api/me')).body).toMatchObject({
    userId: sam.aadObjectId,
    organisation: 'Contoso Adult Social Care',
    board: false,
    pack: { id: 'tameside' },
  });

  const person = await samApi('POST', '/api/people', { caseReference: 'ASC-77', displayName: 'Pat Example' });
  expect(person.status).toBe(201);
  const personId = person.body.id as string;
  expect(
    (
      await samApi('POST', `/api/people/${personId}/consent`, {
        status: 'given',
        information: 'Housing',
        recipients: ['Housing Trust'],
        capacity: { kind: 'presumed' },
      })
    ).status,
  ).toBe(201);
  const consent = await samApi('GET', `/api/people/${personId}/consent?agency=housing%20trust`);
  expect(consent.body).toMatchObject({ answer: { kind: 'given' } });
  const consentId = (consent.body.answer as { record: { id: string } }).record.id;

  const proposal = {
    decision: 'share',
    personId,
    information: 'Housing needs',
    recipients: [{ name: 'Alex', agency: 'Housing Trust' }],
    purpose: 'Rehousing',
    reasons: 'Pat agreed',
    confirmed: ['factually-correct'] /* Tameside 2.3.6 */,
  };
  const blocked = await samApi('POST', '/api/sharing-decisions', { ...proposal, basis: { kind: 'none' } });
  expect(blocked.status).toBe(422);
  // The API's error shape, with the protocol's reasons (and their citations) kept for clients that list them.
  expect(blocked.body).toMatchObject({
    error: 'SHARING.BLOCKED',
    message: expect.stringMatching(
      /^The protocol does not allow this decision as it stands; nothing was recorded\. Share only with/,
    ),
    kind: 'blocked',
    reasons: [
      expect.objectContaining({
        code: expect.stringMatching(/^BASIS\./),
        message: expect.any(String),
        citation: expect.anything(),
      }),
    ],
  });
  const allowed = await samApi('POST', '/api/sharing-decisions', {
    ...proposal,
    basis: { kind: 'consent', consentRecordId: consentId },
  });
  expect(allowed).toMatchObject({ status: 201, body: { kind: 'allowed', entry: { seq: 1 } } });

  const bad = await samApi('POST', '/api/escalations', { personId, riskLevel: 'catastrophic' });
  expect(bad.status).toBe(400);
  expect(bad.body.message).toMatch(/riskLevel/);
  const raised = await samApi('POST', '/api/escalations', {
    personId,
    raiserRole: 'Nurse',
    otherAgency: { name: 'Housing Trust', contact: { name: 'Alex', role: 'Officer', agency: 'Housing Trust' } },
    natureDetails: 'Repairs',
    outcomeSought: 'Repairs done',
    outcomeSoughtBy: '2027-01-29',
    riskLevel: 'standard',
  });
  expect(raised.status).toBe(201);
  const id = raised.body.id as string;
  const mine = await samApi('GET', '/api/escalations?scope=mine');
  expect(mine.body.items).toMatchObject([
    { id, caseReference: 'ASC-77', stage: 1, stageName: 'Team managers or agency equivalent', stageCount: 4 },
  ]);
  expect((await as(tess)('GET', '/api/escalations?scope=team')).body.items).toHaveLength(1);

  const stranger = as(teamsUser('Stan Stranger'));
  expect((await stranger('GET', `/api/escalations/${id}`)).status).toBe(404);
  expect(
    (
      await stranger('POST', `/api/escalations/${id}/events`, {
        event: { kind: 'resolve', summary: 'x' },
        expectedVersion: 1,
      })
    ).status,
  ).toBe(404);
  expect(
    (
      await samApi('POST', `/api/escalations/${id}/events`, {
        event: { kind: 'resolve', summary: 'x' },
        expectedVersion: 1,
      })
    ).status,
  ).toBe(403);
  expect((await as(tess)('GET', `/api/escalations/${id}`)).body).toMatchObject({
    canAct: true,
    summary: { caseReference: 'ASC-77' },
  });
  const escalated = await as(tess)('POST', `/api/escalations/${id}/events`, {
    event: { kind: 'escalate', reason: 'No agreement' },
    expectedVersion: 1,
  });
  expect(escalated).toMatchObject({ status: 200, body: { stage: 2, version: 2 } });
  expect(
    (
      await as(tess)('POST', `/api/escalations/${id}/events`, {
        event: { kind: 'add-note', text: 'late' },
        expectedVersion: 1,
      })
    ).status,
  ).toBe(409);

  expect((await samApi('GET', '/api/themes')).status).toBe(403);
  const themes = await as(bea)('GET', '/api/themes');
  expect(themes.body).toMatchObject({
    open: 1,
    byStage: [
      { stage: 1, count: 0 },
      { stage: 2, count: 1 },
      { stage: 3, count: 0 },
      { stage: 4, count: 0 },
    ],
    byAgency: [{ agency: 'Housing Trust', count: 1 }],
  });
  expect((await as(bea)('GET', '/api/escalations?scope=board')).body.items).toHaveLength(1);

  // Another organisation sees nothing of this one.
  await h.app.deps.store.createTenant({ id: 'other-org', name: 'Other', packId: 'stockport', emailDomains: [] });
  const outsider = as(sam, 'other-org');
  expect((await outsider('GET', `/api/escalations/${id}`)).status).toBe(404);
  expect((await outsider('GET', '/api/people?caseReference=ASC-77')).status).toBe(404);
});

describe('with an app registration', () => {
  let entra: FakeEntra;
  let graph: FakeGraph;
  const APP_ID = '3e1c2f4a-5b6d-4e7f-8a9b-0c1d2e3f4a5b';
  beforeEach(async () => {
    entra = await startFakeEntra();
    graph = await startFakeGraph(entra);
    h = await startBotHarness({ cloud: { entra, graph, appId: APP_ID, appPassword: 'secret' } });
  });
  afterEach(async () => {
    await graph.close();
    await entra.close();
  });

  test('an Entra ID token for this app is accepted; local tokens, other audiences and forged tokens are refused', async () => {
    const good = await entra.mintUserToken({
      tid: CONTOSO_TENANT,
      oid: sam.aadObjectId,
      name: sam.name,
      aud: `api://${APP_ID}`,
      scp: 'access_as_user',
    });
    expect((await api(good)('GET', '/api/me')).body).toMatchObject({ userId: sam.aadObjectId, name: sam.name });
    expect((await as(sam)('GET', '/api/me')).body).toMatchObject({ error: 'AUTH.LOCAL_TOKEN_REFUSED' });
    const otherApp = await entra.mintUserToken({
      tid: CONTOSO_TENANT,
      oid: sam.aadObjectId,
      aud: `api://${randomUUID()}`,
      scp: 'access_as_user',
    });
    expect((await api(otherApp)('GET', '/api/me')).status).toBe(401);
    const expired = await entra.mintUserToken({
      tid: CONTOSO_TENANT,
      oid: sam.aadObjectId,
      aud: APP_ID,
      scp: 'access_as_user',
      expiresInSeconds: -600,
    }); // beyond the 5-minute clock skew
    expect((await api(expired)('GET', '/api/me')).status).toBe(401);
    const forged = await entra.mintWithForeignKey({
      tid: CONTOSO_TENANT,
      oid: sam.aadObjectId,
      aud: APP_ID,
      scp: 'access_as_user',
    });
    expect((await api(forged)('GET', '/api/me')).status).toBe(401);
  });
});

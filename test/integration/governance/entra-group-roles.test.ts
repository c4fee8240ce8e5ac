/**
 * Roles from Entra groups (issue 10, item 5), through the REST API in production mode: a tenant
 * maps `ig-lead` to an Entra group; a member of that group — directly or through a nested group,
 * read with Graph's checkMemberGroups — sees the IG audit. A user without it, or of another
 * organisation, gets 403 and nothing. When Graph cannot answer, no role is granted (503 with a
 * clear message), and unmapping the group takes the role away at once.
 */
import { actOnEscalation, raiseEscalation } from '../../../src/app/escalations/escalations.js';
import { registerPerson } from '../../../src/app/people/people-and-consent.js';
import { mapRoleToGroup, unmapRoleFromGroup } from '../../../src/app/people/role-groups.js';
import {
  cardIn,
  CONTOSO_TENANT,
  startBotHarness,
  teamsUser,
  visibleText,
  type BotHarness,
} from '../../helpers/bot-harness.js';
import { startFakeEntra, type FakeEntra } from '../../helpers/fake-entra.js';
import { startFakeGraph, type FakeGraph } from '../../helpers/fake-graph.js';
import { isoDate } from '../../../src/domain/shared/time.js';

const APP_ID = '3e1c2f4a-5b6d-4e7f-8a9b-0c1d2e3f4a5b';
const OTHER_TENANT = '0b6f6a52-8e1c-4f4e-9d51-2c7a4b1e9f00';
const IG_GROUP = 'a1b2c3d4-0000-4000-8000-000000000001';
const CALDICOTT_TEAM = 'a1b2c3d4-0000-4000-8000-000000000002'; // nested in IG_GROUP
const OTHER_GROUP = 'a1b2c3d4-0000-4000-8000-000000000003';

const ivy = teamsUser('Ivy Caldicott'); // in CALDICOTT_TEAM, so in IG_GROUP through nesting
const dan = teamsUser('Dan Direct'); // directly in IG_GROUP
const sam = teamsUser('Sam Practitioner'); // in another group only
const olga = teamsUser('Olga Other'); // the same group id, but another organisation

let h: BotHarness;
let entra: FakeEntra;
let graph: FakeGraph;

beforeAll(async () => {
  entra = await startFakeEntra();
  graph = await startFakeGraph(entra);
  h = await startBotHarness({ cloud: { entra, graph, appId: APP_ID, appPassword: 'secret' } });
  for (const u of [ivy, dan, sam, olga])
    graph.users.set(u.aadObjectId, {
      id: u.aadObjectId,
      displayName: u.name,
      mail: null,
      userPrincipalName: `${u.aadObjectId}@contoso.example`,
    });
  graph.groups.set(IG_GROUP, new Set([dan.aadObjectId, CALDICOTT_TEAM]));
  graph.groups.set(CALDICOTT_TEAM, new Set([ivy.aadObjectId, olga.aadObjectId]));
  graph.groups.set(OTHER_GROUP, new Set([sam.aadObjectId]));
  await h.app.deps.store.createTenant({ id: OTHER_TENANT, name: 'Other', packId: 'stockport', emailDomains: [] });
  await mapRoleToGroup(h.app.deps, CONTOSO_TENANT, 'ig-lead', IG_GROUP);
});
afterAll(async () => {
  await h.close();
  await graph.close();
  await entra.close();
});

async function call(
  u: { aadObjectId: string; name: string },
  path: string,
  tid = CONTOSO_TENANT,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const token = await entra.mintUserToken({
    tid,
    oid: u.aadObjectId,
    name: u.name,
    aud: `api://${APP_ID}`,
    scp: 'access_as_user',
  });
  const res = await fetch(h.endpoint.replace('/api/messages', path), {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
const audit = (u: { aadObjectId: string; name: string }, tid = CONTOSO_TENANT) => call(u, '/api/ig/audit', tid);

const memberChecks = (u: { aadObjectId: string }) =>
  graph.requests.filter((r) => r.method === 'POST' && r.path === `/v1.0/users/${u.aadObjectId}/checkMemberGroups`);

test('a Graph failure grants no role: 503 with a clear message, nothing of the audit', async () => {
  graph.failNext(`/users/${ivy.aadObjectId}/checkMemberGroups`, 403);
  const refused = await audit(ivy);
  expect(refused).toEqual({
    status: 503,
    body: { error: 'SERVICE.UNAVAILABLE', message: expect.stringMatching(/group memberships could not be checked/) },
  });
  // A failure is not remembered: the next request asks Graph again.
  graph.failNext(`/users/${ivy.aadObjectId}/checkMemberGroups`, 500);
  expect((await audit(ivy)).status).toBe(503);
});

test('a member through a nested group, and a direct member, see the audit; Graph is asked with an app token', async () => {
  const before = memberChecks(ivy).length;
  expect(await audit(ivy)).toMatchObject({
    status: 200,
    body: { decisions: [], chain: { verdict: { kind: 'intact' } } },
  });
  const [check] = memberChecks(ivy).slice(before);
  expect(check).toMatchObject({
    status: 200,
    body: { groupIds: [IG_GROUP] },
    authorization: expect.stringMatching(/^Bearer /),
  });
  expect((await audit(dan)).status).toBe(200);
  // Cached: a second request within the time to live asks Graph nothing.
  const asked = memberChecks(ivy).length;
  expect((await audit(ivy)).status).toBe(200);
  expect(memberChecks(ivy).length).toBe(asked);
});

test('without the role, or from another organisation, 403 and nothing', async () => {
  const refused = await audit(sam);
  expect(refused).toEqual({ status: 403, body: { error: 'ACCESS.FORBIDDEN', message: expect.any(String) } });
  // Olga is in the same Entra group, but her organisation mapped nothing: no role, and no Graph call.
  expect((await audit(olga, OTHER_TENANT)).status).toBe(403);
  expect(memberChecks(olga)).toHaveLength(0);
});

test('unmapping the group takes the role away at once; a CLI assignment still counts', async () => {
  expect(await unmapRoleFromGroup(h.app.deps, CONTOSO_TENANT, 'ig-lead', IG_GROUP)).toBe(true);
  expect((await audit(ivy)).status).toBe(403);
  await h.app.deps.store.assignRole(CONTOSO_TENANT, 'ig-lead', ivy.aadObjectId, '2026-11-25T10:00:00Z');
  expect((await audit(ivy)).status).toBe(200);
});

test("a Board role from an Entra group: the Board's lists, and the Board stage to act on (Tameside 3.2 stage 4)", async () => {
  const BOARD_GROUP = 'a1b2c3d4-0000-4000-8000-000000000004';
  const bella = { aadObjectId: 'b0b0b0b0-0000-4000-8000-00000000000b', name: 'Bella Boardmanager' };
  graph.users.set(bella.aadObjectId, {
    id: bella.aadObjectId,
    displayName: bella.name,
    mail: null,
    userPrincipalName: 'bella@contoso.example',
  });
  graph.groups.set(BOARD_GROUP, new Set([bella.aadObjectId]));
  const raiser = { tenantId: CONTOSO_TENANT, userId: sam.aadObjectId, name: sam.name };
  const person = await registerPerson(h.app.deps, raiser, { caseReference: 'ASC-40', displayName: 'Pat Example' });
  const raised = await raiseEscalation(h.app.deps, raiser, {
    personId: person.id,
    raiserRole: 'Social worker',
    otherAgency: { name: 'Housing Trust', contact: { name: 'Alex', role: 'Officer', agency: 'Housing Trust' } },
    natures: [],
    natureDetails: 'Repairs refused',
    outcomeSought: 'Repairs',
    outcomeSoughtBy: isoDate('2027-01-29'),
    riskLevel: 'standard',
  });
  const atBoard = await actOnEscalation(h.app.deps, raiser, raised.id, {
    kind: 'escalate',
    reason: 'Risk has escalated',
    toStage: 4,
    riskEscalated: true,
  });
  expect(atBoard.stage).toBe(4);

  // Before the mapping: not the Board, not responsible, and refused.
  expect((await call(bella, '/api/me')).body).toMatchObject({ board: false });
  expect((await call(bella, '/api/escalations?scope=board')).status).toBe(403);
  await mapRoleToGroup(h.app.deps, CONTOSO_TENANT, 'board-business-manager', BOARD_GROUP);
  expect((await call(bella, '/api/me')).body).toMatchObject({ board: true, igLead: false });
  expect((await call(bella, '/api/escalations?scope=board')).body).toMatchObject({
    items: [expect.objectContaining({ id: raised.id, stage: 4 })],
  });
  const detail = await call(bella, `/api/escalations/${raised.id}`);
  expect(detail.body).toMatchObject({ canAct: true, actions: expect.arrayContaining(['resolve']) });
  const resolved = await call(bella, `/api/escalations/${raised.id}/events`, CONTOSO_TENANT, {
    event: { kind: 'resolve', summary: 'The Board brokered an agreement', agreedActions: [] },
    expectedVersion: (detail.body['summary'] as { version: number }).version,
  });
  expect(resolved).toMatchObject({ status: 200, body: { state: 'resolved' } });
});

test("notices to a role reach the members of its Entra group, nested ones too: the Board stage's owners (Tameside 3.2 stage 4); each card's refresh list names them all", async () => {
  const NOTICE_GROUP = 'a1b2c3d4-0000-4000-8000-000000000005';
  const NESTED = 'a1b2c3d4-0000-4000-8000-000000000006';
  const bo = teamsUser('Bo Boardmember');
  graph.users.set(bo.aadObjectId, {
    id: bo.aadObjectId,
    displayName: bo.name,
    mail: 'bo@contoso.example',
    userPrincipalName: 'bo@contoso.example',
  });
  graph.groups.set(NOTICE_GROUP, new Set([NESTED]));
  graph.groups.set(NESTED, new Set([bo.aadObjectId]));
  const cleo = teamsUser('Cleo Commandline'); // holds the role by a command-line assignment
  await h.say(bo, 'hi'); // Bo and Cleo have the app in Teams
  await h.say(cleo, 'hi');
  await h.app.deps.store.upsertDirectoryUser(
    { tenantId: CONTOSO_TENANT, userId: cleo.aadObjectId, displayName: cleo.name },
    '2026-11-25T10:00:00Z',
  );
  await h.app.deps.store.assignRole(CONTOSO_TENANT, 'board-business-manager', cleo.aadObjectId, '2026-11-25T10:00:00Z');
  await mapRoleToGroup(h.app.deps, CONTOSO_TENANT, 'board-business-manager', NOTICE_GROUP);
  const raiser = { tenantId: CONTOSO_TENANT, userId: sam.aadObjectId, name: sam.name };
  const person = await registerPerson(h.app.deps, raiser, { caseReference: 'ASC-41', displayName: 'Pat Example' });
  const raised = await raiseEscalation(h.app.deps, raiser, {
    personId: person.id,
    raiserRole: 'Social worker',
    otherAgency: { name: 'Housing Trust', contact: { name: 'Alex', role: 'Officer', agency: 'Housing Trust' } },
    natures: [],
    natureDetails: 'Repairs refused',
    outcomeSought: 'Repairs',
    outcomeSoughtBy: isoDate('2027-01-29'),
    riskLevel: 'standard',
  });
  await actOnEscalation(h.app.deps, raiser, raised.id, {
    kind: 'escalate',
    reason: 'Risk has escalated',
    toStage: 4,
    riskEscalated: true,
  });
  const mark = h.connector.activities.length;
  await h.product.scheduler.runOnce();
  const toBo = h.connector.activities
    .slice(mark)
    .filter((a) => a.conversationId === `a:personal;${bo.aadObjectId}`)
    .map((a) => visibleText(cardIn(a)).split('\n')[0]);
  expect(toBo).toEqual(['For you to act on: escalation ASC-41']);
  // Cleo's card refreshes for Bo too (and Bo's for Cleo): whoever opens either sees the details and the buttons.
  const refreshOf = (u: typeof bo) =>
    h.connector.activities
      .slice(mark)
      .filter((a) => a.conversationId === `a:personal;${u.aadObjectId}`)
      .map((a) => cardIn(a).refresh?.userIds ?? [])[0];
  expect(refreshOf(cleo)).toEqual(expect.arrayContaining([cleo.aadObjectId, bo.aadObjectId]));
  expect(refreshOf(bo)).toEqual(expect.arrayContaining([cleo.aadObjectId, bo.aadObjectId]));
  expect(
    graph.requests.some((r) => r.method === 'GET' && r.path.includes(`/groups/${NOTICE_GROUP}/transitiveMembers`)),
  ).toBe(true);
});

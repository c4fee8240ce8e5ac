/**
 * The Graph adapter for roles from Entra groups, through the real Graph client against the fake
 * Graph: checkMemberGroups is asked with at most 20 groups a request (Graph refuses more), answers
 * transitively (nested groups), and a failure throws rather than answering "no groups".
 */
import { createGraphGroupMembership } from '../../../src/graph/graph-group-membership.js';
import { startFakeEntra, GRAPH_RESOURCE, type FakeEntra } from '../../helpers/fake-entra.js';
import { startFakeGraph, type FakeGraph } from '../../helpers/fake-graph.js';

const TENANT = '6f1a2b3c-0000-4000-8000-00000000aaaa';
const USER = '9d0e1f2a-3b4c-4d5e-8f60-718293a4b5c6';
const group = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

let entra: FakeEntra;
let graph: FakeGraph;
beforeAll(async () => {
  entra = await startFakeEntra();
  graph = await startFakeGraph(entra);
});
afterAll(async () => {
  await graph.close();
  await entra.close();
});

test('25 mapped groups are asked in two requests; direct and nested membership both count', async () => {
  graph.users.set(USER, { id: USER, displayName: 'Ivy', mail: null, userPrincipalName: 'ivy@contoso.example' });
  graph.groups.set(group(3), new Set([USER]));
  graph.groups.set(group(99), new Set([USER])); // not mapped: never answered
  graph.groups.set(group(22), new Set([group(99)])); // Ivy is in 22 through 99
  const tokens = {
    appToken: () =>
      entra.mintAppToken({ tid: TENANT, aud: GRAPH_RESOURCE, clientId: 'app', roles: ['GroupMember.Read.All'] }),
    onBehalfOf: () => Promise.reject(new Error('not used')),
  };
  const membership = createGraphGroupMembership(graph.url, tokens);
  const asked = Array.from({ length: 25 }, (_, i) => group(i + 1));
  const before = graph.requests.length;
  expect([...(await membership.memberGroups(TENANT, USER, asked))].sort()).toEqual([group(3), group(22)]);
  const requests = graph.requests.slice(before);
  expect(requests.map((r) => [r.method, r.path, r.status, (r.body as { groupIds: string[] }).groupIds.length])).toEqual(
    [
      ['POST', `/v1.0/users/${USER}/checkMemberGroups`, 200, 20],
      ['POST', `/v1.0/users/${USER}/checkMemberGroups`, 200, 5],
    ],
  );

  graph.failNext(`/users/${USER}/checkMemberGroups`, 403);
  await expect(membership.memberGroups(TENANT, USER, asked)).rejects.toBeDefined();
});

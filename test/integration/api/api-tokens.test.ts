/**
 * The REST API in production mode (app id set, Bot Framework authentication on) takes only a
 * person's delegated token for this app — what Office and Teams single sign-on hand the add-in
 * and the tab (`scp: access_as_user`). Every other correctly signed Entra token is refused with
 * 401 and a JSON message, and nothing is stored.
 */
import { CONTOSO_TENANT, startBotHarness, teamsUser, type BotHarness } from '../../helpers/bot-harness.js';
import { startFakeEntra, type FakeEntra, type UserTokenClaims } from '../../helpers/fake-entra.js';
import { startFakeGraph, type FakeGraph } from '../../helpers/fake-graph.js';

const APP_ID = '3e1c2f4a-5b6d-4e7f-8a9b-0c1d2e3f4a5b';
const OTHER_APP = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a';
const sam = teamsUser('Sam Practitioner');

let h: BotHarness;
let entra: FakeEntra;
let graph: FakeGraph;

beforeAll(async () => {
  entra = await startFakeEntra();
  graph = await startFakeGraph(entra);
  h = await startBotHarness({ cloud: { entra, graph, appId: APP_ID, appPassword: 'secret', botFramework: true } });
});
afterAll(async () => {
  await h.close();
  await graph.close();
  await entra.close();
});

async function call(
  token: string,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(h.endpoint.replace('/api/messages', path), {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const user = (claims: Partial<UserTokenClaims> = {}) =>
  entra.mintUserToken({
    tid: CONTOSO_TENANT,
    oid: sam.aadObjectId,
    name: sam.name,
    aud: `api://${APP_ID}`,
    scp: 'access_as_user',
    ...claims,
  });
const people = () => h.app.database.db.selectFrom('people').select('case_reference').execute();

test("a person's single sign-on token for this app is accepted, from Office or Teams, with a little clock skew", async () => {
  expect(await call(await user(), 'GET', '/api/me')).toMatchObject({
    status: 200,
    body: { userId: sam.aadObjectId, name: sam.name },
  });
  // Teams asks for several scopes at once; the audience may be the bare client id.
  expect((await call(await user({ aud: APP_ID, scp: 'openid profile access_as_user' }), 'GET', '/api/me')).status).toBe(
    200,
  );
  // Entra's clock two minutes ahead of ours: still valid (the skew allowed is five minutes).
  expect((await call(await user({ notBeforeInSeconds: 120 }), 'GET', '/api/me')).status).toBe(200);
  expect(
    (await call(await user(), 'POST', '/api/people', { caseReference: 'ASC-1', displayName: 'Pat Example' })).status,
  ).toBe(201);
});

const refused: readonly (readonly [string, () => Promise<string>, string])[] = [
  [
    'an app-only token (client credentials, idtyp app)',
    () =>
      entra.mintAppToken({
        tid: CONTOSO_TENANT,
        aud: `api://${APP_ID}`,
        clientId: OTHER_APP,
        roles: ['Tasks.ReadWrite'],
      }),
    'AUTH.APP_TOKEN_REFUSED',
  ],
  [
    'app roles without a scope (no idtyp claim)',
    () => user({ scp: undefined, extra: { roles: ['Tasks.ReadWrite'] } }),
    'AUTH.APP_TOKEN_REFUSED',
  ],
  ['a delegated token for another scope (User.Read)', () => user({ scp: 'User.Read' }), 'AUTH.SCOPE_MISSING'],
  ['a token with neither scope nor roles', () => user({ scp: undefined }), 'AUTH.SCOPE_MISSING'],
  ['a token valid only an hour from now', () => user({ notBeforeInSeconds: 3600 }), 'AUTH.INVALID_TOKEN'],
  ['a token expired ten minutes ago', () => user({ expiresInSeconds: -600 }), 'AUTH.INVALID_TOKEN'],
  [
    "a token from another cloud's authority (issuer login.microsoftonline.com)",
    () => user({ issuer: `https://login.microsoftonline.com/${CONTOSO_TENANT}/v2.0` }),
    'AUTH.INVALID_TOKEN',
  ],
];

test.each(refused)(
  '%s is refused with 401 and a JSON message, on reads and writes, and nothing is stored',
  async (_what, mint, code) => {
    const token = await mint();
    const read = await call(token, 'GET', '/api/me');
    expect(read).toMatchObject({ status: 401, body: { error: code, message: expect.any(String) } });
    const write = await call(token, 'POST', '/api/people', { caseReference: 'ASC-X', displayName: 'Not Stored' });
    expect(write).toMatchObject({ status: 401, body: { error: code } });
    expect(await people()).not.toContainEqual({ case_reference: 'ASC-X' });
  },
);

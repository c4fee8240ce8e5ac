/**
 * The bot endpoint with an app id: only Bot Framework's channel gets in. Forged, foreign and
 * garbage tokens get 401 with a JSON message — never a 500 with botbuilder's error text — and
 * most are refused without any network call, so they are refused the same when Bot Framework's
 * OpenID metadata cannot be fetched. Only a token that could be genuine waits for the keys: 503
 * while they have never been fetched. With the keys reachable (the fake Entra ID publishes them
 * at BOT_OPENID_METADATA_URL), a correctly signed token runs the turn and another key's is 401.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SignJWT, UnsecuredJWT } from 'jose';
import type { AppHandle } from '../../src/composition.js';
import { startProduct, type RunningProduct } from '../../src/main.js';
import { CONTOSO_TENANT, startBotHarness, teamsUser, type BotHarness } from '../helpers/bot-harness.js';
import { startFakeEntra, type FakeEntra } from '../helpers/fake-entra.js';
import { startFakeGraph, type FakeGraph } from '../helpers/fake-graph.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

const APP_ID = '3e1c2f4a-5b6d-4e7f-8a9b-0c1d2e3f4a5b';
const SERVICE_URL = 'https://smba.trafficmanager.net/uk/';
const sam = teamsUser('Sam Practitioner');

let entra: FakeEntra;
beforeAll(async () => {
  entra = await startFakeEntra();
});
afterAll(() => entra.close());

const invoke = (serviceUrl: string, channelId = 'msteams') => ({
  type: 'invoke',
  name: 'adaptiveCard/action',
  id: randomUUID(),
  channelId,
  serviceUrl,
  from: { id: `29:${sam.aadObjectId}`, name: sam.name, aadObjectId: sam.aadObjectId },
  recipient: { id: '28:bot', name: 'Safeguarding assistant' },
  conversation: { id: `a:personal;${sam.aadObjectId}`, tenantId: CONTOSO_TENANT, conversationType: 'personal' },
  channelData: { tenant: { id: CONTOSO_TENANT } },
  value: { action: { type: 'Action.Execute', verb: 'open.help', data: { verb: 'open.help' } }, trigger: 'manual' },
});

const botClaims = { iss: 'https://api.botframework.com', aud: APP_ID, serviceurl: SERVICE_URL };
const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

/** Tokens refused by the checks that need no keys. */
const forgeries: readonly (readonly [string, () => Promise<string>])[] = [
  ['garbage', async () => 'not-a-jwt'],
  ['alg none with Bot Framework claims', async () => new UnsecuredJWT({ ...botClaims, exp: inAnHour() }).encode()],
  [
    'HS256 signed with a guessable secret',
    async () =>
      new SignJWT({ ...botClaims, exp: inAnHour() })
        .setProtectedHeader({ alg: 'HS256', kid: entra.kid })
        .sign(new TextEncoder().encode('secret')),
  ],
  [
    'an Entra ID user token for this app',
    () => entra.mintUserToken({ tid: CONTOSO_TENANT, oid: sam.aadObjectId, aud: APP_ID, scp: 'access_as_user' }),
  ],
  [
    'a user token signed by a foreign key',
    () => entra.mintWithForeignKey({ tid: CONTOSO_TENANT, oid: sam.aadObjectId, aud: APP_ID, scp: 'access_as_user' }),
  ],
  [
    'a Bot Framework token for another bot',
    () => entra.mintBotFrameworkToken({ appId: randomUUID(), serviceUrl: SERVICE_URL }),
  ],
  [
    'a Bot Framework token for another serviceUrl',
    () => entra.mintBotFrameworkToken({ appId: APP_ID, serviceUrl: 'https://evil.example/' }),
  ],
  [
    'an expired Bot Framework token',
    () => entra.mintBotFrameworkToken({ appId: APP_ID, serviceUrl: SERVICE_URL, expiresInSeconds: -900 }),
  ],
];

describe("when Bot Framework's OpenID metadata cannot be fetched", () => {
  let app: TestApp;
  let product: RunningProduct;
  let url: string;
  beforeAll(async () => {
    app = await createTestApp();
    const handle = {
      deps: app.deps,
      packs: app.packs,
      database: app.database,
      close: async () => undefined,
    } as AppHandle;
    product = startProduct(handle, {
      reminderSweepSeconds: 0,
      teams: {
        credentials: { appId: APP_ID, appPassword: 'secret' },
        localPackId: 'tameside',
        publicUrl: 'https://x.example',
        graphBaseUrl: 'https://graph.microsoft.com',
        authorityHost: 'https://login.microsoftonline.com',
        botOpenIdMetadataUrl: 'https://127.0.0.1:1/v1/.well-known/openidconfiguration', // nothing listens there
      },
    });
    await new Promise<void>((resolve) => product.server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(product.server.address() as AddressInfo).port}/api/messages`;
  });
  afterAll(async () => {
    await product.close();
    await app.destroy();
  });
  const post = async (token: string | undefined) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      },
      body: JSON.stringify(invoke(SERVICE_URL)),
    });
    return {
      status: res.status,
      body: (await res.json()) as Record<string, unknown>,
      retryAfter: res.headers.get('retry-after'),
    };
  };

  test.each(forgeries)('%s: 401 with a JSON message', async (_what, mint) => {
    expect(await post(await mint())).toMatchObject({
      status: 401,
      body: { error: 'AUTH.INVALID_TOKEN', message: expect.any(String) },
    });
  });

  test('no token at all: 401', async () => {
    expect(await post(undefined)).toMatchObject({ status: 401, body: { error: 'AUTH.INVALID_TOKEN' } });
  });

  test('a token that could be genuine: 503 with Retry-After until the keys can be fetched, and nothing runs', async () => {
    const plausible = await entra.mintBotFrameworkToken({ appId: APP_ID, serviceUrl: SERVICE_URL });
    expect(await post(plausible)).toMatchObject({
      status: 503,
      body: { error: 'AUTH.KEYS_UNAVAILABLE', message: expect.stringContaining('Try again') },
      retryAfter: '10',
    });
    expect(await app.database.db.selectFrom('conversation_references').selectAll().execute()).toEqual([]);
  });
});

describe("with Bot Framework's keys reachable", () => {
  let graph: FakeGraph;
  let h: BotHarness;
  beforeAll(async () => {
    graph = await startFakeGraph(entra);
    h = await startBotHarness({ cloud: { entra, graph, appId: APP_ID, appPassword: 'secret', botFramework: true } });
  });
  afterAll(async () => {
    await h.close();
    await graph.close();
  });
  const metadataFetches = () => entra.discoveryRequests.filter((path) => path.startsWith('/botframework.com/')).length;

  test('a correctly signed Bot Framework token runs the turn; the keys are fetched once for many requests', async () => {
    for (let i = 0; i < 3; i += 1) {
      const answer = h.cardOf((await h.post(invoke(h.connector.url))) as Parameters<BotHarness['cardOf']>[0]);
      expect(JSON.stringify(answer)).toContain('Safeguarding protocol assistant');
    }
    expect(metadataFetches()).toBe(2); // the metadata document, then its key set
  });

  const refused: readonly (readonly [string, () => Promise<string>, string])[] = [
    [
      'a Bot Framework token signed by a key Bot Framework never published',
      () => entra.mintBotFrameworkToken({ appId: APP_ID, serviceUrl: h.connector.url }, 'foreign'),
      'msteams',
    ],
    [
      'a Bot Framework token whose key is not endorsed for the channel',
      () => entra.mintBotFrameworkToken({ appId: APP_ID, serviceUrl: h.connector.url }),
      'slack',
    ],
    ...forgeries.map(([what, mint]) => [what, mint, 'msteams'] as const),
  ];
  test.each(refused)('%s: 401, and no turn runs', async (_what, mint, channelId) => {
    const before = h.connector.activities.length;
    const res = await h.post(invoke(h.connector.url, channelId), { authorization: `Bearer ${await mint()}` });
    expect(res).toMatchObject({ status: 401, body: { error: 'AUTH.INVALID_TOKEN', message: expect.any(String) } });
    expect(h.connector.activities.length).toBe(before);
  });
});

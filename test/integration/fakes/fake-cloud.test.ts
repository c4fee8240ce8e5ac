/**
 * Proves the fake Microsoft services speak the real wire formats by driving them with the real
 * client libraries: botbuilder's CloudAdapter (local mode), @azure/msal-node, the Graph client and
 * jose. If a library upgrade changes what goes over the wire, these fail before the app's tests do.
 * Needs NODE_EXTRA_CA_CERTS=test/fixtures/tls/ca.pem (the npm test script sets it).
 */
import { ConfidentialClientApplication, type Configuration } from '@azure/msal-node';
import { Client, ResponseType } from '@microsoft/microsoft-graph-client';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  TeamsInfo,
  type Activity,
  type ConversationParameters,
  type ConversationReference,
} from 'botbuilder';
import { createRemoteJWKSet, decodeJwt, errors, jwtVerify } from 'jose';
import { startFakeBotConnector, type FakeBotConnector } from '../../helpers/fake-bot-connector.js';
import { startFakeEntra, type FakeEntra } from '../../helpers/fake-entra.js';
import { startFakeGraph, type FakeGraph } from '../../helpers/fake-graph.js';

const TENANT = '6f1a2b3c-0000-4000-8000-00000000aaaa';
const APP_ID = '11111111-2222-4333-8444-555555555555';
const USER_OID = '9d0e1f2a-3b4c-4d5e-8f60-718293a4b5c6';
const TEAMS_USER = '29:1AbCdEf-user';
const GROUP_CHAT = '19:abc123@thread.v2;messageid=1732512345678';

/** The part of botframework-connector's ConnectorClient this test calls (it is not re-exported by botbuilder). */
interface SendsToConversation {
  conversations: { sendToConversation(conversationId: string, activity: Partial<Activity>): Promise<{ id?: string }> };
}

let connector: FakeBotConnector;
let entra: FakeEntra;
let graph: FakeGraph;

beforeAll(async () => {
  [connector, entra] = await Promise.all([startFakeBotConnector(), startFakeEntra()]);
  graph = await startFakeGraph(entra);
});
afterAll(async () => {
  await Promise.all([connector.close(), entra.close(), graph.close()]);
});

describe('fake Bot Connector through botbuilder CloudAdapter (local mode)', () => {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const reference = (conversationId: string, activityId?: string): Partial<ConversationReference> => ({
    channelId: 'msteams',
    serviceUrl: connector.url,
    conversation: { id: conversationId, isGroup: true, conversationType: 'groupChat', tenantId: TENANT, name: '' },
    bot: { id: `28:${APP_ID}`, name: 'Safeguard' },
    ...(activityId === undefined ? {} : { activityId }),
  });

  test('a proactive send lands with the conversation id decoded and a unique id back', async () => {
    const ids: string[] = [];
    await adapter.continueConversationAsync('', reference(GROUP_CHAT, '1732500000000'), async (ctx) => {
      ids.push((await ctx.sendActivity('hi'))?.id ?? '');
      ids.push((await ctx.sendActivity('again'))?.id ?? '');
    });
    const [first, second] = await connector.waitForActivities((a) => a.conversationId === GROUP_CHAT, 2);
    expect(first).toMatchObject({ method: 'POST', conversationId: GROUP_CHAT, body: { type: 'message', text: 'hi' } });
    // CloudAdapter makes a continuation activity with a fresh uuid and ignores reference.activityId,
    // so a proactive message is POSTed as a "reply" to that random id.
    expect(first?.activityId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(second?.body['text']).toBe('again');
    expect(first?.authorization).toBeUndefined(); // local mode sends no token
    expect(ids[0]).toMatch(/^\d+$/);
    expect(new Set(ids).size).toBe(2);
  });

  test('an incoming message gets replies, updates, member lookups and plain sends on the Teams paths', async () => {
    connector.members.set(TEAMS_USER, {
      id: TEAMS_USER,
      name: 'Alex Rivera',
      aadObjectId: USER_OID,
      email: 'alex@contoso.example',
      userPrincipalName: 'alex@contoso.example',
      tenantId: TENANT,
    });
    const incoming = {
      type: 'message',
      id: '1732500000000',
      text: 'start',
      channelId: 'msteams',
      serviceUrl: connector.url,
      from: { id: TEAMS_USER, name: 'Alex Rivera', aadObjectId: USER_OID },
      recipient: { id: `28:${APP_ID}`, name: 'Safeguard' },
      conversation: { id: GROUP_CHAT, isGroup: true, conversationType: 'groupChat', tenantId: TENANT, name: '' },
      channelData: { tenant: { id: TENANT } },
    } as unknown as Activity;
    let member: { aadObjectId?: string; email?: string } | undefined;
    let missing: unknown;
    let plainId: string | undefined;
    await adapter.processActivityDirect('', incoming, async (ctx) => {
      const sent = await ctx.sendActivity('reply');
      await ctx.updateActivity({ id: sent?.id ?? '', type: 'message', text: 'edited' });
      member = await TeamsInfo.getMember(ctx, TEAMS_USER);
      missing = await TeamsInfo.getMember(ctx, '29:nobody').catch((error: unknown) => error);
      const connectorClient = ctx.turnState.get<SendsToConversation>(ctx.adapter.ConnectorClientKey);
      plainId = (await connectorClient.conversations.sendToConversation(GROUP_CHAT, { type: 'message', text: 'plain' }))
        .id;
    });
    const reply = connector.activities.find((a) => a.body['text'] === 'reply');
    expect(reply).toMatchObject({ method: 'POST', conversationId: GROUP_CHAT, activityId: '1732500000000' });
    const update = connector.activities.find((a) => a.method === 'PUT');
    expect(update).toMatchObject({ conversationId: GROUP_CHAT, body: { text: 'edited' } });
    expect(update?.activityId).toMatch(/^\d+$/);
    expect(member).toMatchObject({ aadObjectId: USER_OID, email: 'alex@contoso.example' });
    expect(missing).toMatchObject({ statusCode: 404 });
    const plain = connector.activities.find((a) => a.body['text'] === 'plain');
    expect(plain).toMatchObject({ method: 'POST', conversationId: GROUP_CHAT });
    expect(plain?.activityId).toBeUndefined();
    expect(plainId).toMatch(/^\d+$/);
  });

  test('creating a 1:1 answers a new a: conversation, and 403 when the app is not installed', async () => {
    const params = (memberId: string) =>
      ({
        isGroup: false,
        bot: { id: `28:${APP_ID}`, name: 'Safeguard' },
        members: [{ id: memberId, name: '' }],
        channelData: { tenant: { id: TENANT } },
        tenantId: TENANT,
      }) as unknown as ConversationParameters;
    let newConversation = '';
    await adapter.createConversationAsync('', 'msteams', connector.url, '', params(TEAMS_USER), async (ctx) => {
      newConversation = ctx.activity.conversation.id;
      await ctx.sendActivity('hello 1:1');
    });
    expect(newConversation).toMatch(/^a:1/);
    expect(connector.createdConversations.at(-1)).toMatchObject({
      id: newConversation,
      isGroup: false,
      memberIds: [TEAMS_USER],
      tenantId: TENANT,
    });
    const [hello] = await connector.waitForActivities(
      (a) => a.conversationId === newConversation && a.body['text'] === 'hello 1:1',
    );
    // botbuilder uses the new conversation id as the id of the activity it "replies" to.
    expect(hello?.activityId).toBe(newConversation);

    connector.refuseMembers.add('29:not-installed');
    const refused = await adapter
      .createConversationAsync('', 'msteams', connector.url, '', params('29:not-installed'), async () => {})
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({ statusCode: 403 });
    expect(connector.rejected.at(-1)).toMatchObject({ status: 403, conversationId: '' });
  });

  test('an injected refusal reaches the caller and is not recorded as delivered', async () => {
    const conversation = 'a:1failing;conv';
    connector.failNext(
      { conversationId: conversation },
      {
        status: 403,
        body: { error: { code: 'ConversationBlockedByUser', message: 'User blocked the conversation with the bot.' } },
      },
    );
    const before = connector.activities.length;
    const failed = await adapter
      .continueConversationAsync('', reference(conversation), async (ctx) => {
        await ctx.sendActivity('lost');
      })
      .catch((error: unknown) => error);
    expect(failed).toMatchObject({ statusCode: 403 });
    expect(connector.activities.length).toBe(before);
    expect(connector.rejected.at(-1)).toMatchObject({
      conversationId: conversation,
      status: 403,
      body: { text: 'lost' },
    });
  });

  test('a 429 with Retry-After is retried by the connector client, then delivered once', async () => {
    const conversation = 'a:1throttled';
    connector.failNext({ conversationId: conversation }, { status: 429, retryAfterSeconds: 1 });
    const started = Date.now();
    await adapter.continueConversationAsync('', reference(conversation), async (ctx) => {
      await ctx.sendActivity('eventually');
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(connector.rejected.filter((r) => r.conversationId === conversation).map((r) => r.status)).toEqual([429]);
    expect(connector.activities.filter((a) => a.conversationId === conversation).map((a) => a.body['text'])).toEqual([
      'eventually',
    ]);
  });
});

describe('fake Entra through @azure/msal-node and jose', () => {
  test('client credentials with only knownAuthorities: msal discovers the endpoints from the fake', async () => {
    entra.clientSecrets.set(APP_ID, 's3cret');
    entra.appRoles.set(APP_ID, ['Mail.Send']);
    const config: Configuration = {
      auth: {
        clientId: APP_ID,
        clientSecret: 's3cret',
        authority: `${entra.url}/${TENANT}`,
        knownAuthorities: [entra.host],
      },
    };
    const result = await new ConfidentialClientApplication(config).acquireTokenByClientCredential({
      scopes: ['https://graph.microsoft.com/.default'],
    });
    expect(result?.tokenType).toBe('Bearer');
    const claims = await entra.verify(result?.accessToken ?? '');
    expect(claims).toMatchObject({
      aud: 'https://graph.microsoft.com',
      tid: TENANT,
      azp: APP_ID,
      roles: ['Mail.Send'],
      idtyp: 'app',
    });
    expect(entra.discoveryRequests).toContain(`/${TENANT}/v2.0/.well-known/openid-configuration`);
    expect(entra.tokenRequests.at(-1)).toMatchObject({
      grantType: 'client_credentials',
      clientId: APP_ID,
      status: 200,
    });
  });

  test('a wrong client secret gives the AADSTS error msal surfaces', async () => {
    const app = new ConfidentialClientApplication({
      auth: { clientId: APP_ID, clientSecret: 'wrong', ...entra.msalAuthOptions(TENANT) },
    });
    const failure = await app
      .acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] })
      .catch((e: unknown) => e);
    expect(failure).toMatchObject({ errorCode: 'invalid_client' });
    expect(String((failure as Error).message)).toContain('AADSTS7000215');
  });

  test('on-behalf-of with msalAuthOptions makes no discovery calls and carries the user into the token', async () => {
    const discoveriesBefore = entra.discoveryRequests.length;
    const ssoToken = await entra.mintUserToken({
      tid: TENANT,
      oid: USER_OID,
      name: 'Alex Rivera',
      preferred_username: 'alex@contoso.example',
      aud: `api://localhost/${APP_ID}`,
      scp: 'access_as_user',
    });
    const app = new ConfidentialClientApplication({
      auth: { clientId: APP_ID, clientSecret: 's3cret', ...entra.msalAuthOptions(TENANT) },
    });
    const result = await app.acquireTokenOnBehalfOf({
      oboAssertion: ssoToken,
      scopes: ['https://graph.microsoft.com/Mail.ReadWrite'],
    });
    expect(entra.discoveryRequests.length).toBe(discoveriesBefore);
    const claims = decodeJwt(result?.accessToken ?? '');
    expect(claims).toMatchObject({
      oid: USER_OID,
      tid: TENANT,
      name: 'Alex Rivera',
      aud: 'https://graph.microsoft.com',
      scp: 'Mail.ReadWrite',
      azp: APP_ID,
    });
    const request = entra.tokenRequests.at(-1);
    expect(request).toMatchObject({
      grantType: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      clientId: APP_ID,
      assertionOid: USER_OID,
      status: 200,
    });
    expect(request?.scope.split(' ')).toContain('https://graph.microsoft.com/Mail.ReadWrite');
  });

  test('on-behalf-of refuses a tampered assertion with invalid_grant 50013', async () => {
    const forged = await entra.mintWithForeignKey({ tid: TENANT, oid: USER_OID, aud: APP_ID });
    const app = new ConfidentialClientApplication({
      auth: { clientId: APP_ID, clientSecret: 's3cret', ...entra.msalAuthOptions(TENANT) },
    });
    const failure = await app
      .acquireTokenOnBehalfOf({ oboAssertion: forged, scopes: ['User.Read'] })
      .catch((e: unknown) => e);
    expect(failure).toMatchObject({ errorCode: 'invalid_grant' });
    expect(String((failure as Error).message)).toContain('AADSTS50013');
    expect(entra.tokenRequests.at(-1)).toMatchObject({ status: 400 });
    expect(entra.tokenRequests.at(-1)?.assertionOid).toBeUndefined();
  });

  test('instance discovery answers the shape msal parses (msal itself only asks login.microsoftonline.com)', async () => {
    const response = await fetch(
      `${entra.url}/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent(`${entra.url}/${TENANT}/oauth2/v2.0/authorize`)}`,
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      tenant_discovery_endpoint: `${entra.url}/common/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: entra.host, preferred_cache: entra.host, aliases: [entra.host] }],
    });
  });

  test('jose verifies a minted token against the remote JWKS and rejects a forged one', async () => {
    const jwks = createRemoteJWKSet(new URL(entra.jwksUrl(TENANT)));
    const options = { issuer: entra.issuer(TENANT), audience: [APP_ID, `api://${APP_ID}`], algorithms: ['RS256'] };
    const token = await entra.mintUserToken({ tid: TENANT, oid: USER_OID, aud: APP_ID, scp: 'access_as_user' });
    const { payload, protectedHeader } = await jwtVerify(token, jwks, options);
    expect(payload).toMatchObject({ tid: TENANT, oid: USER_OID, ver: '2.0', scp: 'access_as_user' });
    expect(protectedHeader).toMatchObject({ alg: 'RS256', kid: entra.kid });
    const forged = await entra.mintWithForeignKey({ tid: TENANT, oid: USER_OID, aud: APP_ID });
    await expect(jwtVerify(forged, jwks, options)).rejects.toBeInstanceOf(errors.JWSSignatureVerificationFailed);
    const expired = await entra.mintUserToken({ tid: TENANT, oid: USER_OID, aud: APP_ID, expiresInSeconds: -120 });
    await expect(jwtVerify(expired, jwks, options)).rejects.toBeInstanceOf(errors.JWTExpired);
  });
});

describe('fake Graph through @microsoft/microsoft-graph-client', () => {
  let userToken = '';
  const client = (token: () => string, customHost = graph.hostname) =>
    Client.init({
      authProvider: (done) => done(null, token()),
      baseUrl: graph.url,
      customHosts: new Set([customHost]),
    });

  beforeAll(async () => {
    const ssoToken = await entra.mintUserToken({ tid: TENANT, oid: USER_OID, aud: APP_ID });
    const app = new ConfidentialClientApplication({
      auth: { clientId: APP_ID, clientSecret: 's3cret', ...entra.msalAuthOptions(TENANT) },
    });
    userToken =
      (await app.acquireTokenOnBehalfOf({ oboAssertion: ssoToken, scopes: ['Mail.ReadWrite', 'User.Read'] }))
        ?.accessToken ?? '';
    graph.users.set(USER_OID, {
      id: USER_OID,
      displayName: 'Alex Rivera',
      mail: 'alex@contoso.example',
      userPrincipalName: 'alex@contoso.example',
    });
    graph.managers.set(USER_OID, {
      id: 'mgr-1',
      displayName: 'Sam Lee',
      mail: 'sam@contoso.example',
      userPrincipalName: 'sam@contoso.example',
    });
  });

  test('GET manager arrives with the bearer header and answers the user', async () => {
    const manager = (await client(() => userToken)
      .api(`/users/${USER_OID}/manager`)
      .get()) as { displayName: string; mail: string };
    expect(manager).toMatchObject({ displayName: 'Sam Lee', mail: 'sam@contoso.example' });
    expect(graph.requests.at(-1)).toMatchObject({
      method: 'GET',
      path: `/v1.0/users/${USER_OID}/manager`,
      authorization: `Bearer ${userToken}`,
      callerOid: USER_OID,
      status: 200,
    });
    const missing = await client(() => userToken)
      .api('/users/nobody/manager')
      .get()
      .catch((e: unknown) => e);
    expect(missing).toMatchObject({ statusCode: 404, code: 'Request_ResourceNotFound' });
  });

  test('POST /me/messages creates a draft in the caller’s mailbox; sendMail answers 202', async () => {
    const draft = (await client(() => userToken)
      .api('/me/messages')
      .post({
        subject: 'Referral',
        body: { contentType: 'text', content: 'x' },
        toRecipients: [{ emailAddress: { address: 'mash@council.example' } }],
      })) as {
      id: string;
      isDraft: boolean;
      webLink: string;
      subject: string;
    };
    expect(draft).toMatchObject({ isDraft: true, subject: 'Referral' });
    expect(draft.webLink).toContain(encodeURIComponent(draft.id));
    expect(graph.drafts.at(-1)?.ownerId).toBe(USER_OID);
    const sent = (await client(() => userToken)
      .api(`/users/${USER_OID}/sendMail`)
      .responseType(ResponseType.RAW)
      .post({ message: { subject: 'Now' }, saveToSentItems: true })) as Response;
    expect(sent.status).toBe(202);
    expect(await sent.text()).toBe('');
    expect(graph.sentMail.at(-1)).toMatchObject({ ownerId: USER_OID, message: { message: { subject: 'Now' } } });
    expect(graph.requests.at(-1)?.status).toBe(202);
  });

  test('no token or a forged token gets 401 InvalidAuthenticationToken', async () => {
    // The Graph client refuses an empty token itself, so send this one without it.
    const noToken = await fetch(`${graph.url}/v1.0/me/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(noToken.status).toBe(401);
    expect(await noToken.json()).toMatchObject({
      error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty.' },
    });
    expect(graph.requests.at(-1)?.authorization).toBeUndefined();
    const forged = await entra.mintWithForeignKey({ tid: TENANT, oid: USER_OID, aud: 'https://graph.microsoft.com' });
    const bad = await client(() => forged)
      .api('/me')
      .get()
      .catch((e: unknown) => e);
    expect(bad).toMatchObject({ statusCode: 401, code: 'InvalidAuthenticationToken' });
  });

  test('customHosts must hold the hostname without the port, or the header is silently dropped', async () => {
    const failure = await client(() => userToken, graph.host)
      .api('/me')
      .get()
      .catch((e: unknown) => e);
    expect(failure).toMatchObject({ statusCode: 401, code: 'InvalidAuthenticationToken' });
    expect(graph.requests.at(-1)?.authorization).toBeUndefined();
    const me = (await client(() => userToken)
      .api('/me')
      .get()) as { id: string };
    expect(me.id).toBe(USER_OID);
  });

  test('a 429 with Retry-After is retried by the client after waiting', async () => {
    graph.failNext(`/users/${USER_OID}`, 429, 1);
    const started = Date.now();
    const user = (await client(() => userToken)
      .api(`/users/${USER_OID}`)
      .get()) as { displayName: string };
    expect(user.displayName).toBe('Alex Rivera');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(graph.requests.slice(-2).map((r) => r.status)).toEqual([429, 200]);
  });
});

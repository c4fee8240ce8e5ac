/**
 * Malformed or unauthenticated traffic on the bot endpoint gets a clear 4xx, changes nothing and
 * never takes the process down.
 */
import type { AddressInfo } from 'node:net';
import type { AppHandle } from '../../src/composition.js';
import { startProduct } from '../../src/main.js';
import { startBotHarness, teamsUser, type BotHarness } from '../helpers/bot-harness.js';
import { createTestApp } from '../helpers/test-app.js';

let h: BotHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const sam = teamsUser('Sam Practitioner');

test.each([
  ['not JSON', '{"type": "message",', 400, 'not JSON'],
  ['an empty object', {}, 400, 'type'],
  ['no serviceUrl', { type: 'message', conversation: { id: 'c' }, from: { id: 'u' } }, 400, 'serviceUrl'],
  [
    'a message with no sender',
    { type: 'message', serviceUrl: 'http://127.0.0.1:9/', conversation: { id: 'c' } },
    400,
    'from',
  ],
  [
    'a card action that is not Action.Execute',
    {
      type: 'invoke',
      name: 'adaptiveCard/action',
      serviceUrl: 'http://127.0.0.1:9/',
      conversation: { id: 'c' },
      from: { id: 'u' },
      value: { action: { type: 'Action.Submit' } },
    },
    400,
    'Action.Execute',
  ],
  [
    'a card action with no value',
    {
      type: 'invoke',
      name: 'adaptiveCard/action',
      serviceUrl: 'http://127.0.0.1:9/',
      conversation: { id: 'c' },
      from: { id: 'u' },
    },
    400,
    'value',
  ],
  [
    'a reply address off this machine in local mode',
    { type: 'message', serviceUrl: 'https://example.org/', conversation: { id: 'c' }, from: { id: 'u' }, text: 'hi' },
    400,
    'serviceUrl',
  ],
])('%s is refused with a message, and the server keeps serving', async (_what, body, status, mentions) => {
  const harness = (h = await startBotHarness());
  const res = await harness.post(body);
  expect(res.status).toBe(status);
  expect(JSON.stringify(res.body)).toContain(mentions);
  expect((await harness.say(sam, 'help')).length).toBeGreaterThan(0);
});

test('a body over 256 KB is refused with 413', async () => {
  const harness = (h = await startBotHarness());
  const res = await harness.post({ type: 'message', text: 'x'.repeat(300_000) });
  expect(res.status).toBe(413);
});

test('card data that fails its schema is answered with a card saying what to fix, and nothing is stored', async () => {
  const harness = (h = await startBotHarness());
  const answer = harness.cardOf(
    await harness.click(sam, 'escalation.resolve', { escalationId: 'not-a-uuid', version: 'x', summary: '' }),
  );
  expect(JSON.stringify(answer)).toContain('Nothing was saved');
  const unknown = await harness.click(sam, 'no.such.verb', {});
  expect(unknown.body).toMatchObject({ statusCode: 400, type: 'application/vnd.microsoft.error' });
});

test("a card naming another organisation's escalation finds nothing", async () => {
  const harness = (h = await startBotHarness());
  const answer = harness.cardOf(
    await harness.click(sam, 'escalation.refresh', { escalationId: '00000000-0000-4000-8000-000000000000' }),
  );
  expect(JSON.stringify(answer)).toContain('No such escalation in your organisation.');
});

test('with an app id configured, an activity without a Bot Framework token is refused with 401', async () => {
  const app = await createTestApp();
  const handle = {
    deps: app.deps,
    packs: app.packs,
    database: app.database,
    close: async () => undefined,
  } as AppHandle;
  const product = startProduct(handle, {
    reminderSweepSeconds: 0,
    teams: {
      credentials: { appId: '3e1c2f4a-5b6d-4e7f-8a9b-0c1d2e3f4a5b', appPassword: 'secret' },
      localPackId: 'tameside',
      publicUrl: 'https://x.example',
      graphBaseUrl: 'https://graph.microsoft.com',
      authorityHost: 'https://login.microsoftonline.com',
    },
  });
  try {
    await new Promise<void>((resolve) => product.server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(product.server.address() as AddressInfo).port}/api/messages`;
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        serviceUrl: 'https://smba.trafficmanager.net/uk/',
        conversation: { id: 'a:1' },
        from: { id: '29:1' },
        text: 'hi',
      }),
    });
    expect(res.status).toBe(401);
    expect(await app.database.db.selectFrom('conversation_references').selectAll().execute()).toEqual([]);
  } finally {
    await product.close();
    await app.destroy();
  }
});

describe('on one server', () => {
  let s: BotHarness;
  beforeAll(async () => {
    s = await startBotHarness();
  });
  afterAll(() => s.close());

  const message = (user = sam) => ({
    type: 'message',
    id: 'm1',
    text: 'help',
    serviceUrl: s.connector.url,
    channelId: 'msteams',
    locale: 'en-GB',
    from: { id: `29:${user.aadObjectId}`, name: user.name, aadObjectId: user.aadObjectId },
    recipient: { id: '28:bot', name: 'Safeguarding assistant' },
    conversation: { conversationType: 'personal', tenantId: s.tenantId, id: `a:personal;${user.aadObjectId}` },
  });

  // botbuilder copies these into its replies and throws on a non-string; the product stores the
  // account and conversation objects. Each is refused before botbuilder sees it.
  test.each([
    ['a non-string id', (a: any) => ({ ...a, id: true }), 'id'], // any: the activity is being broken on purpose
    ['a non-string channelId', (a: any) => ({ ...a, channelId: 5 }), 'channelId'],
    ['a non-string locale', (a: any) => ({ ...a, locale: {} }), 'locale'],
    ['a non-string sender name', (a: any) => ({ ...a, from: { ...a.from, name: 7 } }), 'from.name'],
    ['a non-string recipient id', (a: any) => ({ ...a, recipient: { id: null } }), 'recipient.id'],
    [
      'a non-string conversation id',
      (a: any) => ({ ...a, conversation: { ...a.conversation, id: ['x'] } }),
      'conversation.id',
    ],
    [
      'a conversation id botbuilder cannot put in a header',
      (a: any) => ({ ...a, conversation: { ...a.conversation, id: 'a:漢字' } }),
      'conversation.id',
    ],
    ['a NUL in the sender name', (a: any) => ({ ...a, from: { ...a.from, name: 'Sam\u0000' } }), 'NUL'],
    [
      'half a character in a conversation field',
      (a: any) => ({ ...a, conversation: { ...a.conversation, name: '\ud800' } }),
      'broken character',
    ],
    [
      'a NUL in an unknown key of the conversation',
      (a: any) => ({ ...a, conversation: { ...a.conversation, extra: { 'k\u0000': 1 } } }),
      'NUL',
    ],
    [
      'a deeply nested account',
      (a: any) =>
        JSON.stringify({ ...a, from: { ...a.from, extra: '@' } }).replace(
          '"@"',
          `${'['.repeat(5000)}${']'.repeat(5000)}`,
        ),
      'nested too deeply',
    ],
    ['a non-string text', (a: any) => ({ ...a, text: 42 }), 'text'],
    [
      'a mention with no name',
      (a: any) => ({ ...a, entities: [{ type: 'mention', mentioned: { id: '28:bot' }, text: 'x' }] }),
      'entities',
    ],
  ])(
    '%s is refused with 400 before botbuilder sees it, and the server keeps serving',
    async (_what, breakIt, mentions) => {
      const res = await s.post(breakIt(message()));
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toContain(mentions);
      expect((await s.post(message())).status).toBe(200);
    },
  );

  test('a card verb that names a property every object has is an unknown action, not a failed turn', async () => {
    for (const verb of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect((await s.click(sam, verb, {})).body).toMatchObject({
        statusCode: 400,
        type: 'application/vnd.microsoft.error',
        value: { code: 'CARD.UNKNOWN_ACTION' },
      });
    }
  });

  test('an invoke the bot does not handle answers 400 with a message, not an empty 501', async () => {
    const res = await s.post({ ...message(), type: 'invoke', name: 'task/fetch', value: {} });
    expect(res).toMatchObject({
      status: 400,
      body: { error: 'INVOKE.NOT_SUPPORTED', message: expect.stringContaining('task/fetch') },
    });
  });

  test('every card action answers with a card or an error body, never 501 or 500, whatever data it carries', async () => {
    const { ROUTES } = await import('../../bot/card-actions.js');
    const junk = [
      {},
      { escalationId: '2026-02-30', version: 'x', date: '2026-02-30', time: '25:99' },
      { caseReference: 'a\u0000', details: '\ud800', kind: 'incident' },
    ];
    for (const verb of Object.keys(ROUTES)) {
      for (const data of junk) {
        const answer = await s.click(sam, verb, data);
        expect([verb, answer.status]).toEqual([verb, 200]);
        expect(answer.body.type).toBe('application/vnd.microsoft.card.adaptive');
      }
    }
  });

  test('a date or time that does not exist, and NUL in card data, get the form back saying what to fix', async () => {
    const call = {
      date: '2026-11-25',
      time: '09:30',
      myRole: 'Nurse',
      otherName: 'A',
      otherRole: 'B',
      otherAgency: 'C',
      concerns: 'x',
      consentBasis: 'y',
      action0Description: 'Do it',
      action0Owner: 'Sam',
      action0Due: '2026-02-30',
    };
    expect(JSON.stringify(s.cardOf(await s.click(sam, 'phone.log', call)))).toContain(
      'action0Due: must be a real date written YYYY-MM-DD',
    );
    expect(
      JSON.stringify(s.cardOf(await s.click(sam, 'phone.log', { ...call, action0Due: '2026-12-01', time: '24:00' }))),
    ).toContain('time: must be a real time of day');
    expect(
      JSON.stringify(
        s.cardOf(await s.click(sam, 'phone.log', { ...call, action0Due: '2026-12-01', concerns: 'x\u0000y' })),
      ),
    ).toContain('concerns: must not contain the NUL character');
    expect(await s.app.database.db.selectFrom('phone_discussions').selectAll().execute()).toEqual([]);
  });
});

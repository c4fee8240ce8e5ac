/**
 * Malformed or unauthenticated traffic on the bot endpoint gets a clear 4xx, changes nothing and
 * never takes the process down.
 */
import type { AddressInfo } from 'node:net';
import type { AppHandle } from '../../src/composition.js';
import { startProduct } from '../../src/server/start-server.js';
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
  ['a message with no sender', { type: 'message', serviceUrl: 'http://127.0.0.1:9/', conversation: { id: 'c' } }, 400, 'from'],
  ['a card action that is not Action.Execute', { type: 'invoke', name: 'adaptiveCard/action', serviceUrl: 'http://127.0.0.1:9/', conversation: { id: 'c' }, from: { id: 'u' }, value: { action: { type: 'Action.Submit' } } }, 400, 'Action.Execute'],
  ['a card action with no value', { type: 'invoke', name: 'adaptiveCard/action', serviceUrl: 'http://127.0.0.1:9/', conversation: { id: 'c' }, from: { id: 'u' } }, 400, 'value'],
  ['a reply address off this machine in local mode', { type: 'message', serviceUrl: 'https://example.org/', conversation: { id: 'c' }, from: { id: 'u' }, text: 'hi' }, 400, 'serviceUrl'],
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
  const answer = harness.cardOf(await harness.click(sam, 'escalation.resolve', { escalationId: 'not-a-uuid', version: 'x', summary: '' }));
  expect(JSON.stringify(answer)).toContain('Nothing was saved');
  const unknown = await harness.click(sam, 'no.such.verb', {});
  expect(unknown.body).toMatchObject({ statusCode: 400, type: 'application/vnd.microsoft.error' });
});

test('a card naming another organisation\'s escalation finds nothing', async () => {
  const harness = (h = await startBotHarness());
  const answer = harness.cardOf(await harness.click(sam, 'escalation.refresh', { escalationId: '00000000-0000-4000-8000-000000000000' }));
  expect(JSON.stringify(answer)).toContain('No such escalation in your organisation.');
});

test('with an app id configured, an activity without a Bot Framework token is refused with 401', async () => {
  const app = await createTestApp();
  const handle = { deps: app.deps, packs: app.packs, database: app.database, close: async () => undefined } as AppHandle;
  const product = startProduct(handle, {
    reminderSweepSeconds: 0,
    teams: { credentials: { appId: '3e1c2f4a-5b6d-4e7f-8a9b-0c1d2e3f4a5b', appPassword: 'secret' }, localPackId: 'tameside', publicUrl: 'https://x.example', graphBaseUrl: 'https://graph.microsoft.com', authorityHost: 'https://login.microsoftonline.com' },
  });
  try {
    await new Promise<void>((resolve) => product.server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(product.server.address() as AddressInfo).port}/api/messages`;
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'message', serviceUrl: 'https://smba.trafficmanager.net/uk/', conversation: { id: 'a:1' }, from: { id: '29:1' }, text: 'hi' }) });
    expect(res.status).toBe(401);
    expect(await app.database.db.selectFrom('conversation_references').selectAll().execute()).toEqual([]);
  } finally {
    await product.close();
    await app.destroy();
  }
});

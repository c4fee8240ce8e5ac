/**
 * Each person's writes are rate-limited (default: bursts of 20, then 60 a minute), so one
 * account or script cannot flood the information-governance lead's "sent without a decision"
 * list or the bot: the excess is answered 429 with Retry-After and a JSON message, nothing of it
 * is stored, and everyone else carries on.
 */
import { localToken } from '../../../src/api/client.js';
import { DEFAULT_WRITE_LIMIT } from '../../../src/config.js';
import { CONTOSO_TENANT, startBotHarness, teamsUser, type BotHarness } from '../../helpers/bot-harness.js';

let h: BotHarness;
afterEach(() => h.close());

const sam = teamsUser('Sam Practitioner');
const tess = teamsUser('Tess Teammanager');

function override(user: { aadObjectId: string; name: string }, i: number) {
  return fetch(h.endpoint.replace('/api/messages', '/api/send-overrides'), {
    method: 'POST',
    headers: {
      authorization: `Bearer ${localToken({ tid: CONTOSO_TENANT, oid: user.aadObjectId, name: user.name })}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({
      reference: `outlook:msg-${i}`,
      justification: 'Internal colleague, no personal data in this email.',
    }),
  });
}

test('1,000 quick "send anyway" justifications from one person: the first burst is stored, the rest get 429; a colleague is unaffected', async () => {
  h = await startBotHarness({ writeLimit: DEFAULT_WRITE_LIMIT }); // the product's default limit
  const answers: Response[] = [];
  const started = Date.now();
  for (let batch = 0; batch < 1000; batch += 50) {
    answers.push(...(await Promise.all(Array.from({ length: 50 }, (_, i) => override(sam, batch + i)))));
  }
  const created = answers.filter((a) => a.status === 201);
  const limited = answers.filter((a) => a.status === 429);
  expect(created.length + limited.length).toBe(1000);
  const seconds = Math.ceil((Date.now() - started) / 1000);
  expect(created.length).toBeGreaterThanOrEqual(20); // the burst
  expect(created.length).toBeLessThanOrEqual(20 + seconds); // plus what refilled meanwhile: one a second
  expect(limited.length).toBeGreaterThan(800);
  const stored = await h.app.database.db.selectFrom('send_overrides').select('user_id').execute();
  expect(stored).toHaveLength(created.length);
  expect(Number(limited[0]!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  expect(await limited[0]!.json()).toEqual({
    error: 'RATE_LIMITED',
    message: expect.stringMatching(
      /^Too many changes in a short time; nothing was stored\. Try again in \d+ seconds?\.$/,
    ),
  });

  expect((await override(tess, 0)).status).toBe(201);
  // Reading is not limited.
  const me = await fetch(h.endpoint.replace('/api/messages', '/api/me'), {
    headers: { authorization: `Bearer ${localToken({ tid: CONTOSO_TENANT, oid: sam.aadObjectId, name: sam.name })}` },
  });
  expect(me.status).toBe(200);
});

test('the bot: past the burst, messages get 429 and one friendly word in the chat (not a crash); card actions show it on the card', async () => {
  h = await startBotHarness({ writeLimit: { perMinute: 1, burst: 5 } }); // nothing refills during the test
  await h.say(sam, 'hi'); // takes one of the five
  const before = h.connector.activities.length;
  const statuses: number[] = [];
  for (let i = 0; i < 8; i += 1) statuses.push((await h.post(message(sam, 'my escalations'))).status);
  expect(statuses).toEqual([200, 200, 200, 200, 429, 429, 429, 429]);
  const told = h.connector.activities
    .slice(before)
    .filter((a) =>
      (typeof a.body.text === 'string' ? a.body.text : '').includes('faster than the assistant takes them'),
    );
  expect(told).toHaveLength(1);

  const click = await h.click(sam, 'open.help');
  expect(click).toMatchObject({
    status: 429,
    body: {
      statusCode: 429,
      type: 'application/vnd.microsoft.error',
      value: { code: 'RATE_LIMITED', message: expect.stringContaining('Please wait') },
    },
  });
  expect((await h.say(tess, 'help')).length).toBeGreaterThan(0);
});

function message(user: { aadObjectId: string; name: string }, text: string) {
  return {
    type: 'message',
    text,
    id: crypto.randomUUID(),
    channelId: 'msteams',
    serviceUrl: h.connector.url,
    from: { id: `29:${user.aadObjectId}`, name: user.name, aadObjectId: user.aadObjectId },
    recipient: { id: '28:bot' },
    conversation: { id: `a:personal;${user.aadObjectId}`, tenantId: CONTOSO_TENANT, conversationType: 'personal' },
    channelData: { tenant: { id: CONTOSO_TENANT } },
  };
}

/**
 * What bad traffic on the bot endpoint leaves in the server's log: a line naming the kind of
 * failure, never a stack trace, botbuilder's error dumps, signing keys, or any value the request
 * carried (activities carry case data and people's names).
 */
import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { CONTOSO_TENANT, startBotHarness, teamsUser, type BotHarness } from '../helpers/bot-harness.js';
import { startFakeEntra, type FakeEntra } from '../helpers/fake-entra.js';
import { startFakeGraph, type FakeGraph } from '../helpers/fake-graph.js';

const APP_ID = '3e1c2f4a-5b6d-4e7f-8a9b-0c1d2e3f4a5b';
const NAME = 'Zed Marker-7731';
const TEXT = 'Pat Example NHS 943 476 5919 marker-4242';
const zed = teamsUser(NAME);

/** Everything written to the console or stderr while `work` runs. */
async function logsOf(work: () => Promise<void>): Promise<string> {
  const lines: string[] = [];
  const keep = (...args: unknown[]) =>
    void lines.push(
      args
        .map((a) =>
          a instanceof Error ? `${a.message}\n${a.stack ?? ''}` : typeof a === 'string' ? a : JSON.stringify(a),
        )
        .join(' '),
    );
  const spies = (['error', 'warn', 'log', 'info', 'debug', 'trace'] as const).map((method) =>
    jest.spyOn(console, method).mockImplementation(keep),
  );
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => {
    keep(String(chunk));
    return true;
  });
  try {
    await work();
  } finally {
    for (const spy of spies) spy.mockRestore();
    stderr.mockRestore();
  }
  return lines.join('\n');
}

const base = (serviceUrl: string) => ({
  id: randomUUID(),
  channelId: 'msteams',
  serviceUrl,
  locale: 'en-GB',
  from: { id: `29:${zed.aadObjectId}`, name: NAME, aadObjectId: zed.aadObjectId },
  recipient: { id: '28:bot', name: 'Safeguarding assistant' },
  conversation: { id: `a:personal;${zed.aadObjectId}`, tenantId: CONTOSO_TENANT, conversationType: 'personal' },
  channelData: { tenant: { id: CONTOSO_TENANT } },
});

function expectClean(logs: string): void {
  expect(logs).not.toMatch(/^\s+at .+:\d+/m); // a stack frame
  expect(logs).not.toMatch(/RestError:|statusCode|BEGIN (RSA )?PUBLIC KEY|Available keys|with value/); // botbuilder's dumps
  for (const sent of [NAME, 'marker-4242', '943 476 5919', zed.aadObjectId, 'evil.example'])
    expect(logs).not.toContain(sent);
}

describe('local mode', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness();
  });
  afterAll(() => h.close());

  test('a turn whose reply cannot be delivered answers 500 with a short JSON message and logs only its kind', async () => {
    let answer: { status: number; body: unknown } | undefined;
    const logs = await logsOf(async () => {
      answer = await h.post({ ...base('http://127.0.0.1:9/'), type: 'message', text: TEXT }); // nothing listens on port 9
    });
    expect(answer).toEqual({
      status: 500,
      body: { error: 'INTERNAL', message: 'Something went wrong; nothing was changed.' },
    });
    expect(logs).toContain('bot turn failed');
    expectClean(logs);
  });

  test('fields of the wrong type are refused with 400 naming the field, before botbuilder sees them, and nothing is logged', async () => {
    let answers: { status: number; body: unknown }[] = [];
    const logs = await logsOf(async () => {
      answers = await Promise.all([
        h.post({ ...base(h.connector.url), type: 'message', text: TEXT, id: true }),
        h.post({ ...base(h.connector.url), type: 'message', text: TEXT, from: { id: '29:x', name: 42 } }),
        h.post({
          ...base(h.connector.url),
          type: 'message',
          text: TEXT,
          conversation: { id: 'c', tenantId: { $: NAME } },
        }),
        h.post({ ...base(h.connector.url), type: 'message', text: TEXT, timestamp: 'marker-4242' }),
      ]);
    });
    expect(answers.map((a) => a.status)).toEqual([400, 400, 400, 400]);
    expect(answers.map((a) => JSON.stringify(a.body))).toEqual([
      expect.stringContaining('id:'),
      expect.stringContaining('from.name'),
      expect.stringContaining('conversation.tenantId'),
      expect.stringContaining('timestamp'),
    ]);
    expect(logs).toBe('');
  });
});

describe('with an app id', () => {
  let entra: FakeEntra;
  let graph: FakeGraph;
  let h: BotHarness;
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

  test('forged and foreign tokens leave one line each naming the failed check', async () => {
    const activity = { ...base(h.connector.url), type: 'message', text: TEXT };
    const tokens = [
      'garbage',
      await entra.mintBotFrameworkToken({ appId: APP_ID, serviceUrl: h.connector.url }, 'foreign'),
      await entra.mintBotFrameworkToken({ appId: APP_ID, serviceUrl: 'https://evil.example/' }),
      await entra.mintBotFrameworkToken({ appId: APP_ID, serviceUrl: h.connector.url, expiresInSeconds: -900 }),
      await entra.mintUserToken({
        tid: CONTOSO_TENANT,
        oid: zed.aadObjectId,
        name: NAME,
        aud: APP_ID,
        scp: 'access_as_user',
      }),
    ];
    let statuses: number[] = [];
    const logs = await logsOf(async () => {
      statuses = [];
      for (const token of tokens) statuses.push((await h.post(activity, { authorization: `Bearer ${token}` })).status);
    });
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    expect(logs.split('\n')).toEqual([
      'safeguard: bot request refused: no bearer JWT',
      'safeguard: bot request refused: signature or claims',
      'safeguard: bot request refused: serviceUrl does not match the token',
      'safeguard: bot request refused: expired',
      'safeguard: bot request refused: issuer is not Bot Framework',
    ]);
    expectClean(logs);
  });
});

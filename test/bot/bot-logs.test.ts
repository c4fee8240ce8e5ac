/**
 * What bad traffic on the bot endpoint leaves in the server's log: a line naming the kind of
 * failure, never a stack trace, botbuilder's error dumps, signing keys, or any value the request
 * carried (activities carry case data and people's names). The log is JSON lines (pino), each
 * written while a request is handled carrying that request's id, which the response returns in
 * `x-request-id`.
 */
import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { installTelemetry } from '../../src/app/telemetry.js';
import { createPinoTelemetry } from '../../src/observability/pino-telemetry.js';
import { CONTOSO_TENANT, startBotHarness, teamsUser, type BotHarness } from '../helpers/bot-harness.js';
import { startFakeEntra, type FakeEntra } from '../helpers/fake-entra.js';
import { startFakeGraph, type FakeGraph } from '../helpers/fake-graph.js';

const APP_ID = '3e1c2f4a-5b6d-4e7f-8a9b-0c1d2e3f4a5b';
const NAME = 'Zed Marker-7731';
const TEXT = 'Pat Example NHS 943 476 5919 marker-4242';
const zed = teamsUser(NAME);

// What the server logs at its default level (embedded, the product logs warnings and errors only).
beforeAll(() => installTelemetry(createPinoTelemetry({ level: 'info' })));

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
  const streams = [process.stderr, process.stdout].map((stream) =>
    jest.spyOn(stream, 'write').mockImplementation((chunk: unknown) => {
      keep(String(chunk).replace(/\n$/, ''));
      return true;
    }),
  );
  try {
    await work();
    await new Promise((resolve) => setTimeout(resolve, 20)); // the closing line of the last request
  } finally {
    for (const spy of [...spies, ...streams]) spy.mockRestore();
  }
  return lines.join('\n');
}

interface LogLine {
  readonly level: string;
  readonly msg: string;
  readonly time: string;
  readonly requestId?: string;
  readonly [field: string]: unknown;
}

/** The log as JSON lines (every line must be one). */
function linesOf(logs: string): LogLine[] {
  return logs
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as LogLine);
}

/** What the log says beyond the one line per request. */
const messagesOf = (logs: string) => linesOf(logs).flatMap((l) => (l.msg === 'http request' ? [] : [l.msg]));

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

  test('every line is JSON; the lines of one request carry its id, which the response returns, and none of its personal data', async () => {
    const post = (headers: Record<string, string>, activity: Record<string, unknown>) =>
      fetch(h.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ ...base(h.connector.url), type: 'message', text: TEXT, ...activity }),
      });
    let given: Response | undefined;
    let traced: Response | undefined;
    let generated: Response | undefined;
    const logs = await logsOf(async () => {
      // Delivery fails (nothing listens on port 9): the turn logs its failure while the request is handled.
      given = await post(
        { 'x-request-id': 'req-4f1c', authorization: `Bearer ${NAME}` },
        { serviceUrl: 'http://127.0.0.1:9/' },
      );
      // Refused before the bot sees it (a field of the wrong type).
      traced = await post({ traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' }, { id: true });
      generated = await post({ 'x-request-id': `${NAME} <script>` }, { id: true }); // not a plain token: replaced
    });
    expect([given?.status, traced?.status, generated?.status]).toEqual([500, 400, 400]);
    const ids = [given, traced, generated].map((r) => r?.headers.get('x-request-id'));
    expect(ids[0]).toBe('req-4f1c');
    expect(ids[1]).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(ids[2]).toMatch(/^[0-9a-f-]{36}$/);
    const lines = linesOf(logs);
    const of = (id: string | null | undefined) => lines.filter((l) => l.requestId === id).map((l) => l.msg);
    // The turn's failures (its reply, then its apology) and the request's closing line, all with its id.
    expect(of(ids[0])).toEqual([
      expect.stringMatching(/^safeguard: bot turn failed \(\w+\)$/),
      expect.stringMatching(/^safeguard: bot turn failed \(\w+\)$/),
      'http request',
    ]);
    expect(of(ids[1])).toEqual(['http request']);
    expect(of(ids[2])).toEqual(['http request']);
    expect(lines.every((l) => l.requestId && ids.includes(l.requestId))).toBe(true);
    expect(lines.every((l) => typeof l.time === 'string' && ['info', 'error'].includes(l.level))).toBe(true);
    expect(lines.filter((l) => l.msg === 'http request').map((l) => [l['method'], l['route'], l['status']])).toEqual([
      ['POST', '/api/messages', 500],
      ['POST', '/api/messages', 400],
      ['POST', '/api/messages', 400],
    ]);
    expectClean(logs);
    expect(logs).not.toContain('Bearer');
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
    expectClean(logs);
    expect(answers.map((a) => JSON.stringify(a.body))).toEqual([
      expect.stringContaining('id:'),
      expect.stringContaining('from.name'),
      expect.stringContaining('conversation.tenantId'),
      expect.stringContaining('timestamp'),
    ]);
    expect(messagesOf(logs)).toEqual([]);
    expect(linesOf(logs).map((l) => [l.msg, l['route'], l['status']])).toEqual(
      Array.from({ length: 4 }, () => ['http request', '/api/messages', 400]),
    );
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
    expect(messagesOf(logs)).toEqual([
      'safeguard: bot request refused: no bearer JWT',
      'safeguard: bot request refused: signature or claims',
      'safeguard: bot request refused: serviceUrl does not match the token',
      'safeguard: bot request refused: expired',
      'safeguard: bot request refused: issuer is not Bot Framework',
    ]);
    expectClean(logs);
  });
});

/**
 * A body over the limit is answered 413 and the connection closed (the rest of the body drained
 * within a bound), so a client's next request on its keep-alive agent goes through at once
 * instead of waiting behind bytes nobody reads and failing.
 */
import { Agent, request } from 'node:http';
import { localToken } from '../../../src/api/client.js';
import { CONTOSO_TENANT, startBotHarness, teamsUser, type BotHarness } from '../../helpers/bot-harness.js';

let h: BotHarness;
let agent: Agent;
beforeAll(async () => {
  h = await startBotHarness();
});
afterAll(() => h.close());
beforeEach(() => {
  agent = new Agent({ keepAlive: true, maxSockets: 1 }); // one connection, reused while the server keeps it
});
afterEach(() => agent.destroy());

const sam = teamsUser('Sam Practitioner');
const auth = { authorization: `Bearer ${localToken({ tid: CONTOSO_TENANT, oid: sam.aadObjectId, name: sam.name })}` };

interface Answer {
  status: number;
  body: Record<string, unknown>;
  connection: string | undefined;
}

function send(method: string, path: string, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, h.endpoint);
    const req = request(url, { agent, method, headers: { ...auth, 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res
        .setEncoding('utf8')
        .on('data', (chunk: string) => (text += chunk))
        .on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
            connection: res.headers.connection,
          }),
        );
    });
    req.on('error', reject);
    req.end(body);
  });
}

const activity = (text: string) =>
  JSON.stringify({
    type: 'message',
    text,
    serviceUrl: h.connector.url,
    channelId: 'msteams',
    from: { id: '29:u', aadObjectId: sam.aadObjectId, name: sam.name },
    conversation: { id: `a:personal;${sam.aadObjectId}`, tenantId: CONTOSO_TENANT },
    recipient: { id: '28:bot' },
  });

test('REST: 600 KB (limit 512 KB) is refused with 413 and Connection: close; the next request on the same agent succeeds', async () => {
  const big = JSON.stringify({ caseReference: 'ASC-1', displayName: 'x'.repeat(600 * 1024) });
  for (let i = 0; i < 3; i += 1) {
    expect(await send('POST', '/api/people', big)).toMatchObject({
      status: 413,
      body: { error: 'REQUEST.TOO_LARGE', message: expect.any(String) },
      connection: 'close',
    });
    expect((await send('GET', '/api/me')).status).toBe(200);
  }
  expect(
    (await send('POST', '/api/people', JSON.stringify({ caseReference: 'ASC-2', displayName: 'Pat Example' }))).status,
  ).toBe(201);
});

test('bot: 300 KB (limit 256 KB) is refused with 413 and Connection: close; the next activity on the same agent is answered', async () => {
  for (let i = 0; i < 3; i += 1) {
    expect(await send('POST', '/api/messages', activity('x'.repeat(300 * 1024)))).toMatchObject({
      status: 413,
      body: { error: 'BAD_ACTIVITY' },
      connection: 'close',
    });
    expect((await send('POST', '/api/messages', activity('help'))).status).toBe(200);
  }
});

test('a body far over the limit (10 MB) is cut off after the 413, and the server goes on serving', async () => {
  const answer = await send('POST', '/api/people', 'x'.repeat(10 * 1024 * 1024)).catch((error: unknown) => error);
  // The 413 arrives first; the client may see the connection cut while it is still sending.
  if (!(answer instanceof Error)) expect(answer).toMatchObject({ status: 413 });
  expect((await send('GET', '/api/me')).status).toBe(200);
});

test('a request line too large for the HTTP parser is answered 431 with a JSON message, not a bare status line', async () => {
  const answer = await send('GET', `/api/people?caseReference=${'A'.repeat(20_000)}`);
  expect(answer.status).toBe(431);
  expect(answer.body).toMatchObject({
    error: 'REQUEST.HEADERS_TOO_LARGE',
    message: expect.stringContaining('too large'),
  });
  // The server is still there for the next person.
  expect((await fetch(new URL('/healthz', h.endpoint))).status).toBe(200);
});

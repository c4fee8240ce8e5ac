/**
 * Local mode trusts whoever reaches the port, so the port must be reachable only from this
 * machine's own software — not from a web page the user happens to have open:
 * - DNS rebinding: a page on attacker.example re-pointed at 127.0.0.1 sends `Host:
 *   attacker.example`; the server answers only requests addressed to a loopback name and its port;
 * - cross-site posts: a page can send a form or `text/plain` body to any address without a CORS
 *   preflight; writes (and the bot endpoint) take application/json only.
 */
import { request } from 'node:http';
import { localToken } from '../../../src/api/client.js';
import { CONTOSO_TENANT, startBotHarness, teamsUser, type BotHarness } from '../../helpers/bot-harness.js';

let h: BotHarness;
let port: number;
beforeAll(async () => {
  h = await startBotHarness();
  port = Number(new URL(h.endpoint).port);
});
afterAll(() => h.close());

const sam = teamsUser('Sam Practitioner');
const token = localToken({ tid: CONTOSO_TENANT, oid: sam.aadObjectId, name: sam.name });

/** A raw request, so the Host header can be anything (fetch always sends the URL's). */
function send(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method, path, headers: { authorization: `Bearer ${token}`, ...headers } },
      (res) => {
        let text = '';
        res
          .setEncoding('utf8')
          .on('data', (chunk: string) => (text += chunk))
          .on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} }),
          );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
const people = () => h.app.database.db.selectFrom('people').select('case_reference').execute();
const person = (ref: string) => JSON.stringify({ caseReference: ref, displayName: 'Pat Example' });

test('requests addressed to another host name are refused with 421 and change nothing (DNS rebinding)', async () => {
  for (const host of [
    'attacker.example',
    `attacker.example:${port}`,
    '127.0.0.1',
    `localhost:${port + 1}`,
    `127.0.0.1.nip.io:${port}`,
  ]) {
    expect(await send('GET', '/api/me', { host })).toMatchObject({
      status: 421,
      body: { error: 'HOST.NOT_LOCAL', message: expect.any(String) },
    });
    expect(
      (await send('POST', '/api/people', { host, 'content-type': 'application/json' }, person('REBOUND-1'))).status,
    ).toBe(421);
  }
  expect(await people()).toEqual([]);
});

test("the loopback names with the server's port are served", async () => {
  for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`]) {
    expect((await send('GET', '/api/me', { host })).status).toBe(200);
  }
  expect(
    (
      await send(
        'POST',
        '/api/people',
        { host: `localhost:${port}`, 'content-type': 'application/json; charset=utf-8' },
        person('ASC-1'),
      )
    ).status,
  ).toBe(201);
});

test('cross-site simple posts (text/plain, forms) are refused with 415 before anything is read: no person stored, no bot turn', async () => {
  const host = `127.0.0.1:${port}`;
  const crossSite = { host, origin: 'https://evil.example' };
  for (const type of [
    'text/plain',
    'text/plain;charset=UTF-8',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
  ]) {
    expect(await send('POST', '/api/people', { ...crossSite, 'content-type': type }, person('CSRF-1'))).toMatchObject({
      status: 415,
      body: { error: 'REQUEST.NOT_JSON', message: expect.any(String) },
    });
  }
  expect(await people()).not.toContainEqual({ case_reference: 'CSRF-1' });

  const before = h.connector.activities.length;
  const activity = {
    type: 'message',
    text: 'help',
    serviceUrl: h.connector.url,
    channelId: 'msteams',
    from: { id: '29:u', aadObjectId: sam.aadObjectId, name: sam.name },
    conversation: { id: 'a:1', tenantId: h.tenantId },
    recipient: { id: '28:bot' },
  };
  expect(
    (await send('POST', '/api/messages', { ...crossSite, 'content-type': 'text/plain' }, JSON.stringify(activity)))
      .status,
  ).toBe(415);
  expect(h.connector.activities.length).toBe(before);
  // The same activity as JSON is a normal turn.
  expect(
    (await send('POST', '/api/messages', { host, 'content-type': 'application/json' }, JSON.stringify(activity)))
      .status,
  ).toBe(200);
  expect(h.connector.activities.length).toBeGreaterThan(before);
});

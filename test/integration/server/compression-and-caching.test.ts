/**
 * The add-in's and tab's files and the API's JSON answers go compressed to a client that accepts
 * it (brotli first, then gzip), and decode to the very bytes sent uncompressed. The pages Outlook
 * and Teams load from fixed addresses are revalidated (ETag → 304, nothing resent); the scripts
 * and stylesheets they name carry their digest in the URL and may be cached for good. The
 * security headers stay on every one of these answers.
 */
import { get, type IncomingHttpHeaders } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { localToken } from '../../../src/api/client.js';
import { startBotHarness, teamsUser, type BotHarness } from '../../helpers/bot-harness.js';

let h: BotHarness;
let base: string;
beforeAll(async () => {
  h = await startBotHarness();
  base = h.endpoint.replace('/api/messages', '');
});
afterAll(() => h.close());

interface Raw {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A GET that leaves the body as it came over the wire (fetch would decode it). */
function rawGet(path: string, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    get(`${base}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res
        .on('data', (chunk: Buffer) => chunks.push(chunk))
        .on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

const decode = (raw: Raw): Buffer =>
  raw.headers['content-encoding'] === 'br'
    ? brotliDecompressSync(raw.body)
    : raw.headers['content-encoding'] === 'gzip'
      ? gunzipSync(raw.body)
      : raw.body;

const SECURITY = { 'referrer-policy': 'no-referrer', 'x-content-type-options': 'nosniff' };

test.each(['/addin/taskpane.js', '/addin/on-send.js', '/tab/tab.js', '/addin/taskpane.html'])(
  '%s: brotli when accepted, gzip otherwise, both the same bytes as sent plain',
  async (path) => {
    const plain = await rawGet(path);
    const br = await rawGet(path, { 'accept-encoding': 'gzip, deflate, br' });
    const gz = await rawGet(path, { 'accept-encoding': 'gzip' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(br.headers).toMatchObject({ 'content-encoding': 'br', vary: 'Accept-Encoding', ...SECURITY });
    expect(gz.headers).toMatchObject({ 'content-encoding': 'gzip', vary: 'Accept-Encoding' });
    expect(decode(br).equals(plain.body)).toBe(true);
    expect(decode(gz).equals(plain.body)).toBe(true);
    expect(br.body.length).toBeLessThan(plain.body.length / 2);
  },
);

test('a client that refuses brotli (q=0) gets gzip; one that names no coding gets the plain file', async () => {
  expect((await rawGet('/tab/tab.js', { 'accept-encoding': 'br;q=0, gzip' })).headers['content-encoding']).toBe('gzip');
  expect((await rawGet('/tab/tab.js', { 'accept-encoding': 'identity' })).headers['content-encoding']).toBeUndefined();
});

test('a page is revalidated: with the ETag it holds, the client gets 304 and no body, with the security headers and CSP', async () => {
  const first = await rawGet('/addin/taskpane.html', { 'accept-encoding': 'br' });
  expect(first.headers).toMatchObject({ 'cache-control': 'no-cache', etag: expect.stringMatching(/^"[\w-]+-br"$/) });
  const again = await rawGet('/addin/taskpane.html', { 'accept-encoding': 'br', 'if-none-match': first.headers.etag! });
  expect(again.status).toBe(304);
  expect(again.body.length).toBe(0);
  expect(again.headers).toMatchObject({
    etag: first.headers.etag,
    ...SECURITY,
    'content-security-policy': expect.stringContaining("default-src 'self'"),
  });
  // The ETag of the gzip copy, sent by a browser that now takes brotli: the content is the same.
  const gzipTag = first.headers.etag!.replace('-br"', '-gzip"');
  expect(
    (await rawGet('/addin/taskpane.html', { 'accept-encoding': 'br', 'if-none-match': `"other", ${gzipTag}` })).status,
  ).toBe(304);
  expect((await rawGet('/addin/taskpane.html', { 'if-none-match': '"an-older-version"' })).status).toBe(200);
});

test('the pages name their scripts and stylesheets with a digest; those addresses are cached for a year, an old digest is not', async () => {
  const pane = (await rawGet('/addin/taskpane.html')).body.toString();
  const tab = (await rawGet('/tab/')).body.toString();
  const script = /src="(taskpane\.js\?v=[\w-]+)"/.exec(pane)?.[1];
  expect(script).toBeDefined();
  expect(pane).toMatch(/href="taskpane\.css\?v=[\w-]+"/);
  expect(pane).toContain('src="https://appsforoffice.microsoft.com/lib/1/hosted/office.js"'); // Microsoft's address is left alone
  expect(tab).toMatch(/src="tab\.js\?v=[\w-]+"/);
  const versioned = await rawGet(`/addin/${script!}`);
  expect(versioned.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  expect(versioned.body.equals((await rawGet('/addin/taskpane.js')).body)).toBe(true);
  expect((await rawGet('/addin/taskpane.js')).headers['cache-control']).toBe('no-cache');
  expect((await rawGet('/addin/taskpane.js?v=an-older-digest')).headers['cache-control']).toBe('no-cache');
});

test('a JSON answer over 1 KiB is compressed on the fly and decodes to the same JSON; a small one is sent plain', async () => {
  const user = teamsUser('Sam Practitioner');
  const auth = { authorization: `Bearer ${localToken({ tid: h.tenantId, oid: user.aadObjectId, name: user.name })}` };
  const plain = await rawGet('/api/pack', auth);
  expect(plain.status).toBe(200);
  expect(plain.body.length).toBeGreaterThan(1024);
  const br = await rawGet('/api/pack', { ...auth, 'accept-encoding': 'br, gzip' });
  expect(br.headers).toMatchObject({
    'content-encoding': 'br',
    vary: 'Accept-Encoding',
    'cache-control': 'no-store',
    ...SECURITY,
  });
  expect(JSON.parse(decode(br).toString())).toEqual(JSON.parse(plain.body.toString()));
  const gz = await rawGet('/api/pack', { ...auth, 'accept-encoding': 'gzip' });
  expect(JSON.parse(decode(gz).toString())).toEqual(JSON.parse(plain.body.toString()));
  const small = await rawGet('/api/me', { ...auth, 'accept-encoding': 'br' });
  expect(small.status).toBe(200);
  expect(small.headers['content-encoding']).toBeUndefined();
});

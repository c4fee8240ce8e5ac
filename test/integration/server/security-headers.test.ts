/**
 * Every answer says "no referrer" and "no MIME sniffing"; the pages Outlook and Teams show carry
 * a Content-Security-Policy; HSTS is sent once the server is reached over https (TLS here, or an
 * https public address in front of it) — but not for a loopback name, where it would force every
 * other local development server on that name to https.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { request } from 'node:https';
import type { AppHandle } from '../../../src/composition.js';
import type { TeamsConfig } from '../../../src/config.js';
import { startProduct } from '../../../src/main.js';
import { createTestApp, type TestApp } from '../../helpers/test-app.js';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.destroy());

const teams = (overrides: Partial<TeamsConfig> = {}): TeamsConfig => ({
  localPackId: 'tameside',
  localTenantId: 'local',
  publicUrl: 'http://localhost:3978',
  graphBaseUrl: 'https://graph.microsoft.com',
  authorityHost: 'https://login.microsoftonline.com',
  ...overrides,
});

/** Starts the product with `t`, answers the headers of each path (GET), then stops it. */
async function headersOf(t: TeamsConfig, paths: readonly string[]): Promise<Record<string, Record<string, string>>> {
  const handle = {
    deps: app.deps,
    packs: app.packs,
    database: app.database,
    close: async () => undefined,
  } as AppHandle;
  const product = startProduct(handle, { teams: t, reminderSweepSeconds: 0 });
  try {
    await new Promise<void>((resolve) => product.server.listen(0, '127.0.0.1', resolve));
    const port = (product.server.address() as AddressInfo).port;
    const out: Record<string, Record<string, string>> = {};
    for (const path of paths)
      out[path] = t.tls ? await httpsHeaders(port, path) : headersFrom(await fetch(`http://127.0.0.1:${port}${path}`));
    return out;
  } finally {
    await product.close();
  }
}

const headersFrom = (res: Response): Record<string, string> => Object.fromEntries(res.headers.entries());

/** Over TLS with the test certificate (issued for localhost). */
function httpsHeaders(port: number, path: string): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    request(
      { host: '127.0.0.1', servername: 'localhost', port, path, headers: { host: `localhost:${port}` } },
      (res) => {
        res.resume().on('end', () => resolve(res.headers as Record<string, string>));
      },
    )
      .on('error', reject)
      .end();
  });
}

const PAGES = ['/addin/taskpane.html', '/addin/on-send.html', '/tab/'];

test('every answer — pages, scripts, API errors, health — has Referrer-Policy and X-Content-Type-Options; pages have a CSP', async () => {
  const all = await headersOf(teams(), [...PAGES, '/addin/taskpane.js', '/api/me', '/healthz', '/nope']);
  for (const headers of Object.values(all))
    expect(headers).toMatchObject({ 'referrer-policy': 'no-referrer', 'x-content-type-options': 'nosniff' });
  for (const page of PAGES) {
    expect(all[page]?.['content-security-policy']).toMatch(
      /^default-src 'self'; .*object-src 'none'; base-uri 'none'; .*frame-ancestors 'self' https:\/\/teams\.microsoft\.com .*https:\/\/\*\.cloud\.microsoft/,
    );
  }
  // Office.js from Microsoft's CDN on the add-in's pages only; the on-send script may call the public address.
  expect(all['/addin/on-send.html']?.['content-security-policy']).toContain(
    "script-src 'self' https://appsforoffice.microsoft.com;",
  );
  expect(all['/addin/on-send.html']?.['content-security-policy']).toContain(
    "connect-src 'self' http://localhost:3978;",
  );
  expect(all['/tab/']?.['content-security-policy']).toContain("script-src 'self';");
  expect(all['/addin/taskpane.js']?.['content-security-policy']).toBeUndefined();
  expect(all['/healthz']?.['strict-transport-security']).toBeUndefined(); // plain http on this machine
});

test('HSTS behind an https public address, and when serving TLS under a public name; not for localhost', async () => {
  const behindProxy = await headersOf(teams({ publicUrl: 'https://safeguard.example.org' }), ['/healthz', '/tab/']);
  expect(behindProxy['/healthz']?.['strict-transport-security']).toBe('max-age=31536000');
  expect(behindProxy['/tab/']?.['strict-transport-security']).toBe('max-age=31536000');

  const tls = { certFile: 'test/fixtures/tls/server.pem', keyFile: 'test/fixtures/tls/server-key.pem' };
  expect(readFileSync(tls.certFile).length).toBeGreaterThan(0);
  const served = await headersOf(teams({ tls, publicUrl: 'https://safeguard.example.org' }), ['/healthz']);
  expect(served['/healthz']?.['strict-transport-security']).toBe('max-age=31536000');
  const local = await headersOf(teams({ tls, publicUrl: 'https://localhost:3978' }), ['/healthz']);
  expect(local['/healthz']?.['strict-transport-security']).toBeUndefined();
});

/**
 * The privacy statement and terms of use at the addresses the app package gives Teams and the
 * Microsoft 365 admin centre (manifest/app-manifest.ts: developer.privacyUrl, termsOfUseUrl),
 * served by the running server with the organisation's name and contact from its configuration.
 */
import type { AddressInfo } from 'node:net';
import type { AppHandle } from '../../../src/composition.js';
import { loadConfig } from '../../../src/config.js';
import { startProduct, type RunningProduct } from '../../../src/main.js';
import { unifiedManifest } from '../../../manifest/app-manifest.js';
import { createTestApp, type TestApp } from '../../helpers/test-app.js';

let app: TestApp;
let product: RunningProduct;
let base: string;

beforeAll(async () => {
  app = await createTestApp();
  const config = loadConfig({
    SAFEGUARD_ORGANISATION_NAME: 'Contoso & Partners <Adult Care>',
    SAFEGUARD_PRIVACY_CONTACT: 'dpo@contoso.example',
    REMINDER_SWEEP_SECONDS: '0',
  });
  const handle = {
    deps: app.deps,
    packs: app.packs,
    database: app.database,
    close: async () => undefined,
  } as AppHandle;
  product = startProduct(handle, config);
  await new Promise<void>((resolve) => product.server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(product.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await product.close();
  await app.destroy();
});

const developer = () =>
  unifiedManifest({ appId: '00000000-0000-4000-8000-000000000001', publicUrl: base, version: '1.0.0' })[
    'developer'
  ] as { privacyUrl: string; termsOfUseUrl: string };

test.each([
  ['privacy statement', () => developer().privacyUrl, 'Privacy statement'],
  ['terms of use', () => developer().termsOfUseUrl, 'Terms of use'],
])(
  'the manifest’s %s answers 200 with an HTML page naming the organisation and its contact',
  async (_name, url, heading) => {
    const response = await fetch(url());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'none'.*frame-ancestors 'none'/);
    const html = await response.text();
    expect(html).toContain('<html lang="en-GB">');
    expect(html).toContain(`<h1>${heading}</h1>`);
    expect(html).toContain('Contoso &amp; Partners &lt;Adult Care&gt;');
    expect(html).not.toContain('<Adult Care>');
    expect(html).toContain('<a href="mailto:dpo@contoso.example">dpo@contoso.example</a>');
  },
);

test('the privacy statement says what is kept, where, who sees it and for how long', async () => {
  const text = (await (await fetch(developer().privacyUrl)).text()).replace(/<[^>]+>/g, '');
  for (const phrase of [
    'case reference',
    'date of birth',
    'Consent',
    'Sharing decisions',
    'Escalations',
    'own database',
    'Who sees what',
    'retention policy',
  ])
    expect(text).toContain(phrase);
});

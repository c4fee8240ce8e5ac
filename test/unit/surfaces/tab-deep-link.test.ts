/**
 * The Board report's card opens the report inside Teams (issue 10): a deep link to the app's
 * personal tab whose page Teams hands to the tab; the tab opens that page, and only pages it has.
 */
import { tabPageLink } from '../../../bot/cards/tab-deep-link.js';
import { TAB_ENTITY_ID } from '../../../addin/shared/addin-names.js';
import { unifiedManifest } from '../../../manifest/app-manifest.js';
import { hashForSubPage } from '../../../tab/deep-link-page.js';

const APP_ID = '3e1c2f4a-5b6d-4e7f-8a9b-0c1d2e3f4a5b';
const tab = { appId: APP_ID, entityId: TAB_ENTITY_ID, webUrl: 'https://safeguard.example.org/tab/' };

test("a deep link to the manifest's personal tab, naming the report's page, with its web address for other clients", () => {
  const link = new URL(tabPageLink(tab, 'reports/2026-Q4', 'Escalations report to the LSAB'));
  expect(link.origin).toBe('https://teams.microsoft.com');
  const manifest = unifiedManifest({ appId: APP_ID, publicUrl: 'https://safeguard.example.org', version: '1.0.0' });
  const staticTab = (manifest as { staticTabs: { entityId: string }[] }).staticTabs[0];
  expect(link.pathname).toBe(`/l/entity/${APP_ID}/${staticTab?.entityId}`);
  expect(link.searchParams.get('webUrl')).toBe('https://safeguard.example.org/tab/#/reports/2026-Q4');
  expect(link.searchParams.get('label')).toBe('Escalations report to the LSAB');
  const context = JSON.parse(link.searchParams.get('context') ?? '{}') as { subEntityId?: string };
  // What Teams hands the tab as page.subPageId opens that page.
  expect(hashForSubPage(context.subEntityId)).toBe('#/reports/2026-Q4');
});

test('without a Teams app id (local mode) the link is the web address', () => {
  expect(tabPageLink({ ...tab, appId: undefined }, 'reports/2026-11', 'x')).toBe(
    'https://safeguard.example.org/tab/#/reports/2026-11',
  );
});

test("the tab opens only its own pages from a link's sub-page", () => {
  expect(hashForSubPage('escalations/3f2a9c1e-0000-4000-8000-000000000001')).toBe(
    '#/escalations/3f2a9c1e-0000-4000-8000-000000000001',
  );
  expect(hashForSubPage('escalations/3f2a9c1e/records')).toBe('#/escalations/3f2a9c1e/records');
  for (const other of [undefined, '', 'reports/../../admin', 'javascript:alert(1)', 'reports/2026-Q9', 'ig'])
    expect(hashForSubPage(other)).toBeUndefined();
});

/**
 * The tab's "My work" (the landing page for everyone but the Board) and "Information governance"
 * (the IG lead only) pages, in real headless Chromium, used with the keyboard alone.
 */
import type { Page } from 'playwright-core';
import { raiseEscalation } from '../../src/app/escalations/escalations.js';
import { recordConsent, registerPerson } from '../../src/app/people/people-and-consent.js';
import { logPhoneDiscussion } from '../../src/app/phone/phone-discussions.js';
import { recordSharingDecision } from '../../src/app/sharing/sharing-decisions.js';
import type { IsoDate } from '../../src/domain/shared/time.js';
import { startBotHarness, type BotHarness } from '../helpers/bot-harness.js';
import { chromiumForSuite } from '../helpers/chromium.js';
import { openTab, pageProblems } from '../helpers/tab-surface.js';

let h: BotHarness;
const browser = chromiumForSuite();
afterEach(() => h.close());

/** Presses Tab until the focused element matches `selector` (at most 80 times). */
async function tabTo(page: Page, selector: string): Promise<void> {
  for (let i = 0; i < 80; i += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(`document.activeElement?.matches(${JSON.stringify(selector)}) === true`)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

async function setUp() {
  h = await startBotHarness({ now: '2026-11-25T10:00:00Z', packId: 'tameside' });
  const { store } = h.app.deps;
  const at = '2026-11-20T10:00:00Z';
  const sam = { tenantId: h.tenantId, userId: 'u-sam', name: 'Sam Practitioner' };
  const iggy = { tenantId: h.tenantId, userId: 'u-iggy', name: 'Iggy Governance' };
  const bea = { tenantId: h.tenantId, userId: 'u-bea', name: 'Bea Businessmanager' };
  await store.upsertDirectoryUser(
    { tenantId: h.tenantId, userId: 'u-sam', displayName: sam.name, managerUserId: 'u-tess' },
    at,
  );
  await store.upsertDirectoryUser({ tenantId: h.tenantId, userId: 'u-tess', displayName: 'Tess Teammanager' }, at);
  await store.assignRole(h.tenantId, 'ig-lead', iggy.userId, at);
  await store.assignRole(h.tenantId, 'board-business-manager', bea.userId, at);
  const deps = h.app.deps;
  const person = await registerPerson(deps, sam, { caseReference: 'TAM-21', displayName: 'Pat Example' });
  const consent = await recordConsent(deps, sam, {
    personId: person.id,
    status: 'given',
    information: 'Housing',
    recipients: ['Housing Trust'],
    capacity: { kind: 'presumed' },
    expiresOn: '2026-12-10' as IsoDate,
  });
  await logPhoneDiscussion(
    deps,
    sam,
    { name: sam.name, role: 'Social worker', agency: 'Contoso', userId: sam.userId },
    {
      personId: person.id,
      occurredAt: '2026-11-24T14:00:00Z',
      participants: [
        { name: sam.name, role: 'Social worker', agency: 'Contoso' },
        { name: 'Alex Officer', role: 'Officer', agency: 'Housing Trust', email: 'alex@housing.example' },
      ],
      concerns: 'Repairs',
      consentBasis: 'Consent',
      agreedActions: [{ description: 'Chase the repair', owner: 'Sam', dueOn: '2026-11-23' as IsoDate }],
    },
  );
  const raised = await raiseEscalation(deps, sam, {
    personId: person.id,
    raiserRole: 'Social worker',
    raiserAgency: 'Contoso',
    otherAgency: { name: 'Housing Trust', contact: { name: 'Alex', role: 'Officer', agency: 'Housing Trust' } },
    natures: [],
    natureDetails: 'Repairs refused',
    outcomeSought: 'Repairs',
    riskLevel: 'standard',
  });
  const decide = (decision: 'share' | 'not-share', agency: string) =>
    recordSharingDecision(deps, sam, {
      decision,
      personId: person.id,
      basis: decision === 'share' ? { kind: 'consent', consentRecordId: consent.id } : { kind: 'none' },
      information: 'Housing needs',
      recipients: [{ name: 'Alex', agency }],
      purpose: 'Rehousing',
      reasons: 'Needed',
      involved: [],
      confirmed: ['factually-correct'],
      context: { channel: 'web' },
    });
  expect((await decide('share', 'Housing Trust')).kind).toBe('allowed');
  expect((await decide('not-share', 'Police')).kind).toBe('allowed');
  return { sam, iggy, bea, raised, base: h.endpoint.replace('/api/messages', '') };
}

test('My work is the landing page for a practitioner; a call is marked sent with the keyboard', async () => {
  const { sam, raised, base } = await setUp();
  const page = await openTab(browser(), base, sam);
  expect(await page.locator('#page-heading').textContent()).toBe('My work');
  expect(await page.evaluate('document.activeElement?.id')).toBe('page-heading');
  expect(await page.locator(`a[href="#/escalations/${raised.id}"]`).textContent()).toBe('TAM-21');
  expect(await page.getByText('Waiting for Tess Teammanager.').count()).toBe(1);
  expect(await page.getByText('2026-11-23 — OVERDUE').count()).toBe(1);
  expect(await page.locator('h3:has-text("Consents expiring") + table').innerText()).toMatch(
    /TAM-21\s+Housing Trust\s+2026-12-10\s+15/,
  );
  // No IG page for a practitioner.
  expect(await page.locator('nav a').allInnerTexts()).toEqual(['My work', 'Escalations']);

  await tabTo(page, 'button[aria-label^="Mark the confirmation"]');
  await page.keyboard.press('Enter');
  await page.getByText('Saved: confirmation marked sent.').waitFor();
  await page.getByText('Every call you logged has its confirmation sent.').waitFor();
  expect(pageProblems.get(page)).toEqual([]);

  // The IG page's address shows My work to someone without the role; the API refuses them.
  const ig = await openTab(browser(), base, sam, '#/ig');
  expect(await ig.locator('#page-heading').textContent()).toBe('My work');
  expect(await ig.getByText('Sharing decisions').count()).toBe(0);
});

test('the Board lands on the escalation lists', async () => {
  const { bea, base } = await setUp();
  const page = await openTab(browser(), base, bea);
  await page.getByText('Themes for the Board').waitFor();
  expect(await page.locator('nav a[aria-current="page"]').textContent()).toBe('Escalations');
});

test('the IG lead audits decisions with the keyboard: the chain verified, filters, the CSV', async () => {
  const { iggy, base } = await setUp();
  const page = await openTab(browser(), base, iggy);
  expect(await page.locator('nav a').allInnerTexts()).toEqual(['My work', 'Escalations', 'Information governance']);
  await tabTo(page, 'nav a[href="#/ig"]');
  await page.keyboard.press('Enter');
  await page.locator('#chain-status').waitFor();
  expect(await page.locator('#chain-status').textContent()).toBe(
    'Decision log verified now: intact, 2 entries (head 2).',
  );
  const rows = () => page.locator('#ig-results table').first().locator('tbody tr').allInnerTexts();
  expect(await rows()).toEqual([
    expect.stringMatching(/^1\t.*\tTAM-21\tShare\tconsent: consent record .*\tHousing Trust\tSam Practitioner\tweb$/),
    expect.stringMatching(/^2\t.*\tTAM-21\tNot share\tnone\tPolice\tSam Practitioner\tweb$/),
  ]);

  // Decision: Not share, chosen and applied from the keyboard.
  await tabTo(page, 'select[name="decision"]');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  expect(await page.locator('select[name="decision"]').inputValue()).toBe('not-share');
  await tabTo(page, 'form button[type="submit"]');
  await page.keyboard.press('Enter');
  await page.getByText('Up to date.').waitFor();
  for (let i = 0; i < 100 && (await rows()).length !== 1; i += 1) await new Promise((r) => setTimeout(r, 25));
  expect(await rows()).toEqual([expect.stringMatching(/^2\t.*\tNot share\t/)]);

  // The CSV of the same filter.
  await tabTo(page, 'form button[type="button"]');
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  const path = await download.path();
  const { readFile } = await import('node:fs/promises');
  const csv = (await readFile(path, 'utf8')).trim().split('\r\n');
  expect(csv).toHaveLength(2);
  expect(csv[1]).toMatch(/^2,.*,TAM-21,not-share,none,,Police,Sam Practitioner,u-sam,web,tameside$/);
  expect(pageProblems.get(page)).toEqual([]);
});

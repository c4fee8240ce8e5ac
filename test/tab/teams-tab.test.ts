/**
 * The Teams tab in real headless Chromium (local mode, previewed outside Teams): a manager sees
 * their team's escalations with deadlines, overdue ones marked; a Board role also sees every
 * escalation and the themes; a practitioner does not.
 */
import { raiseEscalation } from '../../src/app/escalations/escalations.js';
import { registerPerson } from '../../src/app/people/people-and-consent.js';
import { startBotHarness, type BotHarness } from '../helpers/bot-harness.js';
import { chromiumForSuite } from '../helpers/chromium.js';
import { isoDate } from '../../src/domain/shared/time.js';

let h: BotHarness;
const browser = chromiumForSuite();
afterEach(() => h.close());

test("managers see their team's escalations and deadlines; the Board also sees themes", async () => {
  h = await startBotHarness({ now: '2026-11-25T10:00:00Z', packId: 'stockport' });
  const { store } = h.app.deps;
  const at = '2026-11-25T10:00:00Z';
  await store.upsertDirectoryUser(
    { tenantId: h.tenantId, userId: 'u-sam', displayName: 'Sam', managerUserId: 'u-tess' },
    at,
  );
  await store.assignRole(h.tenantId, 'lsab-business-manager', 'u-bea', at);
  const sam = { tenantId: h.tenantId, userId: 'u-sam', name: 'Sam Practitioner' };
  const person = await registerPerson(h.app.deps, sam, { caseReference: 'SMBC-44', displayName: 'Pat Example' });
  await raiseEscalation(h.app.deps, sam, {
    personId: person.id,
    raiserRole: 'Nurse',
    raiserAgency: 'Stockport',
    otherAgency: { name: 'Stockport Homes', contact: { name: 'Alex', role: 'Officer', agency: 'Stockport Homes' } },
    natures: ['not-sharing-information'],
    natureDetails: 'x',
    outcomeSought: 'y',
    outcomeSoughtBy: isoDate('2027-01-29'),
    riskLevel: 'standard',
    adultView: { kind: 'given', view: 'Wants help', by: 'adult' },
  });
  const base = h.endpoint.replace('/api/messages', '');
  const cspViolations: string[] = [];
  const open = async (user: string, name: string) => {
    const page = await browser().newPage();
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    // The escalation lists (a manager who is not on the Board lands on "My work").
    const response = await page.goto(
      `${base}/tab/?tenant=${h.tenantId}&user=${user}&name=${encodeURIComponent(name)}#/lists`,
    );
    // Only Teams, Outlook and Microsoft 365 may frame the tab; its scripts come from this server only.
    const csp = response?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("frame-ancestors 'self' https://teams.microsoft.com https://*.teams.microsoft.com");
    await page.getByText('Up to date.').waitFor();
    return page;
  };

  const tess = await open('u-tess', 'Tess Teammanager');
  const teamTable = tess.locator('h2:has-text("My team") + table');
  await teamTable.getByText('SMBC-44').waitFor();
  expect(await teamTable.locator('td').allInnerTexts()).toEqual(
    expect.arrayContaining(['1 of 5: Professional to professional', 'standard', 'Stockport Homes', 'Sam Practitioner']),
  );
  expect(await tess.getByText('Themes for the Board').count()).toBe(0);

  const bea = await open('u-bea', 'Bea Businessmanager');
  await bea.getByText('Themes for the Board').waitFor();
  expect(await bea.locator('h2:has-text("All open escalations") + table').getByText('SMBC-44').count()).toBe(1);
  expect(await bea.getByText("Not sharing information about an adult at risk's welfare: 1").count()).toBe(1);
  expect(await bea.getByText('Stockport Homes: 1').count()).toBe(1);
  expect(cspViolations).toEqual([]);
});

test('outside Teams with no local identity, the tab says to open it in Teams', async () => {
  h = await startBotHarness();
  const page = await browser().newPage();
  await page.goto(`${h.endpoint.replace('/api/messages', '')}/tab/`);
  await page.getByText('Open this tab in Microsoft Teams.').waitFor();
});

test('a long list shows its first page and a More button that adds the next page, until none is left (issue 12)', async () => {
  h = await startBotHarness({ now: '2026-11-25T10:00:00Z', packId: 'stockport' });
  await h.app.deps.store.assignRole(h.tenantId, 'lsab-business-manager', 'u-bea', '2026-11-25T10:00:00Z');
  const sam = { tenantId: h.tenantId, userId: 'u-sam', name: 'Sam Practitioner' };
  for (let i = 0; i < 53; i += 1) {
    const person = await registerPerson(h.app.deps, sam, { caseReference: `LONG-${i}`, displayName: 'Pat Example' });
    await raiseEscalation(h.app.deps, sam, {
      personId: person.id,
      raiserRole: 'Nurse',
      raiserAgency: 'Stockport',
      otherAgency: { name: 'Stockport Homes', contact: { name: 'Alex', role: 'Officer', agency: 'Stockport Homes' } },
      natures: ['not-sharing-information'],
      natureDetails: 'x',
      outcomeSought: 'y',
      outcomeSoughtBy: isoDate('2027-01-29'),
      riskLevel: 'standard',
      adultView: { kind: 'given', view: 'Wants help', by: 'adult' },
    });
  }
  const page = await browser().newPage();
  await page.goto(`${h.endpoint.replace('/api/messages', '')}/tab/?tenant=${h.tenantId}&user=u-bea&name=Bea`);
  await page.getByText('Up to date.').waitFor();
  const rows = page.locator('h2:has-text("All open escalations") + table tbody tr');
  const more = page.locator('button[data-more="board"]');
  expect(await rows.count()).toBe(50);
  await more.click();
  await page.getByText('3 more shown.').waitFor();
  expect(await rows.count()).toBe(53);
  expect(await more.isHidden()).toBe(true);
  expect(await page.getByText('Stockport Homes: 53').count()).toBe(1);
});

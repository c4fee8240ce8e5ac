/**
 * The task pane in real headless Chromium, served by the real server, with Office.js replaced by
 * a shim at Microsoft's CDN address: the sharing-decision wizard records a decision tied to the
 * message, and the composer inserts the confirmation email into it.
 */
import type { Page } from 'playwright-core';
import { recordConsent, registerPerson } from '../../src/app/people/people-and-consent.js';
import { checkOutgoingMessage } from '../../src/app/sharing/sharing-check.js';
import type { IsoDate } from '../../src/domain/shared/time.js';
import { startBotHarness, type BotHarness } from '../helpers/bot-harness.js';
import { chromiumForSuite } from '../helpers/chromium.js';
import { officeShim, type ShimDraft } from '../helpers/office-shim.js';

let h: BotHarness;
const browser = chromiumForSuite();
afterEach(() => h.close());

const SAM = { userId: 'sam@contoso.example', name: 'Sam Practitioner' };

/** What the browser refused under the page's Content-Security-Policy (none expected). */
let cspViolations: string[] = [];
let paneHeaders: Record<string, string> = {};

async function openPane(draft: ShimDraft): Promise<Page> {
  const page = await browser().newPage();
  const base = h.endpoint.replace('/api/messages', '');
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('https://appsforoffice.microsoft.com/'))
      return route.fulfill({ contentType: 'text/javascript', body: officeShim(draft) });
    return url.startsWith(base) ? route.continue() : route.abort();
  });
  cspViolations = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  paneHeaders = (await page.goto(`${base}/addin/taskpane.html`))?.headers() ?? {};
  return page;
}

test('the pane is served with a Content-Security-Policy that lets Office.js and the pane run and nothing else', async () => {
  h = await startBotHarness();
  const page = await openPane({ to: ['alex@housing.example'], subject: 'Referral', body: 'NHS number 943 476 5919' });
  await page.getByText(/contains nhs number/).waitFor(); // Office.js (the shim, from Microsoft's CDN address) and taskpane.js ran
  expect(paneHeaders).toMatchObject({ 'referrer-policy': 'no-referrer', 'x-content-type-options': 'nosniff' });
  const csp = paneHeaders['content-security-policy'] ?? '';
  expect(csp).toContain("script-src 'self' https://appsforoffice.microsoft.com;");
  expect(csp).toContain("frame-ancestors 'self' https://teams.microsoft.com");
  expect(csp).toContain('https://*.office.com');
  // A script from anywhere else is refused.
  // Run in the page (as text: the test's own type-check has no DOM).
  const injected = await page.evaluate<string>(`new Promise((resolve) => {
    const script = Object.assign(document.createElement('script'), { src: 'https://evil.example/x.js' });
    script.onerror = () => resolve('blocked');
    script.onload = () => resolve('loaded');
    document.head.append(script);
  })`);
  expect(injected).toBe('blocked');
  expect(cspViolations).toEqual([expect.stringContaining('evil.example')]);
});

test('the wizard: find the person, see their consent, record the decision, and the message carries its reference', async () => {
  h = await startBotHarness({ packId: 'county-durham' });
  const caller = { tenantId: h.tenantId, ...SAM };
  const person = await registerPerson(h.app.deps, caller, { caseReference: 'DUR-9', displayName: 'Pat Example' });
  await recordConsent(h.app.deps, caller, {
    personId: person.id,
    status: 'given',
    information: 'Housing needs',
    recipients: ['Housing Trust'],
    capacity: { kind: 'presumed' },
  });
  const page = await openPane({ to: ['alex@housing.example'], subject: 'Referral', body: 'NHS number 943 476 5919' });

  await page.getByText(/contains nhs number/).waitFor();
  await page.getByLabel('Case reference', { exact: true }).fill('DUR-9');
  expect(await page.getByLabel('Agency for addresses at housing.example').inputValue()).toBe('housing.example');
  await page.getByLabel('Agency for addresses at housing.example').fill('Housing Trust');
  await page.getByRole('button', { name: 'Find' }).click();
  await page.getByText('Consent is recorded for this agency.', { exact: false }).waitFor();
  expect(await page.getByLabel('Lawful basis').inputValue()).toMatch(/^consent:/);

  // Submitting with Durham's own confirmations (Golden Rules 7 and 3) unticked: the protocol's reasons, nothing recorded.
  await page.getByLabel('Recipient name').fill('Alex Other');
  await page.getByLabel('What is shared').fill('NHS number and housing needs');
  await page.getByLabel('Why (purpose)').fill('Rehousing assessment');
  await page.getByLabel('Reasons for the decision').fill('Pat agreed to share with Housing Trust');
  await page.getByRole('button', { name: 'Record the decision' }).click();
  await page.locator('#decision-result p').first().waitFor();
  expect(await h.app.deps.store.pageDecisions(h.tenantId, 0, 10)).toEqual([]);

  expect(await page.locator('#decision-result').textContent()).toMatch(/Confirm: It is necessary for the purpose/);
  for (const rule of ['rule 7', 'rule 3'])
    await page.getByLabel(new RegExp(`Information Sharing, ${rule}\\)$`)).check();
  await page.getByRole('button', { name: 'Record the decision' }).click();
  await page.getByText(/Decision recorded for DUR-9 \(entry 1\)/).waitFor();
  expect(await page.getByRole('button', { name: 'Send without a decision' }).isVisible()).toBe(true); // soft-block mode offers it

  const state = await page.evaluate<{ session: Record<string, string>; properties: Record<string, string> }>(
    'window.__office',
  );
  const reference = state.properties['safeguardReference'];
  expect(reference).toMatch(/^outlook:/);
  expect(JSON.parse(state.session['safeguardDecision'] as string)).toMatchObject({ seq: 1, reference });
  const entry = await h.app.deps.store.findDecisionByReference(h.tenantId, reference as string);
  expect(entry).toMatchObject({ seq: 1, personId: person.id });
  // The decision names the outside address and keeps the email's fingerprint (hashes only), so the on-send check can match it.
  const record = JSON.parse(entry!.payload);
  expect(record).toMatchObject({
    decidedByUserId: SAM.userId,
    recipients: [{ name: 'Alex Other', agency: 'Housing Trust', email: 'alex@housing.example' }],
    context: { channel: 'outlook', reference, message: { identifiers: [expect.any(String)] } },
  });
  expect(entry!.payload).not.toContain('943 476 5919');
  const check = await checkOutgoingMessage(
    h.app.deps,
    caller,
    {
      from: SAM.userId,
      to: ['alex@housing.example'],
      cc: [],
      bcc: [],
      subject: 'Referral',
      bodyText: 'NHS number 943 476 5919',
      attachmentNames: [],
    },
    reference,
  );
  expect(check.decision).toMatchObject({ seq: 1, bodyEdited: false });
  expect(cspViolations).toEqual([]);
});

test('Durham GR8 and CW7: a decision NOT to share is recorded from the pane with everyone involved, and the email is then held', async () => {
  h = await startBotHarness({ packId: 'county-durham' });
  const caller = { tenantId: h.tenantId, ...SAM };
  await registerPerson(h.app.deps, caller, { caseReference: 'DUR-10', displayName: 'Pat Example' });
  const draft = { to: ['alex@housing.example'], subject: 'Referral DUR-10', body: 'NHS number 943 476 5919' };
  const page = await openPane(draft);
  await page.getByText(/contains nhs number/).waitFor();
  await page.getByLabel('Case reference', { exact: true }).fill('DUR-10');
  await page.getByLabel('Agency for addresses at housing.example').fill('Housing Trust');
  await page.getByRole('button', { name: 'Find' }).click();
  await page.getByText('No consent is recorded for this agency.', { exact: false }).waitFor();
  expect(await page.locator('#decision').textContent()).toContain('Failure to disclose information to other agencies'); // CW6, beside a decision not to share

  await page.getByLabel('Do not share').check();
  await page.getByLabel('Lawful basis').selectOption('none');
  await page.getByLabel('What is shared').fill('Housing history');
  await page.getByLabel('Reasons for the decision').fill('No risk to others; Pat refused');
  await page.getByLabel('Who else was involved in the decision (one per line)').fill('Tess Manager\nDr Lee, GP');
  await page.getByRole('button', { name: 'Record the decision' }).click();
  await page.getByText(/Decision not to share recorded for DUR-10 \(entry 1\)/).waitFor();

  const [entry] = await h.app.deps.store.pageDecisions(h.tenantId, 0, 10);
  expect(JSON.parse(entry!.payload)).toMatchObject({
    decision: 'not-share',
    involved: ['Sam Practitioner', 'Tess Manager', 'Dr Lee, GP'],
    reasons: 'No risk to others; Pat refused',
  });
  const state = await page.evaluate<{ session: Record<string, string>; properties: Record<string, string> }>(
    'window.__office',
  );
  expect(state.session['safeguardDecision']).toBeUndefined(); // never kept on the draft as if it allowed sending
  const check = await checkOutgoingMessage(
    h.app.deps,
    caller,
    {
      from: SAM.userId,
      to: draft.to,
      cc: [],
      bcc: [],
      subject: draft.subject,
      bodyText: draft.body,
      attachmentNames: [],
    },
    state.properties['safeguardReference'],
  );
  expect(check.decision).toBeUndefined();
  expect(check.decisionProblems).toContain('You recorded a decision not to share this information.');
  expect(cspViolations).toEqual([]);
});

test("a share to two agencies checks each agency's consent on its own; 3.43 is asked, and a yes needs a justification (Durham 3.41–3.43)", async () => {
  h = await startBotHarness({ packId: 'county-durham' });
  const caller = { tenantId: h.tenantId, ...SAM };
  const person = await registerPerson(h.app.deps, caller, {
    caseReference: 'DUR-11',
    displayName: 'Pat Example',
    dateOfBirth: '1950-03-01' as IsoDate,
  });
  await recordConsent(h.app.deps, caller, {
    personId: person.id,
    status: 'given',
    information: 'Housing needs',
    recipients: ['Housing Trust'],
    capacity: { kind: 'presumed' },
  });
  const page = await openPane({
    to: ['alex@housing.example', 'pc@police.example'],
    subject: 'Referral',
    body: 'NHS number 943 476 5919',
  });
  await page.getByText(/contains nhs number/).waitFor();
  await page.getByLabel('Case reference', { exact: true }).fill('DUR-11');
  await page.getByLabel('Agency for addresses at housing.example').fill('Housing Trust');
  await page.getByLabel('Agency for addresses at police.example').fill('Durham Constabulary');
  await page.getByRole('button', { name: 'Find' }).click();
  await page.getByText('Durham Constabulary: No consent is recorded for this agency.').waitFor();
  await page.getByText('Housing Trust: Consent is recorded for this agency.').waitFor();
  const bases = await page
    .locator('#basis option')
    .evaluateAll((options) => options.map((o) => (o as unknown as { value: string }).value));
  expect(bases).toEqual(['public-interest', 'outside-protocol', 'none']); // no consent for both; Durham names no "exceptions"

  await page.getByLabel('Lawful basis').selectOption('public-interest');
  expect(await page.locator('#public-interest').textContent()).toContain(
    'the public interest test will almost certainly be satisfied (except as described in 3.43)',
  ); // 3.41 where the test is taken
  await page.getByLabel(/3\.42\(b\)/).check();
  for (const rule of ['rule 7', 'rule 3'])
    await page.getByLabel(new RegExp(`Information Sharing, ${rule}\\)$`)).check();
  await page.getByLabel('What is shared').fill('Risk of self-neglect');
  await page.getByLabel('Why (purpose)').fill('Welfare check');
  await page.getByLabel('Reasons for the decision').fill('Serious harm to Pat');
  await page.getByRole('button', { name: 'Record the decision' }).click();
  await page.getByText(/Answer the question: An adult with capacity/).waitFor(); // no default answer, no way round it
  await page.getByRole('radio', { name: 'Yes' }).check();
  await page.getByRole('button', { name: 'Record the decision' }).click();
  await page.getByText(/may not be justifiable .* Record why sharing without their consent is justified/).waitFor();
  expect(await h.app.deps.store.pageDecisions(h.tenantId, 0, 10)).toEqual([]);
  await page
    .getByLabel('If yes: why sharing without their consent is justified here')
    .fill('Pat is at risk of death from self-neglect and asked us to act');
  await page.getByRole('button', { name: 'Record the decision' }).click();
  await page.getByText(/Decision recorded for DUR-11 \(entry 1\)/).waitFor();
  const [entry] = await h.app.deps.store.pageDecisions(h.tenantId, 0, 10);
  expect(JSON.parse(entry!.payload)).toMatchObject({
    recipients: [
      { agency: 'Housing Trust', email: 'alex@housing.example' },
      { agency: 'Durham Constabulary', email: 'pc@police.example' },
    ],
    basis: { kind: 'public-interest', capacitatedAdultRiskToSelfOnly: true },
    justifiedWarnings: [{ code: 'BASIS.CAPACITATED_ADULT' }],
  });
});

test('the composer inserts the confirmation email into the message and records the discussion; the pane works from the keyboard', async () => {
  h = await startBotHarness({ packId: 'tameside' });
  const page = await openPane({ to: [], subject: '', body: '' });
  await page.getByText('No recipients outside your organisation.').waitFor(); // the pane has read the message and is ready
  await page.getByRole('tab', { name: 'Sharing decision' }).focus();
  await page.keyboard.press('ArrowRight');
  expect(await page.getByRole('tab', { name: 'Confirm a phone call' }).getAttribute('aria-selected')).toBe('true');
  const unlabelled = await page.$$eval('input:not([type=checkbox]):not([type=radio]), select, textarea', (els) =>
    els.filter((e) => !(e.id && e.ownerDocument.querySelector(`label[for="${e.id}"]`))).map((e) => e.id),
  );
  expect(unlabelled).toEqual([]);

  await page.getByLabel('Date').fill('2026-11-25');
  await page.getByLabel('Time').fill('09:30');
  await page.getByLabel('Your role').fill('Social worker');
  await page.getByLabel('Spoke to (name)').fill('Alex Other');
  await page.getByLabel('Their role').fill('Housing officer');
  await page.getByLabel('Their agency').fill('Housing Trust');
  await page.getByLabel('Their email').fill('alex@housing.example');
  await page.getByLabel('What was discussed').fill('Damp in the flat');
  await page.getByLabel('Consent basis').fill('Consent recorded 12 Nov');
  await page.getByLabel('What will be done').fill('Inspect the flat');
  await page.getByLabel('Who', { exact: true }).fill('Alex Other');
  await page.getByLabel('By when').fill('2026-11-27');
  await page.getByLabel('Risk to the person, as the call left it').selectOption('increasing');
  await page.getByRole('button', { name: 'Insert the confirmation email' }).click();
  await page.getByText('The confirmation email is in your message').waitFor();
  // Tameside 2.3.3: the call left the person at increasing risk, so the 48-hour clock is running.
  expect(await page.locator('#call-result').textContent()).toMatch(/increasing risk: communicate the concern by/);

  const { draft } = await page.evaluate<{ draft: ShimDraft }>('window.__office');
  expect(draft.to).toEqual(['alex@housing.example']);
  expect(draft.subject).toMatch(/Confirming our discussion|Telephone/i);
  expect(draft.body).toContain('Damp in the flat');
  expect(draft.body).toContain('Inspect the flat');
  const stored = await h.app.database.db
    .selectFrom('phone_discussions')
    .select(['concerns', 'recorded_by', 'risk_level'])
    .execute();
  expect(stored).toEqual([{ concerns: 'Damp in the flat', recorded_by: 'Sam Practitioner', risk_level: 'increasing' }]);
  expect(cspViolations).toEqual([]);
});

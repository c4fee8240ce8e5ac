/**
 * The practitioner's other flows in Teams: consent check and sharing decision (Durham, the
 * flowchart's consent → exceptions → public interest → proportionality → record), my and my
 * team's escalations, telling the line manager (Speak Out), and an overdue agreed action.
 */
import { randomUUID } from 'node:crypto';
import { recordConsent, registerPerson } from '../../src/app/people/people-and-consent.js';
import { cardProblems } from '../helpers/adaptive-card-validator.js';
import { cardIn, startBotHarness, teamsUser, verbsOf, visibleText, type BotHarness } from '../helpers/bot-harness.js';

let h: BotHarness;
afterEach(() => h.close());

const sam = teamsUser('Sam Practitioner');
const tess = teamsUser('Tess Teammanager');
const caller = () => ({ tenantId: h.tenantId, userId: sam.aadObjectId, name: sam.name });

test('consent: the register answer, then a share under consent is recorded in the decision log; without a basis it is not', async () => {
  h = await startBotHarness({ packId: 'county-durham' });
  const person = await registerPerson(h.app.deps, caller(), { caseReference: 'DCC-9', displayName: 'Pat Example' });
  await recordConsent(h.app.deps, caller(), {
    personId: person.id,
    status: 'given',
    information: 'Housing needs',
    recipients: ['Housing Trust'],
    capacity: { kind: 'presumed' },
  });

  const [lookup] = await h.say(sam, 'consent');
  expect(verbsOf(cardIn(lookup!))).toEqual(['consent.lookup']);
  const wizard = h.cardOf(await h.click(sam, 'consent.lookup', { caseReference: 'DCC-9', agency: 'Housing Trust' }));
  expect(cardProblems(wizard)).toEqual([]);
  expect(visibleText(wizard)).toContain('Consent given for this agency');
  expect(JSON.stringify(wizard)).toContain(
    '3.42(b): When there is evidence or reasonable cause to believe that an adult',
  ); // public-interest grounds from the Durham pack
  const consentChoice = /"value":"(consent:[0-9a-f-]+)"/.exec(JSON.stringify(wizard))![1];

  const form = {
    personId: person.id,
    agency: 'Housing Trust',
    decision: 'share',
    recipientName: 'Alex Other',
    information: 'Current housing needs',
    purpose: 'Rehousing assessment',
    reasons: 'Pat agreed',
    confirmed: 'golden-rule-7,golden-rule-3', // Durham Golden Rules 7 and 3
  };
  const blocked = h.cardOf(await h.click(sam, 'sharing.record', { ...form, basis: 'none' }));
  expect(visibleText(blocked)).toContain('Not recorded yet');
  expect(await h.app.deps.store.pageDecisions(h.tenantId, 0, 10)).toEqual([]);

  const recorded = h.cardOf(await h.click(sam, 'sharing.record', { ...form, basis: consentChoice }));
  expect(visibleText(recorded)).toContain('is entry 1 in the decision log');
  const [entry] = await h.app.deps.store.pageDecisions(h.tenantId, 0, 10);
  expect(JSON.parse(entry!.payload)).toMatchObject({
    decision: 'share',
    recipients: [{ agency: 'Housing Trust' }],
    context: { channel: 'teams' },
    decidedBy: sam.name,
    decidedByUserId: sam.aadObjectId,
  });

  // A colleague with no part in Pat's records is told there is no such person, and the refusal is logged (need to know).
  const tim = teamsUser('Tim Unrelated');
  const refused = h.cardOf(await h.click(tim, 'consent.lookup', { caseReference: 'DCC-9', agency: 'Housing Trust' }));
  expect(visibleText(refused)).toContain('No person with case reference DCC-9 in your organisation.');
  const log = await h.app.deps.store.listAccessLog(h.tenantId, { personId: person.id, limit: 50 });
  expect(
    log.map((e) => `${e.userId === tim.aadObjectId ? 'tim' : 'sam'} ${e.action} ${e.surface} ${e.outcome}`),
  ).toEqual(
    expect.arrayContaining([
      'sam read-consent teams allowed',
      'sam record-decision teams allowed',
      'tim read-person teams refused',
    ]),
  );
});

test('"my escalations" and "team escalations" list open escalations with stage, deadline and next step', async () => {
  h = await startBotHarness({ now: '2026-11-25T10:00:00Z', packId: 'tameside' });
  await h.say(tess, 'hi');
  await h.app.deps.store.upsertDirectoryUser(
    { tenantId: h.tenantId, userId: sam.aadObjectId, displayName: sam.name, managerUserId: tess.aadObjectId },
    '2026-11-25T10:00:00Z',
  );
  await registerPerson(h.app.deps, caller(), { caseReference: 'ASC-5', displayName: 'Pat Example' });
  await h.click(sam, 'escalation.raise', {
    caseReference: 'ASC-5',
    myRole: 'Nurse',
    myAgency: 'Contoso',
    otherAgency: 'GP surgery',
    otherName: 'Dr Who',
    otherRole: 'GP',
    natureDetails: 'Disagree on discharge',
    outcomeSought: 'Joint visit',
    riskLevel: 'increasing',
    adultView: 'Wants to go home',
    adultViewBy: 'adult',
  });
  const [mine] = await h.say(sam, 'my escalations');
  expect(visibleText(cardIn(mine!))).toMatch(/ASC-5.*stage 1/);
  expect(visibleText(cardIn(mine!))).toContain('Next step: resolve, or escalate to Heads of Service');
  const [team] = await h.say(tess, 'team escalations');
  expect(visibleText(cardIn(team!))).toContain('ASC-5');
  const [others] = await h.say(teamsUser('Someone Else'), 'team escalations');
  expect(visibleText(cardIn(others!))).toContain('Nothing open.');
});

test('"tell my manager" (Speak Out, Operational Delivery 3): the report is recorded and reaches the line manager as a card in Teams', async () => {
  h = await startBotHarness({ packId: 'speak-out' });
  await h.say(tess, 'hi');
  await h.say(sam, 'hi');
  const [form] = await h.say(sam, 'tell my manager');
  expect(visibleText(cardIn(form!))).toContain('declared to the line manager'); // Speak Out's wording
  const noManager = h.cardOf(
    await h.click(sam, 'report.send', { kind: 'conflict-of-interest', details: 'My cousin is a client' }),
  );
  expect(visibleText(noManager)).toContain('Your line manager is not known yet');
  await h.app.deps.store.upsertDirectoryUser(
    { tenantId: h.tenantId, userId: sam.aadObjectId, displayName: sam.name, managerUserId: tess.aadObjectId },
    '2026-11-25T10:00:00Z',
  );
  const mark = h.connector.activities.length;
  const sent = h.cardOf(
    await h.click(sam, 'report.send', { kind: 'conflict-of-interest', details: 'My cousin is a client' }),
  );
  expect(visibleText(sent)).toContain(`Your report is recorded and goes to ${tess.name}`);
  // Kept, then delivered through the outbox: nothing is sent inside the click.
  expect(h.connector.activities.length).toBe(mark);
  expect(await h.product.scheduler.runOnce()).toMatchObject({ sent: 1 });
  const toTess = h.connector.activities
    .slice(mark)
    .filter((a) => a.conversationId === `a:personal;${tess.aadObjectId}`);
  expect(visibleText(cardIn(toTess[0]!))).toContain('A conflict of interest reported by Sam Practitioner');
});

test('an agreed action past its date reminds the practitioner, who can mark it done or raise an escalation from it', async () => {
  h = await startBotHarness({ now: '2026-11-25T10:00:00Z' });
  await registerPerson(h.app.deps, caller(), { caseReference: 'ASC-8', displayName: 'Pat Example' });
  await h.say(sam, 'hi');
  await h.click(sam, 'phone.log', {
    caseReference: 'ASC-8',
    date: '2026-11-25',
    time: '09:00',
    myRole: 'Nurse',
    otherName: 'Alex',
    otherRole: 'Officer',
    otherAgency: 'Housing Trust',
    concerns: 'Damp',
    consentBasis: 'Consent',
    action0Description: 'Send the survey',
    action0Owner: 'Alex',
    action0Due: '2026-11-26',
    action1Description: 'Call Pat',
    action1Owner: 'Sam',
    action1Due: '2026-11-26',
  });
  const mark = h.connector.activities.length;
  h.app.clock.set('2026-11-26T16:59:00Z');
  expect(await h.product.scheduler.runOnce()).toMatchObject({ claimed: 0 });
  h.app.clock.set('2026-11-26T17:00:00Z');
  expect(await h.product.scheduler.runOnce()).toMatchObject({ sent: 2 });
  const cards = h.connector.activities.slice(mark).map(cardIn);
  expect(cards.map((c) => visibleText(c))).toEqual([
    expect.stringContaining('Send the survey'),
    expect.stringContaining('Call Pat'),
  ]);
  const [survey, call] = cards.map((c) => /"actionId":"([^"]+)"/.exec(JSON.stringify(c))![1]!);

  const form = h.cardOf(await h.click(sam, 'action.escalate', { actionId: survey }));
  expect(verbsOf(form)).toEqual(['escalation.raise']);
  expect(JSON.stringify(form)).toContain('"value":"ASC-8"');
  expect(JSON.stringify(form)).toContain('Agreed action not done: Send the survey');
  expect(visibleText(h.cardOf(await h.click(sam, 'action.done', { actionId: call })))).toContain(
    '"Call Pat" is recorded as done.',
  );
  expect(visibleText(h.cardOf(await h.click(sam, 'action.done', { actionId: call })))).toContain('already done');
  expect(visibleText(h.cardOf(await h.click(sam, 'action.done', { actionId: randomUUID() })))).toContain(
    'No such agreed action',
  );
});

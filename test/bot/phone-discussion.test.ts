import { registerPerson } from '../../src/app/people/people-and-consent.js';
import { cardProblems } from '../helpers/adaptive-card-validator.js';
import { cardIn, startBotHarness, teamsUser, verbsOf, visibleText, type BotHarness } from '../helpers/bot-harness.js';

let h: BotHarness;
afterEach(() => h.close());

const sam = teamsUser('Sam Practitioner');

test('"log call" opens the form; submitting it stores the discussion and shows the confirmation email for review', async () => {
  h = await startBotHarness({ now: '2026-11-25T10:00:00Z' });
  const caller = { tenantId: h.tenantId, userId: sam.aadObjectId, name: sam.name };
  await registerPerson(h.app.deps, caller, { caseReference: 'ASC-42', displayName: 'Pat Example' });

  const [form] = await h.say(sam, 'log call');
  const formCard = cardIn(form!);
  expect(cardProblems(formCard)).toEqual([]);
  expect(verbsOf(formCard)).toEqual(['phone.log']);
  expect(JSON.stringify(formCard)).toContain('"2026-11-25"'); // today in London, prefilled

  const answer = await h.click(sam, 'phone.log', {
    caseReference: 'ASC-42',
    date: '2026-11-25',
    time: '09:30',
    myRole: 'Social worker',
    otherName: 'Alex Other',
    otherRole: 'Housing officer',
    otherAgency: 'Housing Trust',
    otherEmail: 'alex@housing.example',
    concerns: 'Damp in the flat is affecting breathing',
    consentBasis: 'Consent recorded 12 Nov',
    action0Description: 'Inspect the flat',
    action0Owner: 'Alex Other',
    action0Due: '2026-11-27',
  });
  const review = h.cardOf(answer);
  expect(cardProblems(review)).toEqual([]);
  const text = visibleText(review);
  expect(text).toContain('To: alex@housing.example');
  expect(text).toContain('Inspect the flat');
  expect(text).toContain('Damp in the flat');
  expect(text).toContain('Outlook drafts are not available here'); // local mode: no Graph, copy instead

  const actions = await h.app.database.db.selectFrom('agreed_actions').selectAll().execute();
  expect(actions).toMatchObject([
    { description: 'Inspect the flat', owner: 'Alex Other', due_on: '2026-11-27', remind_user_id: sam.aadObjectId },
  ]);
  const reminders = await h.app.deps.store.listReminders(h.tenantId, actions[0]!.id);
  expect(reminders.map((r) => [r.kind, r.dueAt])).toEqual([['action-overdue', '2026-11-27T17:00:00.000Z']]);
});

test('an action row without a date is refused with the form and a message, and nothing is stored', async () => {
  h = await startBotHarness();
  const answer = await h.click(sam, 'phone.log', {
    date: '2026-11-25',
    time: '09:30',
    myRole: 'Nurse',
    otherName: 'A',
    otherRole: 'B',
    otherAgency: 'C',
    concerns: 'x',
    consentBasis: 'y',
    action0Description: 'Do something',
  });
  expect(visibleText(h.cardOf(answer))).toContain('Agreed action 1 needs who will do it and by when.');
  expect(await h.app.database.db.selectFrom('phone_discussions').selectAll().execute()).toEqual([]);
});

test('help and unknown text answer with the list of commands, in plain text and as a card', async () => {
  h = await startBotHarness();
  const replies = await h.say(sam, 'what can you do');
  expect(replies[0]!.body.text).toContain('"log call"');
  const card = cardIn(replies[1]!);
  expect(cardProblems(card)).toEqual([]);
  expect(verbsOf(card)).toEqual([
    'list.work',
    'open.phone',
    'open.consent',
    'open.escalation',
    'list.mine',
    'list.team',
  ]);
  // Tameside's seed names no report to a line manager: Speak Out's kinds are not lent to it.
  expect(replies[0]!.body.text).not.toContain('tell my manager');
  const report = h.cardOf(await h.click(sam, 'open.report', {}));
  expect(visibleText(report)).toContain('The Tameside protocol names no report to a line manager');
  expect(JSON.stringify(report)).not.toContain('conflict-of-interest');
});

test('help lists "tell my manager" with the pack\'s own kinds where its seed names them (Speak Out)', async () => {
  h = await startBotHarness({ packId: 'speak-out' });
  const replies = await h.say(sam, 'what can you do');
  expect(replies[0]!.body.text).toContain(
    '"tell my manager" — A conflict of interest, harassment, an issue affecting several clients, an incident or a complaint',
  );
  expect(verbsOf(cardIn(replies[1]!))).toContain('open.report');
});

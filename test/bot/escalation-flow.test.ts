/**
 * A whole escalation through Teams, Stockport protocol (004_0dc7e94071fd648b.txt): raised by a
 * practitioner, escalated by managers along the manager chain, reminded across Christmas bank
 * holidays, resolved on the card, the Record of Escalation (Appendix Two) sent to the LSAB business
 * manager and the practitioner asked about a de-brief (s.4). Every message goes through the outbox:
 * nothing is sent inside a click, the sweeper delivers it. Plus the stale-card and wrong-user cases.
 */
import { registerPerson } from '../../src/app/people/people-and-consent.js';
import { cardProblems } from '../helpers/adaptive-card-validator.js';
import {
  cardIn,
  startBotHarness,
  teamsUser,
  verbsOf,
  visibleText,
  type BotHarness,
  type TeamsUser,
} from '../helpers/bot-harness.js';

let h: BotHarness;
afterEach(() => h.close());

const sam = teamsUser('Sam Practitioner');
const tess = teamsUser('Tess Teammanager');
const hugo = teamsUser('Hugo Seniormanager');
const bea = teamsUser('Bea Businessmanager');
const stranger = teamsUser('Stan Stranger');

async function setUp(): Promise<string> {
  h = await startBotHarness({ now: '2026-12-17T10:00:00Z', packId: 'stockport' });
  const { store } = h.app.deps;
  for (const u of [sam, tess, hugo, bea, stranger]) await h.say(u, 'hello'); // installs: conversation references stored
  const at = '2026-12-17T10:00:00Z';
  await store.upsertDirectoryUser(
    { tenantId: h.tenantId, userId: sam.aadObjectId, displayName: sam.name, managerUserId: tess.aadObjectId },
    at,
  );
  await store.upsertDirectoryUser(
    { tenantId: h.tenantId, userId: tess.aadObjectId, displayName: tess.name, managerUserId: hugo.aadObjectId },
    at,
  );
  await store.assignRole(h.tenantId, 'lsab-business-manager', bea.aadObjectId, at);
  const person = await registerPerson(
    h.app.deps,
    { tenantId: h.tenantId, userId: sam.aadObjectId, name: sam.name },
    { caseReference: 'SMBC-7', displayName: 'Pat Example', dateOfBirth: '1950-03-01' as never },
  );
  return person.id;
}

const raiseForm = {
  caseReference: 'SMBC-7',
  myRole: 'Social worker',
  myAgency: 'Stockport Adult Social Care',
  otherAgency: 'Stockport Homes',
  otherName: 'Alex Other',
  otherRole: 'Housing officer',
  otherEmail: 'alex@homes.example',
  natures: 'not-sharing-information',
  natureDetails: 'Repairs report withheld',
  outcomeSought: 'Share the repairs report',
  outcomeSoughtBy: '2026-12-23',
  riskLevel: 'standard',
  adultView: 'Wants the repairs done',
  adultViewBy: 'adult',
};

function escalationIdIn(card: unknown): string {
  const match = /"escalationId":"([0-9a-f-]{36})"/.exec(JSON.stringify(card));
  if (!match) throw new Error('no escalation id in card');
  return match[1]!;
}

async function cardsTo(user: TeamsUser, since: number) {
  return h.connector.activities
    .slice(since)
    .filter((a) => a.conversationId === `a:personal;${user.aadObjectId}`)
    .map(cardIn);
}

test('raise → escalate → escalate → reminders across Christmas → resolve → record to the Board → de-brief', async () => {
  await setUp();
  const raised = h.cardOf(await h.click(sam, 'escalation.raise', raiseForm));
  expect(cardProblems(raised)).toEqual([]);
  expect(visibleText(raised)).toContain('Stage: 1 of 5: Professional to professional');
  const id = escalationIdIn(raised);

  // Raising sends nothing inside the click; the sweeper then tells Tess (Sam's line manager) it is hers to act on.
  let mark = h.connector.activities.length;
  expect(h.connector.activities.length).toBe(mark);
  expect(await h.product.scheduler.runOnce()).toMatchObject({ claimed: 2, sent: 2 });
  const [ownerCard] = await cardsTo(tess, mark);
  expect(cardProblems(ownerCard)).toEqual([]);
  expect(visibleText(ownerCard)).toContain('For you to act on: escalation SMBC-7');
  expect(JSON.stringify(ownerCard)).not.toContain('Repairs report withheld');
  expect(await cardsTo(sam, mark)).toEqual([]); // the raiser is not told of their own act
  // Stockport s.5: a copy of each escalation notice goes to the LSAB Business Manager when it is issued.
  const [boardCopy] = await cardsTo(bea, mark);
  expect(cardProblems(boardCopy)).toEqual([]);
  expect(visibleText(boardCopy)).toContain('Escalation notice: SMBC-7, stage 1');

  // Stage 1: the same-working-day risk response (Stockport s.1) is due at 17:00; Tess is reminded.
  mark = h.connector.activities.length;
  h.app.clock.set('2026-12-17T17:00:00Z');
  expect(await h.product.scheduler.runOnce()).toMatchObject({ claimed: 1, sent: 1 });
  const [riskCard] = await cardsTo(tess, mark);
  expect(cardProblems(riskCard)).toEqual([]);
  expect(visibleText(riskCard)).toContain('Risk response due: escalation SMBC-7');
  expect(JSON.stringify(riskCard)).not.toContain('Pat Example'); // case reference only
  expect(JSON.stringify(riskCard)).not.toContain('Repairs report withheld');
  expect(riskCard!.refresh!.userIds).toEqual(expect.arrayContaining([tess.aadObjectId, sam.aadObjectId]));

  // Tess opens it through the refresh: details and the manager's buttons.
  const tessView = h.cardOf(await h.click(tess, 'escalation.refresh', { escalationId: id }));
  expect(visibleText(tessView)).toContain('Repairs report withheld');
  expect(cardProblems(tessView)).toEqual([]);
  // Every event the REST API accepts at this stage, the less frequent behind "More…".
  expect(verbsOf(tessView)).toEqual([
    'escalation.recordDiscussion',
    'escalation.escalate',
    'escalation.resolve',
    'escalation.addNote',
    'escalation.changeRisk',
    'escalation.withdraw',
  ]);
  // Stockport stage 1 is professional to professional: Sam may act too. A stranger sees neither details nor buttons.
  expect(verbsOf(h.cardOf(await h.click(sam, 'escalation.refresh', { escalationId: id })))).toContain(
    'escalation.escalate',
  );
  const strangerView = h.cardOf(await h.click(stranger, 'escalation.refresh', { escalationId: id }));
  expect(visibleText(strangerView)).not.toContain('Repairs report withheld');
  expect(verbsOf(strangerView)).toEqual([]);

  // Stage 2 (Sam → his line manager Tess), then stage 3 (Tess → hers, Hugo) on Friday 18 December.
  h.app.clock.set('2026-12-18T10:00:00Z');
  const stage2 = h.cardOf(
    await h.click(sam, 'escalation.escalate', {
      escalationId: id,
      version: 1,
      reason: 'The professionals could not agree',
    }),
  );
  expect(visibleText(stage2)).toContain('Stage: 2 of 5: Manager to manager');
  expect(visibleText(stage2)).toContain(`Escalated to: ${tess.name}`);
  const stage3 = h.cardOf(
    await h.click(tess, 'escalation.escalate', { escalationId: id, version: 2, reason: 'Still no agreement' }),
  );
  expect(visibleText(stage3)).toContain(`Escalated to: ${hugo.name}`);
  // 10 working days from Fri 18 Dec 2026, skipping 25 and 28 Dec and 1 Jan (bank holidays): Wed 6 Jan 2027, 17:00.
  expect(visibleText(stage3)).toContain('Stage: 3 of 5: Senior manager to senior manager');
  expect(visibleText(stage3)).toMatch(/Wed, 6 Jan 2027, 17:00/);

  // Stale cards: Hugo acts on a card from before stage 3 (version 2), Tess on her stage-2 card. Nothing changes; both are told.
  const stale = h.cardOf(await h.click(hugo, 'escalation.escalate', { escalationId: id, version: 2, reason: 'again' }));
  expect(visibleText(stale)).toContain('This card was out of date: someone had already acted on it.');
  expect(visibleText(stale)).toContain('Stage: 3 of 5');
  const notHers = h.cardOf(
    await h.click(tess, 'escalation.resolve', { escalationId: id, version: 2, summary: 'done' }),
  );
  expect(visibleText(notHers)).toContain(`Only ${hugo.name} can act on this escalation now. Nothing was changed.`);
  expect((await h.app.deps.store.getEscalation(h.tenantId, id))!.version).toBe(3);

  // Hugo, the new owner of stage 3, is told; the stage-2 notice to Tess lapsed (it had moved on) and is not sent.
  mark = h.connector.activities.length;
  expect(await h.product.scheduler.runOnce()).toMatchObject({ sent: 3, cancelled: 1 });
  expect((await cardsTo(hugo, mark)).map(visibleText).join()).toContain('For you to act on: escalation SMBC-7');
  // Both due in one sweep, whose workers run side by side: in no set order.
  expect((await cardsTo(bea, mark)).map((c) => visibleText(c).split('\n')[0]).sort()).toEqual([
    'Escalation notice: SMBC-7, stage 2',
    'Escalation notice: SMBC-7, stage 3',
  ]);
  expect(await cardsTo(tess, mark)).toEqual([]);

  // No reminder over Christmas; on 6 January at 09:00 the stage-3 manager is reminded.
  mark = h.connector.activities.length;
  h.app.clock.set('2026-12-29T12:00:00Z');
  expect(await h.product.scheduler.runOnce()).toMatchObject({ claimed: 0 });
  h.app.clock.set('2027-01-06T09:00:00Z');
  expect(await h.product.scheduler.runOnce()).toMatchObject({ sent: 1 });
  const [deadlineCard] = await cardsTo(hugo, mark);
  expect(visibleText(deadlineCard)).toContain('Deadline today: escalation SMBC-7');

  // Hugo resolves on the card.
  mark = h.connector.activities.length;
  const resolved = h.cardOf(
    await h.click(hugo, 'escalation.resolve', {
      escalationId: id,
      version: 3,
      summary: 'Report shared on 5 January',
      actionDescription: 'Repairs booked',
      actionOwner: 'Stockport Homes',
      actionDue: '2027-01-20',
    }),
  );
  expect(visibleText(resolved)).toContain('State: resolved');
  expect(verbsOf(resolved)).not.toContain('escalation.resolve');
  // The Record of Escalation (Appendix Two) is a record of the escalation, shown with its details.
  const [record] = await h.app.deps.store.listEscalationRecords(h.tenantId, id);
  expect(record!.body).toMatch(/Pat Example/);
  expect(record!.body).toContain('Report shared on 5 January');
  expect(visibleText(resolved)).toContain(record!.title);
  expect(h.connector.activities.length).toBe(mark); // nothing sent inside the click
  expect(await h.product.scheduler.runOnce()).toMatchObject({ sent: 2 });
  const [boardCard] = await cardsTo(bea, mark);
  expect(cardProblems(boardCard)).toEqual([]);
  expect(visibleText(boardCard)).toContain('Record of Escalation: SMBC-7');
  expect(visibleText(boardCard)).toContain('Report shared on 5 January'); // the copy carries the record itself
  expect(boardCard!.refresh!.userIds).toContain(bea.aadObjectId);
  const beaView = h.cardOf(await h.click(bea, 'escalation.refresh', { escalationId: id }));
  expect(visibleText(beaView)).toContain('Report shared on 5 January');
  const [debrief] = await cardsTo(sam, mark);
  expect(cardProblems(debrief)).toEqual([]);
  expect(verbsOf(debrief)).toEqual(['escalation.debrief']);
  const done = h.cardOf(
    await h.click(sam, 'escalation.debrief', {
      escalationId: id,
      held: 'true',
      notes: 'Useful',
      generalIssues: 'Repairs reports are slow',
    }),
  );
  expect(visibleText(done)).toContain('De-brief recorded');
  expect(visibleText(done)).toContain('go to the LSAB Business Manager');
  expect((await h.app.deps.store.getEscalation(h.tenantId, id))!.debrief).toMatchObject({
    held: true,
    generalIssues: 'Repairs reports are slow',
  });
  // Stockport s.4: "any general issues should be identified and referred to the LSAB Business Manager".
  mark = h.connector.activities.length;
  expect(await h.product.scheduler.runOnce()).toMatchObject({ sent: 1 });
  expect(visibleText((await cardsTo(bea, mark))[0])).toContain(
    'General issues from the de-brief of SMBC-7\nRepairs reports are slow',
  );

  // Sent reminders are recorded with their channel.
  const reminders = await h.app.deps.store.listReminders(h.tenantId, id);
  expect(
    reminders
      .filter((r) => r.status === 'sent')
      .map((r) => `${r.kind} via ${r.deliveredVia}`)
      .sort(),
  ).toEqual([
    'deadline-approaching via teams',
    'debrief-issues via teams',
    'debrief-prompt via teams',
    'notice-to-board via teams',
    'notice-to-board via teams',
    'notice-to-board via teams',
    'record-to-board via teams',
    'risk-response-due via teams',
    'stage-owner via teams',
    'stage-owner via teams',
  ]);
});

test('someone other than the responsible manager cannot act on the card, and nothing changes', async () => {
  await setUp();
  const id = escalationIdIn(h.cardOf(await h.click(sam, 'escalation.raise', raiseForm)));
  await h.click(sam, 'escalation.escalate', { escalationId: id, version: 1, reason: 'No agreement' }); // stage 2: Tess
  for (const [who, verb, data] of [
    [stranger, 'escalation.resolve', { summary: 'I say it is fine' }],
    [sam, 'escalation.escalate', { reason: 'Skip my manager' }],
  ] as const) {
    const answer = h.cardOf(await h.click(who, verb, { escalationId: id, version: 2, ...data }));
    expect(visibleText(answer)).toContain(`Only ${tess.name} can act on this escalation now. Nothing was changed.`);
  }
  const e = (await h.app.deps.store.getEscalation(h.tenantId, id))!;
  expect([e.state, e.stage, e.version]).toEqual(['open', 2, 2]);
});

/**
 * Stockport Multi-Agency Escalation Policy (004_0dc7e94071fd648b.txt): the same-working-day duty,
 * the lines of responsibility, the LSAB Business Manager's copies, the de-brief, the check-back of
 * agreed actions and the Record of Escalation (Appendix Two), acted through the use cases every
 * surface calls and delivered by the outbox. Clock: late November 2026.
 */
import { exportEscalationsCsv } from '../../src/app/reports/exports.js';
import { RISK_LEVELS } from '../../src/domain/protocol/pack-schema.js';
import { cardProblems } from '../helpers/adaptive-card-validator.js';
import { cardIn, visibleText } from '../helpers/bot-harness.js';
import { organisation, type Organisation } from './escalation-organisation.js';

let org: Organisation;
afterEach(() => org.close());

const PEOPLE = [
  { name: 'Sam Practitioner', manager: 'Lin Linemanager' },
  { name: 'Lin Linemanager', manager: 'Sue Seniormanager' },
  { name: 'Sue Seniormanager', manager: 'Dan Director' },
  { name: 'Dan Director' },
  { name: 'Hal Headofservice', roles: ['head-of-service'] },
  { name: 'Bea Businessmanager', roles: ['lsab-business-manager'] },
  { name: 'Cal Chair', roles: ['lsab-chair'] },
];
const start = async () => (org = await organisation('stockport', '2026-11-23T10:00:00Z', PEOPLE));

/** Raised by Sam, then escalated by Lin (stage 2) and Sue (stage 3): the senior managers' stage, Dan's. */
async function atStageThree() {
  let e = await org.raise('Sam Practitioner');
  e = await org.act('Lin Linemanager', e, { kind: 'escalate', reason: 'a' });
  return org.act('Sue Seniormanager', e, { kind: 'escalate', reason: 'b' });
}

test.each(RISK_LEVELS)(
  's.1: a concern is communicated "on the same working day" — at %s risk too',
  async (riskLevel) => {
    await start();
    const e = await org.raise('Sam Practitioner', { riskLevel, natures: ['not-sharing-information'] });
    expect(e.riskResponseDueAt).toBe('2026-11-23T17:00:00.000Z');
  },
);

test('s.1: the eight kinds of concern are examples: "something else", described, is accepted', async () => {
  await start();
  expect((await org.raise('Sam Practitioner', { natures: ['other'] })).natures).toEqual(['other']);
  expect((await org.raise('Sam Practitioner', { natures: [] })).state).toBe('open');
  await expect(org.raise('Sam Practitioner', { natures: ['made-up'] })).rejects.toThrow(/Unknown kind of disagreement/);
});

test('s.1: the person raising is clear "within what timescale they are seeking to achieve it" — raising without a date is refused, quoting s.1', async () => {
  await start();
  await expect(org.raise('Sam Practitioner', { outcomeSoughtBy: null })).rejects.toThrow(
    /Say by when the outcome is sought: "It is therefore important .* within what timescale .*" \(Stockport protocol, 1\. General Principles of Resolution\)/,
  );
  expect((await org.raise('Sam Practitioner', { outcomeSoughtBy: '2026-12-04' })).outcomeSoughtBy).toBe('2026-12-04');
});

test('stage three: the outcome "shared with all other agencies involved in the discussion / meeting" — each participant of another agency whose email is given, once each', async () => {
  await start();
  let e = await atStageThree();
  e = await org.act('Dan Director', e, {
    kind: 'record-discussion',
    heldAt: '2026-11-24T14:00:00.000Z',
    parties: [
      { name: 'Dan Director', role: 'Senior manager', agency: 'Adult Social Care', email: 'dan@asc.example' },
      { name: 'Jo Nurse', role: 'Senior nurse', agency: 'Community Health', email: 'jo@health.example' },
      { name: 'Alex Other', role: 'Housing officer', agency: 'Housing', email: 'ALEX@housing.example' },
      { name: 'Kim Police', role: 'Inspector', agency: 'Police' },
    ],
    notes: 'Meeting of all agencies',
  });
  await org.act('Dan Director', e, { kind: 'resolve', summary: 'Joint plan agreed', agreedActions: [] });
  const outcome = (await org.h.app.deps.store.listReminders(org.h.tenantId, e.id))
    .filter((r) => r.kind === 'outcome-to-other-agency')
    .map((r) => r.audienceEmail);
  // Our own agency's participant is not emailed; a participant without an email cannot be.
  expect(outcome).toEqual(['alex@housing.example', 'jo@health.example']);
});

test('s.5: a copy of each escalation notice goes to the LSAB Business Manager when it is issued', async () => {
  await start();
  const e = await org.raise('Sam Practitioner');
  expect(await org.messages()).toEqual(
    expect.arrayContaining([
      'Bea Businessmanager: Escalation notice: CASE-1, stage 1',
      'Lin Linemanager: For you to act on: escalation CASE-1',
    ]),
  );
  await org.act('Lin Linemanager', e, { kind: 'escalate', reason: 'Professionals could not agree' });
  expect(await org.messages()).toEqual(
    expect.arrayContaining(['Bea Businessmanager: Escalation notice: CASE-1, stage 2']),
  );
});

test('stage 3 "No longer than 10 working days", then stage 4: the relevant head of service, not the senior manager\'s line manager', async () => {
  await start();
  const e = await atStageThree();
  expect(e.stage).toBe(3);
  await org.messages();
  org.h.app.clock.set('2026-12-07T17:00:00Z'); // 10 working days from Monday 23 November
  await org.messages();
  const four = await org.current(e);
  expect(four.stage).toBe(4);
  expect(four.stages[3]!.escalatedTo).toBeUndefined();
  const told = await org.messages();
  expect(told).toContain('Hal Headofservice: For you to act on: escalation CASE-1');
  expect(told.some((m) => m.startsWith('Dan Director'))).toBe(false);
  // The head of service acts; the LSAB is not yet asked to (it has the s.5 copy of the notice only).
  expect(told).not.toContain('Bea Businessmanager: For you to act on: escalation CASE-1');
  await expect(
    org.act('Bea Businessmanager', four, { kind: 'resolve', summary: 'x', agreedActions: [] }),
  ).rejects.toThrow();
});

test('stage 4: the head of service may conclude it with dissatisfaction remaining (Appendix Two) — the LSAB Chair is for "significant policy issues"; stage 3 may not', async () => {
  await start();
  let e = await atStageThree();
  await expect(
    org.act('Dan Director', e, { kind: 'conclude-unresolved', summary: 'x', outstandingConcerns: 'y' }),
  ).rejects.toThrow();
  e = await org.act('Dan Director', e, { kind: 'escalate', reason: 'c' });
  await org.messages();
  const ended = await org.act('Hal Headofservice', e, {
    kind: 'conclude-unresolved',
    summary: 'No agreement on the repairs timetable',
    outstandingConcerns: 'Repairs still outstanding',
  });
  expect(ended).toMatchObject({ state: 'concluded-unresolved', stage: 4 });
  const [record] = await org.h.app.deps.store.listEscalationRecords(org.h.tenantId, e.id);
  expect(record!.body).toContain('Repairs still outstanding');
  expect(await org.messages()).toEqual(
    expect.arrayContaining([
      'Bea Businessmanager: Record of Escalation: CASE-1',
      'Sam Practitioner: De-brief for CASE-1',
    ]),
  );
});

test('stage 4 with nobody holding the head-of-service role: escalating is refused with what to do, nothing changed', async () => {
  org = await organisation(
    'stockport',
    '2026-11-23T10:00:00Z',
    PEOPLE.filter((p) => p.name !== 'Hal Headofservice'),
  );
  const e = await atStageThree();
  await expect(org.act('Dan Director', e, { kind: 'escalate', reason: 'c' })).rejects.toThrow(
    /Nobody holds the role Head of service \(or equivalent\) yet, so stage 4 \(Head of service\) would reach no one\. Ask your administrator .* Nothing was changed\./,
  );
  expect((await org.current(e)).stage).toBe(3);
});

test('Appendix One stage 4: "If still unresolved the escalation should be referred to the LSAB Chair" — through the Business Manager, both owning the last stage', async () => {
  await start();
  let e = await atStageThree();
  e = await org.act('Dan Director', e, { kind: 'escalate', reason: 'c' });
  expect(e.stage).toBe(4);
  await org.messages();
  e = await org.act('Hal Headofservice', e, { kind: 'escalate', reason: 'Significant policy issue' });
  expect(e.stage).toBe(5);
  expect(e.stages[4]!.escalatedTo).toBeUndefined(); // a Board stage: no line manager named
  const told = await org.messages();
  expect(told).toEqual(
    expect.arrayContaining([
      'Bea Businessmanager: For you to act on: escalation CASE-1',
      'Cal Chair: For you to act on: escalation CASE-1',
    ]),
  );
  expect(told.some((m) => m.startsWith('Hal Headofservice: For you to act on'))).toBe(false);
  // "who will determine the appropriate course of action": the Chair may end it either way.
  const ended = await org.act('Cal Chair', e, {
    kind: 'conclude-unresolved',
    summary: 'Referred to the policy sub-group',
    outstandingConcerns: 'Repairs policy',
  });
  expect(ended.state).toBe('concluded-unresolved');
});

test('s.4: the raiser is asked about a de-brief; its general issues are referred to the LSAB Business Manager', async () => {
  await start();
  const e = await org.raise('Sam Practitioner');
  await org.messages();
  const ended = await org.act('Lin Linemanager', e, { kind: 'resolve', summary: 'Report shared', agreedActions: [] });
  expect(await org.messages()).toEqual(
    expect.arrayContaining([
      'Sam Practitioner: De-brief for CASE-1',
      'Bea Businessmanager: Record of Escalation: CASE-1',
    ]),
  );
  await expect(org.act('Lin Linemanager', ended, { kind: 'record-debrief', held: true, notes: 'x' })).rejects.toThrow(
    /raised the escalation/,
  );
  await org.act('Sam Practitioner', ended, {
    kind: 'record-debrief',
    held: true,
    notes: 'Useful',
    generalIssues: 'Repairs reports are slow across agencies',
  });
  expect(await org.messages()).toEqual(['Bea Businessmanager: General issues from the de-brief of CASE-1']);
});

test('s.6: gaps in policies and procedures the de-brief names are brought to the attention of the Independent Chair of the SAB — not to the Business Manager', async () => {
  await start();
  const e = await org.raise('Sam Practitioner');
  const ended = await org.act('Lin Linemanager', e, { kind: 'resolve', summary: 'Agreed', agreedActions: [] });
  await org.messages();
  // The de-brief card asks for them, quoting s.6.
  const prompt = org.h.cardOf(
    await org.h.click(org.user('Sam Practitioner'), 'escalation.refresh', { escalationId: e.id }),
  );
  expect(cardProblems(prompt)).toEqual([]);
  expect(JSON.stringify(prompt)).toContain('Gaps in policies and procedures');
  expect(JSON.stringify(prompt)).toContain('6. Wider learning points or gaps in policies and procedures');
  const thanks = org.h.cardOf(
    await org.h.click(org.user('Sam Practitioner'), 'escalation.debrief', {
      escalationId: e.id,
      version: ended.version,
      held: 'true',
      notes: 'Useful',
      policyGaps: 'No procedure covers sharing repairs reports with the landlord',
    }),
  );
  expect(visibleText(thanks)).toContain(
    'The gaps in policies and procedures you noted go to the Chair of the Local Safeguarding Adults Board.',
  );
  expect((await org.current(e)).debrief?.policyGaps).toBe(
    'No procedure covers sharing repairs reports with the landlord',
  );
  expect(await org.messages()).toEqual(['Cal Chair: Gaps in policies and procedures, from the de-brief of CASE-1']);
});

test('s.6: a de-brief without gaps sends the Chair nothing', async () => {
  await start();
  const e = await org.raise('Sam Practitioner');
  const ended = await org.act('Lin Linemanager', e, { kind: 'resolve', summary: 'Agreed', agreedActions: [] });
  await org.messages();
  await org.act('Sam Practitioner', ended, { kind: 'record-debrief', held: false, notes: 'Not needed' });
  expect(await org.messages()).toEqual([]);
});

test('Appendix One: "Check back to ensure agreed actions have been fully implemented" — an agreed action of the resolution is followed up', async () => {
  await start();
  const e = await org.raise('Sam Practitioner');
  await org.act('Lin Linemanager', e, {
    kind: 'resolve',
    summary: 'Agreed',
    agreedActions: [{ description: 'Book the repairs', owner: 'Housing', dueOn: '2026-11-26' }],
  });
  await org.messages();
  org.h.app.clock.set('2026-11-26T17:00:00Z');
  expect(await org.messages()).toEqual(['Lin Linemanager: An agreed action is overdue']);
});

test('Appendix Two: a conclusion with dissatisfaction remaining produces the Record of Escalation with the outstanding concerns, dated in London time', async () => {
  await start();
  let e = await atStageThree();
  e = await org.act('Dan Director', e, { kind: 'escalate', reason: 'c' }); // stage 3's owner: Sue's line manager
  e = await org.act('Hal Headofservice', e, { kind: 'escalate', reason: 'd' }); // stage 4: the head of service
  expect(e.stage).toBe(5);
  org.h.app.clock.set('2026-11-30T23:30:00Z'); // 23:30 GMT is still 30 November in London
  await org.act('Bea Businessmanager', e, {
    kind: 'conclude-unresolved',
    summary: 'The LSAB Chair could not broker agreement',
    outstandingConcerns: 'Repairs still outstanding',
  });
  const [record] = await org.h.app.deps.store.listEscalationRecords(org.h.tenantId, e.id);
  expect(record!.body).toContain('Repairs still outstanding');
  expect(record!.body).toContain('2026-11-30');
  expect(record!.body).toContain('Pat Example');
  // The record is in the CSV export too, in full.
  let csv = '';
  for await (const row of exportEscalationsCsv(org.h.app.deps, org.h.tenantId)) csv += row;
  expect(csv.split('\r\n')[0]).toMatch(/,records$/);
  expect(csv).toContain('Record of Escalation (2026-11-30T23:30:00.000Z)');
  expect(csv).toContain('Repairs still outstanding');
});

test('stage three: lines of responsibility are not skipped "unless in exceptional circumstances", which are then recorded — on the card too', async () => {
  await start();
  const e = await org.raise('Sam Practitioner');
  await expect(org.act('Lin Linemanager', e, { kind: 'escalate', reason: 'Urgent', toStage: 3 })).rejects.toThrow(
    /unless in exceptional circumstances/,
  );
  const offered = org.h.cardOf(
    await org.h.click(org.user('Lin Linemanager'), 'escalation.refresh', { escalationId: e.id }),
  );
  expect(cardProblems(offered)).toEqual([]);
  expect(JSON.stringify(offered)).toContain('Only in exceptional circumstances');
  await org.h.click(org.user('Lin Linemanager'), 'escalation.escalate', {
    escalationId: e.id,
    version: e.version,
    reason: 'Urgent',
    toStage: '3',
    exceptionalCircumstances: 'The adult is to be evicted tomorrow and my manager is on leave',
  });
  const skipped = await org.current(e);
  expect(skipped.stage).toBe(3);
  expect(skipped.stages[1]).toMatchObject({
    number: 3,
    exceptionalCircumstances: 'The adult is to be evicted tomorrow and my manager is on leave',
  });
});

test('Appendix One: "Immediately feed agreed actions back to operational staff" — the raiser\'s card after the resolution carries the outcome and each agreed action', async () => {
  await start();
  const e = await org.raise('Sam Practitioner');
  await org.messages();
  await org.act('Lin Linemanager', e, {
    kind: 'resolve',
    summary: 'Housing will share the report',
    agreedActions: [{ description: 'Send the repairs report', owner: 'Housing', dueOn: '2026-11-25' }],
  });
  const mark = org.h.connector.activities.length;
  await org.messages();
  const toSam = org.h.connector.activities
    .slice(mark)
    .filter((a) => a.conversationId === `a:personal;${org.user('Sam Practitioner').aadObjectId}`)
    .map((a) => visibleText(cardIn(a)));
  expect(toSam).toHaveLength(1);
  expect(toSam[0]).toContain('Housing will share the report');
  expect(toSam[0]).toContain('Send the repairs report (Housing, by 2026-11-25)');
});

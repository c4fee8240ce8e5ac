/**
 * Tameside Escalation and Resolution Conversations Protocol (003_9f39807ed5a4a730.txt): the
 * pathway's owners, clocks and what stops them, acted through the use cases every surface calls
 * and delivered by the outbox. Clock: late November 2026 (England and Wales working days).
 */
import { organisation, type Organisation } from './escalation-organisation.js';

let org: Organisation;
afterEach(() => org.close());

const PEOPLE = [
  { name: 'Sam Practitioner', manager: 'Tess Teammanager' },
  { name: 'Tess Teammanager', manager: 'Hana Headofservice' },
  { name: 'Hana Headofservice', manager: 'Ada Assistantdirector' },
  { name: 'Ada Assistantdirector', manager: 'Dan Director' },
  { name: 'Dan Director' },
  { name: 'Bob Businessmanager', roles: ['board-business-manager'] },
];
const start = async () => (org = await organisation('tameside', '2026-11-23T10:00:00Z', PEOPLE)); // Monday

test('3.2 stage 1: the team manager owns it and is told; nobody else is (no Board copy, no de-brief: the seed has neither)', async () => {
  await start();
  const e = await org.raise('Sam Practitioner');
  expect(await org.messages()).toEqual(['Tess Teammanager: For you to act on: escalation CASE-1']);
  await org.act('Tess Teammanager', e, { kind: 'resolve', summary: 'Agreed', agreedActions: [] });
  expect(await org.messages()).toEqual([]);
});

test('2.3.3 increasing risk: communication within 48 hours; the reminder stops once the discussion is recorded', async () => {
  await start();
  const e = await org.raise('Sam Practitioner', { riskLevel: 'increasing' });
  expect(e.riskResponseDueAt).toBe('2026-11-25T10:00:00.000Z');
  expect(await org.pendingKinds(e)).toContain('risk-response-due 2026-11-25T10:00:00.000Z');
  await org.act('Tess Teammanager', e, {
    kind: 'record-discussion',
    heldAt: '2026-11-24T09:00:00.000Z',
    parties: [{ name: 'Tess Teammanager', role: 'Team manager', agency: 'ASC' }],
    notes: 'Spoke to housing',
  });
  expect(await org.pendingKinds(e)).not.toContain('risk-response-due 2026-11-25T10:00:00.000Z');
  await org.messages();
  org.h.app.clock.set('2026-11-25T10:00:00Z');
  expect(await org.messages()).toEqual([]);
});

test('2.3.3 imminent risk: a discussion the same working day; raising the risk later starts its own clock', async () => {
  await start();
  const e = await org.raise('Sam Practitioner');
  expect(e.riskResponseDueAt).toBeUndefined(); // Tameside sets no clock for standard risk
  org.h.app.clock.set('2026-11-23T15:00:00Z');
  const raised = await org.act('Tess Teammanager', e, {
    kind: 'change-risk',
    riskLevel: 'imminent',
    reason: 'Eviction notice served',
  });
  expect(raised.riskResponseDueAt).toBe('2026-11-23T17:00:00.000Z');
  await org.messages();
  org.h.app.clock.set('2026-11-23T17:00:00Z');
  expect(await org.messages()).toEqual(['Tess Teammanager: Risk response due: escalation CASE-1']);
});

test('3.2 stage 2: contact within 5 working days; the reminder stops once contact is recorded', async () => {
  await start();
  let e = await org.raise('Sam Practitioner');
  e = await org.act('Tess Teammanager', e, { kind: 'escalate', reason: 'Team managers could not agree' });
  expect(e.stages[1]!.escalatedTo?.name).toBe('Hana Headofservice');
  expect(await org.pendingKinds(e)).toContain('deadline-approaching 2026-11-30T09:00:00.000Z');
  e = await org.act('Hana Headofservice', e, {
    kind: 'record-discussion',
    heldAt: '2026-11-24T10:00:00.000Z',
    parties: [{ name: 'Hana Headofservice', role: 'Head of service', agency: 'ASC' }],
    notes: 'Called their head of service',
  });
  const pending = await org.pendingKinds(e);
  expect(pending.filter((k) => k.includes('2026-11-30'))).toEqual([]); // the 5-day contact clock has stopped
  expect(pending).toContain('stage-transfer 2026-12-07T17:00:00.000Z'); // the 10-day one runs on
});

test('3.2 stage 3: "If within 10 working days, a resolution has not been achieved then responsibility will transfer to the responsible Assistant Directors"', async () => {
  await start();
  let e = await org.raise('Sam Practitioner');
  e = await org.act('Tess Teammanager', e, { kind: 'escalate', reason: 'No agreement' });
  await org.messages();
  org.h.app.clock.set('2026-12-07T16:59:00Z');
  // No contact was recorded: the 5-day reminders went, and the 10-day one on its last morning
  // (all due by now, so sent in one sweep, whose workers run side by side: in no set order).
  expect((await org.messages()).sort()).toEqual([
    'Hana Headofservice: Deadline reached: escalation CASE-1',
    'Hana Headofservice: Deadline today: escalation CASE-1',
    'Hana Headofservice: Deadline today: escalation CASE-1',
  ]);
  org.h.app.clock.set('2026-12-07T17:00:00Z');
  await org.messages(); // the transfer
  const moved = await org.current(e);
  expect(moved.stage).toBe(3);
  expect(moved.stages[2]).toMatchObject({
    escalatedTo: { name: 'Ada Assistantdirector' },
    reason: expect.stringContaining('responsibility transfers to stage 3'),
  });
  expect(await org.messages()).toEqual(['Ada Assistantdirector: For you to act on: escalation CASE-1']);
  const history = await org.h.app.deps.store.escalationHistory(org.h.tenantId, e.id);
  expect(history.at(-1)).toMatchObject({
    kind: 'escalate',
    actor: { name: 'Tameside protocol timescale' },
    toStage: 3,
  });
});

test('3.2 stage 4: "If at any point risk escalates", straight to TASPB through the Business Manager, who owns it — not a line manager', async () => {
  await start();
  const e = await org.raise('Sam Practitioner');
  await org.messages();
  const board = await org.act('Tess Teammanager', e, {
    kind: 'escalate',
    reason: 'Eviction tomorrow',
    riskEscalated: true,
  });
  expect(board.stage).toBe(4);
  expect(board.stages[1]?.escalatedTo).toBeUndefined(); // not routed to Tess's line manager
  expect(await org.messages()).toEqual(['Bob Businessmanager: For you to act on: escalation CASE-1']);
  await expect(
    org.act('Hana Headofservice', board, { kind: 'resolve', summary: 'x', agreedActions: [] }),
  ).rejects.toThrow(/No such escalation|Only/);
  expect(
    (
      await org.act('Bob Businessmanager', board, {
        kind: 'resolve',
        summary: 'TASPB brokered agreement',
        agreedActions: [],
      })
    ).state,
  ).toBe('resolved');
});

test("3.2 stage 3 to 4: escalating to TASPB goes to the Business Manager, not the assistant director's line manager", async () => {
  await start();
  let e = await org.raise('Sam Practitioner');
  e = await org.act('Tess Teammanager', e, { kind: 'escalate', reason: 'a' });
  e = await org.act('Hana Headofservice', e, { kind: 'escalate', reason: 'b' });
  expect(e.stages[2]!.escalatedTo?.name).toBe('Ada Assistantdirector');
  e = await org.act('Ada Assistantdirector', e, { kind: 'escalate', reason: 'c' });
  expect(e.stage).toBe(4);
  expect(e.stages[3]!.escalatedTo).toBeUndefined();
  const owners = (await org.messages()).filter((m) => m.includes('For you to act on'));
  expect(owners.at(-1)).toBe('Bob Businessmanager: For you to act on: escalation CASE-1');
});

import { actOnEscalation, raiseEscalation } from '../../../src/app/escalations/escalations.js';
import { REMINDER_KINDS } from '../../../src/domain/escalation/escalation-reminders.js';
import type { RaiseEscalationRequest } from '../../../src/app/inputs.js';
import { registerPerson } from '../../../src/app/people/people-and-consent.js';
import type { Caller } from '../../../src/app/ports.js';
import { produceEscalationRecord } from '../../../src/domain/escalation/escalation-record.js';
import { ConflictError, TransitionError, ValidationError } from '../../../src/domain/shared/errors.js';
import { createTestApp, type TestApp } from '../../helpers/test-app.js';
import { isoDate } from '../../../src/domain/shared/time.js';

/** Deadline reminders, not the notices a transition writes to the outbox beside them. */
const isReminderKind = (kind: string) => (REMINDER_KINDS as readonly string[]).includes(kind);

let app: TestApp;
afterEach(() => app.destroy());

const practitioner = { name: 'Sam Practitioner', role: 'Social worker', agency: 'Adult Social Care', userId: 'u-sam' };
const otherContact = { name: 'Alex Other', role: 'Housing officer', agency: 'Housing Trust' };

async function setUp(packId: string, at: string): Promise<{ caller: Caller; personId: string }> {
  app = await createTestApp(at);
  const caller = await app.tenant(`${packId}-org`, packId, { userId: 'u-sam', name: 'Sam Practitioner' });
  const person = await registerPerson(app.deps, caller, {
    caseReference: 'CASE-42',
    displayName: 'Pat Example',
    dateOfBirth: '1950-03-01' as never,
  });
  return { caller, personId: person.id };
}

function raiseRequest(personId: string, overrides: Partial<RaiseEscalationRequest> = {}): RaiseEscalationRequest {
  return {
    personId,
    raiserRole: practitioner.role,
    raiserAgency: practitioner.agency,
    otherAgency: { name: 'Housing Trust', contact: otherContact },
    natures: [],
    natureDetails: 'Repairs that put the adult at risk are not being made',
    outcomeSought: 'Repairs within a week',
    outcomeSoughtBy: isoDate('2027-01-29'),
    riskLevel: 'standard',
    adultView: { kind: 'given', view: 'Wants the repairs done', by: 'adult' },
    ...overrides,
  };
}

describe('Tameside escalation (003_9f39807ed5a4a730.txt section 3) across Christmas and New Year', () => {
  test('stage 2 deadlines are 5 and 10 working days, skipping weekends and bank holidays', async () => {
    const { caller, personId } = await setUp('tameside', '2025-12-19T10:00:00Z');
    const raised = await raiseEscalation(app.deps, caller, raiseRequest(personId));
    expect(raised).toMatchObject({ state: 'open', stage: 1, version: 1 });
    const escalated = await actOnEscalation(app.deps, caller, raised.id, {
      kind: 'escalate',
      reason: 'Team managers could not agree',
    });
    const deadlines = escalated.stages.find((s) => s.number === 2)!.deadlines;
    // 22, 23, 24, 29, 30 Dec (25, 26 Dec bank holidays) → 30 Dec; then 31 Dec, 2, 5, 6, 7 Jan (1 Jan) → 7 Jan. 17:00 GMT.
    expect(deadlines.map((d) => [d.id, d.dueAt])).toEqual([
      ['contact-established', '2025-12-30T17:00:00.000Z'],
      ['resolution', '2026-01-07T17:00:00.000Z'],
    ]);
    const reminders = await app.deps.store.listReminders(caller.tenantId, raised.id);
    expect(
      reminders.filter((r) => r.status === 'pending' && isReminderKind(r.kind)).map((r) => [r.kind, r.dueAt]),
    ).toEqual([
      ['deadline-approaching', '2025-12-30T09:00:00.000Z'],
      ['deadline-reached', '2025-12-30T17:00:00.000Z'],
      ['deadline-approaching', '2026-01-07T09:00:00.000Z'],
      ['stage-transfer', '2026-01-07T17:00:00.000Z'], // Stage 3: "responsibility will transfer to the responsible Assistant Directors"
    ]);
  });

  test('skipping to the Board is refused unless risk has escalated, and a refusal records nothing', async () => {
    const { caller, personId } = await setUp('tameside', '2026-02-02T10:00:00Z');
    const raised = await raiseEscalation(app.deps, caller, raiseRequest(personId));
    const before = await app.deps.store.escalationHistory(caller.tenantId, raised.id);
    await expect(
      actOnEscalation(app.deps, caller, raised.id, { kind: 'escalate', reason: 'Go to the Board', toStage: 4 }),
    ).rejects.toThrow(TransitionError);
    expect(await app.deps.store.escalationHistory(caller.tenantId, raised.id)).toEqual(before);
    expect((await app.deps.store.getEscalation(caller.tenantId, raised.id))?.version).toBe(1);
    const board = await actOnEscalation(app.deps, caller, raised.id, {
      kind: 'escalate',
      reason: 'Adult now at imminent risk',
      toStage: 4,
      riskEscalated: true,
    });
    expect(board.stage).toBe(4);
  });

  test('imminent risk must be discussed the same working day; after 17:00 on a Friday that is Monday (2.3.3)', async () => {
    const { caller, personId } = await setUp('tameside', '2026-10-23T17:30:00Z'); // Fri 18:30 BST
    const raised = await raiseEscalation(app.deps, caller, raiseRequest(personId, { riskLevel: 'imminent' }));
    expect(raised.riskResponseDueAt).toBe('2026-10-26T17:00:00.000Z'); // Mon 17:00 GMT, after the clocks went back
    const reminders = await app.deps.store.listReminders(caller.tenantId, raised.id);
    expect(reminders.map((r) => r.kind)).toContain('risk-response-due');
  });

  test('increasing risk must be discussed within 48 hours (2.3.3), elapsed time across the clock change', async () => {
    const { caller, personId } = await setUp('tameside', '2026-10-24T09:00:00Z');
    const raised = await raiseEscalation(app.deps, caller, raiseRequest(personId, { riskLevel: 'increasing' }));
    expect(raised.riskResponseDueAt).toBe('2026-10-26T09:00:00.000Z');
  });

  test('resolving records the outcome and agreed actions, cancels pending reminders and keeps the whole history', async () => {
    const { caller, personId } = await setUp('tameside', '2026-03-02T10:00:00Z');
    const raised = await raiseEscalation(app.deps, caller, raiseRequest(personId));
    await actOnEscalation(app.deps, caller, raised.id, { kind: 'escalate', reason: 'No agreement' });
    await actOnEscalation(app.deps, caller, raised.id, {
      kind: 'record-discussion',
      heldAt: '2026-03-03T10:00:00Z',
      parties: [practitioner, otherContact],
      notes: 'Heads of service spoke',
    });
    const resolved = await actOnEscalation(app.deps, caller, raised.id, {
      kind: 'resolve',
      summary: 'Repairs booked',
      agreedActions: [{ description: 'Book repairs', owner: 'Housing Trust', dueOn: '2026-03-09' as never }],
    });
    expect(resolved).toMatchObject({
      state: 'resolved',
      outcome: { kind: 'resolved', summary: 'Repairs booked', stageAtConclusion: 2 },
    });
    const reminders = await app.deps.store.listReminders(caller.tenantId, raised.id);
    expect(reminders.filter((r) => isReminderKind(r.kind)).every((r) => r.status === 'cancelled')).toBe(true);
    expect((await app.deps.store.listAgreedActions(caller.tenantId, raised.id)).map((a) => a.description)).toEqual([
      'Book repairs',
    ]);
    const history = await app.deps.store.escalationHistory(caller.tenantId, raised.id);
    expect(history.map((h) => [h.kind, h.fromStage, h.toStage, h.toState])).toEqual([
      ['raise', null, 1, 'open'],
      ['escalate', 1, 2, 'open'],
      ['record-discussion', 2, 2, 'open'],
      ['resolve', 2, 2, 'resolved'],
    ]);
    await expect(actOnEscalation(app.deps, caller, raised.id, { kind: 'escalate', reason: 'again' })).rejects.toThrow(
      /resolved/,
    );
  });

  test('acting on a stale version (a second click on an old card) changes nothing', async () => {
    const { caller, personId } = await setUp('tameside', '2026-03-02T10:00:00Z');
    const raised = await raiseEscalation(app.deps, caller, raiseRequest(personId));
    await actOnEscalation(app.deps, caller, raised.id, { kind: 'add-note', text: 'first' }, raised.version);
    await expect(
      actOnEscalation(app.deps, caller, raised.id, { kind: 'add-note', text: 'stale' }, raised.version),
    ).rejects.toThrow(ConflictError);
    const stored = await app.deps.store.getEscalation(caller.tenantId, raised.id);
    expect(stored?.notes.map((n) => n.text)).toEqual(['first']);
  });

  test('another organisation cannot see or act on the escalation', async () => {
    const { caller, personId } = await setUp('tameside', '2026-03-02T10:00:00Z');
    const raised = await raiseEscalation(app.deps, caller, raiseRequest(personId));
    const outsider = await app.tenant('elsewhere', 'tameside');
    expect(await app.deps.store.getEscalation(outsider.tenantId, raised.id)).toBeUndefined();
    await expect(actOnEscalation(app.deps, outsider, raised.id, { kind: 'withdraw', reason: 'x' })).rejects.toThrow(
      /No such escalation/,
    );
  });
});

describe('Stockport escalation (004_0dc7e94071fd648b.txt)', () => {
  test("the adult's view must be recorded before escalating (section 3, Appendix One)", async () => {
    const { caller, personId } = await setUp('stockport', '2026-03-02T10:00:00Z');
    const nature = app.packs.get('stockport').escalation.disagreementNatures[0]!.id;
    await expect(
      raiseEscalation(app.deps, caller, raiseRequest(personId, { natures: [nature], adultView: undefined })),
    ).rejects.toThrow(ValidationError);
    expect(await app.deps.store.listEscalations(caller.tenantId)).toHaveLength(0);
  });

  test('stage 3 lasts no longer than 10 working days, and the Record of Escalation is produced at the end (Appendix Two)', async () => {
    const { caller, personId } = await setUp('stockport', '2026-03-30T09:00:00Z'); // Monday before Easter
    const nature = app.packs.get('stockport').escalation.disagreementNatures[1]!.id;
    const raised = await raiseEscalation(app.deps, caller, raiseRequest(personId, { natures: [nature] }));
    const manager = { name: 'Morgan Manager', role: 'Team manager', agency: 'Adult Social Care' };
    const senior = { name: 'Sky Senior', role: 'Service manager', agency: 'Adult Social Care' };
    await actOnEscalation(app.deps, caller, raised.id, {
      kind: 'escalate',
      reason: 'No agreement',
      escalatedBy: practitioner,
      escalatedTo: manager,
    });
    const stage3 = await actOnEscalation(app.deps, caller, raised.id, {
      kind: 'escalate',
      reason: 'Managers disagree',
      escalatedBy: manager,
      escalatedTo: senior,
    });
    // 31 Mar, 1, 2 Apr; 3 Apr Good Friday, 6 Apr Easter Monday; 7–10, 13–15 Apr → the 10th working day is 15 Apr, 17:00 BST.
    expect(stage3.stages.find((s) => s.number === 3)!.deadlines).toEqual([
      expect.objectContaining({ id: 'resolution', dueAt: '2026-04-15T16:00:00.000Z', onMissed: 'escalate' }),
    ]);
    app.clock.set('2026-04-10T12:00:00Z');
    const resolved = await actOnEscalation(app.deps, caller, raised.id, {
      kind: 'resolve',
      summary: 'Referral accepted',
      agreedActions: [{ description: 'Assessment visit', owner: 'Housing Trust', dueOn: '2026-04-17' as never }],
    });
    const record = produceEscalationRecord(app.packs.get('stockport'), resolved, {
      displayName: 'Pat Example',
      dateOfBirth: '1950-03-01',
    });
    expect(record?.body).toContain('Pat Example');
    expect(record?.body).toContain('1950-03-01');
    expect(record?.body).toContain('Morgan Manager, Team manager, Adult Social Care');
    expect(record?.body).toContain('Sky Senior, Service manager, Adult Social Care');
    expect(record?.body).toContain('2026-03-30');
    expect(record?.body).toContain('2026-04-10');
    expect(record?.body).toContain('Assessment visit');
  });
});

describe('ending an escalation (Stockport Appendix Two and section 4)', () => {
  test('concluding with dissatisfaction is allowed only at the final stage; a de-brief follows, once', async () => {
    const { caller, personId } = await setUp('speak-out', '2026-06-01T10:00:00Z');
    const raised = await raiseEscalation(app.deps, caller, raiseRequest(personId, { adultView: undefined }));
    await expect(
      actOnEscalation(app.deps, caller, raised.id, {
        kind: 'conclude-unresolved',
        summary: 'x',
        outstandingConcerns: 'y',
      }),
    ).rejects.toThrow(/final stage \(stage 2\)/);
    await expect(
      actOnEscalation(app.deps, caller, raised.id, { kind: 'record-debrief', held: true, notes: 'early' }),
    ).rejects.toThrow(/once the escalation has ended/);
    await actOnEscalation(app.deps, caller, raised.id, { kind: 'escalate', reason: 'Meeting did not resolve it' });
    const concluded = await actOnEscalation(app.deps, caller, raised.id, {
      kind: 'conclude-unresolved',
      summary: 'Mediation failed',
      outstandingConcerns: 'Repairs still outstanding',
    });
    expect(concluded.outcome).toMatchObject({
      kind: 'concluded-unresolved',
      outstandingConcerns: 'Repairs still outstanding',
      stageAtConclusion: 2,
    });
    const debriefed = await actOnEscalation(app.deps, caller, raised.id, {
      kind: 'record-debrief',
      held: true,
      notes: 'Relationship restored',
      generalIssues: 'Repair timescales',
    });
    expect(debriefed.debrief).toMatchObject({ held: true, generalIssues: 'Repair timescales', by: 'Sam Practitioner' });
    await expect(
      actOnEscalation(app.deps, caller, raised.id, { kind: 'record-debrief', held: true, notes: 'again' }),
    ).rejects.toThrow(/already been recorded/);
    expect(
      (await app.deps.store.listEscalations(caller.tenantId, { state: 'concluded-unresolved' })).map((e) => e.id),
    ).toEqual([raised.id]);
  });
});

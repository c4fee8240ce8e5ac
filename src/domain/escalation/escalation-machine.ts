/**
 * The escalation state machine. Pure: given a pack, a calendar, the current escalation and an
 * event, it returns the next escalation and the transition to record — or refuses, with a
 * `TransitionError` saying why. A refused event changes nothing and is recorded nowhere.
 */
import type { WorkingDayCalendar } from '../calendar/working-day-calendar.js';
import type { EscalationStage, ProtocolPack, RiskLevel, RiskResponse } from '../protocol/pack-schema.js';
import { TransitionError } from '../shared/errors.js';
import type { Escalation, StageDeadlineInstance, StageRecord } from './escalation.js';
import { currentStage, signingOrganisation } from './escalation.js';
import type { Actor, EscalationEvent, EscalationTransition } from './escalation-events.js';
import { assertNever } from '../shared/assert-never.js';

export interface MachineContext {
  readonly pack: ProtocolPack;
  readonly calendar: WorkingDayCalendar;
}

export type MachineResult =
  | { readonly kind: 'applied'; readonly escalation: Escalation; readonly transition: EscalationTransition }
  | { readonly kind: 'refused'; readonly error: TransitionError };

/**
 * Applies `event` at instant `at` by `actor`.
 * @example applyEscalationEvent(ctx, esc, { kind: 'escalate', reason: 'No agreement' }, actor, now)
 */
export function applyEscalationEvent(
  ctx: MachineContext,
  escalation: Escalation,
  event: EscalationEvent,
  actor: Actor,
  at: Date,
): MachineResult {
  const refusal = refusalFor(ctx.pack, escalation, event);
  if (refusal)
    return {
      kind: 'refused',
      error: new TransitionError(refusal, {
        escalationId: escalation.id,
        event: event.kind,
        state: escalation.state,
        stage: escalation.stage,
      }),
    };
  const next = { ...nextEscalation(ctx, escalation, event, actor, at), version: escalation.version + 1 };
  return { kind: 'applied', escalation: next, transition: transitionOf(escalation, next, event, actor, at) };
}

function refusalFor(pack: ProtocolPack, escalation: Escalation, event: EscalationEvent): string | undefined {
  const { state } = escalation;
  switch (event.kind) {
    case 'add-note':
      // A note may follow the end (the Record of Escalation, Stockport Appendix Two, is added after resolution).
      return undefined;
    case 'record-discussion':
    case 'change-risk':
    case 'resolve':
    case 'withdraw':
      return state === 'open' ? undefined : `This escalation is ${state}; it can no longer be changed that way.`;
    case 'conclude-unresolved':
      if (state !== 'open') return `This escalation is ${state}; it can no longer be concluded.`;
      return escalation.stage === lastStage(pack).number || stageOf(pack, escalation.stage).mayConcludeUnresolved
        ? undefined
        : `An escalation can be concluded unresolved only at its final stage (stage ${lastStage(pack).number}); escalate it instead.`;
    case 'escalate':
      return state === 'open'
        ? escalateRefusal(pack, escalation, event)
        : `This escalation is ${state}; it cannot be escalated.`;
    case 'record-signature': {
      const rule = pack.escalation.outcomeToOtherAgency;
      if (!rule?.signedByBoth)
        return `The ${pack.organisation.shortName} protocol does not ask for the agreement to be signed.`;
      if (state !== 'resolved') return 'Only an agreement reached (a resolved escalation) is signed.';
      return (escalation.signatures ?? []).some((s) => s.side === event.side)
        ? `${event.side === 'ours' ? 'Our' : "The other organisation's"} signature is already recorded.`
        : undefined;
    }
    case 'record-debrief':
      if (state === 'open' || state === 'withdrawn') return 'A de-brief is recorded once the escalation has ended.';
      return escalation.debrief ? 'A de-brief has already been recorded for this escalation.' : undefined;
    default:
      return assertNever(event, 'escalation event');
  }
}

function escalateRefusal(
  pack: ProtocolPack,
  escalation: Escalation,
  event: Extract<EscalationEvent, { kind: 'escalate' }>,
): string | undefined {
  const target = event.toStage ?? escalation.stage + 1;
  const stage = pack.escalation.stages.find((s) => s.number === target);
  if (!stage) return `Stage ${escalation.stage} is the final stage of this protocol; there is no stage ${target}.`;
  if (event.mediator && !stage.allowsMediation)
    return `Stage ${target} of the ${pack.organisation.shortName} protocol is not a referral to independent mediation.`;
  if (event.mediator && !event.mediator.email)
    return "Give the independent mediator's email address, so the referral can reach them.";
  if (target <= escalation.stage)
    return `The escalation is already at stage ${escalation.stage}; it cannot go back to stage ${target}.`;
  if (target === escalation.stage + 1) return undefined;
  // Stages are not skipped (Stockport stage 3: "incremental and not skip lines of responsibility"),
  // except where the pack lets escalating risk go straight to a stage (Tameside stage 4).
  if (stage.enterOnRiskEscalation && event.riskEscalated) return undefined;
  if (pack.escalation.exceptionalSkip && event.exceptionalCircumstances?.trim()) return undefined;
  if (pack.escalation.exceptionalSkip)
    return `Stages are not skipped "unless in exceptional circumstances" (${pack.escalation.exceptionalSkip.citation.section}): say what they are, or escalate to stage ${escalation.stage + 1}.`;
  return stage.enterOnRiskEscalation
    ? `Stage ${target} can be reached directly only when risk has escalated; say so, or escalate to stage ${escalation.stage + 1}.`
    : `Stages cannot be skipped: escalate to stage ${escalation.stage + 1} first.`;
}

function nextEscalation(
  ctx: MachineContext,
  esc: Escalation,
  event: EscalationEvent,
  actor: Actor,
  at: Date,
): Escalation {
  const when = at.toISOString();
  switch (event.kind) {
    case 'record-discussion': {
      const next = withCurrentStage(esc, (s) => ({
        ...s,
        discussions: [...s.discussions, { heldAt: event.heldAt, parties: event.parties, notes: event.notes }],
      }));
      // Tameside 2.3.3: the communication the risk asks for is held; its reminders stop.
      return esc.riskResponseDueAt && !esc.riskResponseMetAt ? { ...next, riskResponseMetAt: when } : next;
    }
    case 'add-note':
      return { ...esc, notes: [...esc.notes, { at: when, by: actor.name, text: event.text }] };
    case 'change-risk':
      // A new level starts its own clock (Tameside 2.3.3), whatever was met before.
      return {
        ...esc,
        riskLevel: event.riskLevel,
        riskResponseDueAt: riskResponseDue(ctx, event.riskLevel, at),
        riskResponseMetAt: undefined,
      };
    case 'escalate': {
      const target = event.toStage ?? esc.stage + 1;
      const stage = stageOf(ctx.pack, target);
      const skipped = target > esc.stage + 1 && !(stage.enterOnRiskEscalation && event.riskEscalated);
      const record = startStage(ctx, stage, at, {
        escalatedBy: event.escalatedBy,
        escalatedTo: event.escalatedTo,
        reason: event.reason,
        ...(skipped && event.exceptionalCircumstances
          ? { exceptionalCircumstances: event.exceptionalCircumstances.trim() }
          : {}),
        ...(event.mediator ? { mediator: event.mediator } : {}),
      });
      return { ...esc, stage: target, stages: [...esc.stages, record] };
    }
    case 'resolve':
      return {
        ...esc,
        state: 'resolved',
        outcome: {
          kind: 'resolved',
          at: when,
          by: actor.name,
          summary: event.summary,
          agreedActions: event.agreedActions,
          stageAtConclusion: esc.stage,
        },
      };
    case 'conclude-unresolved':
      return {
        ...esc,
        state: 'concluded-unresolved',
        outcome: {
          kind: 'concluded-unresolved',
          at: when,
          by: actor.name,
          summary: event.summary,
          agreedActions: [],
          outstandingConcerns: event.outstandingConcerns,
          stageAtConclusion: esc.stage,
        },
      };
    case 'withdraw':
      return {
        ...esc,
        state: 'withdrawn',
        outcome: {
          kind: 'withdrawn',
          at: when,
          by: actor.name,
          summary: event.reason,
          agreedActions: [],
          stageAtConclusion: esc.stage,
        },
      };
    case 'record-signature': {
      const signature = {
        side: event.side,
        organisation: signingOrganisation(esc, event.side),
        name: event.name,
        role: event.role,
        signedOn: event.signedOn,
        recordedBy: actor.name,
        recordedAt: when,
      };
      return { ...esc, signatures: [...(esc.signatures ?? []), signature] };
    }
    case 'record-debrief':
      return {
        ...esc,
        debrief: {
          at: when,
          by: actor.name,
          held: event.held,
          notes: event.notes,
          generalIssues: event.generalIssues,
          // Asked only where the pack's seed routes them (Stockport s.6); elsewhere not kept.
          policyGaps: ctx.pack.escalation.policyGaps ? event.policyGaps : undefined,
        },
      };
    default:
      return assertNever(event, 'escalation event');
  }
}

/** Starts a stage: its deadlines are counted in working days from now (pack `deadlines`). */
export function startStage(
  ctx: MachineContext,
  stage: EscalationStage,
  at: Date,
  extra: Pick<StageRecord, 'escalatedBy' | 'escalatedTo' | 'reason' | 'exceptionalCircumstances' | 'mediator'> = {},
): StageRecord {
  const deadlines: StageDeadlineInstance[] = stage.deadlines.map((d) => ({
    id: d.id,
    label: d.label,
    onMissed: d.onMissed,
    metBy: d.metBy,
    dueAt: ctx.calendar.workingDaysDeadline(at, d.workingDays).toISOString(),
  }));
  return { number: stage.number, startedAt: at.toISOString(), deadlines, discussions: [], ...extra };
}

/** The pack's risk response for `level`: the one for that level, else the one for any level. */
export function riskResponseFor(pack: ProtocolPack, level: RiskLevel): RiskResponse | undefined {
  return pack.riskResponses.find((r) => r.level === level) ?? pack.riskResponses.find((r) => r.level === 'any');
}

/** When the pack's risk response for `level` falls due, counted from `at` (Tameside 2.3.3). */
export function riskResponseDue(ctx: MachineContext, level: RiskLevel, at: Date): string | undefined {
  const rule = riskResponseFor(ctx.pack, level);
  if (!rule) return undefined;
  const due =
    rule.limit.kind === 'within-hours'
      ? ctx.calendar.withinHoursDeadline(at, rule.limit.hours)
      : ctx.calendar.sameWorkingDayDeadline(at);
  return due.toISOString();
}

/** The stage is owned by the holders of its roles, never routed through line management (a Board stage, the Head of the Safeguarding Unit). */
export function ownedByRoles(stage: EscalationStage): boolean {
  return stage.isBoard || stage.ownedByRoleHolders;
}

export function stageOf(pack: ProtocolPack, number: number): EscalationStage {
  const stage = pack.escalation.stages.find((s) => s.number === number);
  if (!stage)
    throw new TransitionError(`The ${pack.organisation.shortName} protocol has no stage ${number}.`, {
      packId: pack.id,
      stage: number,
    });
  return stage;
}

function lastStage(pack: ProtocolPack): EscalationStage {
  return stageOf(pack, pack.escalation.stages.length);
}

function withCurrentStage(esc: Escalation, change: (s: StageRecord) => StageRecord): Escalation {
  const current = currentStage(esc);
  return { ...esc, stages: esc.stages.map((s) => (s === current ? change(s) : s)) };
}

function transitionOf(
  before: Escalation,
  after: Escalation,
  event: EscalationEvent,
  actor: Actor,
  at: Date,
): EscalationTransition {
  return {
    escalationId: before.id,
    kind: event.kind,
    at: at.toISOString(),
    actor,
    fromState: before.state,
    toState: after.state,
    fromStage: before.stage,
    toStage: after.stage,
    payload: event,
  };
}

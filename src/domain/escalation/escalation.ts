/**
 * The escalation aggregate: one unresolved disagreement between agencies about an adult at
 * risk, moving through the stages of its organisation's pack (Tameside s.3, Stockport s.2,
 * Durham "Escalation Policy", Speak Out / seAp "Disputes between Agencies").
 */
import type { RiskLevel } from '../protocol/pack-schema.js';
import type { IsoDate } from '../shared/time.js';

export const ESCALATION_STATES = ['open', 'resolved', 'concluded-unresolved', 'withdrawn'] as const;
export type EscalationState = (typeof ESCALATION_STATES)[number];

/** A professional taking part: named, with role and agency (Stockport Appendix Two "name, role, agency"). */
export interface Party {
  readonly name: string;
  readonly role: string;
  readonly agency: string;
  readonly email?: string | undefined;
  /** Directory id (Entra object id) when known, so reminders can reach the person in Teams. */
  readonly userId?: string | undefined;
}

export interface AgreedAction {
  readonly description: string;
  readonly owner: string;
  readonly dueOn: IsoDate;
}

/** The adult's (or their representative's) view, asked before escalating (Stockport s.3, Appendix One). */
export type AdultView =
  | { readonly kind: 'given'; readonly view: string; readonly by: 'adult' | 'representative' }
  | { readonly kind: 'not-asked'; readonly reason: string };

export interface Discussion {
  readonly heldAt: string;
  readonly parties: readonly Party[];
  readonly notes: string;
}

export interface StageDeadlineInstance {
  readonly id: string;
  readonly label: string;
  readonly dueAt: string;
  readonly onMissed: 'remind' | 'escalate';
  readonly metBy?: 'discussion' | undefined;
}

export interface StageRecord {
  readonly number: number;
  readonly startedAt: string;
  readonly escalatedBy?: Party | undefined;
  readonly escalatedTo?: Party | undefined;
  readonly reason?: string | undefined;
  /** The independent mediator the dispute was referred to (Speak Out, seAp). */
  readonly mediator?: Party | undefined;
  /** The exceptional circumstances recorded when lines of responsibility were skipped (Stockport stage three). */
  readonly exceptionalCircumstances?: string | undefined;
  readonly deadlines: readonly StageDeadlineInstance[];
  readonly discussions: readonly Discussion[];
}

export interface EscalationOutcome {
  readonly kind: 'resolved' | 'concluded-unresolved' | 'withdrawn';
  readonly at: string;
  readonly by: string;
  readonly summary: string;
  readonly agreedActions: readonly AgreedAction[];
  /** Outstanding concerns when dissatisfaction remains (Stockport Appendix Two). */
  readonly outstandingConcerns?: string | undefined;
  readonly stageAtConclusion: number;
}

export interface Debrief {
  readonly at: string;
  readonly by: string;
  readonly held: boolean;
  readonly notes: string;
  /** General issues referred to the Board's business manager (Stockport s.4). */
  readonly generalIssues?: string | undefined;
  /** Gaps in policies and procedures brought to the Independent Chair's attention (Stockport s.6). */
  readonly policyGaps?: string | undefined;
}

/** One organisation's signature of the agreement reached (Speak Out, seAp: "signed by both organisations"). */
export interface AgreementSignature {
  readonly side: 'ours' | 'theirs';
  readonly organisation: string;
  readonly name: string;
  readonly role: string;
  readonly signedOn: IsoDate;
  readonly recordedBy: string;
  readonly recordedAt: string;
}

export interface Note {
  readonly at: string;
  readonly by: string;
  readonly text: string;
}

/** What the person raising an escalation says about it: the fields the protocols ask for. */
export interface EscalationDetails {
  readonly id: string;
  readonly tenantId: string;
  readonly personId: string;
  readonly raisedBy: Party;
  readonly otherAgency: { readonly name: string; readonly contact: Party };
  /** Ids from the pack's `disagreementNatures` (Stockport s.1), or empty when the pack lists none. */
  readonly natures: readonly string[];
  /** "Clear in respect of what they are escalating" (Stockport s.1). */
  readonly natureDetails: string;
  /** "What they feel the outcome should be and within what timescale" (Stockport s.1). */
  readonly outcomeSought: string;
  readonly outcomeSoughtBy?: IsoDate | undefined;
  readonly riskLevel: RiskLevel;
  readonly adultView?: AdultView | undefined;
  /** The stage-1 (practitioner or team manager) discussion already held, if any. */
  readonly stage1Discussion?: Discussion | undefined;
  /** The specific process it follows (Stockport s.3), with the answers to the process's questions. */
  readonly process?: EscalationProcess | undefined;
}

export interface EscalationProcess {
  /** Id of one of the pack's `escalation.specificProcesses`. */
  readonly id: string;
  readonly answers: Readonly<Record<string, string>>;
}

/**
 * Timestamps are ISO-8601 strings so the aggregate round-trips through JSON storage unchanged.
 */
export interface Escalation extends EscalationDetails {
  readonly packId: string;
  /** When the pack's risk response for this level falls due (Tameside 2.3.3). */
  readonly riskResponseDueAt?: string | undefined;
  /**
   * When the risk response was given: the first discussion recorded after the risk was set
   * (Tameside 2.3.3: the communication is held). Its reminders stop then.
   */
  readonly riskResponseMetAt?: string | undefined;
  readonly state: EscalationState;
  readonly stage: number;
  readonly stages: readonly StageRecord[];
  readonly notes: readonly Note[];
  readonly openedAt: string;
  readonly outcome?: EscalationOutcome | undefined;
  readonly debrief?: Debrief | undefined;
  /** The signatures of the agreement, where the pack asks both organisations to sign it. */
  readonly signatures?: readonly AgreementSignature[] | undefined;
  /** Incremented on every change; a change made against an older version is refused. */
  readonly version: number;
}

/** The current stage's record (always present: stages holds every stage entered so far). */
export function currentStage(escalation: Escalation): StageRecord {
  const record = escalation.stages.find((s) => s.number === escalation.stage);
  if (!record) throw new Error(`escalation ${escalation.id} has no record for its stage ${escalation.stage}`);
  return record;
}

/** The earliest deadline of the current stage still ahead of the escalation, if open. */
export function nextDeadline(escalation: Escalation): StageDeadlineInstance | undefined {
  if (escalation.state !== 'open') return undefined;
  const stage = currentStage(escalation);
  return stage.deadlines.filter((d) => !deadlineMet(stage, d)).sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0];
}

/** Whether a stage's deadline has been met while the stage is still running (a discussion held, where that meets it). */
export function deadlineMet(stage: StageRecord, deadline: StageDeadlineInstance): boolean {
  return deadline.metBy === 'discussion' && stage.discussions.length > 0;
}

/** Both organisations have signed the agreement: it "remains binding upon them" (Speak Out, seAp). */
export function agreementBinding(escalation: Escalation): boolean {
  const sides = new Set((escalation.signatures ?? []).map((s) => s.side));
  return sides.has('ours') && sides.has('theirs');
}

/** The organisation that signs for `side`: the raiser's agency, or the other agency. */
export function signingOrganisation(escalation: Escalation, side: AgreementSignature['side']): string {
  return side === 'ours' ? escalation.raisedBy.agency : escalation.otherAgency.name;
}

/** The sides whose signature is still to be recorded, each with its organisation's name. */
export function unsignedSides(escalation: Escalation): (readonly [AgreementSignature['side'], string])[] {
  return (['ours', 'theirs'] as const)
    .filter((side) => !(escalation.signatures ?? []).some((s) => s.side === side))
    .map((side) => [side, signingOrganisation(escalation, side)] as const);
}

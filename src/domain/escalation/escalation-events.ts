/**
 * Everything that can happen to an escalation after it is raised. Each event is a value; the
 * state machine (`escalation-machine.ts`) decides whether it is allowed.
 */
import type { RiskLevel } from '../protocol/pack-schema.js';
import type { AgreedAction, Party } from './escalation.js';
import type { IsoDate } from '../shared/time.js';

export type EscalationEvent =
  /** A stage's discussion was held (Tameside s.3 "direct discussion"; Stockport stage 3 meeting). */
  | {
      readonly kind: 'record-discussion';
      readonly heldAt: string;
      readonly parties: readonly Party[];
      readonly notes: string;
    }
  | { readonly kind: 'add-note'; readonly text: string }
  /**
   * Move to the next stage, or straight to a stage the pack lets risk escalation reach
   * (Tameside stage 4 "If at any point risk escalates").
   */
  | {
      readonly kind: 'escalate';
      readonly reason: string;
      readonly toStage?: number | undefined;
      readonly riskEscalated?: boolean | undefined;
      /** The independent mediator it is referred to, outside the organisation (Speak Out, seAp stage 2). */
      readonly mediator?: Party | undefined;
      /** Why stages are skipped, where the pack allows it "in exceptional circumstances" (Stockport stage three). */
      readonly exceptionalCircumstances?: string | undefined;
      /** Who escalates (Stockport Appendix Two "escalated by: name, role, agency"). */
      readonly escalatedBy?: Party | undefined;
      readonly escalatedTo?: Party | undefined;
    }
  | { readonly kind: 'change-risk'; readonly riskLevel: RiskLevel; readonly reason: string }
  | { readonly kind: 'resolve'; readonly summary: string; readonly agreedActions: readonly AgreedAction[] }
  /** Escalation ends with dissatisfaction remaining (Stockport Appendix Two). */
  | { readonly kind: 'conclude-unresolved'; readonly summary: string; readonly outstandingConcerns: string }
  | { readonly kind: 'withdraw'; readonly reason: string }
  /** One organisation's signature of the agreement (Speak Out, seAp: "signed by both organisations"). */
  | {
      readonly kind: 'record-signature';
      readonly side: 'ours' | 'theirs';
      readonly name: string;
      readonly role: string;
      readonly signedOn: IsoDate;
    }
  /** De-brief after the dispute (Stockport s.4). */
  | {
      readonly kind: 'record-debrief';
      readonly held: boolean;
      readonly notes: string;
      readonly generalIssues?: string | undefined;
      /** Gaps in policies and procedures, for the Independent Chair (Stockport s.6). */
      readonly policyGaps?: string | undefined;
    };

export type EscalationEventKind = EscalationEvent['kind'] | 'raise';

/** Who acts and when: every transition is attributed. */
export interface Actor {
  readonly id: string;
  readonly name: string;
}

/** One line of an escalation's history, kept for ever. */
export interface EscalationTransition {
  readonly escalationId: string;
  readonly kind: EscalationEventKind;
  readonly at: string;
  readonly actor: Actor;
  readonly fromState: string | null;
  readonly toState: string;
  readonly fromStage: number | null;
  readonly toStage: number;
  readonly payload: unknown;
}

/**
 * The shapes of a sharing decision: the proposal, its basis, the facts it is checked against, and
 * the record written to the decision log (sharing-decision.ts decides).
 */
import type { ConsentAnswer } from '../consent/consent.js';
import type { Citation } from '../protocol/pack-schema.js';
import type { MessageFingerprint } from './message-cover.js';

export type SharingBasis =
  | { readonly kind: 'consent'; readonly consentRecordId: string }
  | { readonly kind: 'exception'; readonly exceptionId: string }
  /**
   * HM Government guidance 3.42 grounds (Durham), with the 3.43 question answered; when the answer
   * is yes, sharing needs `capacitatedAdultJustification` ("may not be justifiable").
   */
  | {
      readonly kind: 'public-interest';
      readonly groundIds: readonly string[];
      readonly capacitatedAdultRiskToSelfOnly: boolean;
      readonly capacitatedAdultJustification?: string | undefined;
    }
  /** A lawful basis the sharing pack does not give, named and justified; listed for the IG lead. */
  | { readonly kind: 'outside-protocol'; readonly name: string; readonly justification: string }
  | { readonly kind: 'none' };

export interface Recipient {
  readonly name: string;
  readonly agency: string;
  readonly email?: string | undefined;
}

export interface SharingProposal {
  readonly decision: 'share' | 'not-share';
  readonly personId: string;
  readonly basis: SharingBasis;
  /** What is (or would have been) shared. */
  readonly information: string;
  readonly recipients: readonly Recipient[];
  readonly purpose: string;
  readonly reasons: string;
  /** Who was involved in the decision (Durham, Collaborative Working rule 7). */
  readonly involved: readonly string[];
  /** Ids of the sharing pack's proportionality rules the sharer confirms (those with a `confirm`). */
  readonly confirmed?: readonly string[] | undefined;
  readonly decidedBy: string;
  /** The decider's user id (Entra object id), so the record names them unambiguously; absent in entries written before it was kept. */
  readonly decidedByUserId?: string | undefined;
  /**
   * Where the decision came from (e.g. the Outlook message it was made for), for the audit trail;
   * `message` is that email's fingerprint, which the on-send check compares (message-cover.ts).
   */
  readonly context?:
    | {
        readonly channel: 'outlook' | 'teams' | 'web' | 'cli';
        readonly reference?: string | undefined;
        readonly message?: MessageFingerprint | undefined;
      }
    | undefined;
}

export interface BlockReason {
  readonly code: string;
  readonly message: string;
  readonly citation?: Citation | undefined;
}

/** The content of one decision-log entry: exactly what was decided, on what basis, by whom. */
export interface DecisionRecord extends SharingProposal {
  readonly packId: string;
  readonly decidedAt: string;
  /** The exception's or grounds' exact wording at decision time, so the record stands alone. */
  readonly basisWording: readonly string[];
  /** Each recipient agency's consent as the register answered it, when consent was the basis. */
  readonly consentChecked?:
    | readonly {
        readonly agency: string;
        readonly answer: ConsentAnswer['kind'];
        readonly consentRecordId?: string | undefined;
      }[]
    | undefined;
  /** Warnings the sharer went ahead with, with the justification in the basis (3.43; a basis outside the protocol). */
  readonly justifiedWarnings?: readonly BlockReason[] | undefined;
}

/** What the register and the person's record say, for the decision. */
export interface SharingFacts {
  /** The consent register's answer for each recipient agency (each checked on its own). */
  readonly consents: readonly { readonly agency: string; readonly answer: ConsentAnswer }[];
  /** From the person's date of birth, when recorded (Durham 3.30 presumption of capacity from 16). */
  readonly ageInYears?: number | undefined;
}

export type SharingOutcome =
  | { readonly kind: 'allowed'; readonly record: DecisionRecord }
  | { readonly kind: 'blocked'; readonly reasons: readonly BlockReason[] };

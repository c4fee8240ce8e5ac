/**
 * Deciding whether to share a person's information with another agency, and what the record of
 * that decision must hold (Durham, Eight Golden Rules for Information Sharing, rule 8: "Keep a
 * record of your decision and the reasons for it – whether it is to share information or not. If
 * you decide to share, then record what you have shared, with whom and for what purpose.").
 *
 * Expected outcomes are values: `decideSharing` returns `allowed` (with the entry to record) or
 * `blocked` (with every reason and its citation); the bot, the API and the add-in render the same value.
 */
import type { ConsentAnswer } from '../consent/consent.js';
import type { Citation, ProtocolPack } from '../protocol/pack-schema.js';
import type { MessageFingerprint } from './message-cover.js';
import { assertNever } from '../shared/assert-never.js';

export type SharingBasis =
  | { readonly kind: 'consent'; readonly consentRecordId: string }
  | { readonly kind: 'exception'; readonly exceptionId: string }
  /** HM Government guidance 3.42 grounds (Durham), with the 3.43 question answered. */
  | { readonly kind: 'public-interest'; readonly groundIds: readonly string[]; readonly capacitatedAdultRiskToSelfOnly: boolean }
  | { readonly kind: 'none' };

export interface Recipient {
  readonly name: string;
  readonly agency: string;
  readonly email?: string | undefined;
}

/** Durham Golden Rule 7 and the Speak Out / seAp "Information sharing" bullets, as confirmations. */
export interface ProportionalityChecks {
  readonly necessaryAndRelevantOnly: boolean;
  readonly factDistinguishedFromOpinion: boolean;
  /** `not-applicable` when nothing shared is historical. */
  readonly historicalInformationExplained: boolean | 'not-applicable';
  readonly sharedSecurely: boolean;
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
  readonly proportionality?: ProportionalityChecks | undefined;
  readonly decidedBy: string;
  /** The decider's user id (Entra object id), so the record names them unambiguously; absent in entries written before it was kept. */
  readonly decidedByUserId?: string | undefined;
  /**
   * Where the decision came from (e.g. the Outlook message it was made for), for the audit trail;
   * `message` is that email's fingerprint, which the on-send check compares (message-cover.ts).
   */
  readonly context?: {
    readonly channel: 'outlook' | 'teams' | 'web' | 'cli';
    readonly reference?: string | undefined;
    readonly message?: MessageFingerprint | undefined;
  } | undefined;
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
}

export type SharingOutcome =
  | { readonly kind: 'allowed'; readonly record: DecisionRecord }
  | { readonly kind: 'blocked'; readonly reasons: readonly BlockReason[] };

/**
 * Checks a proposal against the pack and the consent register's answer for the recipient agency.
 * @example decideSharing(pack, proposal, consentFor(records, { agency, on }), now)
 */
export function decideSharing(pack: ProtocolPack, proposal: SharingProposal, consent: ConsentAnswer, at: Date): SharingOutcome {
  const reasons = [...completenessProblems(pack, proposal)];
  if (proposal.decision === 'share') reasons.push(...basisProblems(pack, proposal.basis, consent), ...proportionalityProblems(pack, proposal));
  if (reasons.length > 0) return { kind: 'blocked', reasons };
  const record: DecisionRecord = { ...proposal, packId: pack.id, decidedAt: at.toISOString(), basisWording: basisWording(pack, proposal.basis) };
  return { kind: 'allowed', record };
}

function completenessProblems(pack: ProtocolPack, p: SharingProposal): BlockReason[] {
  const rule = pack.recordKeeping[0]?.citation;
  const out: BlockReason[] = [];
  const need = (ok: boolean, code: string, message: string) => { if (!ok) out.push({ code, message, citation: rule }); };
  need(p.reasons.trim().length > 0, 'RECORD.REASONS', 'Record the reasons for the decision, whether it is to share or not.');
  need(p.recipients.length > 0, 'RECORD.RECIPIENTS', 'Record with whom the information is (or would have been) shared.');
  need(p.information.trim().length > 0, 'RECORD.WHAT', 'Record what information is (or would have been) shared.');
  need(p.decision === 'not-share' || p.purpose.trim().length > 0, 'RECORD.PURPOSE', 'Record for what purpose the information is shared.');
  need(p.decision === 'share' || p.involved.length > 0, 'RECORD.INVOLVED', 'Record who was involved in the decision not to share.');
  return out;
}

function basisProblems(pack: ProtocolPack, basis: SharingBasis, consent: ConsentAnswer): BlockReason[] {
  const cite = pack.consent.citation;
  switch (basis.kind) {
    case 'none':
      return [{ code: 'BASIS.MISSING', message: "Share only with the person's explicit consent or under one of the protocol's exceptions.", citation: cite }];
    case 'consent':
      return consentProblems(basis.consentRecordId, consent, cite);
    case 'exception':
      return pack.sharingExceptions.some((e) => e.id === basis.exceptionId)
        ? []
        : [{ code: 'BASIS.UNKNOWN_EXCEPTION', message: `"${basis.exceptionId}" is not an exception in the ${pack.organisation.shortName} protocol.`, citation: cite }];
    case 'public-interest':
      return publicInterestProblems(pack, basis);
    default:
      return assertNever(basis, 'sharing basis');
  }
}

const CONSENT_MESSAGES: Record<Exclude<ConsentAnswer['kind'], 'given'>, [string, string]> = {
  none: ['CONSENT.MISSING', 'No consent to share with this agency is recorded for this person.'],
  refused: ['CONSENT.REFUSED', 'The person refused consent to share with this agency.'],
  withdrawn: ['CONSENT.WITHDRAWN', 'The person has withdrawn consent to share with this agency.'],
  expired: ['CONSENT.EXPIRED', 'The recorded consent has expired.'],
  'no-capacity': ['CONSENT.NO_CAPACITY', 'The person was assessed as lacking capacity to consent: decide under an exception or in their best interests.'],
};

function consentProblems(consentRecordId: string, consent: ConsentAnswer, citation: Citation): BlockReason[] {
  if (consent.kind === 'given') {
    return consent.record.id === consentRecordId ? [] : [{ code: 'CONSENT.STALE', message: 'A newer consent record exists for this agency: review it and decide again.', citation }];
  }
  const [code, message] = CONSENT_MESSAGES[consent.kind];
  return [{ code, message, citation }];
}

function publicInterestProblems(pack: ProtocolPack, basis: Extract<SharingBasis, { kind: 'public-interest' }>): BlockReason[] {
  const test = pack.publicInterestTest;
  if (!test) return [{ code: 'BASIS.NO_PUBLIC_INTEREST_TEST', message: `The ${pack.organisation.shortName} protocol has no public-interest test; choose consent or one of its exceptions.`, citation: pack.consent.citation }];
  const known = new Set(test.grounds.map((g) => g.id));
  if (basis.groundIds.length === 0 || basis.groundIds.some((id) => !known.has(id))) {
    return [{ code: 'BASIS.GROUND', message: 'Choose at least one public-interest ground from the protocol.', citation: test.grounds[0]?.citation }];
  }
  // HM Government guidance 3.43 (Durham): a capacitated adult who puts only themselves at risk.
  if (basis.capacitatedAdultRiskToSelfOnly) {
    return [{ code: 'BASIS.CAPACITATED_ADULT', message: test.capacitatedAdultException.wording, citation: test.capacitatedAdultException.citation }];
  }
  return [];
}

function proportionalityProblems(pack: ProtocolPack, p: SharingProposal): BlockReason[] {
  const citation = pack.proportionality[0]?.citation;
  const c = p.proportionality;
  if (!c) return [{ code: 'PROPORTIONALITY.UNCHECKED', message: 'Confirm the information is necessary, accurate, explained and shared securely.', citation }];
  const out: BlockReason[] = [];
  if (!c.necessaryAndRelevantOnly) out.push({ code: 'PROPORTIONALITY.NECESSARY', message: 'Share only information that is necessary and relevant to the purpose.', citation });
  if (!c.factDistinguishedFromOpinion) out.push({ code: 'PROPORTIONALITY.FACT_OPINION', message: 'Distinguish clearly between fact and opinion.', citation });
  if (c.historicalInformationExplained === false) out.push({ code: 'PROPORTIONALITY.HISTORICAL', message: 'Explain which information is historical.', citation });
  if (!c.sharedSecurely) out.push({ code: 'PROPORTIONALITY.SECURE', message: 'Share the information in an appropriate, secure way.', citation });
  return out;
}

function basisWording(pack: ProtocolPack, basis: SharingBasis): string[] {
  switch (basis.kind) {
    case 'consent':
      return [pack.consent.wording];
    case 'exception':
      return pack.sharingExceptions.filter((e) => e.id === basis.exceptionId).map((e) => e.wording);
    case 'public-interest':
      return (pack.publicInterestTest?.grounds ?? []).filter((g) => basis.groundIds.includes(g.id)).map((g) => g.wording);
    case 'none':
      return [];
    default:
      return assertNever(basis, 'sharing basis');
  }
}


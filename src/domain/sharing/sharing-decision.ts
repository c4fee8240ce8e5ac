/**
 * Deciding whether to share a person's information with another agency, and what the record of
 * that decision must hold. Everything checked comes from the tenant's sharing pack: its bases
 * (sharing-basis.ts), its own proportionality confirmations and its own record-keeping rules
 * (e.g. Durham Golden Rule 8 and Collaborative Working rule 7; Speak Out and seAp "Information
 * sharing"), never another protocol's.
 *
 * Expected outcomes are values: `decideSharing` returns `allowed` (with the entry to record) or
 * `blocked` (with every reason and its citation); the bot, the API and the add-in render the same value.
 */
import type { Citation, ProtocolPack, RecordField } from '../protocol/pack-schema.js';
import { assertNever } from '../shared/assert-never.js';
import { basisVerdict } from './sharing-basis.js';
import type {
  BlockReason,
  DecisionRecord,
  SharingBasis,
  SharingFacts,
  SharingOutcome,
  SharingProposal,
} from './sharing-types.js';

export type {
  BlockReason,
  DecisionRecord,
  Recipient,
  SharingBasis,
  SharingFacts,
  SharingOutcome,
  SharingProposal,
} from './sharing-types.js';

/**
 * Checks a proposal against the sharing pack and the consent register's answers, one per agency.
 * @example decideSharing(pack, proposal, { consents: [{ agency, answer: consentFor(records, { agency, on }) }] }, now)
 */
export function decideSharing(
  pack: ProtocolPack,
  proposal: SharingProposal,
  facts: SharingFacts,
  at: Date,
): SharingOutcome {
  const reasons = [...completenessProblems(pack, proposal)];
  const verdict =
    proposal.decision === 'share' ? basisVerdict(pack, proposal.basis, facts) : { problems: [], justifiedWarnings: [] };
  if (proposal.decision === 'share') reasons.push(...verdict.problems, ...confirmationProblems(pack, proposal));
  if (reasons.length > 0) return { kind: 'blocked', reasons };
  const consentChecked =
    proposal.decision === 'share' && proposal.basis.kind === 'consent'
      ? facts.consents.map(({ agency, answer }) => ({
          agency,
          answer: answer.kind,
          consentRecordId: answer.kind === 'none' ? undefined : answer.record.id,
        }))
      : undefined;
  const record: DecisionRecord = {
    ...proposal,
    packId: pack.id,
    decidedAt: at.toISOString(),
    basisWording: basisWording(pack, proposal.basis),
    consentChecked,
    justifiedWarnings: verdict.justifiedWarnings.length ? verdict.justifiedWarnings : undefined,
  };
  return { kind: 'allowed', record };
}

const FIELD_TEXT: Record<RecordField, string> = {
  reasons: 'Record the reasons for the decision.',
  what: 'Record what information is (or would have been) shared.',
  recipients: 'Record with whom the information is (or would have been) shared.',
  purpose: 'Record for what purpose the information is shared.',
  involved: 'Record who was involved in the decision.',
};

function present(p: SharingProposal, field: RecordField): boolean {
  switch (field) {
    case 'reasons':
      return p.reasons.trim().length > 0;
    case 'what':
      return p.information.trim().length > 0;
    case 'recipients':
      return p.recipients.length > 0;
    case 'purpose':
      return p.purpose.trim().length > 0;
    case 'involved':
      return p.involved.some((name) => name.trim().length > 0);
    default:
      return assertNever(field, 'record field');
  }
}

/**
 * The fields the pack's own record-keeping rules require for this kind of decision, each cited to
 * the first rule requiring it. Whom it is about is always needed: consent is checked per agency.
 */
function completenessProblems(pack: ProtocolPack, p: SharingProposal): BlockReason[] {
  const required = new Map<RecordField, Citation | undefined>([['recipients', undefined]]);
  for (const rule of pack.recordKeeping) {
    for (const field of p.decision === 'share' ? rule.requires.share : rule.requires.notShare) {
      if (!required.get(field)) required.set(field, rule.citation);
    }
  }
  return [...required]
    .filter(([field]) => !present(p, field))
    .map(([field, citation]) => ({ code: `RECORD.${field.toUpperCase()}`, message: FIELD_TEXT[field], citation }));
}

/** The pack's own proportionality confirmations (only rules with a `confirm`), each cited to its rule. */
function confirmationProblems(pack: ProtocolPack, p: SharingProposal): BlockReason[] {
  const confirmed = new Set(p.confirmed ?? []);
  return pack.proportionality
    .filter((rule) => rule.confirm !== undefined && !confirmed.has(rule.id))
    .map((rule) => ({
      code: 'PROPORTIONALITY.UNCONFIRMED',
      message: `Confirm: ${rule.confirm ?? ''}.`,
      citation: rule.citation,
    }));
}

function basisWording(pack: ProtocolPack, basis: SharingBasis): string[] {
  switch (basis.kind) {
    case 'consent':
      return pack.consent ? [pack.consent.wording] : [];
    case 'exception':
      return pack.sharingExceptions.filter((e) => e.id === basis.exceptionId).map((e) => e.wording);
    case 'public-interest':
      return (pack.publicInterestTest?.grounds ?? [])
        .filter((g) => basis.groundIds.includes(g.id))
        .map((g) => g.wording);
    case 'outside-protocol':
      return [`A lawful basis outside the ${pack.organisation.shortName} protocol: ${basis.name}`];
    case 'none':
      return [];
    default:
      return assertNever(basis, 'sharing basis');
  }
}

/** The pack's guidance for one place on a sharing form (Durham's Golden Rules, seAp's Caldicott duty). */
export function guidanceAt(
  pack: ProtocolPack,
  place: ProtocolPack['sharingGuidance'][number]['at'],
): ProtocolPack['sharingGuidance'] {
  return pack.sharingGuidance.filter((g) => g.at === place);
}

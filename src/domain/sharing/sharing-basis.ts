/**
 * Whether the basis given for sharing is one the tenant's sharing pack allows. A pack offers only
 * the bases its seed names: consent (checked for each recipient agency on its own), the
 * exceptions it lists, the public-interest test where it has one (Durham, HM Government 3.42 and
 * 3.43), and — always, named and justified — a lawful basis outside the protocol, which is
 * recorded as such for the information-governance lead's review.
 */
import type { ConsentAnswer } from '../consent/consent.js';
import type { ProtocolPack } from '../protocol/pack-schema.js';
import { assertNever } from '../shared/assert-never.js';
import type { BlockReason, SharingBasis, SharingFacts } from './sharing-types.js';

/** Reasons the basis does not hold, and warnings the sharer answered with a recorded justification. */
export interface BasisVerdict {
  readonly problems: readonly BlockReason[];
  readonly justifiedWarnings: readonly BlockReason[];
}

const ADULT_AGE = 18;

export function basisVerdict(pack: ProtocolPack, basis: SharingBasis, facts: SharingFacts): BasisVerdict {
  switch (basis.kind) {
    case 'none':
      return {
        problems: [{ code: 'BASIS.MISSING', message: missingBasisText(pack), citation: pack.consent?.citation }],
        justifiedWarnings: [],
      };
    case 'consent':
      return { problems: consentProblems(pack, basis.consentRecordId, facts), justifiedWarnings: [] };
    case 'exception':
      return {
        problems: pack.sharingExceptions.some((e) => e.id === basis.exceptionId)
          ? []
          : [
              {
                code: 'BASIS.UNKNOWN_EXCEPTION',
                citation: pack.consent?.citation,
                message: `"${basis.exceptionId}" is not an exception in the ${pack.organisation.shortName} protocol${pack.sharingExceptions.length ? '' : ', which names none'}.`,
              },
            ],
        justifiedWarnings: [],
      };
    case 'public-interest':
      return publicInterestVerdict(pack, basis, facts);
    case 'outside-protocol':
      if (!basis.name.trim() || !basis.justification.trim()) {
        return {
          problems: [
            {
              code: 'BASIS.OUTSIDE_PROTOCOL_UNJUSTIFIED',
              message: 'Name the lawful basis outside the protocol and say why it applies in this case.',
            },
          ],
          justifiedWarnings: [],
        };
      }
      return {
        problems: [],
        justifiedWarnings: [
          {
            code: 'BASIS.OUTSIDE_PROTOCOL',
            message: `A lawful basis outside the ${pack.organisation.shortName} protocol ("${basis.name}"), listed for the information-governance lead's review.`,
          },
        ],
      };
    default:
      return assertNever(basis, 'sharing basis');
  }
}

/** Says "explicit" only where the pack's seed does (Durham sets `explicit: false`). */
function missingBasisText(pack: ProtocolPack): string {
  const consent = pack.consent?.explicit ? "the person's explicit consent" : "the person's consent";
  const named = [
    pack.sharingExceptions.length ? `one of the ${pack.organisation.shortName} protocol's exceptions` : '',
    pack.publicInterestTest ? 'the public-interest test' : '',
  ].filter(Boolean);
  if (named.length === 0)
    return `The ${pack.organisation.shortName} protocol names no basis for sharing without consent: share with ${consent}, or name a lawful basis outside this protocol and say why it applies.`;
  return `Share only with ${consent}, under ${named.join(' or ')}, or name a lawful basis outside this protocol and say why it applies.`;
}

const CONSENT_MESSAGES: Record<Exclude<ConsentAnswer['kind'], 'given'>, [string, string]> = {
  none: ['CONSENT.MISSING', 'No consent to share with this agency is recorded for this person.'],
  refused: ['CONSENT.REFUSED', 'The person refused consent to share with this agency.'],
  withdrawn: ['CONSENT.WITHDRAWN', 'The person has withdrawn consent to share with this agency.'],
  expired: ['CONSENT.EXPIRED', 'The recorded consent has expired.'],
  'no-capacity': [
    'CONSENT.NO_CAPACITY',
    'The person was assessed as lacking capacity to consent: share only under a basis this protocol names, or a lawful basis outside it, with your reasons.',
  ],
};

/** Every recipient agency needs its own consent; each agency's problem is named. */
function consentProblems(pack: ProtocolPack, consentRecordId: string, facts: SharingFacts): BlockReason[] {
  const citation = pack.consent?.citation;
  const several = facts.consents.length > 1;
  const out: BlockReason[] = [];
  for (const { agency, answer } of facts.consents) {
    const prefix = several ? `${agency}: ` : '';
    if (answer.kind !== 'given') {
      const [code, message] = CONSENT_MESSAGES[answer.kind];
      out.push({ code, message: prefix + message, citation });
      continue;
    }
    out.push(...givenConsentProblems(pack, answer.record, facts).map((r) => ({ ...r, message: prefix + r.message })));
  }
  const given = facts.consents.flatMap(({ answer }) => (answer.kind === 'given' ? [answer.record.id] : []));
  if (out.length === 0 && !given.includes(consentRecordId))
    out.push({
      code: 'CONSENT.STALE',
      message: 'A newer consent record exists for this agency: review it and decide again.',
      citation,
    });
  return out;
}

function givenConsentProblems(
  pack: ProtocolPack,
  record: Extract<ConsentAnswer, { kind: 'given' }>['record'],
  facts: SharingFacts,
): BlockReason[] {
  const out: BlockReason[] = [];
  const presumption = pack.consent?.capacityPresumed;
  // HM Government guidance 3.30 (Durham): capacity is presumed only from 16, read from the date of birth.
  if (
    presumption &&
    record.capacity.kind === 'presumed' &&
    facts.ageInYears !== undefined &&
    facts.ageInYears < presumption.fromAge
  ) {
    out.push({
      code: 'CONSENT.CAPACITY_NOT_PRESUMED',
      citation: presumption.citation,
      message: `The person is ${facts.ageInYears} by the date of birth recorded: capacity to consent is presumed only from ${presumption.fromAge}. Record consent again with an assessment of their capacity.`,
    });
  }
  // Speak Out / seAp "Confidentiality and Information Sharing": the person is told what cannot be kept confidential.
  const limits = pack.consent?.confidentialityLimits;
  if (limits && record.informedOfLimits !== true) {
    out.push({
      code: 'CONSENT.LIMITS_NOT_EXPLAINED',
      citation: limits.citation,
      message:
        'The consent record does not say the person was told what cannot be kept confidential. Tell them, and record their consent again.',
    });
  }
  return out;
}

/**
 * HM Government 3.42 grounds, with 3.43 as written: for an adult with capacity who puts only
 * themselves at risk, sharing without consent "may not be justifiable" — a warning that needs a
 * recorded justification, not a refusal. The question must be answered on this path, the only
 * one that offers the 3.42 grounds.
 */
function publicInterestVerdict(
  pack: ProtocolPack,
  basis: Extract<SharingBasis, { kind: 'public-interest' }>,
  facts: SharingFacts,
): BasisVerdict {
  const test = pack.publicInterestTest;
  const none = { problems: [], justifiedWarnings: [] };
  if (!test)
    return {
      ...none,
      problems: [
        {
          code: 'BASIS.NO_PUBLIC_INTEREST_TEST',
          message: `The ${pack.organisation.shortName} protocol has no public-interest test.`,
          citation: pack.consent?.citation,
        },
      ],
    };
  const known = new Set(test.grounds.map((g) => g.id));
  if (basis.groundIds.length === 0 || basis.groundIds.some((id) => !known.has(id))) {
    return {
      ...none,
      problems: [
        {
          code: 'BASIS.GROUND',
          message: 'Choose at least one public-interest ground from the protocol.',
          citation: test.grounds[0]?.citation,
        },
      ],
    };
  }
  if (!basis.capacitatedAdultRiskToSelfOnly) return none;
  const rule = test.capacitatedAdultException;
  if (facts.ageInYears !== undefined && facts.ageInYears < ADULT_AGE) {
    return {
      ...none,
      problems: [
        {
          code: 'BASIS.NOT_AN_ADULT',
          citation: rule.citation,
          message: `The person is ${facts.ageInYears} by the date of birth recorded, not an adult: answer the question about an adult with capacity again.`,
        },
      ],
    };
  }
  const warning = { code: 'BASIS.CAPACITATED_ADULT', message: rule.wording, citation: rule.citation };
  if (!basis.capacitatedAdultJustification?.trim()) {
    return {
      ...none,
      problems: [
        {
          ...warning,
          message: `${rule.wording} Record why sharing without their consent is justified in this case, or decide not to share.`,
        },
      ],
    };
  }
  return { problems: [], justifiedWarnings: [warning] };
}

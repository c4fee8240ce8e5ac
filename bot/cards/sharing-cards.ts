/**
 * Checking consent and recording a decision to share or not, in the order of the tenant's sharing
 * pack: consent (for the agency asked about), the exceptions the pack names, its public-interest
 * test where it has one (Durham, HM Government 3.41–3.43, with 3.30 and 3.41 shown where the test
 * is taken), or a lawful basis outside the protocol, named and justified; then the pack's own
 * proportionality confirmations and record. Every rule shown is the sharing pack's own wording.
 */
import type { PersonRecord } from '../../src/app/ports.js';
import type { ConsentAnswer, ConsentRecord } from '../../src/domain/consent/consent.js';
import type { ProtocolPack } from '../../src/domain/protocol/pack-schema.js';
import { guidanceAt, type BlockReason } from '../../src/domain/sharing/sharing-decision.js';
import {
  card,
  choiceInput,
  facts,
  heading,
  note,
  para,
  section,
  showCard,
  submit,
  textInput,
  warning,
  type AdaptiveCard,
  type CardElement,
} from './card-kit.js';

export function consentLookupCard(problem?: string): AdaptiveCard {
  return card(
    [
      heading('Check consent'),
      ...(problem ? [warning(problem)] : []),
      textInput('caseReference', 'Case reference', { required: true }),
      textInput('agency', 'Agency you may share with', { required: true, placeholder: 'e.g. Housing Trust' }),
    ],
    [submit('Check the consent register', 'consent.lookup')],
  );
}

const ANSWER_TEXT: Record<ConsentAnswer['kind'], string> = {
  given: 'Consent given for this agency',
  refused: 'Consent REFUSED for this agency',
  withdrawn: 'Consent WITHDRAWN',
  expired: 'Consent has EXPIRED',
  'no-capacity': 'Recorded consent is not valid: the person was assessed as lacking capacity',
  none: 'No consent recorded for this agency',
};

const cited = (rule: { wording: string; citation: { section: string } }) =>
  note(`${rule.wording} (${rule.citation.section})`);

export function sharingDecisionCard(
  pack: ProtocolPack,
  person: PersonRecord,
  agency: string,
  answer: ConsentAnswer,
  register: readonly ConsentRecord[],
  problem?: string,
): AdaptiveCard {
  const guidance = guidanceAt(pack, 'decision');
  return card(
    [
      heading(`Share information about ${person.caseReference}?`),
      ...(problem ? [warning(problem)] : []),
      note(`Under the ${pack.organisation.name} protocol.`),
      consentSection(pack, answer, register),
      section('2. Decision and basis', [
        choiceInput(
          'decision',
          'Decision',
          [
            ['share', 'Share'],
            ['not-share', 'Do not share'],
          ],
          { required: true, expanded: true },
        ),
        choiceInput('basis', 'Lawful basis', basisChoices(pack, answer), { required: true, expanded: true }),
        ...guidanceAt(pack, 'without-consent').map(cited),
      ]),
      ...(pack.publicInterestTest ? [publicInterestSection(pack.publicInterestTest)] : []),
      section('Outside this protocol (if that is the basis)', [
        note(
          `Only where the ${pack.organisation.shortName} protocol gives no basis. It is recorded as such and listed for the information-governance lead.`,
        ),
        textInput('outsideBasisName', 'Which lawful basis?'),
        textInput('outsideBasisJustification', 'Why it applies here', { multiline: true }),
      ]),
      ...(pack.proportionality.length ? [proportionalitySection(pack)] : []),
      section('Record', [
        textInput('recipientName', 'Recipient name', { required: true }),
        textInput('recipientEmail', 'Recipient email', { style: 'email' }),
        textInput('information', 'What is (or would be) shared', { multiline: true }),
        textInput('purpose', 'Why (purpose)', { multiline: true }),
        textInput('reasons', 'Reasons for the decision', { multiline: true }),
        textInput('involved', 'Who else was involved in the decision (one per line)', { multiline: true }),
        ...pack.recordKeeping.filter((r) => r.requires.share.length + r.requires.notShare.length > 0).map(cited),
        ...guidanceAt(pack, 'not-share').map(cited),
      ]),
    ],
    [
      submit('Record the decision', 'sharing.record', { personId: person.id, agency }),
      ...(guidance.length
        ? [showCard(`The ${pack.organisation.shortName} protocol's rules`, card(guidance.map(cited)))]
        : []),
    ],
  );
}

function consentSection(pack: ProtocolPack, answer: ConsentAnswer, register: readonly ConsentRecord[]): CardElement {
  const limits = pack.consent?.confidentialityLimits;
  return section('1. Consent', [
    para(ANSWER_TEXT[answer.kind], { weight: 'Bolder', color: answer.kind === 'given' ? 'Good' : 'Attention' }),
    facts(
      register
        .slice(-5)
        .map(
          (r) =>
            [
              r.recordedAt.slice(0, 10),
              `${r.status} — ${r.recipients.join(', ')}${r.expiresOn ? ` (until ${r.expiresOn})` : ''}`,
            ] as const,
        ),
    ),
    pack.consent
      ? cited(pack.consent)
      : note(`The ${pack.organisation.name} protocol names no rule on consent or sharing without it.`),
    ...(limits ? [cited(limits)] : []),
  ]);
}

function basisChoices(pack: ProtocolPack, answer: ConsentAnswer): [string, string][] {
  const bases: [string, string][] = [];
  if (answer.kind === 'given')
    bases.push([`consent:${answer.record.id}`, `Consent recorded on ${answer.record.recordedAt.slice(0, 10)}`]);
  for (const e of pack.sharingExceptions) bases.push([`exception:${e.id}`, `Exception ${e.code}: ${e.wording}`]);
  if (pack.publicInterestTest) bases.push(['public-interest', 'Public interest (answer the questions below)']);
  bases.push([
    'outside-protocol',
    `A lawful basis outside the ${pack.organisation.shortName} protocol (name it below)`,
  ]);
  bases.push(['none', 'No basis (only for a decision NOT to share)']);
  return bases;
}

/** HM Government 3.42 grounds and the 3.43 question, with 3.30 and 3.41 shown beside them. */
function publicInterestSection(test: NonNullable<ProtocolPack['publicInterestTest']>): CardElement {
  const rule = test.capacitatedAdultException;
  return section('Public interest (if that is the basis)', [
    ...test.guidance.map(cited),
    choiceInput(
      'groundIds',
      'Which applies?',
      test.grounds.map((g) => [g.id, `${g.code}: ${g.wording}`] as const),
      { multi: true, expanded: true },
    ),
    cited(rule),
    choiceInput(
      'capacitatedAdult',
      `Is this an adult with capacity who puts only themselves at risk? (${rule.citation.section})`,
      [
        ['yes', 'Yes'],
        ['no', 'No'],
      ],
      { expanded: true },
    ),
    textInput('capacitatedAdultJustification', 'If yes: why sharing without their consent is justified in this case', {
      multiline: true,
    }),
  ]);
}

function proportionalitySection(pack: ProtocolPack): CardElement {
  const confirmable = pack.proportionality.filter((r) => r.confirm !== undefined);
  return section('Proportionality', [
    ...pack.proportionality.filter((r) => r.confirm === undefined).map(cited),
    ...(confirmable.length
      ? [
          choiceInput(
            'confirmed',
            'Before sharing, confirm',
            confirmable.map((r) => [r.id, `${r.confirm ?? ''} (${r.citation.section})`] as const),
            { multi: true, expanded: true },
          ),
        ]
      : []),
  ]);
}

export function sharingRecordedCard(
  caseReference: string,
  decision: 'share' | 'not-share',
  seq: number,
  hash: string,
  warnings: readonly BlockReason[] = [],
): AdaptiveCard {
  return card([
    heading('Decision recorded'),
    para(
      `Your decision ${decision === 'share' ? 'to share' : 'not to share'} information about ${caseReference} is entry ${seq} in the decision log.`,
    ),
    ...warnings.map((w) =>
      note(`Recorded with your justification: ${w.message}${w.citation ? ` (${w.citation.section})` : ''}`),
    ),
    note(`Tamper-evident fingerprint ${hash.slice(0, 16)}…`),
  ]);
}

export function sharingBlockedCard(reasons: readonly BlockReason[]): AdaptiveCard {
  return card([
    heading('Not recorded yet'),
    para('The protocol needs these before the decision can be recorded:'),
    ...reasons.map((r) =>
      para(`• ${r.message}${r.citation ? ` (${r.citation.section})` : ''}`, { color: 'Attention' }),
    ),
  ]);
}

/**
 * Checking consent and recording a decision to share or not, following the pack's flow:
 * consent first (Durham Golden Rule 4; Speak Out / seAp "Confidentiality and Information
 * Sharing"), then the named exceptions, then — where the pack has it — the public-interest test
 * (HM Government 3.42–3.43, in the Durham protocol), proportionality (Golden Rule 7), and the
 * record with reasons (Golden Rule 8).
 */
import type { PersonRecord } from '../../src/app/ports.js';
import type { ConsentAnswer, ConsentRecord } from '../../src/domain/consent/consent.js';
import type { ProtocolPack } from '../../src/domain/protocol/pack-schema.js';
import type { BlockReason } from '../../src/domain/sharing/sharing-decision.js';
import { card, choiceInput, facts, heading, note, para, section, submit, textInput, toggle, warning, type AdaptiveCard } from './card-kit.js';

export function consentLookupCard(problem?: string): AdaptiveCard {
  return card([
    heading('Check consent'), ...(problem ? [warning(problem)] : []),
    textInput('caseReference', 'Case reference', { required: true }),
    textInput('agency', 'Agency you may share with', { required: true, placeholder: 'e.g. Housing Trust' }),
  ], [submit('Check the consent register', 'consent.lookup')]);
}

const ANSWER_TEXT: Record<ConsentAnswer['kind'], string> = {
  given: 'Consent given for this agency', refused: 'Consent REFUSED for this agency', withdrawn: 'Consent WITHDRAWN',
  expired: 'Consent has EXPIRED', 'no-capacity': 'Recorded consent is not valid: the person was assessed as lacking capacity', none: 'No consent recorded for this agency',
};

export function sharingDecisionCard(pack: ProtocolPack, person: PersonRecord, agency: string, answer: ConsentAnswer, register: readonly ConsentRecord[], problem?: string): AdaptiveCard {
  const bases: [string, string][] = [];
  if (answer.kind === 'given') bases.push([`consent:${answer.record.id}`, `Consent recorded on ${answer.record.recordedAt.slice(0, 10)}`]);
  for (const e of pack.sharingExceptions) bases.push([`exception:${e.id}`, `Exception ${e.code}: ${e.wording}`]);
  if (pack.publicInterestTest) bases.push(['public-interest', 'Public interest (answer the questions below)']);
  bases.push(['none', 'No basis (only for a decision NOT to share)']);
  return card([
    heading(`Share information about ${person.caseReference}?`), ...(problem ? [warning(problem)] : []),
    section('1. Consent', [
      para(ANSWER_TEXT[answer.kind], { weight: 'Bolder', color: answer.kind === 'given' ? 'Good' : 'Attention' }),
      facts(register.slice(-5).map((r) => [r.recordedAt.slice(0, 10), `${r.status} — ${r.recipients.join(', ')}${r.expiresOn ? ` (until ${r.expiresOn})` : ''}`] as const)),
      note(pack.consent.wording),
    ]),
    section('2. Decision and basis', [
      choiceInput('decision', 'Decision', [['share', 'Share'], ['not-share', 'Do not share']], { required: true, expanded: true }),
      choiceInput('basis', 'Lawful basis', bases, { required: true, expanded: true }),
    ]),
    ...(pack.publicInterestTest ? [section('3. Public interest (if that is the basis)', [
      choiceInput('groundIds', 'Which applies?', pack.publicInterestTest.grounds.map((g) => [g.id, `${g.code}: ${g.wording}`] as const), { multi: true, expanded: true }),
      toggle('capacitatedAdultRiskToSelfOnly', `Is this an adult with capacity who puts only themselves at risk? (${pack.publicInterestTest.capacitatedAdultException.citation.section})`),
    ])] : []),
    section('4. Proportionality', [
      ...pack.proportionality.slice(0, 2).map((rule) => note(rule.wording)),
      toggle('necessaryAndRelevantOnly', 'Only what is necessary and relevant'), toggle('factDistinguishedFromOpinion', 'Fact is distinguished from opinion'),
      choiceInput('historicalInformationExplained', 'Historical information is marked as such', [['true', 'Yes'], ['false', 'No'], ['not-applicable', 'Nothing historical']], { value: 'not-applicable' }),
      toggle('sharedSecurely', 'It will be shared securely'),
    ]),
    section('5. Record', [
      textInput('recipientName', 'Recipient name', { required: true }), textInput('recipientEmail', 'Recipient email', { style: 'email' }),
      textInput('information', 'What is (or would be) shared', { required: true, multiline: true }),
      textInput('purpose', 'Why (purpose)', { required: true, multiline: true }),
      textInput('reasons', 'Reasons for the decision', { required: true, multiline: true }),
    ]),
  ], [submit('Record the decision', 'sharing.record', { personId: person.id, agency })]);
}

export function sharingRecordedCard(caseReference: string, decision: 'share' | 'not-share', seq: number, hash: string): AdaptiveCard {
  return card([
    heading('Decision recorded'),
    para(`Your decision ${decision === 'share' ? 'to share' : 'not to share'} information about ${caseReference} is entry ${seq} in the decision log.`),
    note(`Tamper-evident fingerprint ${hash.slice(0, 16)}…`),
  ]);
}

export function sharingBlockedCard(reasons: readonly BlockReason[]): AdaptiveCard {
  return card([
    heading('Not recorded yet'), para('The protocol needs these before the decision can be recorded:'),
    ...reasons.map((r) => para(`• ${r.message}${r.citation ? ` (${r.citation.section})` : ''}`, { color: 'Attention' })),
  ]);
}

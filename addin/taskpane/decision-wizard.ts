/**
 * The task pane's sharing-decision wizard, under the tenant's sharing pack: the person; each
 * recipient agency's consent, checked on its own; the decision (to share, or not to share, with
 * everyone who was involved: Durham Golden Rule 8, Collaborative Working rule 7); the bases the
 * pack names (its exceptions, its public-interest test with 3.30 and 3.41 shown and the 3.43
 * question asked) or a lawful basis outside the protocol; the pack's own confirmations; the record.
 */
import { ApiError, type ApiClient } from '../../src/api/client.js';
import type { SharingDecisionRequest } from '../../src/api/contract.js';
import type { ConsentAnswer } from '../../src/domain/consent/consent.js';
import { detectSharing } from '../../src/domain/detection/index.js';
import type { ProtocolPack } from '../../src/domain/protocol/pack-schema.js';
import { guidanceAt } from '../../src/domain/sharing/sharing-decision.js';
import { ensureReference, storeDecision, type ReferenceItem } from '../shared/draft-reference.js';
import { readOutgoingMessage, type ComposeItem } from '../shared/read-message.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const value = (id: string) => $<HTMLInputElement>(id).value.trim();
function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<Pick<HTMLElementTagNameMap[K], 'textContent'>> & Record<string, unknown> = {},
): HTMLElementTagNameMap[K] {
  return Object.assign(document.createElement(tag), props);
}
const cited = (rule: { wording: string; citation: { section: string } }) =>
  element('p', { textContent: `${rule.wording} (${rule.citation.section})` });

export interface Sender {
  readonly from: string;
  readonly name: string;
  readonly ownDomains: readonly string[];
}

/** One agency per outside domain, named by the sender (prefilled with the domain). */
export function showAgencies(domains: readonly string[]): void {
  const rows = (domains.length ? domains : ['']).flatMap((domain, i) => {
    const id = `agency-${i}`;
    const label = element('label', {
      htmlFor: id,
      textContent: domain ? `Agency for addresses at ${domain}` : 'Agency you are sending to',
    });
    const input = element('input', { id, required: true, value: domain });
    input.dataset['domain'] = domain;
    return [label, input];
  });
  $('agencies').replaceChildren(...rows);
}

function agencies(): { domain: string; agency: string }[] {
  return [...document.querySelectorAll<HTMLInputElement>('#agencies input')].map((i) => ({
    domain: i.dataset['domain'] ?? '',
    agency: i.value.trim(),
  }));
}

export function setUpWizard(
  item: ComposeItem & ReferenceItem,
  api: ApiClient,
  pack: ProtocolPack,
  sender: Sender,
): void {
  let personId = '';
  let caseReference = '';
  showRules(pack);
  $('find-person').addEventListener('submit', (e) => {
    e.preventDefault();
    void (async () => {
      try {
        const person = await api.findPerson(value('case-reference'));
        const answers = await Promise.all(
          [...new Set(agencies().map((a) => a.agency))].map(async (agency) => ({
            agency,
            answer: (await api.consent(person.id, agency)).answer,
          })),
        );
        personId = person.id;
        caseReference = person.caseReference;
        $('person').textContent = `${person.displayName} (${person.caseReference})`;
        $('person').className = 'note';
        showConsent(pack, answers);
        fillBases(pack, answers);
        $('decision').hidden = false;
      } catch (error) {
        $('person').textContent = error instanceof Error ? error.message : 'Not found.';
        $('person').className = 'note error';
      }
    })();
  });
  $('basis').addEventListener('change', showBasisFields);
  $('decision').addEventListener('submit', (e) => {
    e.preventDefault();
    void recordDecision(item, api, sender, personId, caseReference);
  });
}

/** The pack's own rules, each where it applies; nothing from another protocol. */
function showRules(pack: ProtocolPack): void {
  $('sharing-pack').textContent = `Information sharing under the ${pack.organisation.name} protocol.`;
  $('not-share-guidance').replaceChildren(...guidanceAt(pack, 'not-share').map(cited));
  $('without-consent-guidance').replaceChildren(...guidanceAt(pack, 'without-consent').map(cited));
  const test = pack.publicInterestTest;
  if (test) {
    $('public-interest-guidance').replaceChildren(...test.guidance.map(cited));
    $('capacitated-rule').textContent =
      `${test.capacitatedAdultException.wording} (${test.capacitatedAdultException.citation.section})`;
  }
  const boxes = pack.proportionality.map((rule) => {
    if (rule.confirm === undefined) return cited(rule);
    const label = element('label');
    label.append(
      element('input', { type: 'checkbox', name: 'confirmed', value: rule.id }),
      ` ${rule.confirm} (${rule.citation.section})`,
    );
    return label;
  });
  $('proportionality').hidden = boxes.length === 0;
  $('proportionality').append(...boxes);
  $('record-rules').replaceChildren(
    ...pack.recordKeeping.filter((r) => r.requires.share.length + r.requires.notShare.length > 0).map(cited),
  );
  const guidance = guidanceAt(pack, 'decision');
  $('guidance').hidden = guidance.length === 0;
  $('guidance-rules').replaceChildren(...guidance.map(cited));
}

const ANSWERS: Record<ConsentAnswer['kind'], string> = {
  given: 'Consent is recorded for this agency.',
  refused: 'The person REFUSED consent for this agency.',
  withdrawn: 'Consent was WITHDRAWN.',
  expired: 'Consent has EXPIRED.',
  'no-capacity': 'Recorded consent is not valid: the person was assessed as lacking capacity.',
  none: 'No consent is recorded for this agency.',
};

function showConsent(pack: ProtocolPack, answers: readonly { agency: string; answer: ConsentAnswer }[]): void {
  const lines = answers.map(({ agency, answer }) =>
    element('p', { textContent: answers.length > 1 ? `${agency}: ${ANSWERS[answer.kind]}` : ANSWERS[answer.kind] }),
  );
  const rules = [pack.consent, pack.consent?.confidentialityLimits].flatMap((r) => (r ? [cited(r)] : []));
  if (!pack.consent)
    rules.push(
      element('p', {
        textContent: `The ${pack.organisation.name} protocol names no rule on consent or on sharing without it.`,
      }),
    );
  $('consent').replaceChildren(...lines, ...rules);
}

/** Consent is offered only when every agency's consent is recorded. */
function fillBases(pack: ProtocolPack, answers: readonly { agency: string; answer: ConsentAnswer }[]): void {
  const options: [string, string][] = [];
  const given = answers.flatMap(({ answer }) => (answer.kind === 'given' ? [answer.record] : []));
  if (given.length === answers.length && given[0])
    options.push([`consent:${given[0].id}`, `Consent recorded ${given[0].recordedAt.slice(0, 10)}`]);
  for (const ex of pack.sharingExceptions) options.push([`exception:${ex.id}`, `Exception ${ex.code}: ${ex.wording}`]);
  if (pack.publicInterestTest) options.push(['public-interest', 'Public interest']);
  options.push(['outside-protocol', `A lawful basis outside the ${pack.organisation.shortName} protocol`]);
  options.push(['none', 'No basis (a decision not to share)']);
  $('basis').replaceChildren(...options.map(([v, text]) => element('option', { value: v, textContent: text })));
  $('grounds').replaceChildren(
    ...(pack.publicInterestTest?.grounds ?? []).map((g) => {
      const label = element('label');
      label.append(element('input', { type: 'checkbox', name: 'ground', value: g.id }), ` ${g.code}: ${g.wording}`);
      return label;
    }),
  );
  showBasisFields();
}

function showBasisFields(): void {
  $('public-interest').hidden = value('basis') !== 'public-interest';
  $('outside-protocol').hidden = value('basis') !== 'outside-protocol';
}

const checkedValues = (name: string) =>
  [...document.querySelectorAll<HTMLInputElement>(`input[name=${name}]:checked`)].map((b) => b.value);

/** The 3.43 question has no default: left unanswered, the pane asks for it and records nothing. */
function basis(): SharingDecisionRequest['basis'] | undefined {
  const [kind, id = ''] = value('basis').split(/:(.*)/s);
  if (kind === 'consent') return { kind, consentRecordId: id };
  if (kind === 'exception') return { kind, exceptionId: id };
  if (kind === 'outside-protocol')
    return { kind, name: value('outside-name'), justification: value('outside-justification') };
  if (kind === 'public-interest') {
    const answer = checkedValues('capacitated')[0];
    if (answer === undefined) return undefined;
    return {
      kind,
      groundIds: checkedValues('ground'),
      capacitatedAdultRiskToSelfOnly: answer === 'yes',
      capacitatedAdultJustification: value('capacitated-justification') || undefined,
    };
  }
  return { kind: 'none' };
}

/**
 * Records the decision for this email: it names every address outside the organisation with its
 * own agency, and the email as the pane reads it now goes with it, so the on-send check can tell
 * later whether the decision still covers the email (the server keeps only its fingerprint). Only
 * a decision to share is kept on the draft: one not to share never lets the email go.
 */
async function recordDecision(
  item: ComposeItem & ReferenceItem,
  api: ApiClient,
  sender: Sender,
  personId: string,
  caseReference: string,
): Promise<void> {
  const result = $('decision-result');
  try {
    const chosen = basis();
    if (!chosen) throw new Error(`Answer the question: ${$('capacitated-question').textContent ?? ''}`);
    const reference = await ensureReference(item, () => crypto.randomUUID());
    const decision = checkedValues('decision')[0] === 'not-share' ? 'not-share' : 'share';
    const message = await readOutgoingMessage(item, sender.from);
    const external = detectSharing(message, {
      ownDomains: sender.ownDomains.length ? sender.ownDomains : undefined,
    }).externalRecipients;
    const named = agencies();
    const agencyOf = (email: string) =>
      named.find((a) => a.domain === email.split('@')[1])?.agency ?? named[0]?.agency ?? '';
    const recipients = external.length
      ? external.map((email, i) => ({
          name: i === 0 && value('recipient-name') ? value('recipient-name') : email,
          agency: agencyOf(email),
          email,
        }))
      : [{ name: value('recipient-name'), agency: named[0]?.agency ?? '' }];
    const others = value('involved')
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean);
    const recorded = await api.recordSharingDecision({
      decision,
      personId,
      basis: chosen,
      information: value('information'),
      purpose: value('purpose'),
      reasons: value('reasons'),
      recipients,
      involved: [sender.name || sender.from, ...others],
      confirmed: checkedValues('confirmed'),
      context: { channel: 'outlook', reference },
      message,
    });
    if (decision === 'share')
      await storeDecision(item, { id: recorded.entry.id, seq: recorded.entry.seq, reference, recipients: external });
    result.className = 'ok';
    result.textContent =
      decision === 'share'
        ? `Decision recorded for ${caseReference} (entry ${recorded.entry.seq}). You can send the email now.`
        : `Decision not to share recorded for ${caseReference} (entry ${recorded.entry.seq}). Do not send this information.`;
  } catch (error) {
    result.className = 'error';
    const reasons = error instanceof ApiError ? error.body?.reasons : undefined;
    result.replaceChildren(
      ...(reasons?.length
        ? reasons.map((r) => element('p', { textContent: r.message }))
        : [document.createTextNode(error instanceof Error ? error.message : 'Not recorded.')]),
    );
  }
}

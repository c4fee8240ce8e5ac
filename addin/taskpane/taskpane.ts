/// <reference types="office-js" />
/**
 * The task pane: (a) the sharing-decision wizard — the person, their consent for this agency,
 * the pack's exceptions and public-interest questions, proportionality, and the decision recorded
 * with what, with whom and why (Durham Golden Rules 4–8; Tameside 2.3.5); (b) the phone-discussion
 * confirmation composer (Tameside 2.3.2), which inserts the email into the message being written.
 */
import { ApiError, type ApiClient } from '../../src/api/client.js';
import type { SharingDecisionRequest } from '../../src/api/contract.js';
import type { ConsentAnswer } from '../../src/domain/consent/consent.js';
import { detectSharing } from '../../src/domain/detection/index.js';
import type { ProtocolPack } from '../../src/domain/protocol/pack-schema.js';
import { ensureReference, storeDecision, type ReferenceItem } from '../shared/draft-reference.js';
import { officeCall, type AsyncResultLike } from '../shared/office-async.js';
import { readOutgoingMessage, type ComposeItem } from '../shared/read-message.js';
import { createPaneApi } from './pane-api.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const value = (id: string) => $<HTMLInputElement>(id).value.trim();
const checked = (id: string) => $<HTMLInputElement>(id).checked;
type Item = ComposeItem & ReferenceItem & {
  to: ComposeItem['to'] & { setAsync(r: string[], cb: (r: AsyncResultLike<void>) => void): void };
  subject: ComposeItem['subject'] & { setAsync(s: string, cb: (r: AsyncResultLike<void>) => void): void };
  body: ComposeItem['body'] & { setAsync(s: string, o: { coercionType: string }, cb: (r: AsyncResultLike<void>) => void): void };
};

// A pane that cannot start says why in its status line (the server unreachable, sign-in refused).
void Office.onReady(() => {
  start().catch((error: unknown) => {
    $('status').textContent = error instanceof Error ? error.message : 'The safeguarding pane could not start.';
  });
});

async function start(): Promise<void> {
  const config = (await (await fetch('config.json')).json()) as { localTenant?: string };
  const mailbox = Office.context.mailbox;
  const item = mailbox.item as unknown as Item;
  const api = createPaneApi(config, {
    getToken: () => Office.auth.getAccessToken({ allowSignInPrompt: true, allowConsentPrompt: true, forMSGraphAccess: false }),
    user: () => mailbox.userProfile,
  });
  setUpTabs();
  const pack = await api.pack();
  await describeMessage(item, mailbox.userProfile.emailAddress, pack);
  const settings = await api.addinSettings();
  setUpWizard(item, api, pack, { from: mailbox.userProfile.emailAddress, ownDomains: settings.ownDomains });
  if (settings.sendMode === 'soft-block') setUpOverride(item, api);
  const me = await api.me();
  setUpComposer(item, api, me.organisation);
}

function setUpTabs(): void {
  const tabs = [...document.querySelectorAll<HTMLButtonElement>('[role=tab]')];
  const select = (tab: HTMLButtonElement) => {
    for (const t of tabs) {
      const on = t === tab;
      t.setAttribute('aria-selected', String(on));
      t.tabIndex = on ? 0 : -1;
      $(t.getAttribute('aria-controls') as string).hidden = !on;
    }
    tab.focus();
  };
  tabs.forEach((tab, i) => {
    tab.addEventListener('click', () => select(tab));
    tab.addEventListener('keydown', (e: KeyboardEvent) => {
      if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') select(tabs[(i + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length] as HTMLButtonElement);
    });
  });
}

/** Says what the on-send check found (kinds only), prefills the case reference and agency. */
async function describeMessage(item: Item, from: string, pack: ProtocolPack): Promise<void> {
  const message = await readOutgoingMessage(item, from);
  const verdict = detectSharing(message, { caseReferencePattern: pack.caseReference?.pattern });
  const status = $('status');
  if (verdict.decisionRequired) {
    const kinds = [...new Set(verdict.findings.map((f) => f.kind.replaceAll('-', ' ')))];
    if (verdict.truncated) kinds.push('more text than the check can read');
    status.textContent = `This email goes outside your organisation and contains ${kinds.join(', ')}. Record a decision before sending.`;
  } else {
    status.textContent = verdict.externalRecipients.length ? 'No personal identifiers found, but you can still record a decision.' : 'No recipients outside your organisation.';
    status.classList.add('clear');
  }
  const ref = verdict.findings.find((f) => f.kind === 'case-reference' && f.where !== 'attachment');
  if (ref) $<HTMLInputElement>('case-reference').value = (ref.where === 'subject' ? message.subject : message.bodyText).slice(ref.index, ref.index + ref.length);
  const domain = verdict.externalRecipients[0]?.split('@')[1];
  if (domain) $<HTMLInputElement>('agency').value = domain;
  const first = message.to[0];
  if (first) $<HTMLInputElement>('recipient-name').value = first;
}

interface Sender { readonly from: string; readonly ownDomains: readonly string[] }

function setUpWizard(item: Item, api: ApiClient, pack: ProtocolPack, sender: Sender): void {
  let personId = '';
  let caseReference = '';
  $('find-person').addEventListener('submit', (e) => {
    e.preventDefault();
    void (async () => {
      try {
        const person = await api.findPerson(value('case-reference'));
        const { answer } = await api.consent(person.id, value('agency'));
        personId = person.id;
        caseReference = person.caseReference;
        $('person').textContent = `${person.displayName} (${person.caseReference})`;
        $('consent').textContent = consentText(answer, pack);
        fillBases(pack, answer);
        $('decision').hidden = false;
      } catch (error) {
        $('person').textContent = error instanceof Error ? error.message : 'Not found.';
        $('person').className = 'note error';
      }
    })();
  });
  $('basis').addEventListener('change', () => ($('public-interest').hidden = value('basis') !== 'public-interest'));
  $('decision').addEventListener('submit', (e) => {
    e.preventDefault();
    void recordDecision(item, api, sender, personId, caseReference);
  });
}

function consentText(answer: ConsentAnswer, pack: ProtocolPack): string {
  const texts: Record<ConsentAnswer['kind'], string> = {
    given: 'Consent is recorded for this agency.', refused: 'The person REFUSED consent for this agency.', withdrawn: 'Consent was WITHDRAWN.',
    expired: 'Consent has EXPIRED.', 'no-capacity': 'Recorded consent is not valid: the person was assessed as lacking capacity.', none: 'No consent is recorded for this agency.',
  };
  return `${texts[answer.kind]} ${pack.consent.wording}`;
}

function fillBases(pack: ProtocolPack, answer: ConsentAnswer): void {
  const options: [string, string][] = [];
  if (answer.kind === 'given') options.push([`consent:${answer.record.id}`, `Consent recorded ${answer.record.recordedAt.slice(0, 10)}`]);
  for (const ex of pack.sharingExceptions) options.push([`exception:${ex.id}`, `Exception ${ex.code}: ${ex.wording}`]);
  if (pack.publicInterestTest) options.push(['public-interest', 'Public interest']);
  options.push(['none', 'No basis (a decision not to share)']);
  $('basis').replaceChildren(...options.map(([v, text]) => Object.assign(document.createElement('option'), { value: v, textContent: text })));
  $('grounds').replaceChildren(...(pack.publicInterestTest?.grounds ?? []).map((g) => {
    const label = document.createElement('label');
    const box = Object.assign(document.createElement('input'), { type: 'checkbox', name: 'ground', value: g.id });
    label.append(box, ` ${g.code}: ${g.wording}`);
    return label;
  }));
  $('public-interest').hidden = value('basis') !== 'public-interest';
}

function basis(): SharingDecisionRequest['basis'] {
  const [kind, id = ''] = value('basis').split(/:(.*)/s);
  if (kind === 'consent') return { kind, consentRecordId: id };
  if (kind === 'exception') return { kind, exceptionId: id };
  if (kind === 'public-interest') {
    const groundIds = [...document.querySelectorAll<HTMLInputElement>('input[name=ground]:checked')].map((b) => b.value);
    return { kind, groundIds, capacitatedAdultRiskToSelfOnly: checked('capacitated') };
  }
  return { kind: 'none' };
}

/**
 * Records the decision for this email: it names every address outside the organisation, and the
 * email as the pane reads it now goes with it, so the on-send check can tell later whether the
 * decision still covers the email (the server keeps only its fingerprint).
 */
async function recordDecision(item: Item, api: ApiClient, sender: Sender, personId: string, caseReference: string): Promise<void> {
  const result = $('decision-result');
  try {
    const reference = await ensureReference(item, () => crypto.randomUUID());
    const decision = document.querySelector<HTMLInputElement>('input[name=decision]:checked')?.value === 'not-share' ? 'not-share' : 'share';
    const message = await readOutgoingMessage(item, sender.from);
    const external = detectSharing(message, { ownDomains: sender.ownDomains.length ? sender.ownDomains : undefined }).externalRecipients;
    const agency = value('agency');
    const recipients = external.length
      ? external.map((email, i) => ({ name: i === 0 && value('recipient-name') ? value('recipient-name') : email, agency, email }))
      : [{ name: value('recipient-name'), agency }];
    const recorded = await api.recordSharingDecision({
      decision, personId, basis: basis(), information: value('information'), purpose: value('purpose'), reasons: value('reasons'), recipients,
      proportionality: { necessaryAndRelevantOnly: checked('necessary'), factDistinguishedFromOpinion: checked('fact'), historicalInformationExplained: checked('historical'), sharedSecurely: checked('secure') },
      context: { channel: 'outlook', reference }, message,
    });
    await storeDecision(item, { id: recorded.entry.id, seq: recorded.entry.seq, reference, recipients: external });
    result.className = 'ok';
    result.textContent = `Decision recorded for ${caseReference} (entry ${recorded.entry.seq}). You can send the email now.`;
  } catch (error) {
    result.className = 'error';
    const reasons = error instanceof ApiError ? error.body?.reasons : undefined;
    result.replaceChildren(...(reasons?.length ? reasons.map((r) => Object.assign(document.createElement('p'), { textContent: r.message })) : [document.createTextNode(error instanceof Error ? error.message : 'Not recorded.')]));
  }
}

/** Soft-block mode: send without a decision, with a justification kept for review. */
function setUpOverride(item: Item, api: ApiClient): void {
  $('override').hidden = false;
  $('override').addEventListener('submit', (e) => {
    e.preventDefault();
    void (async () => {
      const result = $('override-result');
      try {
        const reference = await ensureReference(item, () => crypto.randomUUID());
        const override = await api.sendAnyway({ reference, justification: value('justification') });
        await storeDecision(item, { id: override.id, seq: 0, reference });
        result.className = 'ok';
        result.textContent = 'Noted. You can send the email now.';
      } catch (error) {
        result.className = 'error';
        result.textContent = error instanceof Error ? error.message : 'Not noted.';
      }
    })();
  });
}

function setUpComposer(item: Item, api: ApiClient, organisation: string): void {
  const now = new Date();
  $<HTMLInputElement>('call-date').value = now.toISOString().slice(0, 10);
  $<HTMLInputElement>('call-time').value = now.toTimeString().slice(0, 5);
  $('call').addEventListener('submit', (e) => {
    e.preventDefault();
    void insertConfirmation(item, api, organisation);
  });
}

async function insertConfirmation(item: Item, api: ApiClient, organisation: string): Promise<void> {
  const result = $('call-result');
  try {
    const caseRef = value('call-case');
    const person = caseRef ? await api.findPerson(caseRef) : undefined;
    const me = Office.context.mailbox.userProfile;
    const occurredAt = new Date(`${value('call-date')}T${value('call-time')}`).toISOString();
    const agreedActions = value('action') ? [{ description: value('action'), owner: value('action-owner') || 'Not named', dueOn: value('action-due') || value('call-date') }] : [];
    const discussion = await api.logPhoneDiscussion({
      senderRole: value('my-role'),
      discussion: {
        personId: person?.id, occurredAt, concerns: value('concerns'), consentBasis: value('consent-basis'), agreedActions,
        participants: [
          { name: me.displayName, role: value('my-role'), agency: organisation, email: me.emailAddress },
          { name: value('other-name'), role: value('other-role'), agency: value('other-agency'), ...(value('other-email') ? { email: value('other-email') } : {}) },
        ],
      },
    });
    const email = discussion.confirmation;
    if (email.to.length) await officeCall<void>((cb) => item.to.setAsync([...email.to], cb));
    await officeCall<void>((cb) => item.subject.setAsync(email.subject, cb));
    await officeCall<void>((cb) => item.body.setAsync(email.body, { coercionType: 'text' }, cb));
    result.className = 'ok';
    result.textContent = 'The confirmation email is in your message, and the discussion is recorded. Check it and send it.';
  } catch (error) {
    result.className = 'error';
    result.textContent = error instanceof Error ? error.message : 'Not inserted.';
  }
}

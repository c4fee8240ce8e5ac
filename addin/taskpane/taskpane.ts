/// <reference types="office-js" />
/**
 * The task pane: (a) the sharing-decision wizard under the tenant's sharing pack
 * (decision-wizard.ts); (b) the phone-discussion confirmation composer, which inserts the email
 * into the message being written, cited to the tenant's own pack where it has that rule.
 */
import type { ApiClient } from '../../src/api/client.js';
import { detectSharing } from '../../src/domain/detection/index.js';
import { formatLondon } from '../../src/domain/calendar/london-time.js';
import { RISK_LEVELS, type ProtocolPack } from '../../src/domain/protocol/pack-schema.js';
import { ensureReference, storeDecision, type ReferenceItem } from '../shared/draft-reference.js';
import { officeCall, type AsyncResultLike } from '../shared/office-async.js';
import { readOutgoingMessage, type ComposeItem } from '../shared/read-message.js';
import { setUpWizard, showAgencies } from './decision-wizard.js';
import { createPaneApi } from './pane-api.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const value = (id: string) => $<HTMLInputElement>(id).value.trim();
type Item = ComposeItem &
  ReferenceItem & {
    to: ComposeItem['to'] & { setAsync(r: string[], cb: (r: AsyncResultLike<void>) => void): void };
    subject: ComposeItem['subject'] & { setAsync(s: string, cb: (r: AsyncResultLike<void>) => void): void };
    body: ComposeItem['body'] & {
      setAsync(s: string, o: { coercionType: string }, cb: (r: AsyncResultLike<void>) => void): void;
    };
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
    getToken: () =>
      Office.auth.getAccessToken({ allowSignInPrompt: true, allowConsentPrompt: true, forMSGraphAccess: false }),
    user: () => mailbox.userProfile,
  });
  setUpTabs();
  const [pack, sharingPack, settings] = await Promise.all([api.pack(), api.sharingPack(), api.addinSettings()]);
  await describeMessage(item, mailbox.userProfile.emailAddress, settings.caseReferencePattern);
  setUpWizard(item, api, sharingPack, {
    from: mailbox.userProfile.emailAddress,
    name: mailbox.userProfile.displayName,
    ownDomains: settings.ownDomains,
  });
  showCallRule(pack);
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
      if (e.key === 'ArrowRight' || e.key === 'ArrowLeft')
        select(tabs[(i + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length] as HTMLButtonElement);
    });
  });
}

/** Says what the on-send check found (kinds only), prefills the case reference and one agency per outside domain. */
async function describeMessage(item: Item, from: string, caseReferencePattern: string | undefined): Promise<void> {
  const message = await readOutgoingMessage(item, from);
  const verdict = detectSharing(message, { caseReferencePattern });
  const status = $('status');
  if (verdict.decisionRequired) {
    const kinds = [...new Set(verdict.findings.map((f) => f.kind.replaceAll('-', ' ')))];
    if (verdict.truncated) kinds.push('more text than the check can read');
    status.textContent = `This email goes outside your organisation and contains ${kinds.join(', ')}. Record a decision before sending.`;
  } else {
    status.textContent = verdict.externalRecipients.length
      ? 'No personal identifiers found, but you can still record a decision.'
      : 'No recipients outside your organisation.';
    status.classList.add('clear');
  }
  const ref = verdict.findings.find((f) => f.kind === 'case-reference' && f.where !== 'attachment');
  if (ref)
    $<HTMLInputElement>('case-reference').value = (ref.where === 'subject' ? message.subject : message.bodyText).slice(
      ref.index,
      ref.index + ref.length,
    );
  showAgencies([...new Set(verdict.externalRecipients.map((a) => a.split('@')[1] ?? ''))].filter(Boolean));
  const first = message.to[0];
  if (first) $<HTMLInputElement>('recipient-name').value = first;
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

/** The phone-call rule as the organisation's own pack words it (Tameside 2.3.2); none hard-coded. */
function showCallRule(pack: ProtocolPack): void {
  const template = pack.templates.find((t) => t.kind === 'confirmation-email');
  if (template)
    $('call-rule').textContent =
      `${pack.organisation.shortName} protocol ${template.citation.section}: follow a phone call with a brief email confirming the discussion.`;
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
    const agreedActions = value('action')
      ? [
          {
            description: value('action'),
            owner: value('action-owner') || 'Not named',
            dueOn: value('action-due') || value('call-date'),
          },
        ]
      : [];
    const discussion = await api.logPhoneDiscussion({
      senderRole: value('my-role'),
      discussion: {
        personId: person?.id,
        occurredAt,
        concerns: value('concerns'),
        consentBasis: value('consent-basis'),
        agreedActions,
        // Tameside 2.3.3: increasing or imminent risk starts the clock for communicating the concern.
        riskLevel: riskOf(value('call-risk')),
        participants: [
          { name: me.displayName, role: value('my-role'), agency: organisation, email: me.emailAddress },
          {
            name: value('other-name'),
            role: value('other-role'),
            agency: value('other-agency'),
            ...(value('other-email') ? { email: value('other-email') } : {}),
          },
        ],
      },
    });
    const email = discussion.confirmation;
    if (email.to.length) await officeCall<void>((cb) => item.to.setAsync([...email.to], cb));
    await officeCall<void>((cb) => item.subject.setAsync(email.subject, cb));
    await officeCall<void>((cb) => item.body.setAsync(email.body, { coercionType: 'text' }, cb));
    result.className = 'ok';
    result.textContent = `The confirmation email is in your message, and the discussion is recorded. Check it and send it.${
      discussion.riskResponse
        ? ` ${discussion.riskResponse.level} risk: communicate the concern by ${formatLondon(discussion.riskResponse.dueAt, 'long')}; the next discussion logged about this person stops the clock.`
        : ''
    }`;
  } catch (error) {
    result.className = 'error';
    result.textContent = error instanceof Error ? error.message : 'Not inserted.';
  }
}

function riskOf(value: string): (typeof RISK_LEVELS)[number] {
  return RISK_LEVELS.find((r) => r === value) ?? 'standard';
}

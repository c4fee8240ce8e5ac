/**
 * The decision the on-send handler reports to Outlook (Smart Alerts). Detection runs locally
 * first, so a message with nothing to check is sent at once; only then is the server asked (with
 * a short timeout) for what it alone knows: the sender's caseload and a decision already recorded
 * for this message. If the server cannot be reached the local verdict and the organisation's send
 * mode decide — the user's message is never lost, only held as a draft.
 * Rule: Durham Golden Rules 3, 5, 7, 8; Tameside 2.3.5; Speak Out / seAp "Confidentiality and
 * Information Sharing" — another agency gets a person's information only with consent or under a
 * named exception, and the decision is recorded.
 */
import { detectSharing, type FindingKind, type OutgoingMessage, type SharingVerdict } from '../../src/domain/detection/index.js';
import { OPEN_PANE_COMMAND } from '../shared/addin-names.js';
import type { StoredDecision } from '../shared/draft-reference.js';
import { sharingCheckRequest, type SharingCheckRequest } from './server-request.js';

export type SendMode = 'soft-block' | 'block';

export interface ServerAnswer extends SharingVerdict {
  readonly sendMode: SendMode;
  readonly decision?: { readonly id: string; readonly seq: number } | undefined;
  readonly override?: { readonly id: string } | undefined;
}

export interface OnSendInputs {
  readonly message: OutgoingMessage;
  readonly reference?: string | undefined;
  readonly storedDecision?: StoredDecision | undefined;
  readonly ownDomains?: readonly string[] | undefined;
  readonly caseReferencePattern?: string | undefined;
  /** Asks the server (the body already cut to what it accepts); undefined when it did not answer in time. */
  readonly askServer: (request: SharingCheckRequest) => Promise<ServerAnswer | undefined>;
  readonly fallbackSendMode: SendMode;
}

export type OnSendOutcome =
  | { readonly allow: true; readonly header: string }
  | { readonly allow: false; readonly options: { allowEvent: false; errorMessage: string; cancelLabel: string; commandId: string; sendModeOverride?: 'promptUser' } };

const KIND_NAMES: Record<FindingKind, string> = {
  'nhs-number': 'an NHS number', 'national-insurance-number': 'a National Insurance number', 'date-of-birth': 'a date of birth',
  postcode: 'a postcode', 'case-reference': 'a case reference', 'known-person': 'the name of someone on your caseload', 'attachment-name': 'a case document attached',
};

export async function checkOnSend(i: OnSendInputs): Promise<OnSendOutcome> {
  if (i.storedDecision) return { allow: true, header: i.storedDecision.seq === 0 ? `sent-anyway; ${i.storedDecision.id}` : `${i.storedDecision.id}; seq=${i.storedDecision.seq}` };
  const local = detectSharing(i.message, { ownDomains: i.ownDomains?.length ? i.ownDomains : undefined, caseReferencePattern: i.caseReferencePattern });
  if (local.externalRecipients.length === 0) return { allow: true, header: 'internal' };
  const server = await i.askServer(sharingCheckRequest(i.message, i.reference));
  if (server?.decision) return { allow: true, header: `${server.decision.id}; seq=${server.decision.seq}` };
  if (server?.override) return { allow: true, header: `sent-anyway; ${server.override.id}` };
  const verdict = server ?? local;
  if (!verdict.decisionRequired) return { allow: true, header: 'not-required' };
  return { allow: false, options: blockOptions(verdict, server?.sendMode ?? i.fallbackSendMode, server === undefined) };
}

function blockOptions(verdict: SharingVerdict, mode: SendMode, offline: boolean) {
  const kinds = [...new Set(verdict.findings.map((f) => KIND_NAMES[f.kind]))];
  if (verdict.truncated) kinds.push('more text than the check can read (the unread part may hold identifiers)');
  const what = kinds.length > 2 ? `${kinds.slice(0, -1).join(', ')} and ${kinds[kinds.length - 1] ?? ''}` : kinds.join(' and ');
  const who = verdict.externalRecipients.length === 1 ? 'an address outside your organisation' : `${verdict.externalRecipients.length} addresses outside your organisation`;
  const errorMessage = `This email goes to ${who} and contains ${what}. Your protocol asks you to record the person's consent or the lawful basis before sharing: choose "Record a decision".${offline ? ' (The safeguarding service did not answer; this is the check on your computer.)' : ''}`;
  return {
    allowEvent: false as const, errorMessage: errorMessage.slice(0, 500), cancelLabel: 'Record a decision', commandId: OPEN_PANE_COMMAND,
    ...(mode === 'soft-block' ? { sendModeOverride: 'promptUser' as const } : {}),
  };
}

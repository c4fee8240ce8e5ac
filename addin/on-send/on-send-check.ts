/**
 * The decision the on-send handler reports to Outlook (Smart Alerts). Detection runs locally
 * first, so a message with only internal recipients is sent at once; otherwise the server is asked
 * (with a short timeout) for what it alone knows: the sender's caseload, and whether a decision the
 * sender recorded for this message covers it as it is now (same sender, every outside address
 * named, same subject, no attachment or identifier added — src/domain/sharing/message-cover.ts).
 * If the server cannot be reached, a decision stored on the draft counts only for the outside
 * addresses it names; otherwise the local verdict and the organisation's send mode decide — the
 * user's message is never lost, only held as a draft.
 * Rule: the tenant's sharing pack — another agency gets a person's information only with consent
 * or on a basis the pack allows (or one outside it, named and justified), and the decision is
 * recorded; a decision NOT to share never lets the email go (the server says why).
 */
import type { AddinSettings, SharingCheckAnswer, SharingCheckRequest } from '../../src/api/contract.js';
import {
  detectSharing,
  type FindingKind,
  type OutgoingMessage,
  type SharingVerdict,
} from '../../src/domain/detection/index.js';
import { OPEN_PANE_COMMAND } from '../shared/addin-names.js';
import type { StoredDecision } from '../shared/draft-reference.js';
import { sharingCheckRequest } from './server-request.js';

export type SendMode = AddinSettings['sendMode'];

export interface OnSendInputs {
  readonly message: OutgoingMessage;
  readonly reference?: string | undefined;
  readonly storedDecision?: StoredDecision | undefined;
  readonly ownDomains?: readonly string[] | undefined;
  readonly caseReferencePattern?: string | undefined;
  /** Asks the server (the body already cut to what it accepts); undefined when it did not answer in time. */
  readonly askServer: (request: SharingCheckRequest) => Promise<SharingCheckAnswer | undefined>;
  readonly fallbackSendMode: SendMode;
}

export type OnSendOutcome =
  | { readonly allow: true; readonly header: string }
  | {
      readonly allow: false;
      readonly options: {
        allowEvent: false;
        errorMessage: string;
        cancelLabel: string;
        commandId: string;
        sendModeOverride?: 'promptUser';
      };
    };

const KIND_NAMES: Record<FindingKind, string> = {
  'nhs-number': 'an NHS number',
  'national-insurance-number': 'a National Insurance number',
  'date-of-birth': 'a date of birth',
  postcode: 'a postcode',
  'case-reference': 'a case reference',
  'known-person': 'the name of someone on your caseload',
  'attachment-name': 'a case document attached',
};

export async function checkOnSend(i: OnSendInputs): Promise<OnSendOutcome> {
  const local = detectSharing(i.message, {
    ownDomains: i.ownDomains?.length ? i.ownDomains : undefined,
    caseReferencePattern: i.caseReferencePattern,
  });
  if (local.externalRecipients.length === 0) return { allow: true, header: 'internal' };
  const server = await i.askServer(sharingCheckRequest(i.message, i.reference));
  if (server?.decision)
    return {
      allow: true,
      header: `${server.decision.id}; seq=${server.decision.seq}${server.decision.bodyEdited ? '; body-edited' : ''}`,
    };
  if (server?.override) return { allow: true, header: `sent-anyway; ${server.override.id}` };
  const stored = i.storedDecision;
  if (!server && stored && coversOffline(stored, local.externalRecipients)) {
    return {
      allow: true,
      header: stored.seq === 0 ? `sent-anyway; ${stored.id}` : `${stored.id}; seq=${stored.seq}; unconfirmed`,
    };
  }
  const verdict = server ?? local;
  if (!verdict.decisionRequired) return { allow: true, header: 'not-required' };
  return {
    allow: false,
    options: blockOptions(
      verdict,
      server?.sendMode ?? i.fallbackSendMode,
      server === undefined,
      server?.decisionProblems ?? [],
    ),
  };
}

/** Offline: a "send anyway" stays the sender's choice; a decision covers only the outside addresses it names. */
function coversOffline(stored: StoredDecision, external: readonly string[]): boolean {
  if (stored.seq === 0) return true;
  const named = new Set((stored.recipients ?? []).map((a) => a.toLowerCase()));
  return external.every((a) => named.has(a));
}

function blockOptions(verdict: SharingVerdict, mode: SendMode, offline: boolean, problems: readonly string[]) {
  const kinds = [...new Set(verdict.findings.map((f) => KIND_NAMES[f.kind]))];
  if (verdict.truncated) kinds.push('more text than the check can read (the unread part may hold identifiers)');
  const what =
    kinds.length > 2 ? `${kinds.slice(0, -1).join(', ')} and ${kinds[kinds.length - 1] ?? ''}` : kinds.join(' and ');
  const who =
    verdict.externalRecipients.length === 1
      ? 'an address outside your organisation'
      : `${verdict.externalRecipients.length} addresses outside your organisation`;
  const stale = problems.length
    ? `Your decision for this email no longer covers it: ${problems.join(' ')} Record a new decision. `
    : '';
  const errorMessage = `${stale}This email goes to ${who} and contains ${what}. Your protocol asks you to record the person's consent or the lawful basis before sharing: choose "Record a decision".${offline ? ' (The safeguarding service did not answer; this is the check on your computer.)' : ''}`;
  return {
    allowEvent: false as const,
    errorMessage: errorMessage.slice(0, 500),
    cancelLabel: 'Record a decision',
    commandId: OPEN_PANE_COMMAND,
    ...(mode === 'soft-block' ? { sendModeOverride: 'promptUser' as const } : {}),
  };
}

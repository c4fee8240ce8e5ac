/**
 * Recording a decision to share or not to share (Durham, Eight Golden Rules for Information
 * Sharing, rule 8) in the tenant's tamper-evident decision log.
 */
import { londonDateOf } from '../domain/calendar/london-time.js';
import { consentFor, type ConsentAnswer } from '../domain/consent/consent.js';
import type { OutgoingMessage } from '../domain/detection/index.js';
import { fingerprintMessage } from '../domain/sharing/message-cover.js';
import type { SharingOutcome } from '../domain/sharing/sharing-decision.js';
import { decideSharing } from '../domain/sharing/sharing-decision.js';
import type { SharingProposalInput } from './inputs.js';
import { noteAccess, personForCaller } from './person-access.js';
import type { AppDeps, Caller, DecisionLogEntry } from './ports.js';
import { detectForSender, messageHash } from './sharing-check.js';
import { tenantContext } from './tenant-context.js';

export type RecordDecisionResult =
  | (Extract<SharingOutcome, { kind: 'allowed' }> & { readonly entry: DecisionLogEntry })
  | Extract<SharingOutcome, { kind: 'blocked' }>;

/**
 * Checks the proposal against the pack and the consent register, and records it when allowed.
 * A blocked proposal is returned with its reasons and nothing is written. `message` is the email
 * the decision is made for (the Outlook pane sends it): only its fingerprint is kept, so the
 * on-send check can tell whether the decision covers the email being sent.
 */
export async function recordSharingDecision(deps: AppDeps, caller: Caller, input: SharingProposalInput, message?: OutgoingMessage): Promise<RecordDecisionResult> {
  const { pack } = await tenantContext(deps, caller.tenantId);
  await personForCaller(deps, caller, input.personId, 'record-decision');
  const now = deps.clock.now();
  const consent = await consentForRecipients(deps, caller.tenantId, input, now);
  const fingerprint = message && input.context?.reference ? fingerprintMessage(messageHash(deps), message, (await detectForSender(deps, caller, message)).findings) : undefined;
  const context = input.context && { ...input.context, message: fingerprint };
  const outcome = decideSharing(pack, { ...input, context, decidedBy: caller.name, decidedByUserId: caller.userId }, consent, now);
  if (outcome.kind === 'blocked') return outcome;
  const crypto = { sha256: deps.sha256, mac: deps.decisionMac };
  const entry = await deps.store.inTransaction(async (store) => {
    const appended = await store.appendDecision(caller.tenantId, { id: deps.newId(), personId: input.personId, recordedAt: now.toISOString(), record: outcome.record, reference: input.context?.reference }, crypto);
    await noteAccess(deps, store, caller, input.personId, 'record-decision');
    return appended;
  });
  // After the commit: an anchor must never name an entry that was rolled back.
  await deps.decisionAnchor?.record({ tenantId: caller.tenantId, seq: entry.seq, hash: entry.hash, at: entry.recordedAt });
  return { ...outcome, entry };
}

/** Consent must cover every recipient agency: the answer for the first agency not covered wins. */
async function consentForRecipients(deps: AppDeps, tenantId: string, input: SharingProposalInput, now: Date): Promise<ConsentAnswer> {
  const records = await deps.store.listConsent(tenantId, input.personId);
  const on = londonDateOf(now);
  const answers = [...new Set(input.recipients.map((r) => r.agency))].map((agency) => consentFor(records, { agency, on }));
  return answers.find((a) => a.kind !== 'given') ?? answers[0] ?? { kind: 'none' };
}

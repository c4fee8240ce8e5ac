/**
 * The server's side of the Outlook on-send check: the same detection the add-in runs locally,
 * plus what only the server knows — the organisation's own domains and case-reference format,
 * the sender's caseload (names), and whether the sender already recorded a decision that covers
 * this message.
 *
 * A decision (or a justified "send anyway") found under the message's reference counts only when
 * the same user recorded it: the reference is chosen by the client, so anyone could name another
 * user's. A decision must also cover the message as it is now (message-cover.ts): every outside
 * address named, the subject unchanged, no attachment and no personal identifier added.
 */
import type { OutgoingMessage, SharingVerdict } from '../../domain/detection/index.js';
import { ForbiddenError } from '../../domain/shared/errors.js';
import { entryHash } from '../../domain/sharing/decision-chain.js';
import {
  coverProblems,
  coverProblemText,
  fingerprintMessage,
  type TextHash,
} from '../../domain/sharing/message-cover.js';
import { sharingCitationText } from '../../domain/sharing/protocol-citation.js';
import type { DecisionRecord } from '../../domain/sharing/sharing-decision.js';
import type { AppDeps, Caller, DecisionLogEntry, SendOverride } from '../ports.js';
import { compile } from './sender-detectors.js';
import { tenantContext } from '../tenant-context.js';

/** Decisions looked at per reference (a draft rarely gets more than a couple). */
const DECISIONS_PER_REFERENCE = 20;

export interface SharingCheck extends SharingVerdict {
  readonly sendMode: 'soft-block' | 'block';
  /** The caller's decision that covers this message; `bodyEdited` when the body changed (without new identifiers) since. */
  readonly decision?:
    | { readonly id: string; readonly seq: number; readonly recordedAt: string; readonly bodyEdited: boolean }
    | undefined;
  /** Why the caller's latest decision for this message does not cover it as it is now. */
  readonly decisionProblems?: readonly string[] | undefined;
  /** "Send anyway" already justified by the caller for this message (soft-block mode). */
  readonly override?: { readonly id: string } | undefined;
}

export interface AddinSettings {
  readonly sendMode: 'soft-block' | 'block';
  readonly ownDomains: readonly string[];
  readonly caseReferencePattern?: string | undefined;
}

export async function addinSettings(deps: AppDeps, caller: Caller): Promise<AddinSettings> {
  const { tenant, pack } = await tenantContext(deps, caller.tenantId);
  return {
    sendMode: tenant.sendMode ?? 'soft-block',
    ownDomains: tenant.emailDomains,
    caseReferencePattern: pack.caseReference?.pattern,
  };
}

/** Detection as the server runs it for this sender: the organisation's domains and pattern, the sender's caseload. */
export async function detectForSender(
  deps: AppDeps,
  caller: Caller,
  message: OutgoingMessage,
  known?: AddinSettings,
): Promise<SharingVerdict> {
  const settings = known ?? (await addinSettings(deps, caller));
  // The compiled detector is kept per sender while their caseload is unchanged (sender-detectors.ts).
  const detector = deps.senderDetectors
    ? await deps.senderDetectors.detectorFor(deps.store, caller, settings)
    : await compile(deps.store, caller, settings);
  return detector(message);
}

/** Keyed, so a fingerprint's identifier hashes cannot be guessed back without the decision-log key. */
export function messageHash(deps: Pick<AppDeps, 'decisionMac'>): TextHash {
  return (text) => deps.decisionMac(`message-fingerprint:${text}`);
}

export async function checkOutgoingMessage(
  deps: AppDeps,
  caller: Caller,
  message: OutgoingMessage,
  reference?: string,
): Promise<SharingCheck> {
  const settings = await addinSettings(deps, caller);
  const verdict = await detectForSender(deps, caller, message, settings);
  const base = { ...verdict, reasons: await withProtocolCitation(deps, caller, verdict), sendMode: settings.sendMode };
  if (!reference) return base;
  const decision = await latestOwnDecision(deps, caller, reference);
  let decisionProblems: string[] | undefined;
  if (decision) {
    const now = fingerprintMessage(messageHash(deps), message, verdict.findings);
    const then = decision.record.context?.message;
    const problems = coverProblems(
      { recipients: decision.record.recipients, fingerprint: then },
      { externalRecipients: verdict.externalRecipients, fingerprint: now },
    );
    // A decision NOT to share never lets the email go (Durham Golden Rule 8: recorded either way).
    if (decision.record.decision === 'not-share') problems.unshift({ kind: 'decided-not-to-share' });
    if (problems.length === 0) {
      return {
        ...base,
        decision: {
          id: decision.entry.id,
          seq: decision.entry.seq,
          recordedAt: decision.entry.recordedAt,
          bodyEdited: then?.body !== now.body,
        },
      };
    }
    decisionProblems = problems.map(coverProblemText);
  }
  const override = await deps.store.findSendOverride(caller.tenantId, reference, caller.userId);
  return { ...base, decisionProblems, override: override && { id: override.id } };
}

/** The tenant's sharing pack's citation after the duty to record a decision (none hard-coded). */
async function withProtocolCitation(deps: AppDeps, caller: Caller, verdict: SharingVerdict): Promise<string[]> {
  if (!verdict.decisionRequired) return verdict.reasons;
  const cited = sharingCitationText((await tenantContext(deps, caller.tenantId)).sharingPack);
  return cited ? [...verdict.reasons, cited] : verdict.reasons;
}

/** The newest decision this user recorded for `reference`, if its entry is keyed and intact. */
async function latestOwnDecision(
  deps: AppDeps,
  caller: Caller,
  reference: string,
): Promise<{ entry: DecisionLogEntry; record: DecisionRecord } | undefined> {
  const crypto = { sha256: deps.sha256, mac: deps.decisionMac };
  for (const entry of await deps.store.listDecisionsByReference(caller.tenantId, reference, DECISIONS_PER_REFERENCE)) {
    const record = JSON.parse(entry.payload) as DecisionRecord;
    // Only a keyed entry can be trusted to say who decided: an old (unkeyed) one, or one whose
    // hash does not check, might have been written or re-pointed by someone with database access.
    if (record.decidedByUserId !== caller.userId || entry.version !== 2 || entryHash(crypto, entry) !== entry.hash)
      continue;
    return { entry, record };
  }
  return undefined;
}

/**
 * Soft-block mode: the sender chooses to send without a decision and says why. Refused in block
 * mode, where the protocol's decision must come first.
 */
export async function justifySendingAnyway(
  deps: AppDeps,
  caller: Caller,
  reference: string,
  justification: string,
): Promise<SendOverride> {
  const settings = await addinSettings(deps, caller);
  if (settings.sendMode === 'block')
    throw new ForbiddenError('Your organisation requires a sharing decision before such an email is sent.');
  const override: SendOverride = {
    tenantId: caller.tenantId,
    id: deps.newId(),
    reference,
    userId: caller.userId,
    userName: caller.name,
    justification,
    createdAt: deps.clock.now().toISOString(),
  };
  await deps.store.createSendOverride(override);
  return override;
}

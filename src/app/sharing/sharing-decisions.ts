/**
 * Recording a decision to share or not to share in the tenant's tamper-evident decision log,
 * under the tenant's sharing pack (which may differ from its escalation pack).
 */
import { londonDateOf } from '../../domain/calendar/london-time.js';
import { consentFor } from '../../domain/consent/consent.js';
import { ageOn } from '../../domain/people/date-of-birth.js';
import type { OutgoingMessage } from '../../domain/detection/index.js';
import { fingerprintMessage } from '../../domain/sharing/message-cover.js';
import type { SharingFacts, SharingOutcome } from '../../domain/sharing/sharing-decision.js';
import { decideSharing } from '../../domain/sharing/sharing-decision.js';
import type { SharingProposalInput } from '../inputs.js';
import { noteAccess, personForCaller } from '../people/person-access.js';
import type { AppDeps, Caller, DecisionLogEntry } from '../ports.js';
import type { IsoDate } from '../../domain/shared/time.js';
import { detectForSender, messageHash } from './sharing-check.js';
import { tenantContext } from '../tenant-context.js';

/** A parsed proposal; `confirmed` may be left out by callers that confirm nothing (a decision not to share). */
type ProposalInput = Omit<SharingProposalInput, 'confirmed'> & { readonly confirmed?: readonly string[] | undefined };

export type RecordDecisionResult =
  | (Extract<SharingOutcome, { kind: 'allowed' }> & {
      readonly entry: DecisionLogEntry;
      readonly caseReference: string;
    })
  | Extract<SharingOutcome, { kind: 'blocked' }>;

/**
 * Checks the proposal against the pack and the consent register, and records it when allowed.
 * A blocked proposal is returned with its reasons and nothing is written. `message` is the email
 * the decision is made for (the Outlook pane sends it): only its fingerprint is kept, so the
 * on-send check can tell whether the decision covers the email being sent.
 */
export async function recordSharingDecision(
  deps: AppDeps,
  caller: Caller,
  input: ProposalInput,
  message?: OutgoingMessage,
): Promise<RecordDecisionResult> {
  const { sharingPack: pack } = await tenantContext(deps, caller.tenantId);
  const person = await personForCaller(deps, caller, input.personId, 'record-decision');
  const now = deps.clock.now();
  const facts = await sharingFacts(deps, caller.tenantId, input, person.dateOfBirth, now);
  const fingerprint =
    message && input.context?.reference
      ? fingerprintMessage(messageHash(deps), message, (await detectForSender(deps, caller, message)).findings)
      : undefined;
  const context = input.context && { ...input.context, message: fingerprint };
  const outcome = decideSharing(
    pack,
    { ...input, context, decidedBy: caller.name, decidedByUserId: caller.userId },
    facts,
    now,
  );
  if (outcome.kind === 'blocked') {
    // Counted for the IG lead's audit: the reason codes per London day, nothing about who or whom.
    const codes = outcome.reasons.map((r) => r.code);
    await deps.store.countRefusedAttempt(caller.tenantId, londonDateOf(now), codes);
    return outcome;
  }
  const crypto = { sha256: deps.sha256, mac: deps.decisionMac };
  const entry = await deps.store.inTransaction(async (store) => {
    const appended = await store.appendDecision(
      caller.tenantId,
      {
        id: deps.newId(),
        personId: input.personId,
        recordedAt: now.toISOString(),
        record: outcome.record,
        reference: input.context?.reference,
      },
      crypto,
    );
    await noteAccess(deps, store, caller, input.personId, 'record-decision');
    return appended;
  });
  // After the commit: an anchor must never name an entry that was rolled back.
  await deps.decisionAnchor?.record({
    tenantId: caller.tenantId,
    seq: entry.seq,
    hash: entry.hash,
    at: entry.recordedAt,
  });
  return { ...outcome, entry, caseReference: person.caseReference };
}

/** The register's answer for each recipient agency on its own, and the person's age from their date of birth. */
async function sharingFacts(
  deps: AppDeps,
  tenantId: string,
  input: ProposalInput,
  dateOfBirth: IsoDate | undefined,
  now: Date,
): Promise<SharingFacts> {
  const records = await deps.store.listConsent(tenantId, input.personId);
  const on = londonDateOf(now);
  const agencies = [...new Set(input.recipients.map((r) => r.agency))];
  return {
    consents: agencies.map((agency) => ({ agency, answer: consentFor(records, { agency, on }) })),
    ageInYears: dateOfBirth && ageOn(dateOfBirth, on),
  };
}

/**
 * Recording a decision to share or not to share (Durham, Eight Golden Rules for Information
 * Sharing, rule 8) in the tenant's tamper-evident decision log.
 */
import { londonDateOf } from '../domain/calendar/london-time.js';
import { consentFor, type ConsentAnswer } from '../domain/consent/consent.js';
import type { SharingOutcome } from '../domain/sharing/sharing-decision.js';
import { decideSharing } from '../domain/sharing/sharing-decision.js';
import type { SharingProposalInput } from './inputs.js';
import type { AppDeps, Caller, DecisionLogEntry } from './ports.js';
import { requirePerson, tenantContext } from './tenant-context.js';

export type RecordDecisionResult =
  | (Extract<SharingOutcome, { kind: 'allowed' }> & { readonly entry: DecisionLogEntry })
  | Extract<SharingOutcome, { kind: 'blocked' }>;

/**
 * Checks the proposal against the pack and the consent register, and records it when allowed.
 * A blocked proposal is returned with its reasons and nothing is written.
 */
export async function recordSharingDecision(deps: AppDeps, caller: Caller, input: SharingProposalInput): Promise<RecordDecisionResult> {
  const { pack } = await tenantContext(deps, caller.tenantId);
  await requirePerson(deps.store, caller.tenantId, input.personId);
  const now = deps.clock.now();
  const consent = await consentForRecipients(deps, caller.tenantId, input, now);
  const outcome = decideSharing(pack, { ...input, decidedBy: caller.name }, consent, now);
  if (outcome.kind === 'blocked') return outcome;
  const entry = await deps.store.appendDecision(caller.tenantId, { id: deps.newId(), personId: input.personId, recordedAt: now.toISOString(), record: outcome.record, reference: input.context?.reference }, deps.sha256);
  return { ...outcome, entry };
}

/** Consent must cover every recipient agency: the answer for the first agency not covered wins. */
async function consentForRecipients(deps: AppDeps, tenantId: string, input: SharingProposalInput, now: Date): Promise<ConsentAnswer> {
  const records = await deps.store.listConsent(tenantId, input.personId);
  const on = londonDateOf(now);
  const answers = [...new Set(input.recipients.map((r) => r.agency))].map((agency) => consentFor(records, { agency, on }));
  return answers.find((a) => a.kind !== 'given') ?? answers[0] ?? { kind: 'none' };
}

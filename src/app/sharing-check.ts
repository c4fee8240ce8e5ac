/**
 * The server's side of the Outlook on-send check: the same detection the add-in runs locally,
 * plus what only the server knows — the organisation's own domains and case-reference format,
 * the sender's caseload (names), and whether a decision was already recorded for this message.
 */
import { detectSharing, type OutgoingMessage, type SharingVerdict } from '../domain/detection/index.js';
import { ForbiddenError } from '../domain/shared/errors.js';
import type { AppDeps, Caller, SendOverride } from './ports.js';
import { tenantContext } from './tenant-context.js';

/** How many of the sender's people are matched by name (the most recently registered first). */
const CASELOAD_LIMIT = 2000;

export interface SharingCheck extends SharingVerdict {
  readonly sendMode: 'soft-block' | 'block';
  readonly decision?: { readonly id: string; readonly seq: number; readonly recordedAt: string } | undefined;
  /** "Send anyway" already justified for this message (soft-block mode). */
  readonly override?: { readonly id: string } | undefined;
}

export interface AddinSettings {
  readonly sendMode: 'soft-block' | 'block';
  readonly ownDomains: readonly string[];
  readonly caseReferencePattern?: string | undefined;
}

export async function addinSettings(deps: AppDeps, caller: Caller): Promise<AddinSettings> {
  const { tenant, pack } = await tenantContext(deps, caller.tenantId);
  return { sendMode: tenant.sendMode ?? 'soft-block', ownDomains: tenant.emailDomains, caseReferencePattern: pack.caseReference?.pattern };
}

export async function checkOutgoingMessage(deps: AppDeps, caller: Caller, message: OutgoingMessage, reference?: string): Promise<SharingCheck> {
  const settings = await addinSettings(deps, caller);
  const caseload = await deps.store.listPeopleRegisteredBy(caller.tenantId, caller.userId, CASELOAD_LIMIT);
  const verdict = detectSharing(message, {
    ownDomains: settings.ownDomains.length ? settings.ownDomains : undefined, caseReferencePattern: settings.caseReferencePattern,
    knownPeople: caseload.map((p) => ({ personId: p.id, displayName: p.displayName })),
  });
  const decision = reference ? await deps.store.findDecisionByReference(caller.tenantId, reference) : undefined;
  const override = reference && !decision ? await deps.store.findSendOverride(caller.tenantId, reference) : undefined;
  return { ...verdict, sendMode: settings.sendMode, decision: decision && { id: decision.id, seq: decision.seq, recordedAt: decision.recordedAt }, override: override && { id: override.id } };
}

/**
 * Soft-block mode: the sender chooses to send without a decision and says why. Refused in block
 * mode, where the protocol's decision must come first.
 */
export async function justifySendingAnyway(deps: AppDeps, caller: Caller, reference: string, justification: string): Promise<SendOverride> {
  const settings = await addinSettings(deps, caller);
  if (settings.sendMode === 'block') throw new ForbiddenError('Your organisation requires a sharing decision before such an email is sent.');
  const override: SendOverride = { tenantId: caller.tenantId, id: deps.newId(), reference, userId: caller.userId, userName: caller.name, justification, createdAt: deps.clock.now().toISOString() };
  await deps.store.createSendOverride(override);
  return override;
}

/**
 * Closing an agreed action (from a phone discussion or an escalation's resolution): the person it
 * is followed up with marks it done, and its overdue reminder lapses.
 */
import { ForbiddenError, NotFoundError } from '../../domain/shared/errors.js';
import type { AgreedActionRecord, AppDeps, Caller } from '../ports.js';

export async function markAgreedActionDone(
  deps: AppDeps,
  caller: Caller,
  actionId: string,
): Promise<{ action: AgreedActionRecord; changed: boolean }> {
  const action = await deps.store.getAgreedAction(caller.tenantId, actionId);
  if (!action) throw new NotFoundError('No such agreed action in your organisation.');
  if (action.remindUserId && action.remindUserId !== caller.userId)
    throw new ForbiddenError('Only the person following this action up can mark it done.');
  const changed = await deps.store.completeAgreedAction(caller.tenantId, action.id, deps.clock.now().toISOString());
  const now = changed ? { ...action, status: 'done' as const } : action;
  return { action: now, changed };
}

/** What an escalation form is prefilled with when an overdue action is escalated (Tameside s.3). */
export async function escalationPrefillFromAction(
  deps: AppDeps,
  caller: Caller,
  actionId: string,
): Promise<{ caseReference?: string | undefined; agency?: string | undefined; details: string }> {
  const action = await deps.store.getAgreedAction(caller.tenantId, actionId);
  if (!action) throw new NotFoundError('No such agreed action in your organisation.');
  const discussion =
    action.sourceKind === 'phone-discussion'
      ? await deps.store.getPhoneDiscussion(caller.tenantId, action.sourceId)
      : undefined;
  const escalation =
    action.sourceKind === 'escalation' ? await deps.store.getEscalation(caller.tenantId, action.sourceId) : undefined;
  const personId = discussion?.personId ?? escalation?.personId;
  const person = personId ? await deps.store.getPerson(caller.tenantId, personId) : undefined;
  const agency =
    discussion?.participants.find((p) => p.userId !== caller.userId)?.agency ?? escalation?.otherAgency.name;
  return {
    caseReference: person?.caseReference,
    agency,
    details: `Agreed action not done: ${action.description} (owner ${action.owner}, due ${action.dueOn}).`,
  };
}

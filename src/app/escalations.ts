/**
 * Raising an escalation and acting on it. Each change is validated by the pure state machine,
 * then stored with its transition and its recomputed reminders in one transaction; a refused
 * change writes nothing.
 */
import type { Escalation, Party } from '../domain/escalation/escalation.js';
import type { EscalationEvent } from '../domain/escalation/escalation-events.js';
import { applyEscalationEvent } from '../domain/escalation/escalation-machine.js';
import { remindersFor } from '../domain/escalation/escalation-reminders.js';
import { raiseEscalation as raise } from '../domain/escalation/raise-escalation.js';
import { NotFoundError } from '../domain/shared/errors.js';
import type { EscalationEventInput, RaiseEscalationRequest } from './inputs.js';
import { noteAccess, personForCaller } from './person-access.js';
import type { AppDeps, Caller, Store } from './ports.js';
import { tenantContext, type TenantContext } from './tenant-context.js';

/**
 * Raises an escalation as the caller: `raisedBy` is always the signed-in caller (with the role
 * and agency they give), never a person named in the request.
 */
export async function raiseEscalation(deps: AppDeps, caller: Caller, request: RaiseEscalationRequest): Promise<Escalation> {
  const ctx = await tenantContext(deps, caller.tenantId);
  await personForCaller(deps, caller, request.personId, 'raise-escalation');
  const { raisedBy: _none, raiserRole, raiserAgency, ...details } = request;
  const raisedBy = await callerAsParty(deps, caller, raiserRole, raiserAgency ?? ctx.tenant.name);
  const result = raise(ctx, { ...details, raisedBy, id: deps.newId(), tenantId: caller.tenantId }, actorOf(caller), deps.clock.now());
  if (result.kind === 'invalid') throw result.error;
  await deps.store.inTransaction(async (store) => {
    await store.createEscalation(result.escalation, result.transition);
    await planReminders(deps, store, ctx, result.escalation, result.transition.at);
    await noteAccess(deps, store, caller, request.personId, 'raise-escalation');
  });
  return result.escalation;
}

/** The caller as a named party of a record: name and id from the sign-in, email from the directory. */
export async function callerAsParty(deps: AppDeps, caller: Caller, role: string, agency: string): Promise<Party> {
  const me = await deps.store.getDirectoryUser(caller.tenantId, caller.userId);
  return { name: caller.name, role, agency, email: me?.email, userId: caller.userId };
}

/**
 * Applies an event to an escalation. `expectedVersion`, when given, is the version the caller
 * saw: acting on a stale view (a second click on an old card) is refused with a ConflictError.
 */
export async function actOnEscalation(
  deps: AppDeps,
  caller: Caller,
  escalationId: string,
  event: EscalationEvent,
  expectedVersion?: number,
): Promise<Escalation> {
  const ctx = await tenantContext(deps, caller.tenantId);
  return deps.store.inTransaction(async (store) => {
    const current = await store.getEscalation(caller.tenantId, escalationId);
    if (!current) throw new NotFoundError('No such escalation in this organisation.', { escalationId });
    const result = applyEscalationEvent(ctx, current, event, actorOf(caller), deps.clock.now());
    if (result.kind === 'refused') throw result.error;
    await store.updateEscalation(result.escalation, expectedVersion ?? current.version, result.transition);
    await planReminders(deps, store, ctx, result.escalation, result.transition.at);
    if (event.kind === 'resolve') await storeAgreedActions(deps, store, result.escalation, result.transition.at);
    return result.escalation;
  });
}

async function planReminders(deps: AppDeps, store: Store, ctx: TenantContext, escalation: Escalation, at: string): Promise<void> {
  await store.planReminders(escalation.tenantId, { kind: 'escalation', id: escalation.id }, remindersFor(ctx, escalation), deps.newId, at);
}

async function storeAgreedActions(deps: AppDeps, store: Store, escalation: Escalation, at: string): Promise<void> {
  const actions = (escalation.outcome?.agreedActions ?? []).map((a) => ({
    ...a, tenantId: escalation.tenantId, id: deps.newId(), sourceKind: 'escalation' as const, sourceId: escalation.id, status: 'open' as const,
  }));
  await store.createAgreedActions(actions, at);
}

function actorOf(caller: Caller) {
  return { id: caller.userId, name: caller.name };
}

/**
 * Raising an escalation and acting on it. Each change is validated by the pure state machine,
 * then stored in one transaction with every consequence the pack asks for: its transition, its
 * recomputed reminders, the record it produces (Stockport Appendix Two), the notices it causes
 * (through the outbox: the new owner of a stage, the Board's copy, the de-brief prompt) and the
 * follow-up of agreed actions. A refused change writes nothing; nothing is sent inside the change.
 */
import { currentStage, type Escalation, type Party } from '../../domain/escalation/escalation.js';
import type { EscalationEvent, EscalationTransition } from '../../domain/escalation/escalation-events.js';
import { applyEscalationEvent } from '../../domain/escalation/escalation-machine.js';
import { noticesFor } from '../../domain/escalation/escalation-notices.js';
import { produceEscalationLetter, produceEscalationRecord } from '../../domain/escalation/escalation-record.js';
import type { RenderedTemplate } from '../../domain/templates/render-template.js';
import { remindersFor } from '../../domain/escalation/escalation-reminders.js';
import { raiseEscalation as raise } from '../../domain/escalation/raise-escalation.js';
import { routeOf } from '../../domain/escalation/specific-processes.js';
import { agreedActionReminder } from '../../domain/phone/agreed-action-reminders.js';
import { NotFoundError } from '../../domain/shared/errors.js';
import type { RaiseEscalationRequest } from '../inputs.js';
import { noteAccess, personForCaller } from '../people/person-access.js';
import type { AgreedActionRecord, AppDeps, Caller, EscalationRecord, Store } from '../ports.js';
import { tenantContext, type TenantContext } from '../tenant-context.js';

/**
 * Raises an escalation as the caller: `raisedBy` is always the signed-in caller (with the role
 * and agency they give), never a person named in the request.
 */
export async function raiseEscalation(
  deps: AppDeps,
  caller: Caller,
  request: RaiseEscalationRequest,
): Promise<Escalation> {
  const ctx = await tenantContext(deps, caller.tenantId);
  await personForCaller(deps, caller, request.personId, 'raise-escalation');
  const { raisedBy: _none, raiserRole, raiserAgency, ...details } = request;
  const raisedBy = await callerAsParty(deps, caller, raiserRole, raiserAgency ?? ctx.tenant.name);
  const result = raise(
    ctx,
    { ...details, raisedBy, id: deps.newId(), tenantId: caller.tenantId },
    actorOf(caller),
    deps.clock.now(),
  );
  if (result.kind === 'invalid') throw result.error;
  const routed = { ...ctx, pack: routeOf(ctx.pack, result.escalation) };
  await deps.store.inTransaction(async (store) => {
    await store.createEscalation(result.escalation, result.transition);
    await writeConsequences(deps, store, routed, caller, undefined, result.escalation, result.transition);
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
 * Applies an event to an escalation, with every consequence, in one transaction. Who may do it
 * is not checked here: surfaces call `actOnEscalationAs` (escalation-queries.ts), which asks the
 * access rule first. `expectedVersion`, when given, is the version the caller saw: acting on a
 * stale view (a second click on an old card) is refused with a ConflictError.
 */
export async function actOnEscalation(
  deps: AppDeps,
  caller: Caller,
  escalationId: string,
  event: EscalationEvent,
  expectedVersion?: number,
): Promise<Escalation> {
  const tenant = await tenantContext(deps, caller.tenantId);
  return deps.store.inTransaction(async (store) => {
    const current = await store.getEscalation(caller.tenantId, escalationId);
    if (!current) throw new NotFoundError('No such escalation in this organisation.', { escalationId });
    // Its specific process's route, where it has one (Stockport s.3).
    const ctx = { ...tenant, pack: routeOf(tenant.pack, current) };
    const result = applyEscalationEvent(ctx, current, event, actorOf(caller), deps.clock.now());
    if (result.kind === 'refused') throw result.error;
    await store.updateEscalation(result.escalation, expectedVersion ?? current.version, result.transition);
    await writeConsequences(deps, store, ctx, caller, current, result.escalation, result.transition);
    return result.escalation;
  });
}

/** Everything a transition causes, written with it: reminders, the record, notices, follow-ups. */
async function writeConsequences(
  deps: AppDeps,
  store: Store,
  ctx: TenantContext,
  caller: Caller,
  before: Escalation | undefined,
  after: Escalation,
  transition: EscalationTransition,
): Promise<void> {
  const at = transition.at;
  const subject = { kind: 'escalation' as const, id: after.id };
  await store.planReminders(after.tenantId, subject, remindersFor(ctx, after), deps.newId, at);
  const record =
    before?.state === 'open' && after.state !== 'open'
      ? await storeRecord(deps, store, ctx, after, transition)
      : undefined;
  if (transition.kind === 'escalate') await storeLetter(deps, store, ctx, after, transition);
  await store.enqueueNotices(
    after.tenantId,
    subject,
    noticesFor(ctx.pack, before, after, caller.userId, record?.id),
    deps.newId,
    at,
  );
  if (transition.kind === 'resolve') await followUpAgreedActions(deps, store, ctx, caller, after, at);
}

/**
 * The pack's record of the escalation, produced when it ends (Stockport Appendix Two: "completed
 * at the end of the escalation and added to the persons case record").
 */
async function storeRecord(
  deps: AppDeps,
  store: Store,
  ctx: TenantContext,
  e: Escalation,
  transition: EscalationTransition,
): Promise<EscalationRecord | undefined> {
  const person = await store.getPerson(e.tenantId, e.personId);
  const rendered = person && produceEscalationRecord(ctx.pack, e, person);
  return keepRecord(deps, store, ctx, e, transition, ctx.pack.escalation.recordTemplateId, rendered);
}

/**
 * The letter to the other agency that goes with each escalation where the pack has one (County
 * Durham Appendices 1–3), from the person escalating: a record of the escalation, printable and
 * made an Outlook draft on request.
 */
async function storeLetter(
  deps: AppDeps,
  store: Store,
  ctx: TenantContext,
  e: Escalation,
  transition: EscalationTransition,
): Promise<void> {
  const person = await store.getPerson(e.tenantId, e.personId);
  const sender = currentStage(e).escalatedBy ?? {
    name: transition.actor.name,
    role: 'Not stated',
    agency: ctx.tenant.name,
  };
  const letter = person && produceEscalationLetter(ctx.pack, e, person, sender);
  await keepRecord(
    deps,
    store,
    ctx,
    e,
    transition,
    ctx.pack.escalation.letterTemplateId,
    letter,
    ` (stage ${e.stage})`,
  );
}

/** Keeps what a template rendered as a record of the escalation (append-only); nothing when the pack has none. */
async function keepRecord(
  deps: AppDeps,
  store: Store,
  ctx: TenantContext,
  e: Escalation,
  transition: EscalationTransition,
  templateId: string | undefined,
  rendered: RenderedTemplate | undefined,
  titleSuffix = '',
): Promise<EscalationRecord | undefined> {
  const template = ctx.pack.templates.find((t) => t.id === templateId);
  if (!template || !rendered) return undefined;
  const record: EscalationRecord = {
    tenantId: e.tenantId,
    id: deps.newId(),
    escalationId: e.id,
    templateId: template.id,
    title: `${template.title}${titleSuffix}`,
    subject: rendered.subject,
    body: rendered.body,
    transition: transition.kind as EscalationRecord['transition'],
    producedAt: transition.at,
  };
  await store.createEscalationRecord(record);
  return record;
}

/**
 * Agreed actions of a resolution are followed up like those of a phone discussion: the person who
 * recorded the resolution is reminded when one passes its date undone (Stockport Appendix One,
 * "Check back to ensure agreed actions have been fully implemented").
 */
async function followUpAgreedActions(
  deps: AppDeps,
  store: Store,
  ctx: TenantContext,
  caller: Caller,
  e: Escalation,
  at: string,
): Promise<void> {
  const actions: AgreedActionRecord[] = (e.outcome?.agreedActions ?? []).map((a) => ({
    ...a,
    tenantId: e.tenantId,
    id: deps.newId(),
    sourceKind: 'escalation' as const,
    sourceId: e.id,
    status: 'open' as const,
    remindUserId: caller.userId,
  }));
  await store.createAgreedActions(actions, at);
  for (const action of actions) {
    await store.planReminders(
      e.tenantId,
      { kind: 'agreed-action', id: action.id },
      [agreedActionReminder(ctx.calendar, action, caller.userId)],
      deps.newId,
      at,
    );
  }
}

function actorOf(caller: Caller) {
  return { id: caller.userId, name: caller.name };
}

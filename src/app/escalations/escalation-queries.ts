/**
 * Which escalations a person may list: their own, their team's (people whose line manager they
 * are, and those addressed to them now), or — for the Board's roles — all of the organisation's.
 */
import type { Escalation } from '../../domain/escalation/escalation.js';
import type { EscalationEvent } from '../../domain/escalation/escalation-events.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../domain/shared/errors.js';
import { boardRoles, escalationAccess, riskStageAbove, type EscalationAccess } from './escalation-access.js';
import type { EscalationActionKind } from './escalation-actions.js';
import { actOnEscalation, callerAsParty } from './escalations.js';
import type { EscalationEventInput } from '../inputs.js';
import { UNKNOWN_CASE } from '../people/case-references.js';
import { holdsAnyRole } from '../people/caller-roles.js';
import type {
  AppDeps,
  Caller,
  DirectoryUser,
  EscalationCursor,
  EscalationFilter,
  EscalationRecord,
  ManagerDirectory,
} from '../ports.js';
import { ownedByRoles } from '../../domain/escalation/escalation-machine.js';
import { routeOf } from '../../domain/escalation/specific-processes.js';
import type { EscalationStage, ProtocolPack } from '../../domain/protocol/pack-schema.js';
import { tenantContext } from '../tenant-context.js';
import { roleLabels } from '../../domain/protocol/role-labels.js';

export type EscalationScope = 'mine' | 'team' | 'board';

export async function isBoardMember(deps: AppDeps, caller: Caller): Promise<boolean> {
  const { pack } = await tenantContext(deps, caller.tenantId);
  return holdsAnyRole(deps, caller, boardRoles(pack));
}

export async function listEscalationsFor(
  deps: AppDeps,
  caller: Caller,
  scope: EscalationScope,
  state: Escalation['state'] | undefined = 'open',
): Promise<Escalation[]> {
  const { store } = deps;
  if (scope === 'mine') return store.listEscalations(caller.tenantId, { state, raisedBy: caller.userId });
  if (scope === 'board') {
    if (!(await isBoardMember(deps, caller))) throw new ForbiddenError("Only the Board's roles see every escalation.");
    return store.listEscalations(caller.tenantId, { state });
  }
  return store.listEscalations(caller.tenantId, { state, team: await teamOf(deps, caller) });
}

/** The manager's team filter: their reports' escalations and those addressed to them now (filtered in SQL). */
async function teamOf(deps: AppDeps, caller: Caller): Promise<EscalationFilter['team']> {
  return {
    members: (await deps.store.listReports(caller.tenantId, caller.userId)).map((u) => u.userId),
    manager: caller.userId,
  };
}

/** One keyset page of the escalations the caller may list (open ones by default), oldest first. */
export async function pageEscalationsFor(
  deps: AppDeps,
  caller: Caller,
  scope: EscalationScope,
  after: EscalationCursor | undefined,
  limit: number,
  state: Escalation['state'] = 'open',
): Promise<{ items: Escalation[]; next?: EscalationCursor | undefined }> {
  const filter: EscalationFilter =
    scope === 'mine'
      ? { state, raisedBy: caller.userId }
      : scope === 'team'
        ? { state, team: await teamOf(deps, caller) }
        : { state };
  if (scope === 'board' && !(await isBoardMember(deps, caller)))
    throw new ForbiddenError("Only the Board's roles see every escalation.");
  // One row more than asked says whether another page follows.
  const rows = await deps.store.pageEscalations(caller.tenantId, filter, after, limit + 1);
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, next: rows.length > limit && last ? { openedAt: last.openedAt, id: last.id } : undefined };
}

/** One escalation, if the caller is entitled to its details (else "not found": never whether it exists), with what they may do. */
export async function escalationForViewer(
  deps: AppDeps,
  managers: ManagerDirectory,
  caller: Caller,
  id: string,
): Promise<{ escalation: Escalation; access: EscalationAccess }> {
  const escalation = await findEscalation(deps, caller, id);
  const access = await accessOf(deps, managers, caller, escalation);
  if (!access.canRead) throw new NotFoundError('No such escalation in your organisation.');
  return { escalation, access };
}

export interface EscalationView {
  readonly escalation: Escalation;
  readonly access: EscalationAccess;
  readonly caseReference: string;
  /** The records it produced, oldest first (empty for someone not entitled to the details). */
  readonly records: readonly EscalationRecord[];
}

/**
 * What a caller sees of an escalation, the same on a card and through the REST API: the details
 * and records if entitled, the actions the access rule allows. Someone not entitled still sees a
 * card they were sent (case reference, stage, deadline) — never the details.
 */
export async function viewEscalation(
  deps: AppDeps,
  managers: ManagerDirectory,
  caller: Caller,
  escalation: Escalation,
  /** The caller's access, when already worked out (`escalationForViewer`): not asked twice. */
  known?: EscalationAccess,
): Promise<EscalationView> {
  const [access, person] = await Promise.all([
    known ?? accessOf(deps, managers, caller, escalation),
    deps.store.getPerson(caller.tenantId, escalation.personId),
  ]);
  const records = access.canRead ? await deps.store.listEscalationRecords(caller.tenantId, escalation.id) : [];
  return { escalation, access, caseReference: person?.caseReference ?? UNKNOWN_CASE, records };
}

/** An escalation of the caller's organisation by id (any caller may hold a card about it). */
export async function findEscalation(deps: AppDeps, caller: Caller, id: string): Promise<Escalation> {
  const escalation = await deps.store.getEscalation(caller.tenantId, id);
  if (!escalation) throw new NotFoundError('No such escalation in your organisation.');
  return escalation;
}

/** The access rule's answer for this caller. */
async function accessOf(
  deps: AppDeps,
  managers: ManagerDirectory,
  caller: Caller,
  e: Escalation,
): Promise<EscalationAccess> {
  const { pack } = await tenantContext(deps, caller.tenantId);
  return escalationAccess(deps.store, managers, pack, caller, e, await isBoardMember(deps, caller), (roles) =>
    holdsAnyRole(deps, caller, roles),
  );
}

/** Which of the access rule's actions an event is. */
export function actionOf(event: EscalationEventInput): EscalationActionKind {
  return event.kind === 'escalate' && event.riskEscalated ? 'escalate-on-risk' : event.kind;
}

/**
 * The use case every surface calls to act on an escalation: the access rule decides whether the
 * caller may (the same answer on a card, the REST API and the tab), escalations are routed, and
 * the change is stored with all its consequences (`actOnEscalation`).
 */
export async function actAsResponsible(
  deps: AppDeps,
  managers: ManagerDirectory,
  caller: Caller,
  id: string,
  event: EscalationEventInput,
  expectedVersion?: number,
): Promise<Escalation> {
  const { escalation, access } = await escalationForViewer(deps, managers, caller, id);
  if (!access.actions.includes(actionOf(event))) throw new ForbiddenError(refusalOf(escalation, access, event));
  return actOnEscalation(
    deps,
    caller,
    id,
    event.kind === 'escalate'
      ? // A stale click is answered as stale by the store, not with a refusal about the next stage.
        await routedEscalation(
          deps,
          managers,
          caller,
          escalation,
          event,
          (expectedVersion ?? escalation.version) === escalation.version,
        )
      : event,
    expectedVersion,
  );
}

function refusalOf(e: Escalation, access: EscalationAccess, event: EscalationEventInput): string {
  if (event.kind === 'record-debrief')
    return 'Only the practitioner who raised the escalation records its de-brief, once it is resolved or concluded.';
  if (e.state !== 'open') return `This escalation is ${e.state}; it can no longer be changed that way.`;
  if (!access.responsible) {
    const names = access.owners.map((u) => u.displayName).join(', ') || 'the manager responsible';
    return `Only ${names} can act on this escalation now.`;
  }
  return `That is not possible at stage ${e.stage} of this protocol.`;
}

/** What the person escalating says: why, and optionally the stage and the colleague (by email) it goes to. */
export interface EscalateRequest {
  readonly reason: string;
  readonly toStage?: number | undefined;
  readonly riskEscalated?: boolean | undefined;
  readonly escalateTo?: string | undefined;
  readonly exceptionalCircumstances?: string | undefined;
  readonly mediator?: { readonly name: string; readonly agency: string; readonly email: string } | undefined;
}

/**
 * Escalating records the caller as who escalated, and routes it: to the colleague named in
 * `escalateTo` (who must be in the organisation's directory, and not the caller), else to the
 * caller's line manager from the manager chain (Tameside s.3, Stockport s.2: each stage is the
 * next line of management); with neither, the next stage's role holders are reminded instead.
 * A stage that hands the matter to the Board goes to the Board's role holders.
 */
export async function routedEscalation(
  deps: AppDeps,
  managers: ManagerDirectory,
  caller: Caller,
  e: Escalation,
  request: EscalateRequest,
  /** Refuse a stage owned by roles nobody holds (false: the change is refused anyway, as stale). */
  checkHolders = true,
): Promise<EscalationEvent> {
  const { pack: tenantPack, tenant } = await tenantContext(deps, caller.tenantId);
  const pack = routeOf(tenantPack, e);
  const roleOf = (stage: number) => {
    const roleId = pack.escalation.stages.find((s) => s.number === stage)?.parties[0];
    return pack.roles.find((r) => r.id === roleId)?.label ?? 'Manager';
  };
  // "Risk has escalated" goes straight to the stage the pack names (Tameside 3.2 stage 4).
  const toStage = request.toStage ?? (request.riskEscalated ? riskStageAbove(pack, e.stage) : undefined);
  const stage = toStage ?? e.stage + 1;
  // A Board stage is owned by the Board's role holders, never routed through line management.
  const next = pack.escalation.stages.find((s) => s.number === stage);
  if (checkHolders && next && ownedByRoles(next)) await requireSomeoneHolds(deps, caller.tenantId, pack, next);
  const target =
    next && ownedByRoles(next)
      ? undefined
      : request.escalateTo
        ? await namedColleague(managers, caller, request.escalateTo)
        : await managers.managerOf(caller.tenantId, caller.userId);
  return {
    kind: 'escalate',
    reason: request.reason,
    toStage,
    riskEscalated: request.riskEscalated,
    exceptionalCircumstances: request.exceptionalCircumstances,
    mediator: request.mediator && { ...request.mediator, role: 'Independent mediator' },
    escalatedBy: await callerAsParty(deps, caller, roleOf(e.stage), tenant.name),
    escalatedTo: target && {
      name: target.displayName,
      role: roleOf(stage),
      agency: tenant.name,
      userId: target.userId,
      email: target.email,
    },
  };
}

/**
 * A stage owned by its roles' holders must reach someone: escalating into it while nobody holds
 * the roles (assigned, or through a mapped Entra group) would leave the escalation with no owner,
 * so it is refused with what to do. Graph is not asked in the click: a mapped group counts.
 */
async function requireSomeoneHolds(
  deps: AppDeps,
  tenantId: string,
  pack: ProtocolPack,
  stage: EscalationStage,
): Promise<void> {
  if ((await deps.store.roleHolders(tenantId, stage.parties)).length > 0) return;
  if ((await deps.store.listRoleGroups(tenantId)).some((m) => stage.parties.includes(m.roleId))) return;
  const roles = roleLabels(pack, stage.parties, ' or ');
  throw new ValidationError(
    `Nobody holds the role ${roles} yet, so stage ${stage.number} (${stage.name}) would reach no one. Ask your administrator to assign it (safeguard directory assign-role) or map an Entra group to it (safeguard roles map). Nothing was changed.`,
  );
}

async function namedColleague(managers: ManagerDirectory, caller: Caller, email: string): Promise<DirectoryUser> {
  const named = await managers.findByEmail(caller.tenantId, email);
  if (!named)
    throw new ValidationError(
      `No colleague with the email ${email} was found in your organisation. Nothing was changed.`,
    );
  if (named.userId === caller.userId)
    throw new ValidationError(
      'You cannot escalate to yourself: name a colleague, or leave it empty for your line manager. Nothing was changed.',
    );
  return named;
}

/** A keyset page of the caller's list, with the case references (one query for the page). */
export async function pageWithCaseReferences(
  deps: AppDeps,
  caller: Caller,
  scope: EscalationScope,
  after: EscalationCursor | undefined,
  limit: number,
): Promise<{
  items: { escalation: Escalation; caseReference: string }[];
  next?: EscalationCursor | undefined;
}> {
  const { items, next } = await pageEscalationsFor(deps, caller, scope, after, limit);
  const references = await deps.store.caseReferencesOf(
    caller.tenantId,
    items.map((e) => e.personId),
  );
  return {
    items: items.map((escalation) => ({
      escalation,
      caseReference: references.get(escalation.personId) ?? UNKNOWN_CASE,
    })),
    next,
  };
}

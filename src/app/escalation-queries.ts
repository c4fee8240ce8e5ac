/**
 * Which escalations a person may list: their own, their team's (people whose line manager they
 * are, and those addressed to them now), or — for the Board's roles — all of the organisation's.
 */
import type { Escalation } from '../domain/escalation/escalation.js';
import type { EscalationEvent } from '../domain/escalation/escalation-events.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../domain/shared/errors.js';
import { entitledViewers, responsibleFor } from './escalation-access.js';
import { actOnEscalation, callerAsParty } from './escalations.js';
import type { EscalationEventInput } from './inputs.js';
import type { AppDeps, Caller, DirectoryUser, EscalationCursor, EscalationFilter, ManagerDirectory } from './ports.js';
import { tenantContext } from './tenant-context.js';

export type EscalationScope = 'mine' | 'team' | 'board';

export async function isBoardMember(deps: AppDeps, caller: Caller): Promise<boolean> {
  const { pack } = await tenantContext(deps, caller.tenantId);
  const holders = await deps.store.roleHolders(caller.tenantId, [...new Set([pack.board.businessManagerRole, ...pack.board.escalationRecordsTo])]);
  return holders.some((h) => h.userId === caller.userId);
}

export async function listEscalationsFor(deps: AppDeps, caller: Caller, scope: EscalationScope, state: Escalation['state'] | undefined = 'open'): Promise<Escalation[]> {
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
  return { members: (await deps.store.listReports(caller.tenantId, caller.userId)).map((u) => u.userId), manager: caller.userId };
}

/** One keyset page of the escalations the caller may list (open ones by default), oldest first. */
export async function pageEscalationsFor(
  deps: AppDeps, caller: Caller, scope: EscalationScope, after: EscalationCursor | undefined, limit: number, state: Escalation['state'] = 'open',
): Promise<{ items: Escalation[]; next?: EscalationCursor | undefined }> {
  const filter: EscalationFilter = scope === 'mine' ? { state, raisedBy: caller.userId } : scope === 'team' ? { state, team: await teamOf(deps, caller) } : { state };
  if (scope === 'board' && !(await isBoardMember(deps, caller))) throw new ForbiddenError("Only the Board's roles see every escalation.");
  // One row more than asked says whether another page follows.
  const rows = await deps.store.pageEscalations(caller.tenantId, filter, after, limit + 1);
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, next: rows.length > limit && last ? { openedAt: last.openedAt, id: last.id } : undefined };
}

/** One escalation, if the caller is entitled to its details (else "not found": never whether it exists). */
export async function escalationForViewer(deps: AppDeps, managers: ManagerDirectory, caller: Caller, id: string): Promise<{ escalation: Escalation; canAct: boolean }> {
  const { pack } = await tenantContext(deps, caller.tenantId);
  const escalation = await deps.store.getEscalation(caller.tenantId, id);
  if (!escalation) throw new NotFoundError('No such escalation in your organisation.');
  const viewers = await entitledViewers(deps.store, managers, pack, escalation);
  if (!viewers.includes(caller.userId) && !(await isBoardMember(deps, caller))) throw new NotFoundError('No such escalation in your organisation.');
  const canAct = (await responsibleFor(deps.store, managers, pack, escalation)).some((u) => u.userId === caller.userId);
  return { escalation, canAct };
}

/**
 * Acts on an escalation as the manager responsible now. The practitioner who raised it records
 * its de-brief; anyone entitled may add a note.
 */
export async function actAsResponsible(deps: AppDeps, managers: ManagerDirectory, caller: Caller, id: string, event: EscalationEventInput, expectedVersion: number): Promise<Escalation> {
  const { escalation, canAct } = await escalationForViewer(deps, managers, caller, id);
  const allowed = canAct || event.kind === 'add-note' || (event.kind === 'record-debrief' && escalation.raisedBy.userId === caller.userId);
  if (!allowed) throw new ForbiddenError('Only the manager responsible for this stage can do that.');
  return actOnEscalation(deps, caller, id, event.kind === 'escalate' ? await routedEscalation(deps, managers, caller, escalation, event) : event, expectedVersion);
}

/** What the person escalating says: why, and optionally the stage and the colleague (by email) it goes to. */
export interface EscalateRequest {
  readonly reason: string;
  readonly toStage?: number | undefined;
  readonly riskEscalated?: boolean | undefined;
  readonly escalateTo?: string | undefined;
}

/**
 * Escalating records the caller as who escalated, and routes it: to the colleague named in
 * `escalateTo` (who must be in the organisation's directory, and not the caller), else to the
 * caller's line manager from the manager chain (Tameside s.3, Stockport s.2: each stage is the
 * next line of management); with neither, the next stage's role holders are reminded instead.
 */
export async function routedEscalation(deps: AppDeps, managers: ManagerDirectory, caller: Caller, e: Escalation, request: EscalateRequest): Promise<EscalationEvent> {
  const { pack, tenant } = await tenantContext(deps, caller.tenantId);
  const roleOf = (stage: number) => {
    const roleId = pack.escalation.stages.find((s) => s.number === stage)?.parties[0];
    return pack.roles.find((r) => r.id === roleId)?.label ?? 'Manager';
  };
  const stage = request.toStage ?? e.stage + 1;
  const target = request.escalateTo ? await namedColleague(managers, caller, request.escalateTo) : await managers.managerOf(caller.tenantId, caller.userId);
  return {
    kind: 'escalate', reason: request.reason, toStage: request.toStage, riskEscalated: request.riskEscalated,
    escalatedBy: await callerAsParty(deps, caller, roleOf(e.stage), tenant.name),
    escalatedTo: target && { name: target.displayName, role: roleOf(stage), agency: tenant.name, userId: target.userId, email: target.email },
  };
}

async function namedColleague(managers: ManagerDirectory, caller: Caller, email: string): Promise<DirectoryUser> {
  const named = await managers.findByEmail(caller.tenantId, email);
  if (!named) throw new ValidationError(`No colleague with the email ${email} was found in your organisation. Nothing was changed.`);
  if (named.userId === caller.userId) throw new ValidationError('You cannot escalate to yourself: name a colleague, or leave it empty for your line manager. Nothing was changed.');
  return named;
}

/**
 * The one access rule for escalations: who is responsible now, who may read the details, and what
 * a given caller may do. The Teams cards, the REST API (and so the tab and the add-in) and the
 * reminder sweeper all ask here, so the same caller gets the same answer on every surface.
 */
import { agreementBinding, currentStage, type Escalation, type Party } from '../../domain/escalation/escalation.js';
import { ESCALATION_ACTIONS, type EscalationActionKind } from './escalation-actions.js';
import { ownedByRoles, stageOf } from '../../domain/escalation/escalation-machine.js';
import { routeOf } from '../../domain/escalation/specific-processes.js';
import type { ProtocolPack } from '../../domain/protocol/pack-schema.js';
import type { Caller, DirectoryUser, ManagerDirectory, Store } from '../ports.js';
import type { RoleHolderLookup } from '../people/role-holders.js';

/**
 * Who must act at the current stage. A stage that hands the matter to the Board (`isBoard`:
 * Tameside stage 4 "engage TASPB through contact with the Business Manager", Durham stage 3 the
 * SAB/LSCB representative, Stockport stage 5 the LSAB Chair through the Business Manager) — or
 * one the pack gives to a role (Stockport stage 4, the head of service) — is owned by the holders
 * of its roles, always.
 * Otherwise stage 1 starts when the escalation is raised and the raiser's line manager acts
 * (Tameside 3.2 stage 1: team managers); a later stage: the colleague it was escalated to (routed
 * by the manager who escalated it); else the holders of the stage's pack roles. Where the pack
 * makes the raiser a party of the stage (`raiserIsParty`: Stockport stage one "Professional to
 * professional", Durham, Speak Out, seAp), the raiser acts too. Nobody named in a request — the
 * other agency's contact, a participant — is ever made responsible.
 * `holders` finds a role's holders: by default those assigned on the command line; the outbox and
 * the notifier pass the look-up that adds the members of the role's Entra groups.
 */
export async function responsibleFor(
  store: Store,
  managers: ManagerDirectory,
  pack: ProtocolPack,
  e: Escalation,
  holders: RoleHolderLookup = (tenantId, roleIds) => store.roleHolders(tenantId, roleIds),
): Promise<DirectoryUser[]> {
  const stage = stageOf(routeOf(pack, e), e.stage);
  const raiserId = e.raisedBy.userId;
  const raiser = raiserId && stage.raiserIsParty ? [await userOrStub(store, e.tenantId, raiserId, e.raisedBy)] : [];
  if (ownedByRoles(stage)) return unique([...(await holders(e.tenantId, stage.parties)), ...raiser]);
  const to = e.stage > 1 ? currentStage(e).escalatedTo : undefined;
  if (to?.userId) return unique([await userOrStub(store, e.tenantId, to.userId, to), ...raiser]);
  if (e.stage === 1 && raiserId) {
    const manager = await managers.managerOf(e.tenantId, raiserId);
    if (manager || raiser.length) return unique([...(manager ? [manager] : []), ...raiser]);
  }
  return unique([...(await holders(e.tenantId, stage.parties)), ...raiser]);
}

async function userOrStub(store: Store, tenantId: string, userId: string, party: Party): Promise<DirectoryUser> {
  return (
    (await store.getDirectoryUser(tenantId, userId)) ?? {
      tenantId,
      userId,
      displayName: party.name,
      email: party.email,
    }
  );
}

function unique(users: readonly DirectoryUser[]): DirectoryUser[] {
  return users.filter((u, i) => users.findIndex((v) => v.userId === u.userId) === i);
}

/** The Board's roles (its business manager and those who receive escalation records) see every escalation. */
export function boardRoles(pack: ProtocolPack): string[] {
  return [...new Set([pack.board.businessManagerRole, ...pack.board.escalationRecordsTo])];
}

/** Everyone entitled to the details: the raiser, everyone it was escalated by or to, the responsible managers, and — once ended — the Board roles that receive the record. */
export async function entitledViewers(
  store: Store,
  managers: ManagerDirectory,
  pack: ProtocolPack,
  e: Escalation,
  /** The current owners, when the caller has already looked them up (they may come from Graph). */
  owners?: readonly DirectoryUser[],
  holders: RoleHolderLookup = (tenantId, roleIds) => store.roleHolders(tenantId, roleIds),
): Promise<string[]> {
  const ids = new Set<string>();
  const add = (id: string | undefined) => id && ids.add(id);
  add(e.raisedBy.userId);
  for (const s of e.stages) {
    add(s.escalatedBy?.userId);
    add(s.escalatedTo?.userId);
  }
  for (const u of owners ?? (await responsibleFor(store, managers, pack, e, holders))) add(u.userId);
  if (e.state !== 'open') for (const u of await holders(e.tenantId, pack.board.escalationRecordsTo)) add(u.userId);
  return [...ids];
}

export interface EscalationAccess {
  /** May see the details (else the escalation is "not found" for them: never whether it exists). */
  readonly canRead: boolean;
  /** Responsible for the current stage. */
  readonly responsible: boolean;
  /** What the caller may do now, in the order cards show them. */
  readonly actions: readonly EscalationActionKind[];
  /** Everyone entitled to the details (the card's refresh list). */
  readonly viewers: readonly string[];
  /** Who acts now, for "only … can act" messages. */
  readonly owners: readonly DirectoryUser[];
}

/**
 * What `caller` may do to `e`. The responsible manager: every event the state allows. Anyone
 * entitled: a note. The raiser, once it is resolved or concluded and where the pack asks for a
 * de-brief (Stockport s.4): the de-brief.
 */
export async function escalationAccess(
  store: Store,
  managers: ManagerDirectory,
  pack: ProtocolPack,
  caller: Caller,
  e: Escalation,
  isBoardMember: boolean,
  /**
   * Whether the caller holds one of these roles by any means (an Entra group mapped to it, too):
   * a Board stage is owned by its roles' holders, and `owners` lists only those assigned on the
   * command line. Absent: the command-line holders only.
   */
  holdsRole?: (roleIds: readonly string[]) => Promise<boolean>,
): Promise<EscalationAccess> {
  const owners = await responsibleFor(store, managers, pack, e);
  const viewers = await entitledViewers(store, managers, pack, e, owners);
  const stage = stageOf(pack, e.stage);
  const responsible =
    owners.some((u) => u.userId === caller.userId) ||
    (ownedByRoles(stage) && holdsRole !== undefined && (await holdsRole(stage.parties)));
  const canRead = viewers.includes(caller.userId) || isBoardMember;
  const acting = e.state === 'open' && responsible;
  const route = routeOf(pack, e);
  const stages = route.escalation.stages;
  const last = e.stage === stages[stages.length - 1]?.number;
  const allowed: Record<EscalationActionKind, boolean> = {
    'record-discussion': acting,
    'add-note': canRead,
    escalate: acting && !last,
    'escalate-on-risk': acting && riskStageAbove(route, e.stage) !== undefined,
    'change-risk': acting,
    resolve: acting,
    'conclude-unresolved': acting && (last || !!stages.find((s) => s.number === e.stage)?.mayConcludeUnresolved),
    withdraw: acting,
    // Speak Out, seAp: the agreement "signed by both organisations" — recorded by those who acted on it.
    'record-signature':
      e.state === 'resolved' &&
      !!pack.escalation.outcomeToOtherAgency?.signedByBoth &&
      !agreementBinding(e) &&
      (responsible || e.raisedBy.userId === caller.userId),
    'record-debrief':
      canRead &&
      e.raisedBy.userId === caller.userId &&
      (e.state === 'resolved' || e.state === 'concluded-unresolved') &&
      !e.debrief &&
      !!pack.escalation.debrief,
  };
  return { canRead, responsible, actions: ESCALATION_ACTIONS.filter((k) => allowed[k]), viewers, owners };
}

/**
 * The stage "risk has escalated" goes straight to from `stage` (Tameside 3.2: "If at any point
 * risk escalates", stage 4), if the pack names one above it that is not simply the next.
 */
export function riskStageAbove(pack: ProtocolPack, stage: number): number | undefined {
  return pack.escalation.stages.find((s) => s.enterOnRiskEscalation && s.number > stage + 1)?.number;
}

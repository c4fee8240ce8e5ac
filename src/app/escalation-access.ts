/**
 * Who is responsible for an escalation now, and who may see its details. Cards and the tab ask
 * here, so "only the addressed manager can act" and "details only for the people involved" are
 * one rule, not one per screen.
 */
import { currentStage, type Escalation } from '../domain/escalation/escalation.js';
import { stageOf } from '../domain/escalation/escalation-machine.js';
import type { ProtocolPack } from '../domain/protocol/pack-schema.js';
import type { DirectoryUser, ManagerDirectory, Store } from './ports.js';

/**
 * Who must act at the current stage: the named person it was escalated to; at stage 1 the
 * raiser's line manager (Tameside s.3 stage 1: team managers) and, where the pack's first stage
 * is professional to professional (Stockport s.2 stage 1, Durham, Speak Out, seAp), the raiser
 * too; else the holders of the stage's pack roles.
 */
export async function responsibleFor(store: Store, managers: ManagerDirectory, pack: ProtocolPack, e: Escalation): Promise<DirectoryUser[]> {
  const stage = currentStage(e);
  if (stage.escalatedTo?.userId) {
    const to = stage.escalatedTo;
    return [(await store.getDirectoryUser(e.tenantId, to.userId as string)) ?? { tenantId: e.tenantId, userId: to.userId as string, displayName: to.name, email: to.email }];
  }
  if (e.stage === 1 && e.raisedBy.userId) {
    const manager = await managers.managerOf(e.tenantId, e.raisedBy.userId);
    const practitionerStage = stageOf(pack, 1).parties.includes(pack.roles[0]?.id ?? '');
    const raiser = practitionerStage ? [(await store.getDirectoryUser(e.tenantId, e.raisedBy.userId)) ?? { tenantId: e.tenantId, userId: e.raisedBy.userId, displayName: e.raisedBy.name, email: e.raisedBy.email }] : [];
    if (manager || raiser.length) return [...(manager ? [manager] : []), ...raiser];
  }
  return store.roleHolders(e.tenantId, stageOf(pack, e.stage).parties);
}

/** Everyone entitled to the details: the raiser, everyone it was escalated by or to, the responsible managers, and — once ended — the Board roles that receive the record. */
export async function entitledViewers(store: Store, managers: ManagerDirectory, pack: ProtocolPack, e: Escalation): Promise<string[]> {
  const ids = new Set<string>();
  const add = (id: string | undefined) => id && ids.add(id);
  add(e.raisedBy.userId);
  for (const s of e.stages) {
    add(s.escalatedBy?.userId);
    add(s.escalatedTo?.userId);
  }
  for (const u of await responsibleFor(store, managers, pack, e)) add(u.userId);
  if (e.state !== 'open') for (const u of await store.roleHolders(e.tenantId, pack.board.escalationRecordsTo)) add(u.userId);
  return [...ids];
}

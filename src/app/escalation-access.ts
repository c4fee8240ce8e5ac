/**
 * Who is responsible for an escalation now, and who may see its details. Cards and the tab ask
 * here, so "only the addressed manager can act" and "details only for the people involved" are
 * one rule, not one per screen.
 */
import { currentStage, type Escalation, type Party } from '../domain/escalation/escalation.js';
import { stageOf } from '../domain/escalation/escalation-machine.js';
import type { ProtocolPack } from '../domain/protocol/pack-schema.js';
import type { DirectoryUser, ManagerDirectory, Store } from './ports.js';

/**
 * Who must act at the current stage. Stage 1 starts when the escalation is raised: the raiser's
 * line manager acts (Tameside 3.2 stage 1: team managers). A later stage: the colleague it was
 * escalated to (routed by the manager who escalated it); else the holders of the stage's pack
 * roles. Where the pack makes the raiser a party of the stage (`raiserIsParty`: Stockport stage
 * one "Professional to professional", Durham, Speak Out, seAp), the raiser acts too. Nobody
 * named in a request — the other agency's contact, a participant — is ever made responsible.
 */
export async function responsibleFor(store: Store, managers: ManagerDirectory, pack: ProtocolPack, e: Escalation): Promise<DirectoryUser[]> {
  const raiserId = e.raisedBy.userId;
  const raiser = raiserId && stageOf(pack, e.stage).raiserIsParty ? [await userOrStub(store, e.tenantId, raiserId, e.raisedBy)] : [];
  const to = e.stage > 1 ? currentStage(e).escalatedTo : undefined;
  if (to?.userId) return unique([await userOrStub(store, e.tenantId, to.userId, to), ...raiser]);
  if (e.stage === 1 && raiserId) {
    const manager = await managers.managerOf(e.tenantId, raiserId);
    if (manager || raiser.length) return unique([...(manager ? [manager] : []), ...raiser]);
  }
  return unique([...(await store.roleHolders(e.tenantId, stageOf(pack, e.stage).parties)), ...raiser]);
}

async function userOrStub(store: Store, tenantId: string, userId: string, party: Party): Promise<DirectoryUser> {
  return (await store.getDirectoryUser(tenantId, userId)) ?? { tenantId, userId, displayName: party.name, email: party.email };
}

function unique(users: readonly DirectoryUser[]): DirectoryUser[] {
  return users.filter((u, i) => users.findIndex((v) => v.userId === u.userId) === i);
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

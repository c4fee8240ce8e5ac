/**
 * Need to know: a person's records (who they are, their consent register, decisions about them)
 * are for the people working with them, not for everyone in the organisation (Durham, Eight Golden
 * Rules for Information Sharing, rule 7: "only with those people who need to have it"). A user may
 * read or add to a person's records when they
 * - registered the person, or recorded a consent, a sharing decision or a phone discussion about them;
 * - raised an escalation about them, had one escalated by or to them, or are responsible for one now
 *   (the raiser's line manager, the stage's role holders; the Board roles once it ended);
 * - hold one of the Board's roles, or the information-governance lead role (`ig-lead`).
 * Anyone else is told the person does not exist, exactly as for a wrong reference, so existence
 * is never revealed. Every read or change, and every refusal, goes to the access log.
 */
import { NotFoundError } from '../../domain/shared/errors.js';
import { entitledViewers } from '../escalations/escalation-access.js';
import type { AccessAction, AppDeps, Caller, PersonRecord, Store } from '../ports.js';
import { storeManagerDirectory } from '../directory/store-manager-directory.js';
import { tenantContext } from '../tenant-context.js';
import { holdsAnyRole } from './caller-roles.js';

/** The information-governance lead: reads the access log and any person's records. Not a pack role: every organisation has one. */
export const IG_LEAD_ROLE = 'ig-lead';

const NOT_FOUND = 'No such person in your organisation.';

/** The Board's roles of the caller's pack, and the IG lead. */
export async function oversightRoles(deps: AppDeps, tenantId: string): Promise<string[]> {
  const { pack } = await tenantContext(deps, tenantId);
  return [...new Set([pack.board.businessManagerRole, ...pack.board.escalationRecordsTo, IG_LEAD_ROLE])];
}

export { holdsAnyRole } from './caller-roles.js';

/** Whether the caller may see and add to the person's records (see the rule above). */
export async function mayAccessPerson(deps: AppDeps, caller: Caller, personId: string): Promise<boolean> {
  const { store } = deps;
  if (await store.isInvolvedWithPerson(caller.tenantId, personId, caller.userId)) return true;
  if (await holdsAnyRole(deps, caller, await oversightRoles(deps, caller.tenantId))) return true;
  const { pack } = await tenantContext(deps, caller.tenantId);
  // The directory as recorded (managers learnt from Graph are stored there): no Graph call on a read.
  const managers = storeManagerDirectory(store);
  for (const e of await store.listEscalations(caller.tenantId, { personId })) {
    if ((await entitledViewers(store, managers, pack, e)).includes(caller.userId)) return true;
  }
  return false;
}

/**
 * The person, when the caller may access their records; else "not found". Both outcomes are
 * logged as `action` (a person of another organisation is simply not found, and not logged).
 */
export async function personForCaller(
  deps: AppDeps,
  caller: Caller,
  personId: string,
  action: AccessAction,
): Promise<PersonRecord> {
  const person = await deps.store.getPerson(caller.tenantId, personId);
  if (!person) throw new NotFoundError(NOT_FOUND, { personId });
  return admitted(deps, caller, person, action);
}

/** Like `personForCaller`, by case reference; undefined when not found or not to be known. */
export async function findPersonForCaller(
  deps: AppDeps,
  caller: Caller,
  caseReference: string,
  action: AccessAction,
): Promise<PersonRecord | undefined> {
  const person = await deps.store.findPersonByCaseReference(caller.tenantId, caseReference);
  if (!person) return undefined;
  return admitted(deps, caller, person, action).catch((error: unknown) => {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  });
}

async function admitted(
  deps: AppDeps,
  caller: Caller,
  person: PersonRecord,
  action: AccessAction,
): Promise<PersonRecord> {
  const allowed = await mayAccessPerson(deps, caller, person.id);
  // A change is logged by its use case, in the change's own transaction; reads and refusals here.
  if (!allowed || action.startsWith('read-'))
    await noteAccess(deps, deps.store, caller, person.id, action, allowed ? 'allowed' : 'refused');
  if (!allowed) throw new NotFoundError(NOT_FOUND, { personId: person.id });
  return person;
}

/** Appends one access-log entry (through `store`, so a change and its entry commit together). */
export async function noteAccess(
  deps: Pick<AppDeps, 'clock' | 'newId'>,
  store: Store,
  caller: Caller,
  personId: string,
  action: AccessAction,
  outcome: 'allowed' | 'refused' = 'allowed',
): Promise<void> {
  await store.appendAccessLog({
    tenantId: caller.tenantId,
    id: deps.newId(),
    at: deps.clock.now().toISOString(),
    userId: caller.userId,
    userName: caller.name,
    personId,
    action,
    surface: caller.surface ?? 'unknown',
    outcome,
  });
}

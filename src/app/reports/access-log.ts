/**
 * Reading the access log: who read or changed which person's records, when and how. Only the
 * information-governance lead (`ig-lead`) reads it through the API; the command line, which only
 * administrators with the database's credentials can run, reads it directly.
 */
import { ForbiddenError, NotFoundError } from '../../domain/shared/errors.js';
import { holdsAnyRole, IG_LEAD_ROLE, noteAccess } from '../people/person-access.js';
import type { AccessLogEntry, AppDeps, Caller } from '../ports.js';
import { tenantContext } from '../tenant-context.js';

export const ACCESS_LOG_LIMIT = 1000;

export interface AccessLogQuery {
  readonly personId?: string | undefined;
  readonly caseReference?: string | undefined;
  readonly limit?: number | undefined;
}

/** The newest entries (of one person when asked), for the IG lead; 403 for anyone else. */
export async function readAccessLog(deps: AppDeps, caller: Caller, query: AccessLogQuery): Promise<AccessLogEntry[]> {
  await tenantContext(deps, caller.tenantId);
  if (!(await holdsAnyRole(deps, caller, [IG_LEAD_ROLE])))
    throw new ForbiddenError('Only the information-governance lead reads the access log.');
  const entries = await accessLogForAdministrator(deps, caller.tenantId, query);
  const personId = await personIdOf(deps, caller.tenantId, query);
  if (personId) await noteAccess(deps, deps.store, caller, personId, 'read-access-log');
  return entries;
}

/** The same, without a role check: for the command line only. */
export async function accessLogForAdministrator(
  deps: AppDeps,
  tenantId: string,
  query: AccessLogQuery,
): Promise<AccessLogEntry[]> {
  const personId = await personIdOf(deps, tenantId, query);
  return deps.store.listAccessLog(tenantId, {
    personId,
    limit: Math.min(query.limit ?? ACCESS_LOG_LIMIT, ACCESS_LOG_LIMIT),
  });
}

async function personIdOf(deps: AppDeps, tenantId: string, query: AccessLogQuery): Promise<string | undefined> {
  if (query.caseReference) {
    const person = await deps.store.findPersonByCaseReference(tenantId, query.caseReference);
    if (!person) throw new NotFoundError('No person with that case reference in your organisation.');
    return person.id;
  }
  if (query.personId && !(await deps.store.getPerson(tenantId, query.personId)))
    throw new NotFoundError('No such person in your organisation.');
  return query.personId;
}

/**
 * A practitioner's own caseload, a page at a time: the people they registered, newest first. Only
 * their own registrations, so no one else's people are listed (need to know) — the same people
 * the on-send check matches names against.
 */
import type { AppDeps, Caller, PersonRecord } from '../ports.js';
import { tenantContext } from '../tenant-context.js';
import type { PersonCursor } from './people-store.js';

export async function myCaseload(
  deps: AppDeps,
  caller: Caller,
  after: PersonCursor | undefined,
  limit: number,
): Promise<{ readonly items: readonly PersonRecord[]; readonly last?: PersonCursor | undefined }> {
  await tenantContext(deps, caller.tenantId);
  // One more than asked: whether there is a next page, without a second query.
  const rows = await deps.store.pagePeopleRegisteredBy(caller.tenantId, caller.userId, after, limit + 1);
  const shown = rows.slice(0, limit);
  return {
    items: shown.map((r) => r.person),
    last: rows.length > limit ? shown.at(-1)?.key : undefined,
  };
}

/**
 * Whether the caller holds a role: assigned on the command line (`directory assign-role`, kept for
 * local mode), or granted to an Entra group they belong to, directly or through nested groups
 * (`roles map`, read through Microsoft Graph). Fail closed: when Graph cannot say, no role comes
 * from a group, and the caller is told why (503) rather than silently refused or let in.
 */
import { ServiceUnavailableError } from '../../domain/shared/errors.js';
import type { AppDeps, Caller } from '../ports.js';

export const GROUPS_UNAVAILABLE =
  'Your Entra group memberships could not be checked with Microsoft Graph just now, so no role was granted through a group. Try again shortly; if it persists, ask your administrator.';

export async function holdsAnyRole(
  deps: Pick<AppDeps, 'store' | 'groupMembership'>,
  caller: Caller,
  roleIds: readonly string[],
): Promise<boolean> {
  const holders = await deps.store.roleHolders(caller.tenantId, roleIds);
  if (holders.some((h) => h.userId === caller.userId)) return true;
  const groupIds = (await deps.store.listRoleGroups(caller.tenantId))
    .filter((m) => roleIds.includes(m.roleId))
    .map((m) => m.groupId);
  // Without Graph (local mode) a mapping cannot be checked, so it grants nothing.
  if (groupIds.length === 0 || !deps.groupMembership) return false;
  try {
    return (await deps.groupMembership.memberGroups(caller.tenantId, caller.userId, groupIds)).length > 0;
  } catch (error) {
    throw new ServiceUnavailableError(GROUPS_UNAVAILABLE, {}, { cause: error });
  }
}

/**
 * For showing or hiding a page only (each route still checks): whether the caller holds a role,
 * false when Graph cannot say.
 */
export async function seemsToHoldAnyRole(
  deps: Pick<AppDeps, 'store' | 'groupMembership'>,
  caller: Caller,
  roleIds: readonly string[],
): Promise<boolean> {
  return holdsAnyRole(deps, caller, roleIds).catch((error: unknown) => {
    if (error instanceof ServiceUnavailableError) return false;
    throw error;
  });
}

/**
 * Mapping an organisation's pack roles (and `ig-lead`) to Entra groups: an administrator's act on
 * the command line (`safeguard roles map|unmap|list`). Members of a mapped group, directly or
 * through nested groups, hold the role (caller-roles.ts); the mapping takes effect at once on
 * every instance, because membership answers are cached per set of mapped groups.
 */
import { ValidationError } from '../../domain/shared/errors.js';
import type { AppDeps } from '../ports.js';
import { tenantContext } from '../tenant-context.js';
import { IG_LEAD_ROLE } from './person-access.js';
import type { RoleGroupMapping } from './role-group-store.js';

/** An Entra object id: a GUID. */
const GROUP_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function checked(deps: AppDeps, tenantId: string, roleId: string, groupId: string): Promise<string> {
  const { pack } = await tenantContext(deps, tenantId);
  if (roleId !== IG_LEAD_ROLE && !pack.roles.some((r) => r.id === roleId))
    throw new ValidationError(
      `the ${pack.id} pack has no role "${roleId}"; its roles: ${pack.roles.map((r) => r.id).join(', ')}, and ${IG_LEAD_ROLE}`,
    );
  if (!GROUP_ID.test(groupId))
    throw new ValidationError(
      `"${groupId}" is not an Entra group object id (a GUID, e.g. from the Entra admin centre)`,
    );
  return groupId.toLowerCase();
}

export async function mapRoleToGroup(deps: AppDeps, tenantId: string, roleId: string, groupId: string): Promise<void> {
  const id = await checked(deps, tenantId, roleId, groupId);
  await deps.store.mapRoleToGroup(tenantId, roleId, id, deps.clock.now().toISOString());
}

export async function unmapRoleFromGroup(
  deps: AppDeps,
  tenantId: string,
  roleId: string,
  groupId: string,
): Promise<boolean> {
  await tenantContext(deps, tenantId);
  return deps.store.unmapRoleFromGroup(tenantId, roleId, groupId.toLowerCase());
}

export async function listRoleGroups(deps: AppDeps, tenantId: string): Promise<RoleGroupMapping[]> {
  await tenantContext(deps, tenantId);
  return deps.store.listRoleGroups(tenantId);
}

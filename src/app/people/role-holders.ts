/**
 * Who holds a pack role, for telling them something (the Board's copies and reports, a Board
 * stage's notices): the people assigned it on the command line, and the members of the Entra
 * groups the role is mapped to (`roles map`), read through Microsoft Graph with nested groups.
 * When Graph cannot answer, this throws: the outbox retries the item later rather than sending it
 * to only some of the people it is for.
 */
import { ServiceUnavailableError } from '../../domain/shared/errors.js';
import type { DirectoryUser, GroupMembership, Store } from '../ports.js';

export const MEMBERS_UNAVAILABLE =
  'The members of the Entra groups mapped to this role could not be read from Microsoft Graph just now. Nothing was sent; try again shortly.';

/** Who holds any of these roles in the organisation. */
export type RoleHolderLookup = (tenantId: string, roleIds: readonly string[]) => Promise<DirectoryUser[]>;

export async function roleHoldersWithGroups(
  deps: { readonly store: Store; readonly groupMembership?: GroupMembership | undefined },
  tenantId: string,
  roleIds: readonly string[],
): Promise<DirectoryUser[]> {
  const assigned = await deps.store.roleHolders(tenantId, roleIds);
  if (!deps.groupMembership || roleIds.length === 0) return assigned;
  const groupIds = (await deps.store.listRoleGroups(tenantId))
    .filter((m) => roleIds.includes(m.roleId))
    .map((m) => m.groupId);
  if (groupIds.length === 0) return assigned;
  const known = new Set(assigned.map((u) => u.userId));
  const members = await deps.groupMembership.membersOf(tenantId, groupIds).catch((error: unknown) => {
    throw new ServiceUnavailableError(MEMBERS_UNAVAILABLE, {}, { cause: error });
  });
  // The directory's record where there is one (its email is the fallback channel).
  const fromGroups = await Promise.all(
    members
      .filter((m, i) => !known.has(m.userId) && members.findIndex((n) => n.userId === m.userId) === i)
      .map(async (m) => (await deps.store.getDirectoryUser(tenantId, m.userId)) ?? m),
  );
  return [...assigned, ...fromGroups];
}

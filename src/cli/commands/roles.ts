/** `safeguard roles`: an organisation's roles granted to Entra groups (transitive members hold them). */
import { listRoleGroups, mapRoleToGroup, unmapRoleFromGroup } from '../../app/people/role-groups.js';
import type { AppHandle } from '../../composition.js';
import { type CliIo, parseOptions, required, UsageError } from '../cli-io.js';

export const ROLES_USAGE = `safeguard roles map --tenant TENANT_ID --role ROLE_ID --group ENTRA_GROUP_ID   (members of the group, and of groups nested in it, hold the role; needs Graph: GroupMember.Read.All)
safeguard roles unmap --tenant TENANT_ID --role ROLE_ID --group ENTRA_GROUP_ID
safeguard roles list --tenant TENANT_ID`;

export async function rolesCommand(args: readonly string[], io: CliIo, app: AppHandle): Promise<number> {
  const [action, ...rest] = args;
  const { values } = parseOptions(rest, {
    tenant: { type: 'string' },
    role: { type: 'string' },
    group: { type: 'string' },
  });
  const tenantId = required(values.tenant, 'tenant');
  if (action === 'list') {
    const mappings = await listRoleGroups(app.deps, tenantId);
    if (mappings.length === 0) io.out('no role is mapped to an Entra group');
    for (const m of mappings) io.out(`${m.roleId}\t${m.groupId}\tmapped ${m.mappedAt}`);
    return 0;
  }
  const role = required(values.role, 'role');
  const group = required(values.group, 'group');
  if (action === 'map') {
    await mapRoleToGroup(app.deps, tenantId, role, group);
    io.out(`members of group ${group} hold ${role}`);
    return 0;
  }
  if (action === 'unmap') {
    if (!(await unmapRoleFromGroup(app.deps, tenantId, role, group)))
      throw new UsageError(`group ${group} is not mapped to ${role}`);
    io.out(`members of group ${group} no longer hold ${role} through it`);
    return 0;
  }
  throw new UsageError(`unknown roles action "${action ?? ''}"\n${ROLES_USAGE}`);
}

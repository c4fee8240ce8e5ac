/**
 * Who is who, for organisations without Microsoft Graph (and for local trials): people's line
 * managers, holders of the pack's roles, and people registered with a case reference.
 */
import { registerPerson } from '../../app/people/people-and-consent.js';
import { IG_LEAD_ROLE } from '../../app/people/person-access.js';
import { parseInput, registerPersonSchema } from '../../app/inputs.js';
import type { AppHandle } from '../../composition.js';
import { type CliIo, parseOptions, required, UsageError } from '../cli-io.js';

export const DIRECTORY_USAGE = `safeguard directory set-user --tenant TENANT_ID --user ENTRA_OBJECT_ID --name NAME [--email ADDRESS] [--manager ENTRA_OBJECT_ID]
safeguard directory assign-role --tenant TENANT_ID --role ROLE_ID --user ENTRA_OBJECT_ID   (a pack role, or ig-lead: the information-governance lead)
safeguard directory revoke-role --tenant TENANT_ID --role ROLE_ID --user ENTRA_OBJECT_ID
safeguard people add --tenant TENANT_ID --case-reference REF --name NAME [--date-of-birth YYYY-MM-DD]`;

export async function directoryCommand(args: readonly string[], io: CliIo, app: AppHandle): Promise<number> {
  const [action, ...rest] = args;
  const { values } = parseOptions(rest, {
    tenant: { type: 'string' },
    user: { type: 'string' },
    name: { type: 'string' },
    email: { type: 'string' },
    manager: { type: 'string' },
    role: { type: 'string' },
  });
  const tenant = await app.deps.store.getTenant(required(values.tenant, 'tenant'));
  if (!tenant) throw new UsageError(`no tenant "${values.tenant ?? ''}" (see: safeguard tenants list)`);
  const at = app.deps.clock.now().toISOString();
  const userId = required(values.user, 'user');
  if (action === 'set-user') {
    await app.deps.store.upsertDirectoryUser(
      {
        tenantId: tenant.id,
        userId,
        displayName: required(values.name, 'name'),
        email: values.email,
        managerUserId: values.manager,
      },
      at,
    );
    io.out(`user ${userId} recorded${values.manager ? `, line manager ${values.manager}` : ''}`);
    return 0;
  }
  if (action === 'assign-role') {
    const pack = app.packs.get(tenant.packId);
    const role = required(values.role, 'role');
    if (role !== IG_LEAD_ROLE && !pack.roles.some((r) => r.id === role))
      throw new UsageError(
        `the ${pack.id} pack has no role "${role}"; its roles: ${pack.roles.map((r) => r.id).join(', ')}, and ${IG_LEAD_ROLE}`,
      );
    await app.deps.store.assignRole(tenant.id, role, userId, at);
    io.out(`${userId} holds ${role}`);
    return 0;
  }
  if (action === 'revoke-role') {
    const role = required(values.role, 'role');
    if (!(await app.deps.store.revokeRole(tenant.id, role, userId)))
      throw new UsageError(`${userId} does not hold ${role}`);
    io.out(`${userId} no longer holds ${role}`);
    return 0;
  }
  throw new UsageError(`unknown directory action "${action ?? ''}"\n${DIRECTORY_USAGE}`);
}

export async function peopleCommand(args: readonly string[], io: CliIo, app: AppHandle): Promise<number> {
  const [action, ...rest] = args;
  if (action !== 'add') throw new UsageError(`unknown people action "${action ?? ''}"\n${DIRECTORY_USAGE}`);
  const { values } = parseOptions(rest, {
    tenant: { type: 'string' },
    'case-reference': { type: 'string' },
    name: { type: 'string' },
    'date-of-birth': { type: 'string' },
  });
  const tenantId = required(values.tenant, 'tenant');
  const input = parseInput(registerPersonSchema, {
    caseReference: values['case-reference'],
    displayName: values.name,
    dateOfBirth: values['date-of-birth'],
  });
  const person = await registerPerson(
    app.deps,
    { tenantId, userId: 'cli', name: 'Administrator (CLI)', surface: 'cli' },
    input,
  );
  io.out(`person ${person.caseReference} registered (${person.id})`);
  return 0;
}

/**
 * Who is who in an organisation: directory users, holders of pack roles, and each user's
 * conversation reference for proactive Teams messages. Every query is filtered by tenant id.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { DirectoryUser, Store } from '../app/ports.js';
import type { Database, DirectoryUsersTable } from './schema.js';

type DirectoryPart = Pick<
  Store,
  | 'upsertDirectoryUser'
  | 'getDirectoryUser'
  | 'listReports'
  | 'findDirectoryUserByEmail'
  | 'assignRole'
  | 'revokeRole'
  | 'roleHolders'
  | 'saveConversationReference'
  | 'getConversationReference'
  | 'tenantServiceUrl'
>;

export function postgresDirectory(db: Kysely<Database>): DirectoryPart {
  return {
    async upsertDirectoryUser(u, at) {
      await db
        .insertInto('directory_users')
        .values({
          tenant_id: u.tenantId,
          user_id: u.userId,
          display_name: u.displayName,
          email: u.email ?? null,
          manager_user_id: u.managerUserId ?? null,
          updated_at: at,
        })
        .onConflict((oc) =>
          oc.columns(['tenant_id', 'user_id']).doUpdateSet((eb) => ({
            display_name: eb.ref('excluded.display_name'),
            email: eb.fn.coalesce('excluded.email', 'directory_users.email'),
            manager_user_id: eb.fn.coalesce('excluded.manager_user_id', 'directory_users.manager_user_id'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
    },
    async getDirectoryUser(tenantId, userId) {
      const row = await db
        .selectFrom('directory_users')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return row && toUser(row);
    },
    async listReports(tenantId, managerUserId) {
      const rows = await db
        .selectFrom('directory_users')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('manager_user_id', '=', managerUserId)
        .orderBy('display_name')
        .execute();
      return rows.map(toUser);
    },
    async findDirectoryUserByEmail(tenantId, email) {
      const row = await db
        .selectFrom('directory_users')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
        .executeTakeFirst();
      return row && toUser(row);
    },
    async assignRole(tenantId, roleId, userId, at) {
      await db
        .insertInto('role_holders')
        .values({ tenant_id: tenantId, role_id: roleId, user_id: userId, assigned_at: at })
        .onConflict((oc) => oc.doNothing())
        .execute();
    },
    async revokeRole(tenantId, roleId, userId) {
      const result = await db
        .deleteFrom('role_holders')
        .where('tenant_id', '=', tenantId)
        .where('role_id', '=', roleId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
    async roleHolders(tenantId, roleIds) {
      if (roleIds.length === 0) return [];
      // A holder who has not used the app yet is known by id only (still reachable by a new 1:1 chat).
      const rows = await db
        .selectFrom('role_holders as r')
        .leftJoin('directory_users as u', (j) =>
          j.onRef('u.tenant_id', '=', 'r.tenant_id').onRef('u.user_id', '=', 'r.user_id'),
        )
        .select(['r.role_id', 'r.user_id', 'u.display_name', 'u.email', 'u.manager_user_id'])
        .where('r.tenant_id', '=', tenantId)
        .where('r.role_id', 'in', roleIds)
        .orderBy('r.assigned_at')
        .execute();
      const order = (roleId: string) => roleIds.indexOf(roleId);
      const sorted = [...rows].sort((a, b) => order(a.role_id) - order(b.role_id));
      const seen = new Set<string>();
      return sorted
        .filter((r) => !seen.has(r.user_id) && seen.add(r.user_id))
        .map((r): DirectoryUser => ({
          tenantId,
          userId: r.user_id,
          displayName: r.display_name ?? 'Role holder',
          email: r.email ?? undefined,
          managerUserId: r.manager_user_id ?? undefined,
        }));
    },
    async saveConversationReference(tenantId, userId, reference, at) {
      await db
        .insertInto('conversation_references')
        .values({ tenant_id: tenantId, user_id: userId, reference: JSON.stringify(reference), updated_at: at })
        .onConflict((oc) =>
          oc.columns(['tenant_id', 'user_id']).doUpdateSet((eb) => ({
            reference: eb.ref('excluded.reference'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
    },
    async getConversationReference(tenantId, userId) {
      const row = await db
        .selectFrom('conversation_references')
        .select('reference')
        .where('tenant_id', '=', tenantId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return row?.reference;
    },
    async tenantServiceUrl(tenantId) {
      const row = await db
        .selectFrom('conversation_references')
        .select(sql<string>`reference->>'serviceUrl'`.as('serviceUrl'))
        .where('tenant_id', '=', tenantId)
        .orderBy('updated_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row?.serviceUrl ?? undefined;
    },
  };
}

export function toUser(row: Selectable<DirectoryUsersTable>): DirectoryUser {
  return {
    tenantId: row.tenant_id,
    userId: row.user_id,
    displayName: row.display_name,
    email: row.email ?? undefined,
    managerUserId: row.manager_user_id ?? undefined,
  };
}

/**
 * Roles mapped to Entra groups, refused decision attempts (counts only) and the audit's list of
 * "send without a decision", in PostgreSQL; every query filtered by tenant id.
 */
import { sql, type Kysely } from 'kysely';
import type { Store } from '../app/ports.js';
import { toEntry } from './postgres-decision-log.js';
import type { Database } from './schema.js';

type GovernancePart = Pick<
  Store,
  | 'mapRoleToGroup'
  | 'unmapRoleFromGroup'
  | 'listRoleGroups'
  | 'countRefusedAttempt'
  | 'refusedAttemptCounts'
  | 'pageSendOverrides'
  | 'scanDecisions'
>;

export function postgresGovernance(db: Kysely<Database>): GovernancePart {
  return {
    async mapRoleToGroup(tenantId, roleId, groupId, at) {
      await db
        .insertInto('role_groups')
        .values({ tenant_id: tenantId, role_id: roleId, group_id: groupId, mapped_at: at })
        .onConflict((oc) => oc.columns(['tenant_id', 'role_id', 'group_id']).doNothing())
        .execute();
    },
    async unmapRoleFromGroup(tenantId, roleId, groupId) {
      const result = await db
        .deleteFrom('role_groups')
        .where('tenant_id', '=', tenantId)
        .where('role_id', '=', roleId)
        .where('group_id', '=', groupId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async listRoleGroups(tenantId) {
      const rows = await db
        .selectFrom('role_groups')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .orderBy('role_id')
        .orderBy('group_id')
        .execute();
      return rows.map((r) => ({
        tenantId: r.tenant_id,
        roleId: r.role_id,
        groupId: r.group_id,
        mappedAt: r.mapped_at.toISOString(),
      }));
    },
    async countRefusedAttempt(tenantId, day, reasons) {
      for (const reason of new Set(reasons)) {
        await db
          .insertInto('refused_decision_attempts')
          .values({ tenant_id: tenantId, day, reason, attempts: 1 })
          .onConflict((oc) =>
            oc
              .columns(['tenant_id', 'day', 'reason'])
              .doUpdateSet({ attempts: sql<number>`refused_decision_attempts.attempts + 1` }),
          )
          .execute();
      }
    },
    async refusedAttemptCounts(tenantId, fromDay, toDay) {
      const rows = await db
        .selectFrom('refused_decision_attempts')
        .select(['day', 'reason', 'attempts'])
        .where('tenant_id', '=', tenantId)
        .where('day', '>=', fromDay)
        .where('day', '<=', toDay)
        .orderBy('day')
        .orderBy('reason')
        .execute();
      return rows;
    },
    async scanDecisions(tenantId, scan, afterSeq, limit) {
      let query = db
        .selectFrom('sharing_decisions')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('seq', '>', afterSeq);
      if (scan.from) query = query.where('recorded_at', '>=', new Date(scan.from));
      if (scan.before) query = query.where('recorded_at', '<', new Date(scan.before));
      // strpos, not a jsonb cast: a payload that is not JSON (tampered with) must still be listed.
      for (const text of scan.contains ?? []) query = query.where(sql<boolean>`strpos(payload, ${text}) > 0`);
      for (const text of scan.containsLower ?? [])
        query = query.where(sql<boolean>`strpos(lower(payload), ${text}) > 0`);
      const rows = await query.orderBy('seq').limit(limit).execute();
      return rows.map(toEntry);
    },
    async pageSendOverrides(tenantId, filter, after, limit) {
      let query = db.selectFrom('send_overrides').selectAll().where('tenant_id', '=', tenantId);
      if (filter.userId) query = query.where('user_id', '=', filter.userId);
      if (filter.from) query = query.where('created_at', '>=', new Date(filter.from));
      if (filter.before) query = query.where('created_at', '<', new Date(filter.before));
      if (after)
        query = query.where((eb) =>
          eb.or([
            eb('created_at', '>', new Date(after.createdAt)),
            eb.and([eb('created_at', '=', new Date(after.createdAt)), eb('id', '>', after.id)]),
          ]),
        );
      const rows = await query.orderBy('created_at').orderBy('id').limit(limit).execute();
      return rows.map((r) => ({
        tenantId: r.tenant_id,
        id: r.id,
        reference: r.reference,
        userId: r.user_id,
        userName: r.user_name,
        justification: r.justification,
        createdAt: r.created_at.toISOString(),
      }));
    },
  };
}

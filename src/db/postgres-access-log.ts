/**
 * The access log in PostgreSQL: append-only (triggers refuse UPDATE, DELETE and TRUNCATE), every
 * query filtered by tenant id.
 */
import type { Kysely } from 'kysely';
import type { AccessAction, Store, Surface } from '../app/ports.js';
import type { Database } from './schema.js';

type AccessLogPart = Pick<Store, 'appendAccessLog' | 'listAccessLog'>;

export function postgresAccessLog(db: Kysely<Database>): AccessLogPart {
  return {
    async appendAccessLog(e) {
      await db
        .insertInto('access_log')
        .values({
          tenant_id: e.tenantId,
          id: e.id,
          at: e.at,
          user_id: e.userId,
          user_name: e.userName,
          person_id: e.personId,
          action: e.action,
          surface: e.surface,
          outcome: e.outcome,
        })
        .execute();
    },
    async listAccessLog(tenantId, filter) {
      let query = db.selectFrom('access_log').selectAll().where('tenant_id', '=', tenantId);
      if (filter.personId) query = query.where('person_id', '=', filter.personId);
      const rows = await query.orderBy('at', 'desc').orderBy('id').limit(filter.limit).execute();
      return rows.map((r) => ({
        tenantId: r.tenant_id,
        id: r.id,
        at: r.at.toISOString(),
        userId: r.user_id,
        userName: r.user_name,
        personId: r.person_id,
        action: r.action as AccessAction,
        surface: r.surface as Surface,
        outcome: r.outcome,
      }));
    },
  };
}

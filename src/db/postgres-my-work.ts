/** "My work" look-ups in PostgreSQL: one person's own unconfirmed calls, open actions and expiring consents. */
import { sql, type Kysely } from 'kysely';
import type { Store } from '../app/ports.js';
import { postgresRecords, toAgreedAction } from './postgres-records.js';
import type { Database } from './schema.js';

type MyWorkPart = Pick<
  Store,
  'listUnconfirmedPhoneDiscussions' | 'markConfirmationSent' | 'listOpenAgreedActionsFor' | 'peopleWithConsentExpiring'
>;

export function postgresMyWork(db: Kysely<Database>): MyWorkPart {
  const records = postgresRecords(db);
  return {
    async listUnconfirmedPhoneDiscussions(tenantId, userId, limit) {
      const rows = await db
        .selectFrom('phone_discussions as d')
        .select('d.id')
        .where('d.tenant_id', '=', tenantId)
        .where('d.recorded_by_id', '=', userId)
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('phone_confirmations_sent as s')
                .select('s.discussion_id')
                .whereRef('s.tenant_id', '=', 'd.tenant_id')
                .whereRef('s.discussion_id', '=', 'd.id'),
            ),
          ),
        )
        .orderBy('d.recorded_at')
        .orderBy('d.id')
        .limit(limit)
        .execute();
      const found = await Promise.all(rows.map((r) => records.getPhoneDiscussion(tenantId, r.id)));
      return found.filter((d) => d !== undefined);
    },
    async markConfirmationSent(tenantId, discussionId, userId, at) {
      const result = await db
        .insertInto('phone_confirmations_sent')
        .values({ tenant_id: tenantId, discussion_id: discussionId, sent_at: at, marked_by: userId })
        .onConflict((oc) => oc.columns(['tenant_id', 'discussion_id']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    async listOpenAgreedActionsFor(tenantId, userId, limit) {
      const rows = await db
        .selectFrom('agreed_actions')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('remind_user_id', '=', userId)
        .where('status', '=', 'open')
        .orderBy('due_on')
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map(toAgreedAction);
    },
    async peopleWithConsentExpiring(tenantId, userId, fromDay, toDay) {
      const { rows } = await sql<{ person_id: string }>`
        SELECT DISTINCT c.person_id FROM consent_records c
        WHERE c.tenant_id = ${tenantId} AND c.expires_on BETWEEN ${fromDay} AND ${toDay}
          AND (
            EXISTS (SELECT 1 FROM people p WHERE p.tenant_id = c.tenant_id AND p.id = c.person_id AND p.created_by = ${userId})
            OR EXISTS (SELECT 1 FROM consent_records r WHERE r.tenant_id = c.tenant_id AND r.person_id = c.person_id AND r.recorded_by_id = ${userId})
            OR EXISTS (SELECT 1 FROM phone_discussions d WHERE d.tenant_id = c.tenant_id AND d.person_id = c.person_id AND d.recorded_by_id = ${userId})
            OR EXISTS (SELECT 1 FROM escalations e WHERE e.tenant_id = c.tenant_id AND e.person_id = c.person_id AND e.raised_by = ${userId})
          )
        ORDER BY c.person_id`.execute(db);
      return rows.map((r) => r.person_id);
    },
  };
}

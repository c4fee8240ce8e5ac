/**
 * The durable reminder queue. A sweeper claims due rows with `FOR UPDATE SKIP LOCKED` and a
 * short lease it renews while it works, sends outside the transaction, records each recipient
 * reached before the next send, then marks the reminder sent: with several server instances on
 * one PostgreSQL each reminder is claimed by one of them at a time, and a sweeper that dies
 * mid-send leaves a lease that lapses within seconds, so the reminder is retried rather than
 * lost, repeating at most the one message that was in flight.
 */
import { sql, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import type { ClaimedReminder, ReminderDelivery, ReminderQueue } from '../app/ports.js';
import { toReminder } from './postgres-reminders.js';
import { loadOutboxSubjects } from './postgres-outbox-subjects.js';
import type { Database, RemindersTable } from './schema.js';

export function createPostgresReminderQueue(db: Kysely<Database>): ReminderQueue {
  return {
    async claimDue(now, limit, workerId, leaseUntil) {
      const rows = await sql<Selectable<RemindersTable>>`
        UPDATE reminders AS r
           SET claimed_by = ${workerId}, lease_until = ${leaseUntil}, attempts = r.attempts + 1
          FROM (SELECT tenant_id, id FROM reminders
                 WHERE status = 'pending' AND due_at <= ${now} AND (lease_until IS NULL OR lease_until < ${now})
                 ORDER BY due_at
                 LIMIT ${limit}
                 FOR UPDATE SKIP LOCKED) AS due
         WHERE r.tenant_id = due.tenant_id AND r.id = due.id
        RETURNING r.*`.execute(db);
      return rows.rows.map((row) => ({
        ...toReminder(row),
        claimedBy: workerId,
        delivered: parseDeliveries(row.delivery_ref),
      }));
    },
    async recordDelivery(reminder, deliveries) {
      const result = await finish(db, reminder)
        .where('status', '=', 'pending')
        .set({ delivery_ref: JSON.stringify(deliveries) })
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async renewLeases(reminders, leaseUntil) {
      await heldBy(db, reminders, sql`lease_until = ${leaseUntil}`);
    },
    async release(reminders) {
      await heldBy(db, reminders, sql`claimed_by = NULL, lease_until = NULL, attempts = GREATEST(r.attempts - 1, 0)`);
    },
    async markSent(reminder, deliveries, at) {
      await finish(db, reminder)
        .set({
          status: 'sent',
          sent_at: at,
          lease_until: null,
          last_error: null,
          delivered_via: summarise(deliveries),
          delivery_ref: JSON.stringify(deliveries),
        })
        .execute();
    },
    async retryLater(reminder, deliveries, retryAt, errorKind) {
      // The lease becomes the back-off: claimDue skips the row until retryAt.
      await finish(db, reminder)
        .set({
          claimed_by: null,
          lease_until: retryAt,
          last_error: errorKind,
          delivery_ref: JSON.stringify(deliveries),
        })
        .execute();
    },
    async markFailed(reminder, deliveries, errorKind) {
      await finish(db, reminder)
        .set({
          status: 'failed',
          lease_until: null,
          last_error: errorKind,
          delivered_via: summarise(deliveries),
          delivery_ref: JSON.stringify(deliveries),
        })
        .execute();
    },
    async cancel(reminder) {
      await finish(db, reminder).set({ status: 'cancelled', lease_until: null }).execute();
    },
    async cancelMany(reminders) {
      await heldBy(db, reminders, sql`status = 'cancelled', lease_until = NULL`);
    },
    loadSubjects: (reminders) => loadOutboxSubjects(db, reminders),
  };
}

/** Only the sweeper holding the claim may close it. */
function finish(db: Kysely<Database>, reminder: ClaimedReminder) {
  return db
    .updateTable('reminders')
    .where('tenant_id', '=', reminder.tenantId)
    .where('id', '=', reminder.id)
    .where('claimed_by', '=', reminder.claimedBy);
}

/** Updates the still-pending rows among `reminders` that their worker still holds (one statement). */
async function heldBy(
  db: Kysely<Database>,
  reminders: readonly ClaimedReminder[],
  set: RawBuilder<unknown>,
): Promise<void> {
  const [first] = reminders;
  if (!first) return;
  await sql`
    UPDATE reminders AS r SET ${set}
      FROM unnest(${reminders.map((x) => x.tenantId)}::text[], ${reminders.map((x) => x.id)}::uuid[]) AS held(tenant_id, id)
     WHERE r.tenant_id = held.tenant_id AND r.id = held.id AND r.claimed_by = ${first.claimedBy} AND r.status = 'pending'`.execute(
    db,
  );
}

function summarise(deliveries: readonly ReminderDelivery[]): string | null {
  const channels = [...new Set(deliveries.map((d) => d.via))].sort();
  return channels.length ? channels.join('+') : null;
}

function parseDeliveries(raw: string | null): ReminderDelivery[] {
  if (!raw) return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? (parsed as ReminderDelivery[]) : [];
  } catch {
    return [];
  }
}

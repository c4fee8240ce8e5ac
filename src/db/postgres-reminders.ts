/**
 * Durable reminders in PostgreSQL. Planning is idempotent by dedupe key: recomputing an
 * escalation's plan after each transition adds what is new, cancels what no longer applies and
 * leaves sent reminders as they are (a reminder is never deleted).
 */
import type { Kysely, Selectable } from 'kysely';
import type { Store, StoredReminder } from '../app/ports.js';
import { REMINDER_KINDS } from '../domain/escalation/escalation-reminders.js';
import type { Database, RemindersTable } from './schema.js';

type ReminderPart = Pick<Store, 'planReminders' | 'listReminders' | 'enqueueNotices'>;

interface Audience {
  readonly stage: number;
  readonly deadlineId?: string;
  readonly audienceRoles: readonly string[];
  readonly audienceUserId?: string;
  readonly actorUserId?: string;
  readonly recordId?: string;
  readonly audienceEmail?: string;
  readonly audienceName?: string;
}

export function postgresReminders(
  db: Kysely<Database>,
  inTransaction: <T>(work: (db: Kysely<Database>) => Promise<T>) => Promise<T>,
): ReminderPart {
  return {
    planReminders: (tenantId, subject, plans, newId, at) =>
      inTransaction(async (trx) => {
        const keep = plans.map((p) => p.key);
        // Only reminders are re-planned: a notice (the Board's copy, a de-brief prompt) stays due.
        let cancel = trx
          .updateTable('reminders')
          .set({ status: 'cancelled' })
          .where('tenant_id', '=', tenantId)
          .where('subject_id', '=', subject.id)
          .where('status', '=', 'pending')
          .where('kind', 'in', [...REMINDER_KINDS]);
        if (keep.length > 0) cancel = cancel.where('dedupe_key', 'not in', keep);
        await cancel.execute();
        if (plans.length === 0) return;
        await trx
          .insertInto('reminders')
          .values(
            plans.map((p) => ({
              tenant_id: tenantId,
              id: newId(),
              dedupe_key: p.key,
              subject_kind: subject.kind,
              subject_id: subject.id,
              kind: p.kind,
              due_at: p.dueAt,
              created_at: at,
              audience: JSON.stringify({
                stage: p.stage,
                deadlineId: p.deadlineId,
                audienceRoles: p.audienceRoles,
                audienceUserId: p.audienceUserId,
              } satisfies Audience),
            })),
          )
          .onConflict((oc) => oc.columns(['tenant_id', 'dedupe_key']).doNothing())
          .execute();
      }),
    async enqueueNotices(tenantId, subject, notices, newId, at) {
      if (notices.length === 0) return;
      await db
        .insertInto('reminders')
        .values(
          notices.map((n) => ({
            tenant_id: tenantId,
            id: newId(),
            dedupe_key: n.key,
            subject_kind: subject.kind,
            subject_id: subject.id,
            kind: n.kind,
            due_at: at,
            created_at: at,
            audience: JSON.stringify({
              stage: n.stage,
              audienceRoles: n.audienceRoles,
              audienceUserId: n.audienceUserId,
              actorUserId: n.actorUserId,
              recordId: n.recordId,
              audienceEmail: n.audienceEmail,
              audienceName: n.audienceName,
            } satisfies Audience),
          })),
        )
        .onConflict((oc) => oc.columns(['tenant_id', 'dedupe_key']).doNothing())
        .execute();
    },
    async listReminders(tenantId, subjectId) {
      const rows = await db
        .selectFrom('reminders')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('subject_id', '=', subjectId)
        .orderBy('due_at')
        .orderBy('dedupe_key')
        .execute();
      return rows.map(toReminder);
    },
  };
}

export function toReminder(r: Selectable<RemindersTable>): StoredReminder {
  const audience = r.audience as Audience;
  return {
    tenantId: r.tenant_id,
    id: r.id,
    key: r.dedupe_key,
    kind: r.kind as StoredReminder['kind'],
    dueAt: new Date(r.due_at).toISOString(),
    subjectKind: r.subject_kind,
    subjectId: r.subject_id,
    status: r.status as StoredReminder['status'],
    attempts: r.attempts,
    deliveredVia: r.delivered_via ?? undefined,
    stage: audience.stage,
    deadlineId: audience.deadlineId,
    audienceRoles: audience.audienceRoles,
    audienceUserId: audience.audienceUserId,
    actorUserId: audience.actorUserId,
    recordId: audience.recordId,
    audienceEmail: audience.audienceEmail,
    audienceName: audience.audienceName,
  };
}

/** The outbox: deadline reminders planned and notices written with each change. A port of the Store (src/app/ports.ts), beside the use cases that need it. */
import type { ReminderPlan } from '../../domain/escalation/escalation-reminders.js';
import type { NoticePlan } from '../../domain/escalation/escalation-notices.js';
import type { OutboxSubjectKind, StoredReminder } from '../ports.js';

export interface OutboxStore {
  /** Makes the pending reminders of a subject exactly `plans`: new ones added, dropped ones cancelled, sent ones kept. */
  planReminders(
    tenantId: string,
    subject: { kind: 'escalation' | 'agreed-action'; id: string },
    plans: readonly ReminderPlan[],
    newId: () => string,
    at: string,
  ): Promise<void>;
  listReminders(tenantId: string, subjectId: string): Promise<StoredReminder[]>;
  /** Adds notices to the outbox, due at `at`; a notice already planned (same key) is not added twice. */
  enqueueNotices(
    tenantId: string,
    subject: { kind: OutboxSubjectKind; id: string },
    notices: readonly NoticePlan[],
    newId: () => string,
    at: string,
  ): Promise<void>;
}

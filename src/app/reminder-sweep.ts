/**
 * One pass of the reminder sweeper: claim what is due, deliver each notice, record how it went.
 * Delivery happens outside any transaction; a recipient already reached is never reached again
 * on a retry, and a transient failure (Teams 429/5xx) is retried with back-off, never dropped.
 */
import type { AppDeps, ClaimedReminder, ManagerDirectory, ReminderDelivery, ReminderQueue } from './ports.js';
import { recipientsOf, subjectStillDue, TransientDeliveryError, type ReminderNotifier } from './reminder-notices.js';

export interface SweepDeps {
  readonly app: AppDeps;
  readonly queue: ReminderQueue;
  readonly notifier: ReminderNotifier;
  readonly managers: ManagerDirectory;
}

export interface SweepOptions {
  readonly workerId: string;
  readonly batchSize?: number;
  /** How long a claim lasts: a sweeper that dies mid-send gives the reminder back after this. */
  readonly leaseMs?: number;
  readonly maxAttempts?: number;
  /** Reminders delivered at once; Teams' own limits are kept by the notifier. */
  readonly concurrency?: number;
}

export interface SweepReport {
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
  cancelled: number;
}

export async function sweepDueReminders(deps: SweepDeps, options: SweepOptions): Promise<SweepReport> {
  const now = deps.app.clock.now();
  const leaseUntil = new Date(now.getTime() + (options.leaseMs ?? 120_000));
  const claimed = await deps.queue.claimDue(now, options.batchSize ?? 200, options.workerId, leaseUntil);
  const report: SweepReport = { claimed: claimed.length, sent: 0, retried: 0, failed: 0, cancelled: 0 };
  const queue = [...claimed];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) report[await deliver(deps, next, options.maxAttempts ?? 8)] += 1;
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 8, claimed.length) }, worker));
  return report;
}

type Outcome = 'sent' | 'retried' | 'failed' | 'cancelled';

async function deliver(deps: SweepDeps, reminder: ClaimedReminder, maxAttempts: number): Promise<Outcome> {
  const subject = await subjectStillDue(deps.app.store, reminder);
  if (!subject) {
    await deps.queue.cancel(reminder);
    return 'cancelled';
  }
  const deliveries: ReminderDelivery[] = [...reminder.delivered];
  try {
    const recipients = await recipientsOf({ store: deps.app.store, managers: deps.managers, packs: deps.app.packs }, reminder, subject);
    if (recipients.length === 0) throw new Error('NO_RECIPIENT');
    for (const recipient of recipients) {
      if (deliveries.some((d) => d.userId === recipient.userId)) continue;
      const sent = await deps.notifier.notify({ reminder, recipient, subject });
      deliveries.push({ userId: recipient.userId, ...sent });
    }
    await deps.queue.markSent(reminder, deliveries, deps.app.clock.now());
    return 'sent';
  } catch (error) {
    return failed(deps, reminder, deliveries, error, maxAttempts);
  }
}

async function failed(deps: SweepDeps, reminder: ClaimedReminder, deliveries: ReminderDelivery[], error: unknown, maxAttempts: number): Promise<Outcome> {
  // Only the error's kind is kept: messages from remote services may quote case data.
  const kind = error instanceof TransientDeliveryError ? 'TRANSIENT' : error instanceof Error && error.message === 'NO_RECIPIENT' ? 'NO_RECIPIENT' : error instanceof Error ? error.name : 'UNKNOWN';
  if (reminder.attempts >= maxAttempts) {
    await deps.queue.markFailed(reminder, deliveries, kind);
    return 'failed';
  }
  const retryAfter = error instanceof TransientDeliveryError && error.retryAfterMs !== undefined ? error.retryAfterMs : backoffMs(reminder.attempts);
  await deps.queue.retryLater(reminder, deliveries, new Date(deps.app.clock.now().getTime() + retryAfter), kind);
  return 'retried';
}

/** 30 s, 1 min, 2 min, … capped at 1 hour. */
function backoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

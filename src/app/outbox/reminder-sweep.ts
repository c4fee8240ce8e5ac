/**
 * One pass of the outbox sweeper: claim what is due (deadline reminders and the notices written
 * with each change), deliver each, record how it went.
 * The batch is read ahead with one query per table (escalations, people, directory users, in
 * chunks re-read when older than a few seconds, so a lapse rule sees a fresh subject), and the
 * items that need no message are closed together in one statement.
 * Delivery happens outside any transaction. Messages go one at a time, each recipient reached
 * recorded durably before the next is sent, and the claim is a short lease renewed while the
 * pass runs: a server killed mid-send repeats at most the one message in flight, and a restarted
 * (or another) server takes the rest over within seconds. A recipient already reached is never reached again
 * on a retry, and a transient failure (Teams 429/5xx) is retried with back-off, never dropped.
 */
import { isNoticeKind } from '../../domain/escalation/escalation-notices.js';
import { transferOnMissedDeadline } from '../escalations/stage-transfer.js';
import type { AppDeps, ClaimedReminder, ManagerDirectory, ReminderDelivery, ReminderQueue } from '../ports.js';
import { errorKind, telemetry } from '../telemetry.js';
import { prefetched, type Prefetched } from './outbox-prefetch.js';
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
  /**
   * How long a claim lasts unless renewed; the pass renews it every third of that. A sweeper that
   * dies gives its reminders back this long after its last renewal.
   */
  readonly leaseMs?: number;
  readonly maxAttempts?: number;
  /**
   * Reminders worked on at once (looked up, addressed). Their messages still go one at a time,
   * each recorded before the next: a crash repeats at most one message.
   */
  readonly concurrency?: number;
  /** Aborted when the server stops: no new message is sent, and what is left is given back at once. */
  readonly signal?: AbortSignal | undefined;
}

export interface SweepReport {
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
  cancelled: number;
  /** Given back unfinished: the server is stopping, or the claim passed to another worker. */
  released: number;
}

export const DEFAULT_LEASE_MS = 10_000;

export function sweepDueReminders(deps: SweepDeps, options: SweepOptions): Promise<SweepReport> {
  return telemetry.span('outbox sweep', {}, async () => {
    const report = await sweep(deps, options);
    if (report.claimed > 0) telemetry.info('outbox sweep', { ...report });
    return report;
  });
}

async function sweep(deps: SweepDeps, options: SweepOptions): Promise<SweepReport> {
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const leaseFromNow = () => new Date(deps.app.clock.now().getTime() + leaseMs);
  const now = deps.app.clock.now();
  const claimed = await deps.queue.claimDue(now, options.batchSize ?? 200, options.workerId, leaseFromNow());
  const report: SweepReport = { claimed: claimed.length, sent: 0, retried: 0, failed: 0, cancelled: 0, released: 0 };
  const open = new Set(claimed);
  // A failed renewal is not fatal: recordDelivery notices a claim that has passed to another worker.
  const heartbeat = setInterval(
    () => void deps.queue.renewLeases([...open], leaseFromNow()).catch(() => undefined),
    leaseMs / 3,
  );
  const lookups = readAhead(deps, claimed);
  const toCancel: ClaimedReminder[] = [];
  const queue = claimed.map((reminder, index) => ({ reminder, index }));
  const oneMessage = oneAtATime();
  const worker = async () => {
    for (let next = queue.shift(); next && !options.signal?.aborted; next = queue.shift()) {
      const { reminder, index } = next;
      const outcome = await deliver(deps, await lookups(index), reminder, options, oneMessage);
      report[outcome] += 1;
      if (outcome === 'released') await deps.queue.release([reminder]);
      // Closed with the others below (its claim renewed till then): sending nothing, it is safe to
      // redo if the server dies first.
      if (outcome === 'cancelled') toCancel.push(reminder);
      else open.delete(reminder);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 8, claimed.length) }, worker));
  } finally {
    clearInterval(heartbeat);
    if (toCancel.length > 0) await deps.queue.cancelMany(toCancel);
    for (const reminder of toCancel) open.delete(reminder);
  }
  const left = [...open];
  if (left.length > 0) {
    await deps.queue.release(left);
    report.released += left.length;
  }
  return report;
}

/** Items read ahead together; a chunk older than this is read again before its items are decided. */
const CHUNK = 50;
const FRESH_MS = 3_000;

/**
 * The look-ups for the item at `index`: its chunk of the batch read in one go (or the plain
 * store, should that read fail — the items are then decided one by one, as before).
 */
function readAhead(deps: SweepDeps, claimed: readonly ClaimedReminder[]): (index: number) => Promise<Prefetched> {
  const chunks = new Map<number, { readonly at: number; readonly view: Promise<Prefetched> }>();
  const plain: Prefetched = { store: deps.app.store, managers: deps.managers };
  return (index) => {
    const n = Math.floor(index / CHUNK);
    const cached = chunks.get(n);
    if (cached && Date.now() - cached.at < FRESH_MS) return cached.view;
    const view = deps.queue
      .loadSubjects(claimed.slice(n * CHUNK, (n + 1) * CHUNK))
      .then((batch) => prefetched(deps.app.store, deps.managers, batch))
      .catch((error: unknown) => {
        telemetry.warn('safeguard: outbox read-ahead failed; items are looked up one by one', {
          error: errorKind(error),
        });
        return plain;
      });
    chunks.set(n, { at: Date.now(), view });
    return view;
  };
}

type Outcome = 'sent' | 'retried' | 'failed' | 'cancelled' | 'released';

/** Runs one piece of work at a time, in the order asked, whatever the others' outcome. */
function oneAtATime(): <T>(work: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return (work) => {
    const run = tail.then(work);
    tail = run.catch(() => undefined);
    return run;
  };
}

async function deliver(
  deps: SweepDeps,
  lookups: Prefetched,
  reminder: ClaimedReminder,
  options: SweepOptions,
  oneMessage: ReturnType<typeof oneAtATime>,
): Promise<Outcome> {
  if (reminder.kind === 'stage-transfer') return transfer(deps, reminder, options);
  const subject = await subjectStillDue(lookups.store, reminder);
  if (!subject) return 'cancelled';
  const deliveries: ReminderDelivery[] = [...reminder.delivered];
  try {
    const recipients = await recipientsOf(
      { ...lookups, packs: deps.app.packs, groupMembership: deps.app.groupMembership },
      reminder,
      subject,
    );
    // A notice with nobody else to tell (the actor owns the next stage too) is not needed.
    if (recipients.length === 0 && isNoticeKind(reminder.kind)) return 'cancelled';
    if (recipients.length === 0) throw new Error('NO_RECIPIENT');
    const due = recipients.filter((r) => !deliveries.some((d) => d.userId === r.userId));
    for (const [index, recipient] of due.entries()) {
      // A send and its durable record, then the next message (of any reminder in this pass).
      const step = await oneMessage(async (): Promise<Outcome | 'next'> => {
        if (options.signal?.aborted) return 'released';
        const sent = await deps.notifier.notify({ reminder, recipient, subject });
        deliveries.push({ userId: recipient.userId, ...sent });
        // The last one is recorded by markSent, in the statement that closes the reminder.
        if (index < due.length - 1)
          return (await deps.queue.recordDelivery(reminder, deliveries)) ? 'next' : 'released';
        await deps.queue.markSent(reminder, deliveries, deps.app.clock.now());
        return 'sent';
      });
      if (step !== 'next') return step;
    }
    await deps.queue.markSent(reminder, deliveries, deps.app.clock.now()); // everyone was reached before
    return 'sent';
  } catch (error) {
    return failed(deps, reminder, deliveries, error, options.maxAttempts ?? 8);
  }
}

/** A deadline the pack moves on at: the escalation is escalated (its new owner is told through the outbox). */
async function transfer(deps: SweepDeps, reminder: ClaimedReminder, options: SweepOptions): Promise<Outcome> {
  try {
    if (!(await transferOnMissedDeadline(deps.app, deps.managers, reminder))) return 'cancelled';
    await deps.queue.markSent(reminder, [], deps.app.clock.now());
    return 'sent';
  } catch (error) {
    return failed(deps, reminder, [], error, options.maxAttempts ?? 8);
  }
}

async function failed(
  deps: SweepDeps,
  reminder: ClaimedReminder,
  deliveries: ReminderDelivery[],
  error: unknown,
  maxAttempts: number,
): Promise<Outcome> {
  // Only the error's kind is kept: messages from remote services may quote case data.
  const kind =
    error instanceof TransientDeliveryError
      ? 'TRANSIENT'
      : error instanceof Error && error.message === 'NO_RECIPIENT'
        ? 'NO_RECIPIENT'
        : error instanceof Error
          ? error.name
          : 'UNKNOWN';
  if (reminder.attempts >= maxAttempts) {
    await deps.queue.markFailed(reminder, deliveries, kind);
    return 'failed';
  }
  const retryAfter =
    error instanceof TransientDeliveryError && error.retryAfterMs !== undefined
      ? error.retryAfterMs
      : backoffMs(reminder.attempts);
  await deps.queue.retryLater(reminder, deliveries, new Date(deps.app.clock.now().getTime() + retryAfter), kind);
  return 'retried';
}

/** 30 s, 1 min, 2 min, … capped at 1 hour. */
function backoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

/**
 * Runs the reminder sweep every few seconds (and once at start), one pass at a time. Each server
 * instance runs one; the queue's row locks make them share the work without sending anything twice.
 */
import {
  sweepDueReminders,
  type SweepDeps,
  type SweepOptions,
  type SweepReport,
} from '../app/outbox/reminder-sweep.js';

export interface ReminderScheduler {
  /** One pass now (also what the timer calls); passes never overlap. */
  runOnce(): Promise<SweepReport | undefined>;
  stop(): Promise<void>;
}

export function startReminderScheduler(
  deps: SweepDeps,
  options: SweepOptions & { intervalMs: number; onError?: (error: unknown) => void },
): ReminderScheduler {
  let running: Promise<SweepReport | undefined> | undefined;
  const stopping = new AbortController();
  const runOnce = () => {
    if (stopping.signal.aborted) return Promise.resolve(undefined);
    running ??= sweepDueReminders(deps, { ...options, signal: stopping.signal })
      .catch((error: unknown) => {
        options.onError?.(error);
        return undefined;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const timer = options.intervalMs > 0 ? setInterval(() => void runOnce(), options.intervalMs) : undefined;
  timer?.unref();
  // A first pass right away: after a restart, what fell due meanwhile goes out now.
  const first = timer ? setTimeout(() => void runOnce(), 0) : undefined;
  return {
    runOnce,
    /** No new pass starts; the one under way finishes the message in flight and gives the rest back. */
    async stop() {
      stopping.abort();
      if (timer) clearInterval(timer);
      if (first) clearTimeout(first);
      await running;
    },
  };
}

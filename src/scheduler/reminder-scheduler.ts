/**
 * Runs the reminder sweep every few seconds, one pass at a time. Each server instance runs one;
 * the queue's row locks make them share the work without sending anything twice.
 */
import { sweepDueReminders, type SweepDeps, type SweepOptions, type SweepReport } from '../app/reminder-sweep.js';

export interface ReminderScheduler {
  /** One pass now (also what the timer calls); passes never overlap. */
  runOnce(): Promise<SweepReport | undefined>;
  stop(): Promise<void>;
}

export function startReminderScheduler(deps: SweepDeps, options: SweepOptions & { intervalMs: number; onError?: (error: unknown) => void }): ReminderScheduler {
  let running: Promise<SweepReport | undefined> | undefined;
  let stopped = false;
  const runOnce = () => {
    if (stopped) return Promise.resolve(undefined);
    running ??= sweepDueReminders(deps, options)
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
  return {
    runOnce,
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await running;
    },
  };
}

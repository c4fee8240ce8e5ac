/**
 * Produces the Board's reports on the clock (issue 10): every `intervalMs` (and once at start) it
 * asks the use case for the reports whose period's first working day has begun; what that keeps
 * goes to the outbox, which the reminder sweep delivers. One pass at a time; each server instance
 * runs one, and the reports' unique key keeps each period's report — and its notice — to one.
 */
export interface BoardReportScheduler {
  /** One pass now (also what the timer calls); passes never overlap. */
  runOnce(): Promise<void>;
  stop(): Promise<void>;
}

export function startBoardReportScheduler(
  produce: () => Promise<unknown>,
  options: { intervalMs: number; onError?: (error: unknown) => void },
): BoardReportScheduler {
  let running: Promise<void> | undefined;
  let stopped = false;
  const runOnce = () => {
    if (stopped) return Promise.resolve();
    running ??= produce()
      .then(() => undefined)
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const timer = options.intervalMs > 0 ? setInterval(() => void runOnce(), options.intervalMs) : undefined;
  timer?.unref();
  const first = timer ? setTimeout(() => void runOnce(), 0) : undefined;
  return {
    runOnce,
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      if (first) clearTimeout(first);
      await running;
    },
  };
}

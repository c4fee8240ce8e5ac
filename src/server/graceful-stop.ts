/**
 * How the server process ends: on SIGTERM, SIGINT or SIGHUP, or when the process that started it
 * under `npm start` has gone, it runs its stop once and exits; a stop that hangs (a database that
 * stopped answering) is cut off after a deadline, so the process always ends.
 *
 * Why watch the parent: `npm start` runs the server through `sh -c`, and a SIGTERM sent to npm
 * alone is passed to that shell, which dies without passing it on; the server would keep the port
 * and the data folder's lock. A supervisor that signals the whole process group reaches the server
 * directly (and through npm a second time, hence "once").
 */
import { errorKind, telemetry } from '../app/telemetry.js';

export interface GracefulStopOptions {
  /** After this long the process exits (status 1) even if the stop has not finished. */
  readonly timeoutMs: number;
  /** Also stop when the parent process ends (started by npm). */
  readonly watchParent: boolean;
}

const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;

export function stopGracefully(
  stop: () => Promise<void>,
  options: GracefulStopOptions,
): { readonly requested: boolean } {
  let stopping = false;
  const begin = (why: string): void => {
    if (stopping) return;
    stopping = true;
    telemetry.info(`safeguard: ${why}, shutting down`);
    setTimeout(() => {
      telemetry.error(`safeguard: shutdown did not finish within ${options.timeoutMs / 1000} s; exiting anyway`);
      process.exit(1);
    }, options.timeoutMs);
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        telemetry.error(`safeguard: shutdown failed (${errorKind(error)})`, { error: errorKind(error) });
        process.exit(1);
      },
    );
  };
  for (const signal of SIGNALS) process.on(signal, () => begin(`${signal} received`));
  if (options.watchParent) {
    const parent = process.ppid;
    setInterval(() => {
      if (process.ppid !== parent) begin('the process that started it has ended');
    }, 250).unref();
  }
  return {
    get requested() {
      return stopping;
    },
  };
}

/** Waits for `work`, but no longer than `ms`; what is left runs on unwatched, and its failure is only noted. */
export async function atMost(work: Promise<void>, ms: number, what: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const noted = work.catch((error: unknown) =>
    telemetry.error(`safeguard: ${what} failed (${errorKind(error)})`, { error: errorKind(error) }),
  );
  await Promise.race([noted, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

/**
 * The real server (`src/main.ts`, what `npm start` runs) as a child process, for tests about the
 * process itself: crashes, kill -9, signals. Local mode; the caller gives the database (a data
 * folder or a DATABASE_URL) and any other settings.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly base: string;
  readonly port: number;
  /** stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  readonly exited: Promise<number | string>;
  /** True while the process runs. */
  running(): boolean;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Starts `node --import tsx src/main.ts` and waits until it listens (at most `startMs`).
 *
 * @example
 * const server = await startServerProcess({ SAFEGUARD_DATA_DIR: dir });
 * await fetch(`${server.base}/healthz`);
 */
export async function startServerProcess(env: Record<string, string>, startMs = 60_000): Promise<ServerProcess> {
  const port = await freePort();
  const childEnv: Record<string, string | undefined> = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    REMINDER_SWEEP_SECONDS: '0',
    // Fault tests send many writes as one person; the per-person write limit has its own test.
    SAFEGUARD_WRITES_PER_MINUTE: '0',
    ...env,
  };
  if (!('DATABASE_URL' in env)) delete childEnv['DATABASE_URL'];
  for (const name of ['MICROSOFT_APP_ID', 'MICROSOFT_APP_PASSWORD', 'npm_lifecycle_event']) delete childEnv[name];
  const child = spawn(process.execPath, ['--import', 'tsx', join(process.cwd(), 'src/main.ts')], {
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let ended = false;
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => {
      ended = true;
      resolve(code ?? signal ?? 'unknown');
    }),
  );
  const server: ServerProcess = {
    child,
    base: `http://127.0.0.1:${port}`,
    port,
    output: () => output,
    exited,
    running: () => !ended,
  };
  await waitUntil(
    () => output.includes('safeguard: listening') || ended,
    startMs,
    () => `the server did not start:\n${output}`,
  );
  if (ended) throw new Error(`the server exited at start:\n${output}`);
  return server;
}

/** SIGKILL, then waits for the process to be gone. */
export async function killHard(server: ServerProcess): Promise<void> {
  if (server.running()) server.child.kill('SIGKILL');
  await server.exited;
}

/** Polls `ready` every 20 ms until it is true or `timeoutMs` passes (then throws `describe()`). */
export async function waitUntil(
  ready: () => boolean | Promise<boolean>,
  timeoutMs: number,
  describe: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms: ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

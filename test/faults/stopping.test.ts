/**
 * Stopping what `npm start` started: SIGTERM to the process group (as a supervisor or a terminal
 * does) or to npm's pid alone must end the server gracefully — the port closed, the embedded
 * database's lock released, no process left behind — within a few seconds. About behaviour only,
 * whatever `npm start` runs underneath.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { LOCK_FILE_NAME } from '../../src/db/data-folder-lock.js';
import { freePort, waitUntil } from '../helpers/server-process.js';
import { createEmbeddedFolder } from '../helpers/test-database.js';

jest.setTimeout(180_000);

/** Generous for this shared 2-core machine; a stop normally takes well under a second. */
const STOPS_WITHIN_MS = 10_000;

let folder: string;
const leftovers: number[] = [];
beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'safeguard-stop-'));
  await createEmbeddedFolder(join(folder, 'db')); // so npm start reopens it rather than running initdb
});
afterEach(() => {
  // A failed stop must not leave a server running after the test.
  for (const pid of leftovers.splice(0)) if (alive(pid)) process.kill(pid, 'SIGKILL');
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

interface Started {
  readonly npm: ChildProcess;
  readonly port: number;
  /** The server's own pid, as its lock file names it. */
  readonly serverPid: number;
  output(): string;
}

async function npmStart(): Promise<Started> {
  const port = await freePort();
  const env: Record<string, string | undefined> = {
    ...process.env,
    PORT: String(port),
    SAFEGUARD_DATA_DIR: join(folder, 'db'),
    REMINDER_SWEEP_SECONDS: '1',
  };
  for (const name of ['DATABASE_URL', 'MICROSOFT_APP_ID', 'MICROSOFT_APP_PASSWORD']) delete env[name];
  // detached: a process group of its own, led by npm, as a supervisor or a terminal would start it.
  const npm = spawn('npm', ['start'], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  npm.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  npm.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await waitUntil(
    async () => (await healthy(port)) || npm.exitCode !== null,
    90_000,
    () => `npm start did not answer /healthz:\n${output}`,
  );
  const lock = JSON.parse(readFileSync(join(folder, 'db', LOCK_FILE_NAME), 'utf8')) as { pid: number };
  leftovers.push(lock.pid, npm.pid as number);
  return { npm, port, serverPid: lock.pid, output: () => output };
}

async function healthy(port: number): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(1000) })).ok;
  } catch {
    return false;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function expectStopped(started: Started): Promise<void> {
  const lock = join(folder, 'db', LOCK_FILE_NAME);
  await waitUntil(
    async () => !(await healthy(started.port)) && !existsSync(lock) && !alive(started.serverPid),
    STOPS_WITHIN_MS,
    () =>
      `still running: port ${started.port} answers=${String(alive(started.serverPid))}, lock=${String(existsSync(lock))}\n${started.output()}`,
  );
  expect(started.output()).toMatch(
    /safeguard: (SIGTERM received|the process that started it has ended), shutting down/,
  );
}

test('SIGTERM to the process group (a supervisor, or Ctrl+C in a terminal) stops the server, closes the port and releases the lock', async () => {
  const started = await npmStart();
  process.kill(-(started.npm.pid as number), 'SIGTERM');
  await expectStopped(started);
});

test('SIGTERM to npm alone stops the server too: no process is left holding the port or the lock', async () => {
  const started = await npmStart();
  started.npm.kill('SIGTERM');
  await expectStopped(started);
});

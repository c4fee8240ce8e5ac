/**
 * Start-up of the built server (printing figures, never asserting): time from spawning
 * `node dist/main.js` to the first 200 from /healthz, with a new embedded data folder (initdb and
 * the migrations run in a short-lived child process, src/db/new-data-folder.ts) and with that
 * folder reopened; the server process's resident memory once it answers and after 2 s idle. Goals (issue 12): new folder ≤ 10 s, reopen ≤ 2 s. With DATABASE_URL also
 * against that PostgreSQL server. Builds dist/ first when the sources changed (as `npm start`).
 * Run: npm run bench   (or: tsx bench/startup.ts; BENCH_STARTS=5 for more runs)
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServerDatabase } from './bench-database.js';

const root = join(import.meta.dirname, '..');
const runs = Number(process.env['BENCH_STARTS'] ?? 3);
const line = (label: string, value: string) => console.log(`${label.padEnd(60)} ${value}`);

const ensure = spawnSync(process.execPath, ['build/ensure-built.mjs'], { cwd: root, stdio: 'inherit' });
if (ensure.status !== 0) throw new Error('build failed');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Resident memory of a process from /proc, in MB (Linux). */
function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

interface Start {
  seconds: number;
  rssReady: number;
  rssIdle: number;
}

async function start(env: Record<string, string>): Promise<Start> {
  const port = await freePort();
  const baseEnv = { ...process.env };
  delete baseEnv['DATABASE_URL'];
  const t0 = performance.now();
  const child = spawn(process.execPath, ['dist/main.js'], {
    cwd: root,
    env: { ...baseEnv, ...env, PORT: String(port), HOST: '127.0.0.1', REMINDER_SWEEP_SECONDS: '0' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the server exited: ${stderr}`);
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) break;
      if (performance.now() - t0 > 120_000) throw new Error('no answer within 120 s');
      await new Promise((r) => setTimeout(r, 20));
    }
    const seconds = (performance.now() - t0) / 1000;
    const rssReady = rssMb(child.pid!);
    await new Promise((r) => setTimeout(r, 2000));
    return { seconds, rssReady, rssIdle: rssMb(child.pid!) };
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

function report(label: string, starts: Start[]): void {
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const s = starts.map((x) => x.seconds);
  line(
    `start to first /healthz 200, ${label}`,
    `median ${median(s).toFixed(2)} s (${Math.min(...s).toFixed(2)}–${Math.max(...s).toFixed(2)}, ${starts.length} runs)`,
  );
  line(
    `  RSS of the server process, ${label}`,
    `${median(starts.map((x) => x.rssReady)).toFixed(0)} MB when ready, ${median(starts.map((x) => x.rssIdle)).toFixed(0)} MB after 2 s idle`,
  );
}

console.log(`built server (node dist/main.js), ${runs} runs each; goals: new folder ≤ 10 s, reopen ≤ 2 s`);
const fresh: Start[] = [];
const reopened: Start[] = [];
for (let i = 0; i < runs; i += 1) {
  const folder = mkdtempSync(join(tmpdir(), 'safeguard-bench-start-'));
  try {
    const env = { SAFEGUARD_DATA_DIR: join(folder, 'db') };
    fresh.push(await start(env));
    reopened.push(await start(env));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
report('new embedded data folder', fresh);
report('embedded data folder reopened', reopened);
// On a server, a database of its own (created and dropped here); the first start migrates it.
const serverUrl = process.env['DATABASE_URL'];
if (serverUrl) {
  const own = await createServerDatabase(serverUrl, 'bench_start');
  try {
    const url = own.url;
    const first = await start({ DATABASE_URL: url });
    const starts: Start[] = [];
    for (let i = 0; i < runs; i += 1) starts.push(await start({ DATABASE_URL: url }));
    report('PostgreSQL server, new database (migrating)', [first]);
    report('PostgreSQL server, migrated database', starts);
  } finally {
    await own.drop();
  }
}

/**
 * The Outlook on-send check under load (printing figures, never asserting). Goal (issue 12):
 * p95 ≤ 300 ms with 20 senders, each with a 500-person caseload, on both databases.
 *
 * Starts the built server (`node dist/main.js`, local mode, a new PGlite data folder; with
 * DATABASE_URL also on a database of its own there), registers 500 people for each of 20
 * senders through the REST API, then each sender checks a 100 KB email with an outside
 * recipient (`POST /api/sharing-check`, with a message reference) back to back, as the add-in
 * does on Send. Prints p50 / p95 / max and the checks per second.
 *
 * Run: tsx bench/on-send.ts   BENCH_SEND_CHECKS (25) checks per sender, BENCH_SEND_SENDERS (20),
 *   BENCH_SERVER_ROOT=<checkout> runs another checkout's built server (to compare before/after).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { localToken } from '../src/api/client.js';
import { createServerDatabase } from './bench-database.js';

const root = resolve(process.env['BENCH_SERVER_ROOT'] ?? join(import.meta.dirname, '..'));
const senders = Number(process.env['BENCH_SEND_SENDERS'] ?? 20);
const checksPerSender = Number(process.env['BENCH_SEND_CHECKS'] ?? 25);
const caseload = 500;
const line = (label: string, value: string) => console.log(`${label.padEnd(66)} ${value}`);

const ensure = spawnSync(process.execPath, ['build/ensure-built.mjs'], { cwd: root, stdio: 'inherit' });
if (ensure.status !== 0) throw new Error('build failed');

const paragraph =
  'Spoke to the family about the support plan; call 0161 496 0000 at 10:30 on 01/02/2024. Order 1234567890. NHS 943 476 5919. ';
const bodyText = paragraph.repeat(Math.ceil(100_000 / paragraph.length));

async function freePort(): Promise<number> {
  return new Promise((done) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
}

async function waitForHealth(base: string, child: ChildProcess): Promise<void> {
  for (const started = Date.now(); ;) {
    if (child.exitCode !== null) throw new Error('the server exited during start');
    if (
      await fetch(`${base}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    if (Date.now() - started > 180_000) throw new Error('the server did not answer within 180 s');
    await new Promise((done) => setTimeout(done, 50));
  }
}

async function call(base: string, sender: number, path: string, body: unknown): Promise<number> {
  const token = localToken({ tid: 'local', oid: `bench-sender-${sender}`, name: `Sender ${sender}` });
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  return response.status;
}

async function seed(base: string): Promise<void> {
  await Promise.all(
    Array.from({ length: senders }, async (_, s) => {
      for (let i = 0; i < caseload; i += 1) {
        const status = await call(base, s, '/api/people', {
          caseReference: `BENCH-${s}-${i}`,
          displayName: `Forename${i} Surname${s}x${i}`,
        });
        if (status !== 201) throw new Error(`registering a person answered ${status}`);
      }
    }),
  );
}

async function checks(base: string): Promise<void> {
  const times: number[] = [];
  let failed = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: senders }, async (_, s) => {
      for (let i = 0; i < checksPerSender; i += 1) {
        const message = {
          from: `sender${s}@contoso.example`,
          to: ['alex@housing.example'],
          cc: [],
          bcc: [],
          subject: 'Referral',
          bodyText,
          attachmentNames: ['referral.docx'],
          reference: `bench-${s}-${i}`,
        };
        const t0 = performance.now();
        const status = await call(base, s, '/api/sharing-check', message);
        if (status === 200) times.push(performance.now() - t0);
        else failed += 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  const at = (p: number) => (times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? Number.NaN).toFixed(0);
  line(
    `  ${senders} senders back to back, ${checksPerSender} checks each`,
    `p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms; ${(times.length / seconds).toFixed(0)} checks/s${failed ? `; ${failed} failed` : ''}`,
  );
}

async function run(label: string, env: Record<string, string>): Promise<void> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const baseEnv = { ...process.env };
  delete baseEnv['DATABASE_URL'];
  const server = spawn(process.execPath, ['dist/main.js'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'ignore'],
    env: {
      ...baseEnv,
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      REMINDER_SWEEP_SECONDS: '0',
      SAFEGUARD_WRITES_PER_MINUTE: '0',
    },
  });
  try {
    await waitForHealth(base, server);
    const t0 = performance.now();
    await seed(base);
    line(
      `on-send check, ${label}`,
      `${senders} senders × ${caseload} people registered in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    await checks(base); // first run: every caseload compiled once
    await checks(base);
  } finally {
    const exited = new Promise((done) => server.once('exit', done));
    server.kill('SIGTERM');
    await exited;
  }
}

console.log(`on-send check: server from ${root}, 100 KB body, outside recipient, message reference`);
const folder = mkdtempSync(join(tmpdir(), 'safeguard-bench-send-'));
try {
  await run('embedded PGlite', { SAFEGUARD_DATA_DIR: join(folder, 'db') });
  const serverUrl = process.env['DATABASE_URL'];
  if (serverUrl) {
    const own = await createServerDatabase(serverUrl, 'bench_send');
    try {
      await run('PostgreSQL server', {
        DATABASE_URL: own.url,
      });
    } finally {
      await own.drop();
    }
  }
} finally {
  rmSync(folder, { recursive: true, force: true });
}

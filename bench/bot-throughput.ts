/**
 * Bot throughput against a bare botbuilder echo bot (printing figures, never asserting). Goal
 * (issue 12): the product answers at least 0.8× as many turns a second as the echo bot.
 *
 * Four processes, as in production each bot is alone in its process:
 * - the built server (`node dist/main.js`, local mode, a new PGlite data folder; with
 *   DATABASE_URL also on a database of its own on that server), per-person write limit off;
 * - the echo bot (bench/echo-bot.ts): the same CloudAdapter, replying `echo: <text>`;
 * - a Bot Connector sink (bench/connector-sink.ts) that both bots reply to;
 * - this one, the load generator: N personal conversations (200), closed loop — each sends its
 *   next message (alternately `help` and `my escalations`) as soon as the last is answered — for
 *   a fixed time after a warm-up, against the product and then the echo bot, alternately.
 * It also prints the product's resident memory after start, after the load and at its peak.
 *
 * Run: npm run bench   (or: tsx bench/bot-throughput.ts)
 *   BENCH_BOT_SECONDS (15) measured seconds per run, BENCH_BOT_PAIRS (1) product/echo pairs,
 *   BENCH_BOT_CONVERSATIONS (200), BENCH_CPU_PROF=<folder>: the product writes a CPU profile there.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServerDatabase } from './bench-database.js';

// BENCH_SERVER_ROOT=<checkout> runs another checkout's built server (to compare before/after).
const root = resolve(process.env['BENCH_SERVER_ROOT'] ?? join(import.meta.dirname, '..'));
const seconds = Number(process.env['BENCH_BOT_SECONDS'] ?? 15);
const pairs = Number(process.env['BENCH_BOT_PAIRS'] ?? 1);
const conversations = Number(process.env['BENCH_BOT_CONVERSATIONS'] ?? 200);
const warmUpSeconds = 3;
const cpuProfileDir = process.env['BENCH_CPU_PROF'];
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const line = (label: string, value: string) => console.log(`${label.padEnd(66)} ${value}`);

const ensure = spawnSync(process.execPath, ['build/ensure-built.mjs'], { cwd: root, stdio: 'inherit' });
if (ensure.status !== 0) throw new Error('build failed');

async function freePort(): Promise<number> {
  return new Promise((done) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
}

/** Resident memory now and at its peak, from /proc (Linux), in MB. */
function memoryMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? Number.NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** Starts a process and resolves with it and the first match of `ready` in its output; rejects if it exits first. */
function startProcess(
  args: string[],
  env: NodeJS.ProcessEnv,
  ready: RegExp,
): Promise<{ child: ChildProcess; match: string }> {
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((done, fail) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = ready.exec(output)?.[1];
      if (match) done({ child, match });
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => fail(new Error(`${args.join(' ')} exited (${code}) before it was ready:\n${output}`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  await exited;
}

async function waitForHealth(port: number, child: ChildProcess): Promise<void> {
  for (const started = Date.now(); ;) {
    if (child.exitCode !== null) throw new Error('the server exited during start');
    if (
      await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    if (Date.now() - started > 180_000) throw new Error('the server did not answer within 180 s');
    await new Promise((done) => setTimeout(done, 50));
  }
}

interface Run {
  turnsPerSecond: number;
  p50: number;
  p95: number;
  failed: number;
}

/** Closed loop: each conversation sends its next message as soon as the last is answered. */
async function load(endpoint: string, serviceUrl: string): Promise<Run> {
  const latencies: number[] = [];
  let failed = 0;
  const started = performance.now();
  const measureFrom = started + warmUpSeconds * 1000;
  const measureTo = measureFrom + seconds * 1000;
  const conversation = async (i: number) => {
    const user = {
      id: `29:bench-${i}`,
      aadObjectId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      name: `Bench User ${i}`,
    };
    for (let n = 0; performance.now() < measureTo; n += 1) {
      const body = JSON.stringify({
        type: 'message',
        id: randomUUID(),
        text: n % 2 ? 'my escalations' : 'help',
        serviceUrl,
        channelId: 'msteams',
        from: user,
        conversation: { id: `a:bench-${i}`, conversationType: 'personal', tenantId: TENANT },
        recipient: { id: '28:bot' },
        channelData: { tenant: { id: TENANT } },
      });
      const sent = performance.now();
      const ok = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then(
        async (res) => {
          await res.arrayBuffer();
          return res.status === 200;
        },
        () => false,
      );
      const answered = performance.now();
      if (answered < measureFrom || answered > measureTo) continue;
      if (ok) latencies.push(answered - sent);
      else failed += 1;
    }
  };
  await Promise.all(Array.from({ length: conversations }, (_, i) => conversation(i)));
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? Number.NaN;
  return { turnsPerSecond: latencies.length / seconds, p50: at(0.5), p95: at(0.95), failed };
}

const describeRun = (r: Run) =>
  `${r.turnsPerSecond.toFixed(0)} turns/s (p50 ${r.p50.toFixed(0)} ms, p95 ${r.p95.toFixed(0)} ms${r.failed ? `, ${r.failed} failed` : ''})`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

async function compare(label: string, productEnv: Record<string, string>, serviceUrl: string): Promise<void> {
  const productPort = await freePort();
  const baseEnv = { ...process.env };
  delete baseEnv['DATABASE_URL'];
  const profiling = cpuProfileDir ? [`--cpu-prof`, `--cpu-prof-dir=${resolve(cpuProfileDir)}`] : [];
  const product = spawn(process.execPath, [...profiling, 'dist/main.js'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      ...baseEnv,
      ...productEnv,
      PORT: String(productPort),
      HOST: '127.0.0.1',
      REMINDER_SWEEP_SECONDS: '0',
      SAFEGUARD_WRITES_PER_MINUTE: '0',
    },
  });
  let productErrors = '';
  product.stderr?.on('data', (chunk: Buffer) => (productErrors += chunk.toString()));
  product.once('exit', (code) => {
    if (code !== 0 && code !== null) console.error(`the server exited (${code}):\n${productErrors}`);
  });
  const { child: echo, match: echoPort } = await startProcess(
    ['--import', 'tsx', 'bench/echo-bot.ts'],
    { ...baseEnv, PORT: '0' },
    /listening (\d+)/,
  );
  try {
    await waitForHealth(productPort, product);
    const started = memoryMb(product.pid!);
    const ratios: number[] = [];
    for (let pair = 0; pair < pairs; pair += 1) {
      const p = await load(`http://127.0.0.1:${productPort}/api/messages`, serviceUrl);
      const e = await load(`http://127.0.0.1:${echoPort}/api/messages`, serviceUrl);
      line(`${label}, product`, describeRun(p));
      line(`${label}, echo bot`, describeRun(e));
      ratios.push(p.turnsPerSecond / e.turnsPerSecond);
    }
    line(
      `${label}: product ÷ echo (goal ≥ 0.8)`,
      `${median(ratios).toFixed(2)}×${ratios.length > 1 ? ` (${ratios.map((r) => r.toFixed(2)).join(', ')})` : ''}`,
    );
    await new Promise((done) => setTimeout(done, 2000));
    const after = memoryMb(product.pid!);
    line(
      `${label}: product RSS after start / after load / peak`,
      `${started.rss.toFixed(0)} / ${after.rss.toFixed(0)} / ${after.peak.toFixed(0)} MB`,
    );
  } finally {
    await stop(echo);
    await stop(product);
  }
}

console.log(
  `bot throughput: ${conversations} conversations, closed loop, ${seconds} s measured after ${warmUpSeconds} s warm-up, ${pairs} product/echo pair(s)`,
);
const sinkScript = `const { startConnectorSink } = await import(${JSON.stringify(join(root, 'bench/connector-sink.ts'))});
  const sink = await startConnectorSink(); console.log('sink ' + sink.url); process.on('SIGTERM', () => sink.close().then(() => process.exit(0)));`;
const { child: sink, match: sinkUrl } = await startProcess(
  ['--import', 'tsx', '--input-type=module', '-e', sinkScript],
  process.env,
  /sink (\S+)/,
);
const folder = mkdtempSync(join(tmpdir(), 'safeguard-bench-bot-'));
try {
  await compare('embedded PGlite', { SAFEGUARD_DATA_DIR: join(folder, 'db') }, sinkUrl);
  const serverUrl = process.env['DATABASE_URL'];
  if (serverUrl) {
    const own = await createServerDatabase(serverUrl, 'bench_bot');
    try {
      await compare('PostgreSQL server', { DATABASE_URL: own.url }, sinkUrl);
    } finally {
      await own.drop();
    }
  }
} finally {
  await stop(sink);
  rmSync(folder, { recursive: true, force: true });
}

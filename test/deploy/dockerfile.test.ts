/**
 * The container image, without Docker (no daemon or registry here): the Dockerfile's own steps
 * run in a temporary copy of the repository — the build stage's `npm ci` and `npm run build`,
 * the production install (`npm ci --omit=dev`), then the runtime stage with only what it copies
 * — and the server is started exactly as the image's CMD starts it. The steps are read from the
 * Dockerfile (test/deploy/dockerfile-steps.ts), so this follows the file, not a copy of it.
 * `npm ci` installs from the local npm cache (--prefer-offline): about a minute or two.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDockerfile, runStages, stagesOf, type Stage } from './dockerfile-steps.js';

const repo = process.cwd();
const work = mkdtempSync(join(tmpdir(), 'safeguard-image-'));
let runtime: { stage: Stage; dir: string };
let server: ChildProcess | undefined;
let base = '';
let serverLog = '';
let dataDir = '';

/** The container's environment, on loopback: without MICROSOFT_APP_ID (local mode) the server and CLI refuse HOST 0.0.0.0. */
const containerEnv = (): NodeJS.ProcessEnv => ({
  ...hostEnv(),
  ...runtime.stage.env,
  HOST: '127.0.0.1',
  SAFEGUARD_DATA_DIR: dataDir,
});

/** The environment of the machine building the image, less what a test run adds. */
function hostEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env))
    if (
      key.startsWith('npm_') ||
      key.startsWith('JEST') ||
      key === 'NODE_OPTIONS' ||
      key === 'NODE_EXTRA_CA_CERTS' ||
      key === 'DATABASE_URL'
    )
      delete env[key];
  return env;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function waitFor(url: string, ms: number): Promise<Response> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      const response = await fetch(url);
      if (response.status === 200) return response;
    } catch {
      // not listening yet
    }
    if (server?.exitCode !== null && server?.exitCode !== undefined)
      throw new Error(`the server exited (${server.exitCode}):\n${serverLog}`);
    if (Date.now() > until) throw new Error(`no 200 from ${url} within ${ms} ms:\n${serverLog}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  const stages = stagesOf(parseDockerfile(readFileSync(join(repo, 'Dockerfile'), 'utf8')));
  const built = runStages(stages, {
    context: repo,
    workRoot: work,
    env: hostEnv(),
    // The one change: install from this machine's npm cache rather than the registry.
    rewriteRun: (command) => command.replace(/\bnpm ci\b/g, 'npm ci --prefer-offline'),
  });
  runtime = [...built.values()].at(-1)!;
  const port = await freePort();
  dataDir = join(work, 'data', 'db');
  const [command, ...args] = runtime.stage.cmd!;
  // As the image runs it, with a fresh embedded data folder.
  server = spawn(command === 'node' ? process.execPath : command!, args, {
    cwd: runtime.dir,
    env: { ...containerEnv(), PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout!.on('data', (chunk: Buffer) => (serverLog += chunk.toString()));
  server.stderr!.on('data', (chunk: Buffer) => (serverLog += chunk.toString()));
  base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/healthz`, 180_000);
}, 900_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server!.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  rmSync(work, { recursive: true, force: true });
});

test('the image runs as a non-root user, exposes 3978 and checks /healthz', () => {
  expect(runtime.stage.user).toBeDefined();
  expect(['root', '0']).not.toContain(runtime.stage.user);
  expect(runtime.stage.expose).toContain('3978');
  expect(runtime.stage.healthcheck?.join(' ')).toContain('/healthz');
});

test('the image holds the built JavaScript and production dependencies only', () => {
  expect(existsSync(join(runtime.dir, 'dist', 'main.js'))).toBe(true);
  expect(existsSync(join(runtime.dir, 'dist', 'cli', 'main.js'))).toBe(true);
  expect(existsSync(join(runtime.dir, 'src'))).toBe(false);
  for (const devOnly of ['esbuild', 'tsx', 'typescript', 'jest'])
    expect(existsSync(join(runtime.dir, 'node_modules', devOnly))).toBe(false);
});

test('the server started as the image starts it is ready and serves the add-in, the tab and the legal pages', async () => {
  expect((await waitFor(`${base}/readyz`, 30_000)).status).toBe(200);
  for (const path of ['/addin/taskpane.html', '/tab/', '/privacy', '/terms']) {
    const response = await fetch(`${base}${path}`);
    expect({ path, status: response.status, type: response.headers.get('content-type') }).toEqual({
      path,
      status: 200,
      type: 'text/html; charset=utf-8',
    });
  }
  const onSend = await (await fetch(`${base}/addin/on-send.js`)).text();
  expect(onSend.startsWith(`var __SAFEGUARD_SERVER__ = "http://localhost:${new URL(base).port}"`)).toBe(true);
});

test("the image's HEALTHCHECK passes against the running server", () => {
  const [command, ...args] = runtime.stage.healthcheck!;
  expect(() =>
    execFileSync(command === 'node' ? process.execPath : command!, args, {
      cwd: runtime.dir,
      env: { ...containerEnv(), PORT: new URL(base).port },
      timeout: 10_000,
    }),
  ).not.toThrow();
});

test('`npx safeguard` in the image runs the built CLI (no tsx there)', () => {
  const out = execFileSync('npx', ['--offline', 'safeguard', 'packs', 'list'], {
    cwd: runtime.dir,
    env: containerEnv(),
    timeout: 60_000,
  }).toString();
  expect(out).toContain('tameside');
});

test('SIGTERM reaches the server, which stops cleanly', async () => {
  const exited = new Promise<number | null>((resolve) => server!.once('exit', (code) => resolve(code)));
  server!.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(serverLog).toContain('SIGTERM received');
});

/**
 * A database that ends the server's connections — a failover, a restart for maintenance, an
 * administrator's pg_terminate_backend — fails the requests under way with 503 and a message,
 * never the process; the pool reconnects and the next request succeeds.
 *
 * On a PostgreSQL server this is pg_terminate_backend, under load and while idle, against the
 * real server process. PGlite runs inside the server process: there is no connection to lose. Its
 * equivalent is the engine stopping underneath the server (here: closed behind its back). Then the
 * requests answer 503 with the same message and the process keeps running, but nothing can
 * reopen the engine short of a restart: /readyz says so until then.
 */
import type { AddressInfo } from 'node:net';
import { jest } from '@jest/globals';
import { sql } from 'kysely';
import { embeddedEngine } from '../../src/db/database.js';
import { startProduct, type RunningProduct } from '../../src/main.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { apiCall, READ_PATH, runClients, type Answer } from '../helpers/api-load.js';
import { UNPACED } from '../helpers/bot-harness.js';

jest.setTimeout(120_000);

const onServer = process.env['DATABASE_URL'] !== undefined;
if (!onServer) console.info('connection-lost: the PostgreSQL server cases are skipped; set DATABASE_URL to run them.');

/** Every answer is a success or a 503 that says what happened, never a 500. */
function expectOnlySuccessOr503(answers: readonly Answer[]): void {
  const unexpected = answers.filter((a) => ![200, 201, 503].includes(a.status));
  expect(unexpected).toEqual([]);
  for (const a of answers.filter((x) => x.status === 503)) {
    expect(a.body).toMatchObject({
      error: 'DATABASE.UNAVAILABLE',
      message: expect.stringMatching(/^The database (is not answering|stopped answering)/),
    });
  }
}

(onServer ? describe : describe.skip)('PostgreSQL server: connections terminated (needs DATABASE_URL)', () => {
  let database: TestDatabase<unknown>;
  let server: ServerProcess | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
    // Twelve clients as one person: this is about the database, not pacing (the most config.ts allows).
    server = await startServerProcess({
      DATABASE_URL: database.url as string,
      SAFEGUARD_WRITES_PER_MINUTE: '100000',
      SAFEGUARD_WRITE_BURST: '100000',
    });
  });
  afterAll(async () => {
    server?.child.kill('SIGKILL');
    await server?.exited;
    await database.destroy();
  });

  const terminateOthers = async (): Promise<number> => {
    const { rows } = await sql<{
      ended: boolean;
    }>`SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`.execute(
      database.db,
    );
    return rows.filter((r) => r.ended).length;
  };

  test('while 12 clients call the API: requests fail with 503 or succeed, the process lives, the next request succeeds', async () => {
    const s = server as ServerProcess;
    let terminated = 0;
    let lastAt = 0;
    const answers = await runClients(s.base, 12, async (elapsedMs, sofar) => {
      // Three rounds of terminations, 300 ms apart, once the load is under way.
      if (sofar.length >= 24 && terminated < 3 && elapsedMs > lastAt + 300) {
        terminated += (await terminateOthers()) > 0 ? 1 : 0;
        lastAt = elapsedMs;
      }
      return s.running() && elapsedMs < 20_000 && (terminated < 3 || elapsedMs < lastAt + 1500);
    });
    expect(s.running()).toBe(true);
    expect(terminated).toBe(3);
    expectOnlySuccessOr503(answers);
    expect((await apiCall(s.base, 'GET', READ_PATH)).status).toBe(200);
    expect(
      (await apiCall(s.base, 'POST', '/api/people', { caseReference: 'AFTER-1', displayName: 'Pat Example' })).status,
    ).toBe(201);
    expect((await fetch(`${s.base}/readyz`)).status).toBe(200);
  });

  test('while idle: the loss is logged by its code only and the next request succeeds', async () => {
    const s = server as ServerProcess;
    expect((await apiCall(s.base, 'GET', READ_PATH)).status).toBe(200);
    expect(await terminateOthers()).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(s.running()).toBe(true);
    expect(s.output()).toContain('safeguard: database connection lost (57P01)');
    expect((await apiCall(s.base, 'GET', READ_PATH)).status).toBe(200);
  });
});

// On the server run (DATABASE_URL set) this case has already run in the PGlite run.
(onServer ? describe.skip : describe)('PGlite: the embedded engine stops underneath the server', () => {
  let app: TestApp;
  let product: RunningProduct;
  let base: string;
  beforeAll(async () => {
    app = await createTestApp();
    await app.tenant('local', 'tameside');
    product = startProduct(
      { deps: app.deps, packs: app.packs, database: app.database, close: async () => undefined },
      {
        reminderSweepSeconds: 0,
        writeLimit: UNPACED,
        teams: {
          localPackId: 'tameside',
          localTenantId: 'local',
          publicUrl: 'http://127.0.0.1',
          graphBaseUrl: 'https://graph.microsoft.com',
          authorityHost: 'https://login.microsoftonline.com',
        },
      },
    );
    await new Promise<void>((resolve) => product.server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(product.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await product.close();
    await app.destroy();
  });

  test('requests under way and after answer 503 with a message, liveness stays up, readiness says the database is not answering', async () => {
    let stoppedAt: number | undefined;
    const answers = await runClients(base, 12, async (elapsedMs, sofar) => {
      if (stoppedAt === undefined && sofar.length >= 24) {
        stoppedAt = elapsedMs;
        await embeddedEngine(app.database)?.close();
      }
      return stoppedAt === undefined || elapsedMs < stoppedAt + 1000;
    });
    expect(answers.some((a) => a.status === 200 || a.status === 201)).toBe(true);
    expect(answers.some((a) => a.status === 503)).toBe(true);
    expectOnlySuccessOr503(answers);
    expect((await apiCall(base, 'GET', READ_PATH)).status).toBe(503);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ database: 'embedded', message: 'The database is not answering.' });
  });
});

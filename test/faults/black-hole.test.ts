/**
 * A database that stops answering without closing anything (a silent network partition: a TCP
 * proxy that keeps every socket open and passes nothing). Requests answer 503 within the
 * configured timeouts, /readyz says the database is not answering within its own short timeout,
 * /healthz stays up; once the network passes new connections again the server recovers without a
 * restart, because the silenced connections were thrown away, not reused; and SIGTERM still ends
 * the process within its shutdown bound.
 *
 * PostgreSQL server only: PGlite runs inside the server process and has no network to lose.
 */
import { jest } from '@jest/globals';
import { startBlackHoleProxy, type BlackHoleProxy } from '../helpers/black-hole-proxy.js';
import { apiCall, READ_PATH } from '../helpers/api-load.js';
import { startServerProcess, waitUntil, type ServerProcess } from '../helpers/server-process.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

jest.setTimeout(120_000);

const onServer = process.env['DATABASE_URL'] !== undefined;
if (!onServer) console.info('black-hole: skipped; it needs a PostgreSQL server (set DATABASE_URL).');

/** Short bounds so the test is quick; the defaults are a few seconds each (src/config.ts). */
const TIMEOUTS = {
  DATABASE_CONNECT_TIMEOUT_SECONDS: '1',
  DATABASE_STATEMENT_TIMEOUT_SECONDS: '1',
  READINESS_TIMEOUT_SECONDS: '0.5',
  SHUTDOWN_TIMEOUT_SECONDS: '3',
};
/** Generous: a statement timeout plus the client's extra second, twice (a request may wait for a connection first), plus a slow machine. */
const ANSWER_WITHIN_MS = 10_000;

(onServer ? describe : describe.skip)('PostgreSQL server behind a black-holing network (needs DATABASE_URL)', () => {
  let database: TestDatabase<unknown>;
  let proxy: BlackHoleProxy;
  let server: ServerProcess | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
    const url = new URL(database.url as string);
    proxy = await startBlackHoleProxy({ host: url.hostname, port: Number(url.port || 5432) });
    url.host = proxy.address;
    server = await startServerProcess({ DATABASE_URL: url.toString(), ...TIMEOUTS });
  });
  afterAll(async () => {
    server?.child.kill('SIGKILL');
    await server?.exited;
    await proxy.close();
    await database.destroy();
  });

  const calls = (base: string, n: number) =>
    Promise.all(
      Array.from({ length: n }, (_, i) =>
        i % 2 === 0
          ? apiCall(base, 'GET', READ_PATH)
          : apiCall(base, 'POST', '/api/people', {
              caseReference: `HOLE-${Date.now()}-${i}`,
              displayName: 'Pat Example',
            }),
      ),
    );

  test('requests answer 503 in bounded time, readiness says why, liveness stays up, and it recovers without a restart', async () => {
    const s = server as ServerProcess;
    expect((await calls(s.base, 12)).map((a) => a.status).sort()).toEqual([
      ...Array(6).fill(200),
      ...Array(6).fill(201),
    ]);

    proxy.blackHole();
    const during = await calls(s.base, 12);
    expect(during.map((a) => a.status)).toEqual(Array(12).fill(503));
    expect(Math.max(...during.map((a) => a.ms))).toBeLessThan(ANSWER_WITHIN_MS);
    expect(during[0]?.body).toMatchObject({
      error: 'DATABASE.UNAVAILABLE',
      message: expect.stringContaining('The database'),
    });
    const ready = await fetch(`${s.base}/readyz`, { signal: AbortSignal.timeout(ANSWER_WITHIN_MS) });
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ message: 'The database is not answering.' });
    expect((await fetch(`${s.base}/healthz`)).status).toBe(200);
    expect(proxy.silenced).toBeGreaterThan(0);

    proxy.restore(); // new connections pass; the silenced ones stay dead
    await waitUntil(
      async () => (await apiCall(s.base, 'GET', READ_PATH)).status === 200,
      15_000,
      () => 'no request succeeded after the network came back',
    );
    // More at once than the pool holds: a dead connection reused would hang one of them into a 503.
    const after = await calls(s.base, 12);
    expect(after.map((a) => a.status).sort()).toEqual([...Array(6).fill(200), ...Array(6).fill(201)]);
    expect((await fetch(`${s.base}/readyz`)).status).toBe(200);
    expect(s.running()).toBe(true);
  });

  test('SIGTERM with the database black-holed and requests waiting on it still ends the process in bounded time', async () => {
    const s = server as ServerProcess;
    proxy.blackHole();
    const waiting = calls(s.base, 6);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = Date.now();
    s.child.kill('SIGTERM');
    await s.exited;
    expect(Date.now() - started).toBeLessThan(ANSWER_WITHIN_MS);
    await waiting;
    expect(s.output()).toContain('SIGTERM received, shutting down');
  });
});

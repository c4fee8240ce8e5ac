import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { postgresOutboxLag } from '../../../src/db/postgres-outbox-lag.js';
import { createHttpServer } from '../../../src/server/http-server.js';
import { createTestApp, type TestApp } from '../../helpers/test-app.js';

let app: TestApp;
let base: string;
let close: () => Promise<void>;

beforeAll(async () => {
  app = await createTestApp();
  const server = createHttpServer({ packs: app.packs, database: app.database });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise((resolve) => server.close(() => resolve()));
});
afterAll(async () => {
  await close();
  await app.destroy();
});

test('health and readiness answer, readiness only while the database does', async () => {
  expect((await fetch(`${base}/healthz`)).status).toBe(200);
  const ready = await fetch(`${base}/readyz`);
  expect(ready.status).toBe(200);
});

test('the packs in use are listed by organisation', async () => {
  const packs = (await (await fetch(`${base}/api/packs`)).json()) as { id: string; organisation: string }[];
  expect(packs.map((p) => p.id).sort()).toEqual(['county-durham', 'seap', 'speak-out', 'stockport', 'tameside']);
});

test('unknown routes and methods get a clear 4xx, not a crash', async () => {
  expect((await fetch(`${base}/nope`)).status).toBe(404);
  const post = await fetch(`${base}/api/packs`, { method: 'POST', body: '{' });
  expect(post.status).toBe(405);
  expect(await post.json()).toMatchObject({ error: 'METHOD_NOT_ALLOWED' });
  expect((await fetch(`${base}/healthz`)).status).toBe(200);
});

test('readiness reports the outbox lag: reminders past due and how long the oldest has waited', async () => {
  const caller = await app.tenant('lag-org', 'tameside');
  const lagging = createHttpServer({
    packs: app.packs,
    database: app.database,
    outboxLag: () => postgresOutboxLag(app.database.db)(app.clock.now()),
  });
  await new Promise<void>((resolve) => lagging.listen(0, '127.0.0.1', resolve));
  const readyz = `http://127.0.0.1:${(lagging.address() as AddressInfo).port}/readyz`;
  try {
    expect(await (await fetch(readyz)).json()).toMatchObject({ outbox: { due: 0, oldestDueSeconds: 0 } });
    const plan = (key: string, dueAt: string) => ({
      key,
      kind: 'action-overdue' as const,
      dueAt,
      stage: 0,
      audienceRoles: [],
    });
    await app.deps.store.planReminders(
      caller.tenantId,
      { kind: 'agreed-action', id: randomUUID() },
      [plan('a', '2026-11-25T09:00:00Z'), plan('b', '2026-11-25T09:30:00Z'), plan('c', '2026-11-26T09:00:00Z')],
      randomUUID,
      '2026-11-24T10:00:00Z',
    );
    const ready = await fetch(readyz);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ outbox: { due: 2, oldestDueSeconds: 3600 } });
  } finally {
    await new Promise((resolve) => lagging.close(resolve));
  }
});

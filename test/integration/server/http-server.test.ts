import type { AddressInfo } from 'node:net';
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

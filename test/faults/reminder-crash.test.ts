/**
 * kill -9 of the server while it delivers reminders through a slow Bot Connector (each send is
 * answered 300 ms after Teams has it). The restarted server must lose no reminder, repeat at most
 * the one message that was in flight (every recipient reached is recorded before the next send),
 * and start resending within seconds (short leases renewed while the sweeper works), not after
 * the two minutes the old lease took. Each reminder goes to two people (the raiser's line manager
 * and the raiser, Stockport stage 1), so the kill lands between the two sends of some reminder.
 *
 * The real server runs as a child process, on PGlite (a data folder in a temp dir; the lock the
 * killed process leaves is taken over) and, with DATABASE_URL, on the PostgreSQL server.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import type { Kysely } from 'kysely';
import { raiseEscalation } from '../../src/app/escalations.js';
import { registerPerson } from '../../src/app/people-and-consent.js';
import { buildDeps } from '../../src/composition.js';
import { openDatabase } from '../../src/db/database.js';
import type { Database } from '../../src/db/schema.js';
import { DEFAULT_LEASE_MS } from '../../src/app/reminder-sweep.js';
import { loadPacks } from '../../src/packs/pack-registry.js';
import { startFakeBotConnector, type FakeBotConnector } from '../helpers/fake-bot-connector.js';
import { killHard, startServerProcess, waitUntil, type ServerProcess } from '../helpers/server-process.js';
import { createEmbeddedFolder, createTestDatabase } from '../helpers/test-database.js';

jest.setTimeout(240_000);

const onServer = process.env['DATABASE_URL'] !== undefined;
const TENANT = 'crash-org';
const ESCALATIONS = 6;
/** Lease, one sweep interval, and slack for a loaded machine; the lease used to be 120 s. */
const RESENDS_WITHIN_MS = DEFAULT_LEASE_MS + 6_000;

/** Escalations raised in June, so every reminder they planned is long due; each goes to manager and raiser. */
async function seed(db: Kysely<Database>, connectorUrl: string): Promise<void> {
  const deps = buildDeps(db, await loadPacks({}), { now: () => new Date('2026-06-01T10:00:00Z') });
  const at = '2026-06-01T10:00:00Z';
  await deps.store.createTenant({ id: TENANT, name: 'Crash test organisation', packId: 'stockport', emailDomains: [] });
  for (let i = 0; i < ESCALATIONS; i += 1) {
    const raiser = { tenantId: TENANT, userId: randomUUID(), name: `Practitioner ${i}` };
    const manager = randomUUID();
    await deps.store.upsertDirectoryUser({ tenantId: TENANT, userId: manager, displayName: `Manager ${i}` }, at);
    await deps.store.upsertDirectoryUser({ tenantId: TENANT, userId: raiser.userId, displayName: raiser.name, managerUserId: manager }, at);
    for (const userId of [raiser.userId, manager]) {
      await deps.store.saveConversationReference(TENANT, userId, { serviceUrl: connectorUrl, channelId: 'msteams', conversation: { id: `a:${userId}`, tenantId: TENANT }, user: { id: `29:${userId}` }, bot: { id: '28:bot' } }, at);
    }
    const person = await registerPerson(deps, raiser, { caseReference: `CRASH-${i}`, displayName: 'Pat Example' });
    await raiseEscalation(deps, raiser, {
      personId: person.id, raiserRole: 'Social worker', raiserAgency: 'Adult Social Care',
      otherAgency: { name: 'Stockport Homes', contact: { name: 'Alex Other', role: 'Housing officer', agency: 'Stockport Homes' } }, natures: ['not-sharing-information'],
      natureDetails: 'Repairs not made', outcomeSought: 'Repairs within a week', riskLevel: 'standard', adultView: { kind: 'given', view: 'Wants the repairs done', by: 'adult' },
    });
  }
}

interface Recorded {
  readonly statuses: string[];
  /** Activity ids the reminders record as delivered, and how many recipients each reminder has. */
  readonly refs: string[];
  readonly recipientsPerReminder: number[];
}

async function recorded(db: Kysely<Database>): Promise<Recorded> {
  const rows = await db.selectFrom('reminders').select(['status', 'delivery_ref']).where('tenant_id', '=', TENANT).execute();
  const deliveries = rows.map((r) => JSON.parse(r.delivery_ref ?? '[]') as { ref: string }[]);
  return { statuses: rows.map((r) => r.status), refs: deliveries.flat().map((d) => d.ref), recipientsPerReminder: deliveries.map((d) => d.length) };
}

interface Target {
  readonly env: Record<string, string>;
  /** The database, opened by the test only while no server holds it (PGlite allows one process). */
  withDatabase<T>(work: (db: Kysely<Database>) => Promise<T>): Promise<T>;
  cleanUp(): Promise<void>;
}

async function crashDuringDelivery(target: Target, connector: FakeBotConnector): Promise<void> {
  const env = { ...target.env, REMINDER_SWEEP_SECONDS: '1' };
  const due = await target.withDatabase(async (db) => (await recorded(db)).statuses.length);
  expect(due).toBeGreaterThanOrEqual(ESCALATIONS);

  let server: ServerProcess = await startServerProcess(env);
  // Kill while the sixth message is in flight (Teams has it, the server has not heard back); by
  // then some reminder has reached one of its two people and not the other.
  await waitUntil(() => connector.activities.length >= 6, 60_000, () => `only ${connector.activities.length} sends`);
  await killHard(server);
  const atKill = connector.activities.length;

  server = await startServerProcess(env);
  const restarted = Date.now();
  await waitUntil(() => connector.activities.length > atKill, RESENDS_WITHIN_MS, () => 'nothing was sent after the restart');
  const firstResendMs = Date.now() - restarted;
  // Every reminder has its own two people: done when each of them has had a card.
  const reached = () => new Set(connector.activities.map((a) => a.conversationId)).size;
  await waitUntil(() => reached() >= 2 * due, 120_000, () => `${reached()} people of ${2 * due} reached`);
  // A graceful stop lets the sweep finish the reminder in hand (its last send is still in flight).
  server.child.kill('SIGTERM');
  await server.exited;

  const state = await target.withDatabase(recorded);
  expect(state.statuses.every((s) => s === 'sent')).toBe(true); // none lost
  expect(state.recipientsPerReminder.every((n) => n === 2)).toBe(true); // manager and raiser each reached
  const sent = connector.activities.map((a) => a.id);
  expect(state.refs.every((ref) => sent.includes(ref))).toBe(true);
  const repeated = sent.length - state.refs.length;
  expect(repeated).toBeLessThanOrEqual(1); // at most one duplicate per crash
  expect(firstResendMs).toBeLessThan(RESENDS_WITHIN_MS);
}

let connector: FakeBotConnector;
beforeEach(async () => {
  connector = await startFakeBotConnector({ answerAfterMs: 300 });
});
afterEach(() => connector.close());

(onServer ? test.skip : test)('PGlite: kill -9 mid-delivery loses no reminder, repeats at most one message, resends within seconds', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'safeguard-crash-'));
  const dataDir = join(folder, 'db');
  const target: Target = {
    env: { SAFEGUARD_DATA_DIR: dataDir },
    async withDatabase(work) {
      const handle = await openDatabase<Database>({ kind: 'embedded', dataDir });
      try {
        return await work(handle.db);
      } finally {
        await handle.close();
      }
    },
    cleanUp: async () => rmSync(folder, { recursive: true, force: true }),
  };
  try {
    await createEmbeddedFolder(dataDir);
    await target.withDatabase((db) => seed(db, connector.url));
    await crashDuringDelivery(target, connector);
  } finally {
    await target.cleanUp();
  }
});

(onServer ? test : test.skip)('PostgreSQL server: kill -9 mid-delivery loses no reminder, repeats at most one message, resends within seconds', async () => {
  const database = await createTestDatabase<Database>();
  try {
    await seed(database.db, connector.url);
    await crashDuringDelivery({ env: { DATABASE_URL: database.url as string }, withDatabase: (work) => work(database.db), cleanUp: async () => undefined }, connector);
  } finally {
    await database.destroy();
  }
});

/**
 * kill -9 of the server between the save and the delivery, while it delivers the outbox through a
 * slow Bot Connector (each send is answered 300 ms after Teams has it). Every kind is in the
 * outbox: deadline reminders (the same-day risk response, to the raiser's line manager and the
 * raiser, Stockport stage 1 — two people, so the kill lands between the two sends of some item),
 * the stage owner's notice, the Board's copy of the Record of Escalation, the raiser's de-brief
 * prompt and reports to a line manager. The restarted server must lose none, repeat at most the
 * one message that was in flight (every recipient reached is recorded before the next send), and
 * start resending within seconds (short leases renewed while the sweeper works).
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
import { actOnEscalation, raiseEscalation } from '../../src/app/escalations/escalations.js';
import { reportToLineManager } from '../../src/app/reports/line-manager-reports.js';
import { storeManagerDirectory } from '../../src/app/directory/store-manager-directory.js';
import { registerPerson } from '../../src/app/people/people-and-consent.js';
import { buildDeps } from '../../src/composition.js';
import { openDatabase } from '../../src/db/database.js';
import type { Database } from '../../src/db/schema.js';
import { DEFAULT_LEASE_MS } from '../../src/app/outbox/reminder-sweep.js';
import { loadPacks } from '../../src/packs/pack-registry.js';
import { startFakeBotConnector, type FakeBotConnector } from '../helpers/fake-bot-connector.js';
import { killHard, startServerProcess, waitUntil, type ServerProcess } from '../helpers/server-process.js';
import { createEmbeddedFolder, createTestDatabase } from '../helpers/test-database.js';
import { isoDate } from '../../src/domain/shared/time.js';

jest.setTimeout(240_000);

const onServer = process.env['DATABASE_URL'] !== undefined;
const TENANT = 'crash-org';
const ESCALATIONS = 6;
/** People each outbox item reaches: the risk reminder goes to manager and raiser; every notice to one person. */
const RECIPIENTS: Record<string, number> = {
  'risk-response-due': 2,
  'stage-owner': 1,
  'notice-to-board': 1,
  'record-to-board': 1,
  'debrief-prompt': 1,
  'line-manager-report': 1,
  // The quarter's report to the LSAB Business Manager, produced when the server starts (Stockport s.5,
  // seed 004_0dc7e94071fd648b.txt): one a quarter, whatever the escalations.
  'board-report': 1,
};
/** Odd escalations are resolved before the server starts: their risk reminder and stage-owner notice lapse. */
const EXPECTED_DELIVERIES = (ESCALATIONS / 2) * (2 + 1) + (ESCALATIONS / 2) * (1 + 1) + ESCALATIONS + ESCALATIONS + 1; // + each raise's copy to the LSAB Business Manager (s.5), + the quarter's report
/** Lease, one sweep interval, and slack for a loaded machine; the lease used to be 120 s. */
const RESENDS_WITHIN_MS = DEFAULT_LEASE_MS + 6_000;

/**
 * Escalations raised in June, so every reminder they planned is long due; half resolved by the
 * manager (the Board's copy, the de-brief prompt); each practitioner also reports to their manager.
 */
async function seed(db: Kysely<Database>, connectorUrl: string): Promise<void> {
  const deps = buildDeps(db, await loadPacks({}), { now: () => new Date('2026-06-01T10:00:00Z') });
  const at = '2026-06-01T10:00:00Z';
  await deps.store.createTenant({ id: TENANT, name: 'Crash test organisation', packId: 'stockport', emailDomains: [] });
  const businessManager = randomUUID();
  await deps.store.assignRole(TENANT, 'lsab-business-manager', businessManager, at);
  await deps.store.saveConversationReference(
    TENANT,
    businessManager,
    {
      serviceUrl: connectorUrl,
      channelId: 'msteams',
      conversation: { id: `a:${businessManager}`, tenantId: TENANT },
      user: { id: `29:${businessManager}` },
      bot: { id: '28:bot' },
    },
    at,
  );
  for (let i = 0; i < ESCALATIONS; i += 1) {
    const raiser = { tenantId: TENANT, userId: randomUUID(), name: `Practitioner ${i}` };
    const manager = randomUUID();
    await deps.store.upsertDirectoryUser({ tenantId: TENANT, userId: manager, displayName: `Manager ${i}` }, at);
    await deps.store.upsertDirectoryUser(
      { tenantId: TENANT, userId: raiser.userId, displayName: raiser.name, managerUserId: manager },
      at,
    );
    for (const userId of [raiser.userId, manager]) {
      await deps.store.saveConversationReference(
        TENANT,
        userId,
        {
          serviceUrl: connectorUrl,
          channelId: 'msteams',
          conversation: { id: `a:${userId}`, tenantId: TENANT },
          user: { id: `29:${userId}` },
          bot: { id: '28:bot' },
        },
        at,
      );
    }
    const person = await registerPerson(deps, raiser, { caseReference: `CRASH-${i}`, displayName: 'Pat Example' });
    const raised = await raiseEscalation(deps, raiser, {
      personId: person.id,
      raiserRole: 'Social worker',
      raiserAgency: 'Adult Social Care',
      otherAgency: {
        name: 'Stockport Homes',
        contact: { name: 'Alex Other', role: 'Housing officer', agency: 'Stockport Homes' },
      },
      natures: ['not-sharing-information'],
      natureDetails: 'Repairs not made',
      outcomeSought: 'Repairs within a week',
      outcomeSoughtBy: isoDate('2027-01-29'),
      riskLevel: 'standard',
      adultView: { kind: 'given', view: 'Wants the repairs done', by: 'adult' },
    });
    if (i % 2 === 1)
      await actOnEscalation(deps, { tenantId: TENANT, userId: manager, name: `Manager ${i}` }, raised.id, {
        kind: 'resolve',
        summary: 'Agreed',
        agreedActions: [],
      });
    await reportToLineManager(deps, storeManagerDirectory(deps.store), raiser, {
      kind: 'practice-concern', // Stockport s.4: to one's own line manager
      details: 'A colleague did not record the visit',
    });
  }
}

interface Recorded {
  readonly statuses: string[];
  /** Activity ids the outbox records as delivered. */
  readonly refs: string[];
  /** Each item sent, with the people it reached: `kind reached n`. */
  readonly sent: string[];
}

async function recorded(db: Kysely<Database>): Promise<Recorded> {
  const rows = await db
    .selectFrom('reminders')
    .select(['kind', 'status', 'delivery_ref'])
    .where('tenant_id', '=', TENANT)
    .execute();
  const deliveries = rows.map((r) => JSON.parse(r.delivery_ref ?? '[]') as { ref: string }[]);
  return {
    statuses: rows.map((r) => r.status),
    refs: deliveries.flat().map((d) => d.ref),
    sent: rows.flatMap((r, i) => (r.status === 'sent' ? [`${r.kind} reached ${deliveries[i]!.length}`] : [])),
  };
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
  await waitUntil(
    () => connector.activities.length >= 6,
    60_000,
    () => `only ${connector.activities.length} sends`,
  );
  await killHard(server);
  const atKill = connector.activities.length;

  server = await startServerProcess(env);
  const restarted = Date.now();
  await waitUntil(
    () => connector.activities.length > atKill,
    RESENDS_WITHIN_MS,
    () => 'nothing was sent after the restart',
  );
  const firstResendMs = Date.now() - restarted;
  // Done when every delivery the outbox holds has been made (a repeat would make one more).
  await waitUntil(
    () => connector.activities.length >= EXPECTED_DELIVERIES,
    120_000,
    () => `${connector.activities.length} of ${EXPECTED_DELIVERIES} deliveries made`,
  );
  // A repeated message counts too: wait until three sweeps (one a second) have sent nothing more.
  let last = -1;
  let quietSince = Date.now();
  await waitUntil(
    () => {
      if (connector.activities.length !== last) [last, quietSince] = [connector.activities.length, Date.now()];
      return Date.now() - quietSince > 3_000;
    },
    60_000,
    () => 'the outbox kept sending',
  );
  // A graceful stop lets the sweep finish the reminder in hand (its last send is still in flight).
  server.child.kill('SIGTERM');
  await server.exited;

  const state = await target.withDatabase(recorded);
  expect(state.statuses.filter((s) => s !== 'sent' && s !== 'cancelled')).toEqual([]); // none lost
  // Every kind went, each to all its people: the lapsed ones (of resolved escalations) were cancelled, not sent.
  expect(new Set(state.sent.map((s) => s.split(' ')[0]))).toEqual(new Set(Object.keys(RECIPIENTS)));
  expect(state.sent.every((s) => s === `${s.split(' ')[0]} reached ${RECIPIENTS[s.split(' ')[0]!]}`)).toBe(true);
  expect(state.sent).toHaveLength((ESCALATIONS / 2) * 2 + (ESCALATIONS / 2) * 2 + ESCALATIONS + ESCALATIONS + 1);
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

(onServer ? test.skip : test)(
  'PGlite: kill -9 between the save and the delivery loses no reminder or notice, repeats at most one message, resends within seconds',
  async () => {
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
  },
);

(onServer ? test : test.skip)(
  'PostgreSQL server: kill -9 between the save and the delivery loses no reminder or notice, repeats at most one message, resends within seconds',
  async () => {
    const database = await createTestDatabase<Database>();
    try {
      await seed(database.db, connector.url);
      await crashDuringDelivery(
        {
          env: { DATABASE_URL: database.url as string },
          withDatabase: (work) => work(database.db),
          cleanUp: async () => undefined,
        },
        connector,
      );
    } finally {
      await database.destroy();
    }
  },
);

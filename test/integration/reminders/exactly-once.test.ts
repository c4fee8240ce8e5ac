/**
 * The durable outbox: reminders and notices survive a restart, and two server instances on one
 * PostgreSQL send each exactly once (rows claimed with FOR UPDATE SKIP LOCKED and a lease). The two-instance
 * case needs a real server (PGlite is one process); CI runs it with DATABASE_URL.
 */
import { randomUUID } from 'node:crypto';
import type { AppHandle } from '../../../src/composition.js';
import { buildDeps } from '../../../src/composition.js';
import { openDatabase } from '../../../src/db/database.js';
import type { Database } from '../../../src/db/schema.js';
import { startProduct, type RunningProduct, type StartOptions } from '../../../src/main.js';
import type { IsoDate } from '../../../src/domain/shared/time.js';
import { actOnEscalation, raiseEscalation } from '../../../src/app/escalations/escalations.js';
import { reportToLineManager } from '../../../src/app/reports/line-manager-reports.js';
import { registerPerson } from '../../../src/app/people/people-and-consent.js';
import { storeManagerDirectory } from '../../../src/app/directory/store-manager-directory.js';
import {
  startFakeBotConnector,
  type FakeBotConnector,
  type FakeBotConnectorOptions,
} from '../../helpers/fake-bot-connector.js';
import { createTestApp, type TestApp } from '../../helpers/test-app.js';
import { isoDate } from '../../../src/domain/shared/time.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const serverOnly = process.env['DATABASE_URL'] ? test : test.skip;
const teams = {
  localPackId: 'tameside',
  publicUrl: 'https://x.example',
  graphBaseUrl: 'https://graph.microsoft.com',
  authorityHost: 'https://login.microsoftonline.com',
};

let app: TestApp;
let connector: FakeBotConnector;
const running: RunningProduct[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.close()));
  await connector.close();
  await app.destroy();
});

/** `count` practitioners, each with an agreed action that became overdue at 17:00 on 25 Nov 2026. */
async function overdueActions(count: number, connectorOptions: FakeBotConnectorOptions = {}): Promise<string[]> {
  app = await createTestApp('2026-11-25T10:00:00Z');
  connector = await startFakeBotConnector(connectorOptions);
  const { store } = app.deps;
  await store.createTenant({ id: TENANT, name: 'Contoso', packId: 'tameside', emailDomains: [] });
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const userId = randomUUID();
    await store.saveConversationReference(
      TENANT,
      userId,
      {
        serviceUrl: connector.url,
        channelId: 'msteams',
        conversation: { id: `a:${userId}`, tenantId: TENANT },
        user: { id: `29:${userId}` },
        bot: { id: '28:bot' },
      },
      '2026-11-25T10:00:00Z',
    );
    const action = {
      tenantId: TENANT,
      id: randomUUID(),
      sourceKind: 'phone-discussion' as const,
      sourceId: randomUUID(),
      status: 'open' as const,
      description: `Action ${i}`,
      owner: 'Alex',
      dueOn: '2026-11-25' as IsoDate,
      remindUserId: userId,
    };
    await store.createAgreedActions([action], '2026-11-25T10:00:00Z');
    await store.planReminders(
      TENANT,
      { kind: 'agreed-action', id: action.id },
      [
        {
          key: `${action.id}:overdue`,
          kind: 'action-overdue',
          dueAt: '2026-11-25T17:00:00.000Z',
          stage: 0,
          audienceRoles: [],
          audienceUserId: userId,
        },
      ],
      randomUUID,
      '2026-11-25T10:00:00Z',
    );
    ids.push(action.id);
  }
  app.clock.set('2026-11-25T17:00:00Z');
  return ids;
}

function start(handle: AppHandle, options: StartOptions = {}): RunningProduct {
  const product = startProduct(handle, { teams, reminderSweepSeconds: 0 }, options);
  running.push(product);
  return product;
}

async function drain(product: RunningProduct): Promise<number> {
  let sent = 0;
  for (;;) {
    const report = await product.scheduler.runOnce();
    if (!report || report.claimed === 0) return sent;
    sent += report.sent;
  }
}

test('reminders planned before a restart are sent by the next server process', async () => {
  await overdueActions(3);
  const handle = {
    deps: app.deps,
    packs: app.packs,
    database: app.database,
    close: async () => undefined,
  } as AppHandle;
  await start(handle).close(); // the first process stops before anything is due
  running.length = 0;
  expect(await drain(start(handle))).toBe(3);
  expect(connector.activities).toHaveLength(3);
});

serverOnly('two server instances on one PostgreSQL send each of 300 reminders exactly once', async () => {
  const actions = await overdueActions(300);
  const second = await openDatabase<Database>({ kind: 'server', url: app.database.url as string });
  try {
    const one = start({ deps: app.deps, packs: app.packs, database: app.database, close: async () => undefined });
    const two = start({
      deps: buildDeps(second.db, app.packs, app.clock),
      packs: app.packs,
      database: second,
      close: async () => undefined,
    });
    const [a, b] = await Promise.all([drain(one), drain(two)]);
    expect(a + b).toBe(300);
    expect(a).toBeGreaterThan(0); // both really took part
    expect(b).toBeGreaterThan(0);
    const perConversation = new Map<string, number>();
    for (const activity of connector.activities)
      perConversation.set(activity.conversationId, (perConversation.get(activity.conversationId) ?? 0) + 1);
    expect(perConversation.size).toBe(300);
    expect([...perConversation.values()].every((n) => n === 1)).toBe(true);
    const statuses = await app.database.db
      .selectFrom('reminders')
      .select(['status', 'delivered_via'])
      .where('subject_id', 'in', actions)
      .execute();
    expect(statuses.every((r) => r.status === 'sent' && r.delivered_via === 'teams')).toBe(true);
  } finally {
    await second.close();
  }
});

/**
 * Every kind the outbox holds, written by the use cases: per escalation the stage owner's notice
 * and the risk reminder (Stockport stage 1: line manager and raiser), or — resolved — the Board's
 * copy of the Record of Escalation and the de-brief prompt; and a report to a line manager.
 */
async function everyKind(count: number): Promise<void> {
  app = await createTestApp('2026-06-01T10:00:00Z');
  connector = await startFakeBotConnector();
  const { store } = app.deps;
  const at = '2026-06-01T10:00:00Z';
  const reachable = (userId: string) =>
    store.saveConversationReference(
      TENANT,
      userId,
      {
        serviceUrl: connector.url,
        channelId: 'msteams',
        conversation: { id: `a:${userId}`, tenantId: TENANT },
        user: { id: `29:${userId}` },
        bot: { id: '28:bot' },
      },
      at,
    );
  await store.createTenant({ id: TENANT, name: 'Contoso', packId: 'stockport', emailDomains: [] });
  const board = randomUUID();
  await store.assignRole(TENANT, 'lsab-business-manager', board, at);
  await reachable(board);
  for (let i = 0; i < count; i += 1) {
    const raiser = { tenantId: TENANT, userId: randomUUID(), name: `Practitioner ${i}` };
    const manager = { tenantId: TENANT, userId: randomUUID(), name: `Manager ${i}` };
    await store.upsertDirectoryUser({ tenantId: TENANT, userId: manager.userId, displayName: manager.name }, at);
    await store.upsertDirectoryUser(
      { tenantId: TENANT, userId: raiser.userId, displayName: raiser.name, managerUserId: manager.userId },
      at,
    );
    await reachable(raiser.userId);
    await reachable(manager.userId);
    const person = await registerPerson(app.deps, raiser, { caseReference: `EO-${i}`, displayName: 'Pat Example' });
    const raised = await raiseEscalation(app.deps, raiser, {
      personId: person.id,
      raiserRole: 'Social worker',
      raiserAgency: 'Adult Social Care',
      natures: ['not-sharing-information'],
      natureDetails: 'Repairs',
      outcomeSought: 'Repairs',
      outcomeSoughtBy: isoDate('2027-01-29'),
      riskLevel: 'standard',
      otherAgency: { name: 'Stockport Homes', contact: { name: 'Alex', role: 'Officer', agency: 'Stockport Homes' } },
      adultView: { kind: 'given', view: 'Yes', by: 'adult' },
    });
    if (i % 2 === 1)
      await actOnEscalation(app.deps, manager, raised.id, { kind: 'resolve', summary: 'Agreed', agreedActions: [] });
    await reportToLineManager(app.deps, storeManagerDirectory(store), raiser, {
      kind: 'practice-concern', // Stockport s.4: to one's own line manager
      details: 'A colleague did not record the visit',
    });
  }
  app.clock.set('2026-06-02T10:00:00Z');
}

serverOnly(
  'two server instances send every kind of outbox item exactly once: reminders, stage owners, Board copies, de-brief prompts, line-manager reports',
  async () => {
    await everyKind(60);
    const second = await openDatabase<Database>({ kind: 'server', url: app.database.url as string });
    try {
      const one = start({ deps: app.deps, packs: app.packs, database: app.database, close: async () => undefined });
      const two = start({
        deps: buildDeps(second.db, app.packs, app.clock),
        packs: app.packs,
        database: second,
        close: async () => undefined,
      });
      const [a, b] = await Promise.all([drain(one), drain(two)]);
      expect(a).toBeGreaterThan(0);
      expect(b).toBeGreaterThan(0);
      const rows = await app.database.db
        .selectFrom('reminders')
        .select(['kind', 'status', 'delivery_ref'])
        .where('tenant_id', '=', TENANT)
        .execute();
      const sent = rows.filter((r) => r.status === 'sent');
      expect(new Set(sent.map((r) => r.kind))).toEqual(
        new Set([
          'stage-owner',
          'notice-to-board',
          'risk-response-due',
          'record-to-board',
          'debrief-prompt',
          'line-manager-report',
        ]),
      );
      expect(rows.filter((r) => r.status !== 'sent' && r.status !== 'cancelled')).toEqual([]);
      // Each delivery recorded once, and Teams got exactly those activities: nothing twice.
      const refs = sent.flatMap((r) => (JSON.parse(r.delivery_ref ?? '[]') as { ref: string }[]).map((d) => d.ref));
      expect(new Set(refs).size).toBe(refs.length);
      expect(connector.activities.map((x) => x.id).sort()).toEqual([...refs].sort());
      expect(a + b).toBe(sent.length);
    } finally {
      await second.close();
    }
  },
);

test('a sweep that outlasts its lease keeps renewing its claims: a second instance sends nothing twice', async () => {
  // 12 sends answered 300 ms apart take ≈ 4 s, four leases of 1 s.
  await overdueActions(12, { answerAfterMs: 300 });
  const handle = {
    deps: app.deps,
    packs: app.packs,
    database: app.database,
    close: async () => undefined,
  } as AppHandle;
  const [slow, other] = [start(handle, { reminderLeaseMs: 1000 }), start(handle, { reminderLeaseMs: 1000 })];
  const first = slow.scheduler.runOnce();
  await connector.waitForActivities(() => true, 1);
  // The (test) clock moves past the first lease; the heartbeat (every third of a lease) renews from there.
  app.clock.set('2026-11-25T17:00:05Z');
  await new Promise((resolve) => setTimeout(resolve, 600));
  expect(await other.scheduler.runOnce()).toMatchObject({ claimed: 0 });
  expect(await first).toMatchObject({ claimed: 12, sent: 12 });
  expect(new Set(connector.activities.map((a) => a.conversationId)).size).toBe(12);
  expect(connector.activities).toHaveLength(12);
});

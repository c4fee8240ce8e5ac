/**
 * The Board's report at a period's end, exactly once (issue 10): two server instances on one
 * PostgreSQL tick at the same moment — each tries to produce Stockport's Q4 2026 report (s.5,
 * quarterly to the LSAB Business Manager) on Mon 4 Jan 2027 — and one report is kept and each
 * recipient gets one card. The two-instance case needs a real server (PGlite is one process).
 */
import { randomUUID } from 'node:crypto';
import { buildDeps, type AppHandle } from '../../../src/composition.js';
import { openDatabase } from '../../../src/db/database.js';
import type { Database } from '../../../src/db/schema.js';
import { startProduct, type RunningProduct } from '../../../src/main.js';
import { startFakeBotConnector, type FakeBotConnector } from '../../helpers/fake-bot-connector.js';
import { createTestApp, type TestApp } from '../../helpers/test-app.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const serverOnly = process.env['DATABASE_URL'] ? test : test.skip;
const teams = {
  localPackId: 'stockport',
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

/** Two holders of the LSAB Business Manager's role, reachable in Teams; the clock at `now`. */
async function stockport(now: string): Promise<string[]> {
  app = await createTestApp(now);
  connector = await startFakeBotConnector();
  const { store } = app.deps;
  await store.createTenant({ id: TENANT, name: 'Contoso', packId: 'stockport', emailDomains: [] });
  const holders = [randomUUID(), randomUUID()];
  for (const userId of holders) {
    await store.assignRole(TENANT, 'lsab-business-manager', userId, now);
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
      now,
    );
  }
  return holders;
}

function start(handle: AppHandle): RunningProduct {
  const product = startProduct(handle, { teams, reminderSweepSeconds: 0 });
  running.push(product);
  return product;
}

test("one instance: the reports' tick keeps the report, the sweep sends it", async () => {
  await stockport('2027-01-04T09:00:00Z');
  const one = start({ deps: app.deps, packs: app.packs, database: app.database, close: async () => undefined });
  await one.reports.runOnce();
  await one.reports.runOnce();
  await one.scheduler.runOnce();
  expect(await app.deps.store.findBoardReports(TENANT, '2026-Q4')).toHaveLength(1);
  expect(connector.activities).toHaveLength(2);
});

serverOnly('two instances at the period end: one report kept, one card per recipient', async () => {
  const holders = await stockport('2027-01-04T09:00:00Z');
  const second = await openDatabase<Database>({ kind: 'server', url: app.database.url as string });
  try {
    const one = start({ deps: app.deps, packs: app.packs, database: app.database, close: async () => undefined });
    const two = start({
      deps: buildDeps(second.db, app.packs, app.clock),
      packs: app.packs,
      database: second,
      close: async () => undefined,
    });
    await Promise.all([one.reports.runOnce(), two.reports.runOnce()]);
    for (let i = 0; i < 3; i += 1) await Promise.all([one.scheduler.runOnce(), two.scheduler.runOnce()]);
    const rows = await app.database.db.selectFrom('board_reports').select(['report_id', 'period']).execute();
    expect(rows).toEqual([{ report_id: 'lsab-quarterly', period: '2026-Q4' }]);
    const perConversation = connector.activities.map((a) => a.conversationId).sort();
    expect(perConversation).toEqual(holders.map((id) => `a:${id}`).sort());
  } finally {
    await second.close();
  }
});

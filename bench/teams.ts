/**
 * Benchmarks of the Teams side (printing figures, never asserting):
 *  1. bot turn latency (HTTP POST /api/messages → 200) with 200 conversations at once;
 *  2. the due-reminder sweep with 100,000 open escalations (400,000 planned reminders) stored.
 * Runs on embedded PGlite, or on the server named by DATABASE_URL.
 * Run: npm run bench
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { raiseEscalation, actOnEscalation } from '../src/app/escalations/escalations.js';
import { registerPerson } from '../src/app/people/people-and-consent.js';
import { sweepDueReminders } from '../src/app/outbox/reminder-sweep.js';
import { storeManagerDirectory } from '../src/app/directory/store-manager-directory.js';
import { buildDeps, type AppHandle } from '../src/composition.js';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { createPostgresReminderQueue } from '../src/db/postgres-reminder-queue.js';
import type { Database } from '../src/db/schema.js';
import type { Clock } from '../src/domain/shared/time.js';
import { loadPacks } from '../src/packs/pack-registry.js';
import { startProduct } from '../src/main.js';
import { startConnectorSink } from './connector-sink.js';
import { StatementCounter } from './statement-counter.js';
import { benchDatabase } from './bench-database.js';
import { isoDate } from '../src/domain/shared/time.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const teams = {
  localPackId: 'tameside',
  publicUrl: 'http://127.0.0.1',
  graphBaseUrl: 'https://graph.microsoft.com',
  authorityHost: 'https://login.microsoftonline.com',
};

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const line = (label: string, value: string) => console.log(`${label.padEnd(60)} ${value}`);

const bench = await benchDatabase('bench');
console.log(`database: ${bench.label}`);
const database = await openDatabase<Database>(bench.target);
await migrateToLatest(database.db);
const packs = await loadPacks({});
let now = new Date('2026-12-18T10:00:00Z');
const clock: Clock = { now: () => new Date(now) };
const deps = buildDeps(database.db, packs, clock);
await deps.store.createTenant({ id: TENANT, name: 'Bench', packId: 'tameside', emailDomains: [] });
const connector = await startConnectorSink();
const handle: AppHandle = { deps, packs, database, close: () => Promise.resolve() };
const product = startProduct(handle, { teams, reminderSweepSeconds: 0 });
await new Promise<void>((resolve) => product.server.listen(0, '127.0.0.1', resolve));
const endpoint = `http://127.0.0.1:${(product.server.address() as AddressInfo).port}/api/messages`;

// 1. Bot turns with 200 conversations: paced (each person sends a message every 2 s, about 100
// messages a second in all — a busy organisation), then a burst (all 200 send at the same instant).
const conversations = 200;
const turnsEach = 5;
const user = (i: number) => ({
  id: `29:user-${i}`,
  aadObjectId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  name: `User ${i}`,
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
async function turn(i: number, text: string): Promise<number> {
  const body = JSON.stringify({
    type: 'message',
    id: randomUUID(),
    text,
    serviceUrl: connector.url,
    channelId: 'msteams',
    from: user(i),
    conversation: { id: `a:${i}`, conversationType: 'personal', tenantId: TENANT },
    recipient: { id: '28:bot' },
    channelData: { tenant: { id: TENANT } },
  });
  const t0 = performance.now();
  const res = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`turn answered ${res.status}`);
  return performance.now() - t0;
}
async function run(label: string, pacedMs: number): Promise<void> {
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: conversations }, async (_, i) => {
      if (pacedMs) await sleep(Math.random() * pacedMs);
      for (let n = 0; n < turnsEach; n += 1) {
        const took = await turn(i, n % 2 ? 'my escalations' : 'help');
        latencies.push(took);
        if (pacedMs) await sleep(pacedMs - took);
      }
    }),
  );
  const wall = performance.now() - started;
  latencies.sort((a, b) => a - b);
  line(
    `bot turns, ${conversations} conversations, ${label}`,
    `p50 ${percentile(latencies, 50).toFixed(0)} ms, p95 ${percentile(latencies, 95).toFixed(0)} ms, ${(latencies.length / (wall / 1000)).toFixed(0)} turns/s`,
  );
}
await run('first contact, all at once', 0); // first messages also store each user's conversation reference
await run('a message every 2 s each', 2000);
await run('all at once (burst)', 0);

// 2. The sweep: 100,000 open escalations at stage 2 (4 planned reminders each), 1,000 of them due.
const caller = { tenantId: TENANT, userId: user(0).aadObjectId, name: 'User 0' };
const manager = user(1).aadObjectId;
const person = await registerPerson(deps, caller, { caseReference: 'BENCH-1', displayName: 'Bench Person' });
const raised = await raiseEscalation(deps, caller, {
  personId: person.id,
  raiserRole: 'Nurse',
  raiserAgency: 'Bench',
  otherAgency: { name: 'Other', contact: { name: 'O', role: 'R', agency: 'Other' } },
  natures: [],
  natureDetails: 'x',
  outcomeSought: 'y',
  outcomeSoughtBy: isoDate('2027-01-29'),
  riskLevel: 'standard',
});
const template = await actOnEscalation(deps, caller, raised.id, {
  kind: 'escalate',
  reason: 'bench',
  escalatedTo: { name: 'User 1', role: 'Head of service', agency: 'Bench', userId: manager },
});
const count = Number(process.env['BENCH_ESCALATIONS'] ?? 100_000);
/** When the sweep looks and finds nothing due. */
const LOOKING = new Date('2026-12-19T12:00:00Z');
let t0 = performance.now();
await sql`
  INSERT INTO escalations (tenant_id, id, person_id, pack_id, state, stage, risk_level, raised_by, other_agency, opened_at, next_deadline_at, data, version, updated_at)
  SELECT e.tenant_id, n.id, e.person_id, e.pack_id, e.state, e.stage, e.risk_level, e.raised_by, e.other_agency, e.opened_at, e.next_deadline_at,
         jsonb_set(e.data, '{id}', to_jsonb(n.id::text)), e.version, e.updated_at
    FROM escalations e, (SELECT gen_random_uuid() AS id FROM generate_series(1, ${count - 1})) n
   WHERE e.id = ${template.id}`.execute(database.db);
await sql`
  INSERT INTO reminders (tenant_id, id, dedupe_key, subject_kind, subject_id, kind, due_at, audience, created_at)
  SELECT e.tenant_id, gen_random_uuid(), e.id || ':' || r.dedupe_key, 'escalation', e.id, r.kind, r.due_at, r.audience, r.created_at
    FROM escalations e JOIN reminders r ON r.subject_id = ${template.id} AND r.status = 'pending'
                                        AND r.due_at > ${LOOKING}
   WHERE e.id <> ${template.id}`.execute(database.db);
// The template's notices (due at once: "for you to act on") were delivered when it was escalated;
// only the planned reminders are copied, so "none due" below is none due.
await sql`
  UPDATE reminders SET status = 'sent'
   WHERE subject_id = ${template.id} AND status = 'pending' AND due_at <= ${LOOKING}`.execute(database.db);
await sql`
  UPDATE reminders SET due_at = ${new Date('2026-12-21T09:00:00Z')}
   WHERE (tenant_id, id) IN (SELECT tenant_id, id FROM reminders WHERE status = 'pending' ORDER BY id LIMIT 1000)`.execute(
  database.db,
);
await sql`ANALYZE reminders`.execute(database.db);
line(
  `stored ${count.toLocaleString('en-GB')} open escalations and their reminders`,
  `${((performance.now() - t0) / 1000).toFixed(1)} s`,
);
const pending = await database.db
  .selectFrom('reminders')
  .select((eb) => eb.fn.countAll<number>().as('n'))
  .where('status', '=', 'pending')
  .executeTakeFirstOrThrow();
await deps.store.saveConversationReference(
  TENANT,
  manager,
  {
    serviceUrl: connector.url,
    channelId: 'msteams',
    conversation: { id: 'a:manager', tenantId: TENANT },
    user: { id: '29:manager' },
    bot: { id: '28:bot' },
  },
  now.toISOString(),
);

const queue = createPostgresReminderQueue(database.db);
now = LOOKING; // nothing due: the cost of looking
t0 = performance.now();
const empty = await queue.claimDue(now, 200, 'bench', new Date(now.getTime() + 60_000));
line(
  `claim due reminders among ${Number(pending.n).toLocaleString('en-GB')} pending, none due`,
  `${(performance.now() - t0).toFixed(1)} ms (${empty.length} claimed)`,
);

now = new Date('2026-12-21T09:00:00Z');
connector.received = 0;
// The sweep on a database handle that counts its statements (same connection, same store code).
const statements = new StatementCounter();
const counted = database.db.withPlugin(statements);
const countedDeps = buildDeps(counted, packs, clock);
const countedQueue = createPostgresReminderQueue(counted);
t0 = performance.now();
let delivered = 0;
const notifier = { notify: () => Promise.resolve({ via: 'teams' as const, ref: String((delivered += 1)) }) };
for (;;) {
  const report = await sweepDueReminders(
    { app: countedDeps, queue: countedQueue, notifier, managers: storeManagerDirectory(countedDeps.store) },
    { workerId: 'bench', batchSize: 200 },
  );
  if (report.claimed === 0) break;
}
line(
  'sweep 1,000 due reminders (claim, read ahead, deliver, mark sent)',
  `${(performance.now() - t0).toFixed(0)} ms, ${delivered} delivered, ${statements.count} SQL statements`,
);
line('peak RSS', `${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB`);

await product.close();
await connector.close();
await database.close();
await bench.drop();

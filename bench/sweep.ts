/**
 * The outbox sweep on its own (printing figures, never asserting): 1,000 due reminders among
 * BENCH_ESCALATIONS (default 10,000) open escalations at stage 2, each reminder addressed to the
 * manager the escalation went to. Prints the time and the SQL statements the sweep ran, with a
 * notifier that answers at once (Teams' own limits, 7 sends a second per conversation, would
 * otherwise be what is measured). Embedded PGlite, or the server named by DATABASE_URL.
 * Run: npm run bench
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { actOnEscalation, raiseEscalation } from '../src/app/escalations/escalations.js';
import { registerPerson } from '../src/app/people/people-and-consent.js';
import { sweepDueReminders } from '../src/app/outbox/reminder-sweep.js';
import { storeManagerDirectory } from '../src/app/directory/store-manager-directory.js';
import { buildDeps } from '../src/composition.js';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { createPostgresReminderQueue } from '../src/db/postgres-reminder-queue.js';
import type { Database } from '../src/db/schema.js';
import type { Clock } from '../src/domain/shared/time.js';
import { loadPacks } from '../src/packs/pack-registry.js';
import { StatementCounter } from './statement-counter.js';
import { benchDatabase } from './bench-database.js';
import { isoDate } from '../src/domain/shared/time.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const DUE = 1_000;
const line = (label: string, value: string) => console.log(`${label.padEnd(60)} ${value}`);

const bench = await benchDatabase('bench');
console.log(`sweep bench, ${bench.label}`);
const database = await openDatabase<Database>(bench.target);
try {
  await migrateToLatest(database.db);
  const packs = await loadPacks({});
  let now = new Date('2026-12-18T10:00:00Z');
  const clock: Clock = { now: () => new Date(now) };
  const deps = buildDeps(database.db, packs, clock);
  await deps.store.createTenant({ id: TENANT, name: 'Bench', packId: 'tameside', emailDomains: [] });
  const caller = { tenantId: TENANT, userId: randomUUID(), name: 'Practitioner' };
  const manager = randomUUID();
  await deps.store.upsertDirectoryUser(
    { tenantId: TENANT, userId: manager, displayName: 'Head of service' },
    now.toISOString(),
  );
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
    escalatedTo: { name: 'Head of service', role: 'Head of service', agency: 'Bench', userId: manager },
  });
  const count = Number(process.env['BENCH_ESCALATIONS'] ?? 10_000);
  // Copies of the template, then only its stage 2 reminders; 1,000 of them due, the rest next year.
  await sql`
    INSERT INTO escalations (tenant_id, id, person_id, pack_id, state, stage, risk_level, raised_by, other_agency, opened_at, next_deadline_at, data, version, updated_at)
    SELECT e.tenant_id, n.id, e.person_id, e.pack_id, e.state, e.stage, e.risk_level, e.raised_by, e.other_agency, e.opened_at, e.next_deadline_at,
           jsonb_set(e.data, '{id}', to_jsonb(n.id::text)), e.version, e.updated_at
      FROM escalations e, (SELECT gen_random_uuid() AS id FROM generate_series(1, ${count - 1})) n
     WHERE e.id = ${template.id}`.execute(database.db);
  await sql`UPDATE reminders SET status = 'cancelled' WHERE status = 'pending'`.execute(database.db);
  await sql`
    INSERT INTO reminders (tenant_id, id, dedupe_key, subject_kind, subject_id, kind, due_at, audience, created_at)
    SELECT e.tenant_id, gen_random_uuid(), e.id || ':bench', 'escalation', e.id, 'deadline-reached',
           CASE WHEN row_number() OVER (ORDER BY e.id) <= ${DUE} THEN timestamptz '2026-12-21T08:00:00Z' ELSE timestamptz '2027-12-21T08:00:00Z' END,
           jsonb_build_object('stage', 2, 'audienceRoles', jsonb_build_array()), now()
      FROM escalations e`.execute(database.db);
  await sql`ANALYZE`.execute(database.db);

  now = new Date('2026-12-21T09:00:00Z');
  const statements = new StatementCounter();
  const counted = database.db.withPlugin(statements);
  const countedDeps = buildDeps(counted, packs, clock);
  const queue = createPostgresReminderQueue(counted);
  let delivered = 0;
  const notifier = { notify: () => Promise.resolve({ via: 'teams' as const, ref: String((delivered += 1)) }) };
  const t0 = performance.now();
  for (;;) {
    const report = await sweepDueReminders(
      { app: countedDeps, queue, notifier, managers: storeManagerDirectory(countedDeps.store) },
      { workerId: 'bench', batchSize: 200 },
    );
    if (report.claimed === 0) break;
  }
  line(
    `sweep ${DUE.toLocaleString('en-GB')} due reminders, ${count.toLocaleString('en-GB')} escalations stored`,
    `${(performance.now() - t0).toFixed(0)} ms, ${delivered} delivered, ${statements.count} SQL statements`,
  );
} finally {
  await database.close();
  await bench.drop();
}

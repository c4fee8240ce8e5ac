/**
 * The information-governance audit over 100,000 decisions (printing figures, never asserting):
 * the first page, a page of a rare filter (which scans the log), and the whole CSV export through
 * the use case — time, and resident memory before, at its peak and after. Goal: constant memory.
 *
 * Decision rows are copied in SQL over 1,000 people (the audit reads rows; the chain is not
 * verified here). Embedded PGlite in memory, or the server named by DATABASE_URL (a database of
 * its own). Run: node --expose-gc --import tsx bench/ig-audit.ts   BENCH_AUDIT_ROWS (100000)
 */
import { sql } from 'kysely';
import { auditDecisions, auditDecisionsAll } from '../src/app/governance/ig-audit.js';
import { csvRow } from '../src/app/reports/csv.js';
import { buildDeps } from '../src/composition.js';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import type { Database } from '../src/db/schema.js';
import { loadPacks } from '../src/packs/pack-registry.js';
import { benchDatabase } from './bench-database.js';

const rows = Number(process.env['BENCH_AUDIT_ROWS'] ?? 100_000);
const TENANT = 'bench-audit';
const line = (label: string, value: string) => console.log(`${label.padEnd(66)} ${value}`);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

const bench = await benchDatabase('bench_audit');
const database = await openDatabase<Database>(bench.target);
const db = database.db;
try {
  await migrateToLatest(db);
  const deps = buildDeps(db, await loadPacks({}), { now: () => new Date('2026-12-18T10:00:00Z') });
  await deps.store.createTenant({ id: TENANT, name: 'Bench', packId: 'tameside', emailDomains: [] });
  await deps.store.assignRole(TENANT, 'ig-lead', 'bench-ig', '2026-12-01T10:00:00Z');
  const caller = { tenantId: TENANT, userId: 'bench-ig', name: 'Bench IG lead' };
  let t0 = performance.now();
  await sql`INSERT INTO people (tenant_id, id, case_reference, display_name, created_by)
    SELECT ${TENANT}, gen_random_uuid(), 'BENCH-' || n, 'Person ' || n, 'bench-user' FROM generate_series(0, 999) n`.execute(
    db,
  );
  const payload = (agency: string) =>
    JSON.stringify({
      decision: 'share',
      basis: { kind: 'exception', exceptionId: 'immediate-safeguarding' },
      information: 'The support plan',
      recipients: [{ name: 'Alex', agency }],
      purpose: 'Safety planning',
      reasons: 'Immediate risk to the person',
      involved: ['Sam'],
      decidedBy: 'Bench User',
      decidedByUserId: 'bench-user',
      packId: 'tameside',
      context: { channel: 'outlook' },
    });
  // One decision in 10,000 is to the Press: the rare filter.
  await sql`
    INSERT INTO sharing_decisions (tenant_id, seq, id, person_id, recorded_at, payload, prev_hash, hash, version)
    SELECT ${TENANT}, k, gen_random_uuid(), p.id, now(), CASE WHEN k % 10000 = 0 THEN ${payload('Press')} ELSE ${payload('Housing')} END,
           repeat('0', 64), md5(k::text) || md5(k::text), 2
      FROM generate_series(1, ${rows}) k JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS i FROM people WHERE tenant_id = ${TENANT}) p ON p.i = k % 1000`.execute(
    db,
  );
  await sql`ANALYZE`.execute(db);
  console.log(
    `ig-audit: ${bench.label}; stored ${rows.toLocaleString('en-GB')} decisions in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );

  t0 = performance.now();
  await auditDecisions(deps, caller, {}, 0, 50);
  line('first page of 50 decisions', `${(performance.now() - t0).toFixed(0)} ms`);
  t0 = performance.now();
  const rare = await auditDecisions(deps, caller, { agency: 'press' }, 0, 50);
  line(
    `a page of a rare filter (${rare.items.length} found, whole log scanned)`,
    `${(performance.now() - t0).toFixed(0)} ms`,
  );

  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  t0 = performance.now();
  let bytes = 0;
  for await (const d of auditDecisionsAll(deps, caller, {}))
    bytes += csvRow([d.seq, d.recordedAt, d.caseReference, d.basis]).length;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  line(
    `the CSV of ${rows.toLocaleString('en-GB')} decisions (rows made, not written)`,
    `${((performance.now() - t0) / 1000).toFixed(2)} s, ${mb(bytes)}; RSS ${mb(before)} before, peak ${mb(peak)} (+${mb(peak - before)})`,
  );
} finally {
  await database.close();
  await bench.drop();
}

/**
 * CSV exports of 100,000 decisions and 100,000 escalations (printing figures, never asserting):
 * time, and the process's resident memory before, at its peak during, and after each export,
 * written to a file as `safeguard export … --out` does. Goal (issue 12): constant memory.
 *
 * Rows are copied in SQL from one real escalation and one decision-shaped row over 1,000 people
 * (the export reads rows; it does not verify the chain). Embedded PGlite in memory, or the server
 * named by DATABASE_URL (a database of its own).
 * Run: tsx bench/exports.ts   BENCH_EXPORT_ROWS (100000); BENCH_ROOT=<checkout> runs another
 *   checkout's code (to compare before/after).
 */
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql } from 'kysely';
import type { Database } from '../src/db/schema.js';
import { benchDatabase } from './bench-database.js';
import { isoDate } from '../src/domain/shared/time.js';

const root = resolve(process.env['BENCH_ROOT'] ?? join(import.meta.dirname, '..'));
const rows = Number(process.env['BENCH_EXPORT_ROWS'] ?? 100_000);
// Typed as this checkout's modules; BENCH_ROOT's have the same exports.
const from = <T>(path: string) => import(join(root, path)) as Promise<T>;
const { buildDeps } = await from<typeof import('../src/composition.js')>('src/composition.ts');
const { openDatabase } = await from<typeof import('../src/db/database.js')>('src/db/database.ts');
const { migrateToLatest } = await from<typeof import('../src/db/migrate.js')>('src/db/migrate.ts');
const { loadPacks } = await from<typeof import('../src/packs/pack-registry.js')>('src/packs/pack-registry.ts');
const { registerPerson } = await from<typeof import('../src/app/people/people-and-consent.js')>(
  'src/app/people/people-and-consent.ts',
);
const { raiseEscalation } = await from<typeof import('../src/app/escalations/escalations.js')>(
  'src/app/escalations/escalations.ts',
);
const { exportDecisionsCsv, exportEscalationsCsv } =
  await from<typeof import('../src/app/reports/exports.js')>('src/app/reports/exports.ts');

const TENANT = 'bench-exports';
const line = (label: string, value: string) => console.log(`${label.padEnd(66)} ${value}`);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

const bench = await benchDatabase('bench_export');
const database = await openDatabase<Database>(bench.target);
const db = database.db;
await migrateToLatest(db);
const deps = buildDeps(db, await loadPacks({}), { now: () => new Date('2026-12-18T10:00:00Z') });
await deps.store.createTenant({ id: TENANT, name: 'Bench', packId: 'tameside', emailDomains: [] });
const caller = { tenantId: TENANT, userId: 'bench-user', name: 'Bench User' };
const person = await registerPerson(deps, caller, { caseReference: 'BENCH-0', displayName: 'Bench Person' });
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
let t0 = performance.now();
await sql`INSERT INTO people (tenant_id, id, case_reference, display_name, created_by)
  SELECT ${TENANT}, gen_random_uuid(), 'BENCH-' || n, 'Person ' || n, 'bench-user' FROM generate_series(1, 999) n`.execute(
  db,
);
await sql`
  INSERT INTO escalations (tenant_id, id, person_id, pack_id, state, stage, risk_level, raised_by, other_agency, opened_at, next_deadline_at, data, version, updated_at)
  SELECT e.tenant_id, n.id, n.person_id, e.pack_id, e.state, e.stage, e.risk_level, e.raised_by, e.other_agency, e.opened_at, e.next_deadline_at,
         jsonb_set(jsonb_set(e.data, '{id}', to_jsonb(n.id::text)), '{personId}', to_jsonb(n.person_id::text)), e.version, e.updated_at
    FROM escalations e,
         (SELECT k, gen_random_uuid() AS id, (SELECT id FROM people WHERE tenant_id = ${TENANT} ORDER BY id OFFSET (k % 1000) LIMIT 1) AS person_id
            FROM generate_series(1, ${rows - 1}) k) n
   WHERE e.id = ${raised.id}`.execute(db);
const payload = JSON.stringify({
  decision: 'share',
  basis: { kind: 'exception', exceptionId: 'immediate-risk' },
  information: 'The support plan',
  recipients: [{ name: 'Alex', agency: 'Housing' }],
  purpose: 'Safety planning',
  reasons: 'Immediate risk to the person',
  involved: ['Sam'],
  decidedBy: 'Bench User',
  decidedByUserId: 'bench-user',
});
await sql`
  INSERT INTO sharing_decisions (tenant_id, seq, id, person_id, recorded_at, payload, prev_hash, hash, version)
  SELECT ${TENANT}, k, gen_random_uuid(), p.id, now(), ${payload}, repeat('0', 64), md5(k::text) || md5(k::text), 2
    FROM generate_series(1, ${rows}) k JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS i FROM people WHERE tenant_id = ${TENANT}) p ON p.i = k % 1000`.execute(
  db,
);
await sql`ANALYZE`.execute(db);
console.log(
  `exports: code from ${root}; ${bench.label}; stored ${rows.toLocaleString('en-GB')} escalations and decisions in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);

const folder = mkdtempSync(join(tmpdir(), 'safeguard-bench-export-'));
async function measure(label: string, csv: AsyncIterable<string>): Promise<void> {
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const file = join(folder, `${label.replaceAll(' ', '-')}.csv`);
  t0 = performance.now();
  await pipeline(Readable.from(csv), createWriteStream(file));
  const took = performance.now() - t0;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  line(
    `export ${rows.toLocaleString('en-GB')} ${label} to a file`,
    `${(took / 1000).toFixed(2)} s, ${mb(statSync(file).size)}; RSS ${mb(before)} before, peak ${mb(peak)} (+${mb(peak - before)})`,
  );
}
try {
  await measure('decisions', exportDecisionsCsv(deps, TENANT));
  await measure('escalations', exportEscalationsCsv(deps, TENANT));
} finally {
  rmSync(folder, { recursive: true, force: true });
  await database.close();
  await bench.drop();
}

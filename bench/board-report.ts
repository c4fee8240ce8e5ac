/**
 * The Board's report (issue 10; printing figures, never asserting): a quarter's report over
 * 100,000 escalations raised across 2026 — open, resolved, unresolved, withdrawn, at every stage,
 * some past a deadline — on embedded PGlite and, when DATABASE_URL is set, on the server too
 * (target: under a second on both). Also the tab bundle's size and the charts' share of it.
 * Run: npm run bench (BENCH_ESCALATIONS to change the count)
 */
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { sql } from 'kysely';
import { computeBoardReport } from '../src/app/reports/board-reports.js';
import { buildDeps } from '../src/composition.js';
import { openDatabase, type DatabaseHandle } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import type { Database } from '../src/db/schema.js';
import { parsePeriod } from '../src/domain/reports/report-period.js';
import { loadPacks } from '../src/packs/pack-registry.js';
import { buildWebFiles } from '../build/web-files.js';
import { createServerDatabase } from './bench-database.js';

const count = Number(process.env['BENCH_ESCALATIONS'] ?? 100_000);
const line = (label: string, value: string) => console.log(`${label.padEnd(64)} ${value}`);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

/** `count` Stockport escalations, raised through 2026 (a few hours apart), written by SQL. */
async function fill(database: DatabaseHandle<Database>): Promise<void> {
  const db = database.db;
  await db.insertInto('tenants').values({ id: 't', name: 'Bench', pack_id: 'stockport', email_domains: [] }).execute();
  const personId = randomUUID();
  await db
    .insertInto('people')
    .values({ tenant_id: 't', id: personId, case_reference: 'B-1', display_name: 'Bench', created_by: 'bench' })
    .execute();
  const iso = (expr: string) => `to_char((${expr}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.000"Z"')`;
  await sql`
    INSERT INTO escalations (tenant_id, id, person_id, pack_id, state, stage, risk_level, raised_by, other_agency,
                             opened_at, closed_at, data, version, updated_at)
    SELECT 't', gen_random_uuid(), ${personId}, 'stockport', g.state, g.stage, 'standard', 'u-raiser',
           'Agency ' || (g.i % 12), g.opened, g.closed,
           jsonb_build_object(
             'natures', CASE WHEN g.i % 3 = 0 THEN '[]'::jsonb
                             ELSE jsonb_build_array((ARRAY['not-sharing-information', 'not-co-operating', 'not-attending-meetings', 'plans-minutes-late'])[g.i % 4 + 1]) END,
             'stages', (SELECT jsonb_agg(jsonb_build_object(
                          'number', k,
                          'startedAt', ${sql.raw(iso("g.opened + (k - 1) * interval '2 days'"))},
                          'deadlines', CASE WHEN k = 3 THEN jsonb_build_array(jsonb_build_object(
                              'id', 'resolution', 'label', 'Resolution', 'onMissed', 'escalate',
                              'dueAt', ${sql.raw(iso("g.opened + interval '18 days'"))})) ELSE '[]'::jsonb END,
                          'discussions', '[]'::jsonb))
                          FROM generate_series(1, g.stage) k),
             'outcome', CASE WHEN g.state = 'concluded-unresolved'
                             THEN jsonb_build_object('outstandingConcerns', 'Concern ' || g.i) END,
             'debrief', CASE WHEN g.state = 'resolved' AND g.i % 5 = 0
                             THEN jsonb_build_object('at', ${sql.raw(iso("g.closed + interval '1 day'"))}, 'generalIssues', 'Issue ' || g.i) END),
           1, now()
      FROM (SELECT i, opened, stage, state,
                   CASE WHEN state = 'open' THEN NULL ELSE opened + (i % 40 + 1) * interval '1 day' END AS closed
              FROM (SELECT i,
                           timestamptz '2026-01-01T08:00:00Z' + (i * (365 * 24 * 3600.0 / ${count})) * interval '1 second' AS opened,
                           i % 4 + 1 AS stage,
                           (ARRAY['open', 'resolved', 'resolved', 'concluded-unresolved', 'withdrawn'])[i % 5 + 1] AS state
                      FROM generate_series(1, ${count}) i) s) g`.execute(db);
  await sql`ANALYZE escalations`.execute(db);
}

async function measure(label: string, target: Parameters<typeof openDatabase<Database>>[0]): Promise<void> {
  const database = await openDatabase<Database>(target);
  try {
    await migrateToLatest(database.db);
    let t0 = performance.now();
    await fill(database);
    line(
      `${label}: stored ${count.toLocaleString('en-GB')} escalations`,
      `${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    const deps = buildDeps(database.db, await loadPacks({}));
    for (const period of ['2026-Q4', '2026-Q4', '2026-11']) {
      t0 = performance.now();
      // This process's CPU time too: PGlite runs in it, and on a shared machine the wall time waits for others.
      const cpu = process.cpuUsage();
      const r = await computeBoardReport(deps, 't', parsePeriod(period));
      const used = process.cpuUsage(cpu);
      line(
        `${label}: report ${period} (${r.raised.toLocaleString('en-GB')} raised, ${r.openAtEnd.toLocaleString('en-GB')} open at end)`,
        `${(performance.now() - t0).toFixed(0)} ms (this process's CPU ${((used.user + used.system) / 1000).toFixed(0)} ms)`,
      );
    }
  } finally {
    await database.close();
  }
}

await measure('embedded PGlite', { kind: 'embedded', dataDir: 'memory' });

const serverUrl = process.env['DATABASE_URL'];
if (serverUrl) {
  // A database of its own (created and dropped here), so the figures start clean.
  const own = await createServerDatabase(serverUrl, 'bench');
  try {
    await measure('PostgreSQL server', {
      kind: 'server',
      url: own.url,
    });
  } finally {
    await own.drop();
  }
} else line('PostgreSQL server', 'skipped (set DATABASE_URL)');

// The tab's bundle as served (minified), and what the charts add to it.
const files = await buildWebFiles();
const tab = files.get('tab/tab.js') ?? Buffer.alloc(0);
line('tab bundle tab.js (minified / gzip)', `${kb(tab.length)} / ${kb(gzipSync(tab).length)}`);
const charts = await build({
  entryPoints: [new URL('../tab/charts.ts', import.meta.url).pathname],
  bundle: true,
  write: false,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2020',
});
const chartBytes = Buffer.from(charts.outputFiles[0]?.contents ?? new Uint8Array());
line(
  'of which the charts (tab/charts.ts, minified / gzip)',
  `${kb(chartBytes.length)} / ${kb(gzipSync(chartBytes).length)}`,
);

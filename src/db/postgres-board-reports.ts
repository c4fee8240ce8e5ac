/**
 * The Board's reports on PostgreSQL: a period's figures in one statement — one pass over the
 * escalations active in the period (kept as a small materialised row each: the stage reached and
 * the earliest deadline missed by the period's end, read from the escalation's stages), then GROUP
 * BY per figure — and the reports as kept (migration 012). London dates come from the database
 * (`AT TIME ZONE 'Europe/London'`); working days are the domain's (board-report.ts).
 */
import { sql, type Kysely } from 'kysely';
import type { KeptBoardReport } from '../app/reports/board-report-store.js';
import type { Store } from '../app/ports.js';
import type { BoardReport, ReportCounts, TrendCounts } from '../domain/reports/board-report.js';
import type { IsoDate } from '../domain/shared/time.js';
import type { Database } from './schema.js';

type Part = Pick<
  Store,
  'boardReportCounts' | 'boardTrendCounts' | 'keepBoardReport' | 'getBoardReport' | 'findBoardReports'
>;

/** Free text listed in a report is capped: a report is a summary, not an export. */
export const REPORT_TEXT_LIMIT = 200;

interface CountsRow {
  raised: string | number;
  open_at_end: string | number;
  by_stage: { stage: number; count: number }[];
  by_nature: { nature: string | null; count: number }[];
  by_agency: { agency: string; count: number }[];
  overdue: { dueOn: string; count: number }[];
  resolutions: { stage: number; openedOn: string; endedOn: string; count: number }[];
  ended: { resolved: number; unresolved: number; withdrawn: number };
  concerns: string[];
  debrief_issues: string[];
  line_manager_reports: { kind: string; count: number }[];
}

export function postgresBoardReports(db: Kysely<Database>): Part {
  return {
    boardReportCounts: (tenantId, start, end) => withoutJit(db, (tx) => reportCounts(tx, tenantId, start, end)),
    boardTrendCounts: (tenantId, periods) => withoutJit(db, (tx) => trendCounts(tx, tenantId, periods)),

    async keepBoardReport(report) {
      const inserted = await db
        .insertInto('board_reports')
        .values({
          tenant_id: report.tenantId,
          id: report.id,
          report_id: report.reportId,
          period: report.period,
          pack_id: report.packId,
          figures: JSON.stringify(report.figures),
          produced_at: report.producedAt,
        })
        .onConflict((c) => c.columns(['tenant_id', 'report_id', 'period']).doNothing())
        .returning('id')
        .executeTakeFirst();
      return inserted !== undefined;
    },

    async getBoardReport(tenantId, id) {
      const row = await db
        .selectFrom('board_reports')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row && keptOf(row);
    },

    async findBoardReports(tenantId, period) {
      const rows = await db
        .selectFrom('board_reports')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('period', '=', period)
        .orderBy('report_id')
        .execute();
      return rows.map(keptOf);
    },
  };
}

/**
 * Runs a report's statements with PostgreSQL's JIT off. Over a quarter of 100,000 escalations the
 * planner's cost passes `jit_above_cost`, and compiling the plan's 140 expressions took about a
 * second on the server — longer than the query itself runs (0.4 s without it). Off for these
 * statements only (`SET LOCAL`, inside a transaction of their own), so no other query changes.
 */
async function withoutJit<T>(db: Kysely<Database>, run: (tx: Kysely<Database>) => Promise<T>): Promise<T> {
  if (db.isTransaction) {
    await sql`SET LOCAL jit = off`.execute(db);
    return run(db);
  }
  return db.transaction().execute(async (tx) => {
    await sql`SET LOCAL jit = off`.execute(tx);
    return run(tx);
  });
}

async function reportCounts(db: Kysely<Database>, tenantId: string, start: string, end: string): Promise<ReportCounts> {
  const s = sql`${start}::timestamptz`;
  const e = sql`${end}::timestamptz`;
  const london = (column: string) => sql.raw(`(${column} AT TIME ZONE 'Europe/London')::date`);
  const { rows } = await sql<CountsRow>`
        WITH active AS MATERIALIZED (
          SELECT x.state, x.opened_at, x.closed_at, x.other_agency, x.data -> 'natures' AS natures,
                 (x.closed_at IS NULL OR x.closed_at >= ${e}) AS open_at_end,
                 CASE WHEN x.state = 'concluded-unresolved' AND x.closed_at < ${e}
                      THEN x.data -> 'outcome' ->> 'outstandingConcerns' END AS concerns,
                 (r.st ->> 'number')::int AS stage_at_end,
                 -- Open at the end with a deadline of that stage passed and not met (a discussion held in time meets a "contact" deadline).
                 CASE WHEN (x.closed_at IS NULL OR x.closed_at >= ${e}) AND r.st -> 'deadlines' <> '[]'::jsonb THEN (
                   SELECT min((dl ->> 'dueAt')::timestamptz) FROM jsonb_array_elements(r.st -> 'deadlines') dl
                    WHERE (dl ->> 'dueAt')::timestamptz < ${e}
                      AND NOT (coalesce(dl ->> 'metBy', '') = 'discussion' AND EXISTS (
                        SELECT 1 FROM jsonb_array_elements(r.st -> 'discussions') d
                         WHERE (d ->> 'heldAt')::timestamptz < ${e}))
                 ) END AS overdue_since
            FROM escalations x
            -- The stage record in force at the period's end: the last one, unless it started later.
            CROSS JOIN LATERAL (SELECT x.data -> 'stages' -> -1 AS last) l
            CROSS JOIN LATERAL (
              SELECT CASE WHEN (l.last ->> 'startedAt')::timestamptz < ${e} THEN l.last
                          ELSE (SELECT g FROM jsonb_array_elements(x.data -> 'stages') g
                                 WHERE (g ->> 'startedAt')::timestamptz < ${e}
                                 ORDER BY (g ->> 'number')::int DESC LIMIT 1) END AS st
            ) r
           WHERE x.tenant_id = ${tenantId} AND x.opened_at < ${e} AND (x.closed_at IS NULL OR x.closed_at >= ${s})
        )
        SELECT
          (SELECT count(*) FROM active WHERE opened_at >= ${s}) AS raised,
          (SELECT count(*) FROM active WHERE open_at_end) AS open_at_end,
          (SELECT coalesce(json_agg(r ORDER BY r.stage), '[]') FROM (
             SELECT stage_at_end AS stage, count(*) AS count FROM active GROUP BY 1) r) AS by_stage,
          (SELECT coalesce(json_agg(r ORDER BY r.count DESC, r.nature), '[]') FROM (
             SELECT n.nature, sum(g.count)::int AS count
               FROM (SELECT natures, count(*) AS count FROM active GROUP BY natures) g
               LEFT JOIN LATERAL jsonb_array_elements_text(g.natures) AS n(nature) ON true
              GROUP BY 1) r) AS by_nature,
          (SELECT coalesce(json_agg(r ORDER BY r.count DESC, r.agency), '[]') FROM (
             SELECT other_agency AS agency, count(*) AS count FROM active GROUP BY 1) r) AS by_agency,
          (SELECT coalesce(json_agg(r ORDER BY r."dueOn"), '[]') FROM (
             SELECT ${london('overdue_since')} AS "dueOn", count(*) AS count
               FROM active WHERE open_at_end AND overdue_since IS NOT NULL GROUP BY 1) r) AS overdue,
          (SELECT coalesce(json_agg(r), '[]') FROM (
             SELECT stage_at_end AS stage, ${london('opened_at')} AS "openedOn", ${london('closed_at')} AS "endedOn",
                    count(*) AS count
               FROM active WHERE closed_at < ${e} AND state IN ('resolved', 'concluded-unresolved')
              GROUP BY 1, 2, 3) r) AS resolutions,
          (SELECT json_build_object(
             'resolved', count(*) FILTER (WHERE state = 'resolved'),
             'unresolved', count(*) FILTER (WHERE state = 'concluded-unresolved'),
             'withdrawn', count(*) FILTER (WHERE state = 'withdrawn'))
             FROM active WHERE closed_at < ${e}) AS ended,
          (SELECT coalesce(json_agg(c.concerns ORDER BY c.closed_at), '[]') FROM (
             SELECT concerns, closed_at FROM active
              WHERE concerns IS NOT NULL AND concerns <> ''
              ORDER BY closed_at LIMIT ${REPORT_TEXT_LIMIT}) c) AS concerns,
          (SELECT coalesce(json_agg(d.issues ORDER BY d.at), '[]') FROM (
             SELECT data -> 'debrief' ->> 'generalIssues' AS issues, (data -> 'debrief' ->> 'at')::timestamptz AS at
               FROM escalations
              WHERE tenant_id = ${tenantId} AND coalesce(data -> 'debrief' ->> 'generalIssues', '') <> ''
                -- The index of migration 012 (ISO text a day either side), then the exact instants.
                AND data -> 'debrief' ->> 'at' >= ${dayBefore(start)} AND data -> 'debrief' ->> 'at' < ${dayAfter(end)}
                AND (data -> 'debrief' ->> 'at')::timestamptz >= ${s} AND (data -> 'debrief' ->> 'at')::timestamptz < ${e}
              ORDER BY 2 LIMIT ${REPORT_TEXT_LIMIT}) d) AS debrief_issues,
          (SELECT coalesce(json_agg(r ORDER BY r.kind), '[]') FROM (
             SELECT kind, count(*) AS count FROM line_manager_reports
              WHERE tenant_id = ${tenantId} AND created_at >= ${s} AND created_at < ${e} GROUP BY kind) r)
            AS line_manager_reports`.execute(db);
  return countsOf(rows[0] as CountsRow);
}

async function trendCounts(
  db: Kysely<Database>,
  tenantId: string,
  periods: readonly { readonly id: string; readonly start: string; readonly end: string }[],
): Promise<TrendCounts[]> {
  const first = periods[0];
  const last = periods[periods.length - 1];
  if (!first || !last) return [];
  // One pass over the escalations of the whole span, a filtered count per period and figure.
  const columns = sql.join(
    periods.map((p) => {
      const s = sql`${p.start}::timestamptz`;
      const e = sql`${p.end}::timestamptz`;
      return sql`count(*) FILTER (WHERE opened_at >= ${s} AND opened_at < ${e}),
                     count(*) FILTER (WHERE closed_at >= ${s} AND closed_at < ${e}),
                     count(*) FILTER (WHERE opened_at < ${e} AND (closed_at IS NULL OR closed_at >= ${e}))`;
    }),
  );
  const { rows } = await sql<{ counts: (string | number)[] }>`
        SELECT ARRAY[${columns}] AS counts FROM escalations
         WHERE tenant_id = ${tenantId} AND opened_at < ${last.end}::timestamptz
           AND (closed_at IS NULL OR closed_at >= ${first.start}::timestamptz)`.execute(db);
  const counts = (rows[0]?.counts ?? []).map(Number);
  return periods.map((p, i) => ({
    periodId: p.id,
    raised: counts[i * 3] ?? 0,
    ended: counts[i * 3 + 1] ?? 0,
    openAtEnd: counts[i * 3 + 2] ?? 0,
  }));
}

/** ISO 8601 text a day before or after an instant, for a range on the stored text that is surely wide enough. */
const dayBefore = (iso: string) => new Date(Date.parse(iso) - 86_400_000).toISOString();
const dayAfter = (iso: string) => new Date(Date.parse(iso) + 86_400_000).toISOString();

function countsOf(r: CountsRow): ReportCounts {
  const n = (v: string | number) => Number(v);
  return {
    raised: n(r.raised),
    openAtEnd: n(r.open_at_end),
    byStage: r.by_stage,
    byNature: r.by_nature.map((x) => ({ nature: x.nature ?? undefined, count: x.count })),
    byAgency: r.by_agency,
    overdueByDueDate: r.overdue.map((x) => ({ dueOn: x.dueOn as IsoDate, count: x.count })),
    resolutions: r.resolutions.map((x) => ({ ...x, openedOn: x.openedOn as IsoDate, endedOn: x.endedOn as IsoDate })),
    ended: r.ended,
    outstandingConcerns: r.concerns,
    debriefIssues: r.debrief_issues,
    lineManagerReports: r.line_manager_reports,
  };
}

function keptOf(row: {
  tenant_id: string;
  id: string;
  report_id: string;
  period: string;
  pack_id: string;
  figures: object;
  produced_at: Date;
}): KeptBoardReport {
  return {
    tenantId: row.tenant_id,
    id: row.id,
    reportId: row.report_id,
    period: row.period,
    packId: row.pack_id,
    figures: row.figures as BoardReport,
    producedAt: row.produced_at.toISOString(),
  };
}

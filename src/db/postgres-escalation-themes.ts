/**
 * The Board's themes counted by the database (GROUP BY on the escalation's columns and its
 * natures), instead of loading and parsing every escalation (issue 12: 1.8 s on PGlite with
 * 100,000 stored). Uses the (tenant_id, state, …) index of migration 011.
 */
import { sql, type Kysely } from 'kysely';
import type { Store } from '../app/ports.js';
import type { Database } from './schema.js';

export function postgresEscalationThemes(db: Kysely<Database>): Pick<Store, 'escalationThemeCounts'> {
  return {
    async escalationThemeCounts(tenantId, now, since) {
      const [stages, natures, agencies, ended] = await Promise.all([
        sql<{ stage: number; count: string; overdue: string }>`
          SELECT stage, count(*) AS count, count(*) FILTER (WHERE next_deadline_at < ${now}::timestamptz) AS overdue
            FROM escalations WHERE tenant_id = ${tenantId} AND state = 'open' GROUP BY stage`.execute(db),
        sql<{ nature: string | null; count: string }>`
          SELECT n.nature, count(*) AS count
            FROM escalations e LEFT JOIN LATERAL jsonb_array_elements_text(e.data -> 'natures') AS n(nature) ON true
           WHERE e.tenant_id = ${tenantId} AND e.state = 'open' GROUP BY n.nature ORDER BY count(*) DESC, n.nature`.execute(
          db,
        ),
        sql<{ agency: string; count: string }>`
          SELECT other_agency AS agency, count(*) AS count FROM escalations
           WHERE tenant_id = ${tenantId} AND state = 'open' GROUP BY other_agency ORDER BY count(*) DESC, other_agency`.execute(
          db,
        ),
        sql<{ state: string; count: string }>`
          SELECT state, count(*) AS count FROM escalations
           WHERE tenant_id = ${tenantId} AND state <> 'open' AND closed_at >= ${since}::timestamptz GROUP BY state`.execute(
          db,
        ),
      ]);
      const n = (v: string | number) => Number(v);
      return {
        open: stages.rows.reduce((sum, r) => sum + n(r.count), 0),
        overdue: stages.rows.reduce((sum, r) => sum + n(r.overdue), 0),
        byStage: stages.rows.map((r) => ({ stage: n(r.stage), count: n(r.count) })),
        byNature: natures.rows.map((r) => ({ nature: r.nature ?? undefined, count: n(r.count) })),
        byAgency: agencies.rows.map((r) => ({ agency: r.agency, count: n(r.count) })),
        ended: ended.rows.map((r) => ({ state: r.state, count: n(r.count) })),
      };
    },
  };
}

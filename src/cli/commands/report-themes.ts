/**
 * `safeguard report themes --tenant T --period 2026-Q4 [--csv FILE]`: the Board's report of a
 * period (issue 10) printed for people, and exported as the same CSV the tab and the email carry.
 */
import { writeFile } from 'node:fs/promises';
import { boardReportCsv } from '../../app/reports/board-report-csv.js';
import { boardReportForAdministrator } from '../../app/reports/board-reports.js';
import type { AppHandle } from '../../composition.js';
import type { BoardReport } from '../../domain/reports/board-report.js';
import { type CliIo, parseOptions, required, UsageError } from '../cli-io.js';

export const REPORT_USAGE = 'safeguard report themes --tenant TENANT_ID --period 2026-Q4|2026-11 [--csv FILE.csv]';

export async function reportCommand(args: readonly string[], io: CliIo, app: AppHandle): Promise<number> {
  const [what, ...rest] = args;
  if (what !== 'themes') throw new UsageError(`report what? "${what ?? ''}"\n${REPORT_USAGE}`);
  const { values } = parseOptions(rest, {
    tenant: { type: 'string' },
    period: { type: 'string' },
    csv: { type: 'string' },
  });
  const tenantId = required(values.tenant, 'tenant');
  if (!(await app.deps.store.getTenant(tenantId)))
    throw new UsageError(`no tenant "${tenantId}" (see: safeguard tenants list)`);
  const { report, kept } = await boardReportForAdministrator(app.deps, tenantId, required(values.period, 'period'));
  io.out(summaryOf(report));
  io.out(
    kept.length
      ? kept.map((k) => `Kept: ${k.title}, produced ${k.producedAt}`).join('\n')
      : 'Not kept: computed now from the records.',
  );
  if (values.csv) {
    await writeFile(values.csv, boardReportCsv(report), { flag: 'wx' });
    io.err(`wrote ${values.csv}`);
  }
  return 0;
}

function summaryOf(r: BoardReport): string {
  const list = (title: string, rows: readonly (readonly [string, number])[]) =>
    rows.length ? [`${title}:`, ...rows.map(([label, n]) => `  ${label}: ${n}`)] : [];
  return [
    `${r.organisation}: escalations report for ${r.period.id} (${r.period.firstDay} to ${r.period.lastDay})`,
    `Raised: ${r.raised}`,
    `Open at the end: ${r.openAtEnd}`,
    `Past a deadline at the end: ${r.overdueAtEnd.count}${r.overdueAtEnd.byWorkingDays.map((o) => `; ${o.count} by ${o.workingDays} working day${o.workingDays === 1 ? '' : 's'}`).join('')}`,
    `Ended: ${r.ended.resolved} resolved, ${r.ended.unresolved} unresolved, ${r.ended.withdrawn} withdrawn`,
    ...list(
      'By stage reached',
      r.byStage.map((s) => [`${s.stage}. ${s.name}`, s.count] as const),
    ),
    ...list(
      'By kind of disagreement',
      r.byNature.map((n) => [n.nature, n.count] as const),
    ),
    ...list(
      'By agency',
      r.byAgency.map((a) => [a.agency, a.count] as const),
    ),
    ...list(
      'Working days to the end (median), by stage at the end',
      r.timeToResolution.map((t) => [`${t.stage}. ${t.name} (${t.ended} ended)`, t.medianWorkingDays] as const),
    ),
    ...list(
      'Line-manager reports',
      r.lineManagerReports.map((l) => [l.kind, l.count] as const),
    ),
    ...(r.outstandingConcerns.length ? ['Outstanding concerns:', ...r.outstandingConcerns.map((c) => `  - ${c}`)] : []),
    ...(r.debriefIssues.length ? ['De-brief general issues:', ...r.debriefIssues.map((c) => `  - ${c}`)] : []),
    `Trend (raised / ended / open at the end): ${r.trend.map((t) => `${t.periodId} ${t.raised}/${t.ended}/${t.openAtEnd}`).join(', ')}`,
  ].join('\n');
}

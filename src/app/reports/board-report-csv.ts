/**
 * A Board report as CSV (RFC 4180): one row per figure — section, item, value — so a spreadsheet
 * can chart or filter it; what the tab and the email show, row for row.
 */
import type { BoardReport } from '../../domain/reports/board-report.js';
import { csvRow } from './csv.js';

export function boardReportCsv(r: BoardReport): string {
  const rows: (readonly [string, string, string | number])[] = [
    ['report', 'organisation', r.organisation],
    ['report', 'board', r.board],
    ['report', 'period', r.period.id],
    ['report', 'from', r.period.firstDay],
    ['report', 'to', r.period.lastDay],
    ['escalations', 'raised', r.raised],
    ['escalations', 'open at period end', r.openAtEnd],
    ['escalations', 'overdue at period end', r.overdueAtEnd.count],
    ...r.overdueAtEnd.byWorkingDays.map((o) => ['overdue by working days', String(o.workingDays), o.count] as const),
    ['ended', 'resolved', r.ended.resolved],
    ['ended', 'unresolved', r.ended.unresolved],
    ['ended', 'withdrawn', r.ended.withdrawn],
    ...r.byStage.map((s) => ['by stage reached', `${s.stage}. ${s.name}`, s.count] as const),
    ...r.byNature.map((n) => ['by kind of disagreement', n.nature, n.count] as const),
    ...r.byAgency.map((a) => ['by agency', a.agency, a.count] as const),
    ...r.timeToResolution.flatMap(
      (t) =>
        [
          ['ended at stage', `${t.stage}. ${t.name}`, t.ended],
          ['mean working days to the end', `${t.stage}. ${t.name}`, t.meanWorkingDays],
          ['median working days to the end', `${t.stage}. ${t.name}`, t.medianWorkingDays],
        ] as const,
    ),
    ...r.lineManagerReports.map((l) => ['line-manager reports', l.kind, l.count] as const),
    ...r.outstandingConcerns.map((c, i) => ['outstanding concerns', String(i + 1), c] as const),
    ...r.debriefIssues.map((c, i) => ['de-brief general issues', String(i + 1), c] as const),
    ...(r.withheld
      ? ([
          ['outstanding concerns', "withheld (the Board's roles only)", r.withheld.outstandingConcerns],
          ['de-brief general issues', "withheld (the Board's roles only)", r.withheld.debriefIssues],
        ] as const)
      : []),
    ...r.trend.flatMap(
      (t) =>
        [
          ['trend: raised', t.periodId, t.raised],
          ['trend: ended', t.periodId, t.ended],
          ['trend: open at period end', t.periodId, t.openAtEnd],
        ] as const,
    ),
  ];
  return csvRow(['section', 'item', 'value']) + rows.map((row) => csvRow(row)).join('');
}

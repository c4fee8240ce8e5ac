/**
 * The Board's reports on the protocol's cadence (issue 10): Stockport s.5 "a report by the
 * Business Manager to the Board … on a quarterly basis"; seAp "Service Complaints Against seAp":
 * monthly to the Senior Management Team, quarterly to commissioners; Tameside 2.3.8 "regular
 * updates to TASPB" (read as quarterly, see the pack). Each report is produced once the first
 * working day after its period has begun, kept once, and sent through the outbox in the same
 * transaction; any period can be read on demand by the Board's roles and the reports' recipients.
 */
import { holdsAnyRole } from '../people/caller-roles.js';
import { boardReport, withoutFreeText, type BoardReport } from '../../domain/reports/board-report.js';
import { isBoardMember } from '../escalations/escalation-queries.js';
import { latestDuePeriod, parsePeriod, periodsUpTo, type ReportPeriod } from '../../domain/reports/report-period.js';
import type { BoardReportRule, ProtocolPack } from '../../domain/protocol/pack-schema.js';
import { ForbiddenError } from '../../domain/shared/errors.js';
import { boardRoles } from '../escalations/escalation-access.js';
import type { AppDeps, Caller } from '../ports.js';
import { tenantContext } from '../tenant-context.js';
import type { KeptBoardReport } from './board-report-store.js';

/** How many periods the trend shows, this one included. */
export const TREND_PERIODS = 4;

/** The Board's roles and every role a report of the pack goes to. */
export function reportReaderRoles(pack: ProtocolPack): string[] {
  return [...new Set([...boardRoles(pack), ...pack.board.reports.flatMap((r) => r.recipients)])];
}

export async function mayReadBoardReports(deps: AppDeps, caller: Caller): Promise<boolean> {
  const { pack } = await tenantContext(deps, caller.tenantId);
  // Assigned on the command line or held through an Entra group mapped to the role.
  return holdsAnyRole(deps, caller, reportReaderRoles(pack));
}

/** The report as sent to a rule's recipients: with its free text only when every recipient role is one of the Board's. */
export function reportForRecipients(
  pack: ProtocolPack,
  rule: BoardReportRule | undefined,
  report: BoardReport,
): BoardReport {
  const board = boardRoles(pack);
  return rule && rule.recipients.every((r) => board.includes(r)) ? report : withoutFreeText(report);
}

/** A period's figures, computed now from the store. */
export async function computeBoardReport(deps: AppDeps, tenantId: string, period: ReportPeriod): Promise<BoardReport> {
  const { pack, calendar } = await tenantContext(deps, tenantId);
  const trendPeriods = periodsUpTo(period, TREND_PERIODS);
  const [counts, trend] = await Promise.all([
    deps.store.boardReportCounts(tenantId, period.start, period.end),
    deps.store.boardTrendCounts(tenantId, trendPeriods),
  ]);
  return boardReport(pack, calendar, period, counts, trend);
}

export interface BoardReportAnswer {
  readonly report: BoardReport;
  /** The pack's reports kept for this period (id, title, when produced); none: computed on demand. */
  readonly kept: readonly { readonly reportId: string; readonly title: string; readonly producedAt: string }[];
}

/**
 * A period's report for someone allowed to read it: as kept at the period's end when it was
 * produced, else computed now (a period in progress, or one no report of the pack covers).
 */
export async function readBoardReport(deps: AppDeps, caller: Caller, periodText: string): Promise<BoardReportAnswer> {
  if (!(await mayReadBoardReports(deps, caller)))
    throw new ForbiddenError("Only the Board's roles and the reports' recipients see the Board's reports.");
  const answer = await boardReportForAdministrator(deps, caller.tenantId, periodText);
  return (await isBoardMember(deps, caller)) ? answer : { ...answer, report: withoutFreeText(answer.report) };
}

/** The same for the administrator at the command line (`safeguard report themes`), who acts for the organisation. */
export async function boardReportForAdministrator(
  deps: AppDeps,
  tenantId: string,
  periodText: string,
): Promise<BoardReportAnswer> {
  const period = parsePeriod(periodText);
  const { pack } = await tenantContext(deps, tenantId);
  const kept = await deps.store.findBoardReports(tenantId, period.id);
  const title = (id: string) => pack.board.reports.find((r) => r.id === id)?.title ?? id;
  return {
    report: kept[0]?.figures ?? (await computeBoardReport(deps, tenantId, period)),
    kept: kept.map((k) => ({ reportId: k.reportId, title: title(k.reportId), producedAt: k.producedAt })),
  };
}

/**
 * For every organisation and every report of its pack: once the first working day after the
 * last period has begun (London time), computes the report and keeps it with its notice to the
 * recipients, in one transaction. The unique (tenant, report, period) makes a second instance's
 * attempt keep nothing and send nothing. Returns the reports this call kept.
 */
export async function produceDueBoardReports(deps: AppDeps): Promise<KeptBoardReport[]> {
  const produced: KeptBoardReport[] = [];
  const now = deps.clock.now();
  for (const tenant of await deps.store.listTenants()) {
    const { pack, calendar } = await tenantContext(deps, tenant.id);
    for (const rule of pack.board.reports) {
      const kept = await produceOnce(deps, tenant.id, pack, rule, latestDuePeriod(rule.frequency, now, calendar));
      if (kept) produced.push(kept);
    }
  }
  return produced;
}

async function produceOnce(
  deps: AppDeps,
  tenantId: string,
  pack: ProtocolPack,
  rule: BoardReportRule,
  period: ReportPeriod,
): Promise<KeptBoardReport | undefined> {
  const existing = await deps.store.findBoardReports(tenantId, period.id);
  if (existing.some((k) => k.reportId === rule.id)) return undefined;
  const figures = await computeBoardReport(deps, tenantId, period);
  const at = deps.clock.now().toISOString();
  const report: KeptBoardReport = {
    tenantId,
    id: deps.newId(),
    reportId: rule.id,
    period: period.id,
    packId: pack.id,
    figures,
    producedAt: at,
  };
  return deps.store.inTransaction(async (store) => {
    if (!(await store.keepBoardReport(report))) return undefined;
    await store.enqueueNotices(
      tenantId,
      { kind: 'board-report', id: report.id },
      [
        {
          key: `board-report:${rule.id}:${period.id}`,
          kind: 'board-report',
          stage: 0,
          audienceRoles: rule.recipients,
        },
      ],
      deps.newId,
      at,
    );
    return report;
  });
}

/** The Board's reports: the period's figures counted by the database, and each period's report as kept. A port of the Store (src/app/ports.ts), beside the use cases that need it. */
import type { BoardReport, ReportCounts, TrendCounts } from '../../domain/reports/board-report.js';

/** A report produced at its period's end, kept once (tenant, report, period). */
export interface KeptBoardReport {
  readonly tenantId: string;
  readonly id: string;
  readonly reportId: string;
  readonly period: string;
  readonly packId: string;
  readonly figures: BoardReport;
  readonly producedAt: string;
}

export interface BoardReportStore {
  /** The figures of [start, end) for one organisation, aggregated in SQL. */
  boardReportCounts(tenantId: string, start: string, end: string): Promise<ReportCounts>;
  /** Raised, ended and open-at-end for each period, in the order given. */
  boardTrendCounts(
    tenantId: string,
    periods: readonly { readonly id: string; readonly start: string; readonly end: string }[],
  ): Promise<TrendCounts[]>;
  /** Keeps the report unless one for (tenant, report, period) exists; true when this call kept it. */
  keepBoardReport(report: KeptBoardReport): Promise<boolean>;
  getBoardReport(tenantId: string, id: string): Promise<KeptBoardReport | undefined>;
  /** The kept reports of a period (any of the pack's reports). */
  findBoardReports(tenantId: string, period: string): Promise<KeptBoardReport[]>;
}

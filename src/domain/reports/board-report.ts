/**
 * The Board's report for a period (Stockport s.5 "LSAB Monitoring": "issues in the escalations …
 * on a quarterly basis"; Tameside 2.3.8 "monitor dispute and escalation themes"; seAp "Service
 * Complaints"): figures the database counts (`ReportCounts`), turned into the report people read —
 * pack labels, working days (UK bank holidays, London dates) and the trend. Pure.
 */
import type { WorkingDayCalendar } from '../calendar/working-day-calendar.js';
import type { ProtocolPack } from '../protocol/pack-schema.js';
import type { IsoDate } from '../shared/time.js';
import { addCalendarDays } from '../calendar/london-time.js';
import type { ReportPeriod } from './report-period.js';

/** What the database counts for one period (GROUP BY; no escalation is loaded). */
export interface ReportCounts {
  /** Raised in the period. */
  readonly raised: number;
  /** Still open when the period ended. */
  readonly openAtEnd: number;
  /** Escalations open at any time in the period, by the stage reached by its end. */
  readonly byStage: readonly { readonly stage: number; readonly count: number }[];
  /** The same escalations by kind of disagreement (an escalation of two kinds counts in both; undefined: none named). */
  readonly byNature: readonly { readonly nature: string | undefined; readonly count: number }[];
  readonly byAgency: readonly { readonly agency: string; readonly count: number }[];
  /** Open at the end with a deadline of their stage missed: by the London date of the earliest missed one. */
  readonly overdueByDueDate: readonly { readonly dueOn: IsoDate; readonly count: number }[];
  /** Ended (resolved or concluded unresolved) in the period: by stage at the end, London dates raised and ended. */
  readonly resolutions: readonly {
    readonly stage: number;
    readonly openedOn: IsoDate;
    readonly endedOn: IsoDate;
    readonly count: number;
  }[];
  readonly ended: { readonly resolved: number; readonly unresolved: number; readonly withdrawn: number };
  /** Concerns left outstanding by the escalations concluded unresolved in the period. */
  readonly outstandingConcerns: readonly string[];
  /** De-brief "general issues" recorded in the period (Stockport s.4). */
  readonly debriefIssues: readonly string[];
  readonly lineManagerReports: readonly { readonly kind: string; readonly count: number }[];
}

export interface TrendCounts {
  readonly periodId: string;
  readonly raised: number;
  readonly ended: number;
  readonly openAtEnd: number;
}

export interface StageTime {
  readonly stage: number;
  readonly name: string;
  readonly ended: number;
  /** Working days from raising to the end, UK bank holidays and weekends left out. */
  readonly meanWorkingDays: number;
  readonly medianWorkingDays: number;
}

export interface BoardReport {
  readonly period: {
    readonly id: string;
    readonly start: string;
    readonly end: string;
    readonly firstDay: IsoDate;
    readonly lastDay: IsoDate;
  };
  readonly organisation: string;
  readonly board: string;
  readonly raised: number;
  readonly openAtEnd: number;
  readonly overdueAtEnd: {
    readonly count: number;
    /** How many UK working days past the missed deadline on the period's last day, and how many escalations. */
    readonly byWorkingDays: readonly { readonly workingDays: number; readonly count: number }[];
  };
  readonly byStage: readonly { readonly stage: number; readonly name: string; readonly count: number }[];
  readonly byNature: readonly { readonly nature: string; readonly count: number }[];
  readonly byAgency: readonly { readonly agency: string; readonly count: number }[];
  readonly timeToResolution: readonly StageTime[];
  readonly ended: ReportCounts['ended'];
  readonly outstandingConcerns: readonly string[];
  readonly debriefIssues: readonly string[];
  readonly lineManagerReports: readonly { readonly kind: string; readonly count: number }[];
  /** The last four periods, oldest first, this one last. */
  readonly trend: readonly TrendCounts[];
  /** Free text left out for a reader outside the Board's roles (how many of each); absent: nothing left out. */
  readonly withheld?: { readonly outstandingConcerns: number; readonly debriefIssues: number } | undefined;
}

/**
 * The report for a reader who holds none of the Board's roles (seAp's commissioners, outside the
 * organisation): counts only — the outstanding concerns and de-brief issues are free text written
 * about cases, so they stay with the Board's roles; how many there were is still shown.
 */
export function withoutFreeText(r: BoardReport): BoardReport {
  if (r.withheld) return r;
  return {
    ...r,
    outstandingConcerns: [],
    debriefIssues: [],
    withheld: { outstandingConcerns: r.outstandingConcerns.length, debriefIssues: r.debriefIssues.length },
  };
}

export function boardReport(
  pack: ProtocolPack,
  calendar: WorkingDayCalendar,
  period: ReportPeriod,
  counts: ReportCounts,
  trend: readonly TrendCounts[],
): BoardReport {
  const lastDay = addCalendarDays(period.nextDay, -1);
  const stageName = (n: number) => pack.escalation.stages.find((s) => s.number === n)?.name ?? `Stage ${n}`;
  const natureLabel = (id: string | undefined) =>
    id === undefined ? 'Not named' : (pack.escalation.disagreementNatures.find((n) => n.id === id)?.label ?? id);
  return {
    period: { id: period.id, start: period.start, end: period.end, firstDay: period.firstDay, lastDay },
    organisation: pack.organisation.name,
    board: pack.board.name,
    raised: counts.raised,
    openAtEnd: counts.openAtEnd,
    overdueAtEnd: overdue(calendar, lastDay, counts.overdueByDueDate),
    byStage: pack.escalation.stages.map((s) => ({
      stage: s.number,
      name: s.name,
      count: counts.byStage.find((c) => c.stage === s.number)?.count ?? 0,
    })),
    byNature: counts.byNature.map((n) => ({ nature: natureLabel(n.nature), count: n.count })),
    byAgency: counts.byAgency,
    timeToResolution: stageTimes(calendar, counts.resolutions, stageName),
    ended: counts.ended,
    outstandingConcerns: counts.outstandingConcerns,
    debriefIssues: counts.debriefIssues,
    lineManagerReports: counts.lineManagerReports,
    trend,
  };
}

function overdue(
  calendar: WorkingDayCalendar,
  lastDay: IsoDate,
  byDueDate: ReportCounts['overdueByDueDate'],
): BoardReport['overdueAtEnd'] {
  const byDays = new Map<number, number>();
  for (const { dueOn, count } of byDueDate) {
    const days = calendar.workingDaysBetween(dueOn, lastDay);
    byDays.set(days, (byDays.get(days) ?? 0) + count);
  }
  return {
    count: byDueDate.reduce((sum, d) => sum + d.count, 0),
    byWorkingDays: [...byDays].sort(([a], [b]) => a - b).map(([workingDays, count]) => ({ workingDays, count })),
  };
}

function stageTimes(
  calendar: WorkingDayCalendar,
  resolutions: ReportCounts['resolutions'],
  stageName: (n: number) => string,
): StageTime[] {
  const byStage = new Map<number, { days: number; count: number }[]>();
  for (const r of resolutions) {
    const days = calendar.workingDaysBetween(r.openedOn, r.endedOn);
    byStage.set(r.stage, [...(byStage.get(r.stage) ?? []), { days, count: r.count }]);
  }
  return [...byStage]
    .sort(([a], [b]) => a - b)
    .map(([stage, groups]) => {
      const ended = groups.reduce((sum, g) => sum + g.count, 0);
      const total = groups.reduce((sum, g) => sum + g.days * g.count, 0);
      return {
        stage,
        name: stageName(stage),
        ended,
        meanWorkingDays: Math.round((total / ended) * 10) / 10,
        medianWorkingDays: median(groups, ended),
      };
    });
}

/** The median of grouped values (the lower middle for an even count). */
function median(groups: readonly { days: number; count: number }[], total: number): number {
  const sorted = [...groups].sort((a, b) => a.days - b.days);
  let seen = 0;
  for (const g of sorted) {
    seen += g.count;
    if (seen * 2 >= total) return g.days;
  }
  return 0;
}

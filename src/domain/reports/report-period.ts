/**
 * Calendar periods of the Board's reports — a month ("2026-11") or a quarter ("2026-Q4") — in
 * London time: a period starts at 00:00 London on its first day and ends (exclusive) at 00:00
 * London on the first day of the next. Pure.
 */
import { londonDateOf, londonInstant } from '../calendar/london-time.js';
import type { WorkingDayCalendar } from '../calendar/working-day-calendar.js';
import { ValidationError } from '../shared/errors.js';
import { wallTime, type IsoDate } from '../shared/time.js';

export const REPORT_FREQUENCIES = ['monthly', 'quarterly'] as const;
export type ReportFrequency = (typeof REPORT_FREQUENCIES)[number];

export interface ReportPeriod {
  /** "2026-Q4" or "2026-11". */
  readonly id: string;
  readonly frequency: ReportFrequency;
  readonly year: number;
  /** 1–12 for a month, 1–4 for a quarter. */
  readonly index: number;
  /** First London date in the period. */
  readonly firstDay: IsoDate;
  /** First London date after the period. */
  readonly nextDay: IsoDate;
  /** Instants (ISO 8601, UTC): [start, end). */
  readonly start: string;
  readonly end: string;
}

const PERIOD = /^([0-9]{4})-(?:Q([1-4])|(0[1-9]|1[0-2]))$/;
const MIDNIGHT = wallTime('00:00');

/** True when `text` names a period ("2026-Q4", "2026-11"). */
export function isPeriodId(text: string): boolean {
  return PERIOD.test(text);
}

/**
 * @example parsePeriod('2026-Q4').start // "2026-10-01T00:00:00.000Z" (BST ended 25 Oct: 1 Oct 00:00 London = 30 Sep 23:00Z)
 */
export function parsePeriod(text: string): ReportPeriod {
  const m = PERIOD.exec(text);
  if (!m) throw new ValidationError(`period: "${text}" is not a month (2026-11) or a quarter (2026-Q4)`);
  const year = Number(m[1]);
  return m[2] ? periodOf('quarterly', year, Number(m[2])) : periodOf('monthly', year, Number(m[3]));
}

export function periodOf(frequency: ReportFrequency, year: number, index: number): ReportPeriod {
  const months = frequency === 'quarterly' ? 3 : 1;
  const firstMonth = (index - 1) * months + 1;
  const firstDay = dateOf(year, firstMonth);
  const nextDay = firstMonth + months > 12 ? dateOf(year + 1, 1) : dateOf(year, firstMonth + months);
  const id = frequency === 'quarterly' ? `${year}-Q${index}` : `${year}-${String(index).padStart(2, '0')}`;
  return {
    id,
    frequency,
    year,
    index,
    firstDay,
    nextDay,
    start: londonInstant(firstDay, MIDNIGHT).toISOString(),
    end: londonInstant(nextDay, MIDNIGHT).toISOString(),
  };
}

/** The period of `frequency` that contains `instant` (London date). */
export function periodContaining(frequency: ReportFrequency, instant: Date): ReportPeriod {
  const [y, m] = londonDateOf(instant).split('-').map(Number) as [number, number];
  return periodOf(frequency, y, frequency === 'quarterly' ? Math.ceil(m / 3) : m);
}

/** The period before `period` (the same frequency). */
export function previousPeriod(period: ReportPeriod): ReportPeriod {
  const last = period.frequency === 'quarterly' ? 4 : 12;
  return period.index === 1
    ? periodOf(period.frequency, period.year - 1, last)
    : periodOf(period.frequency, period.year, period.index - 1);
}

/** `count` periods ending with `period`, oldest first (the trend). */
export function periodsUpTo(period: ReportPeriod, count: number): ReportPeriod[] {
  const periods = [period];
  while (periods.length < count) periods.unshift(previousPeriod(periods[0] as ReportPeriod));
  return periods;
}

/**
 * When a period's report is due: the start (London, the working day's start) of the first UK
 * working day after the period ends. Q4 2026 → Mon 4 Jan 2027 09:00 (1 Jan a bank holiday, then the weekend).
 */
export function reportDueAt(period: ReportPeriod, calendar: WorkingDayCalendar): Date {
  const day = calendar.isWorkingDay(period.nextDay) ? period.nextDay : calendar.nextWorkingDay(period.nextDay);
  return londonInstant(day, calendar.workingDayStart);
}

/**
 * The last period of `frequency` whose report is due by `now`: the period before the current one
 * once its due moment has come, else the one before that.
 */
export function latestDuePeriod(frequency: ReportFrequency, now: Date, calendar: WorkingDayCalendar): ReportPeriod {
  const last = previousPeriod(periodContaining(frequency, now));
  return reportDueAt(last, calendar).getTime() <= now.getTime() ? last : previousPeriod(last);
}

function dateOf(year: number, month: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-01` as IsoDate;
}

/**
 * UK working days: Monday to Friday, less the nation's bank holidays (substitute days included)
 * and the organisation's own closure days. Deadlines fall at the end of the working day, London
 * time. Pure: the bank-holiday table is injected as data.
 */
import type { Nation } from '../shared/nation.js';
import { isIsoDate, wallTime, type IsoDate, type WallTime } from '../shared/time.js';
import { addCalendarDays, londonDateOf, londonInstant, londonWallTimeOf, weekdayOf } from './london-time.js';

export interface BankHoliday {
  readonly date: IsoDate;
  readonly name: string;
}

/** Supplies the bank holidays of a nation for a year (data, injected so the domain stays pure). */
export type BankHolidayLookup = (nation: Nation, year: number) => readonly BankHoliday[];

export interface CalendarOptions {
  readonly nation: Nation;
  readonly bankHolidays: BankHolidayLookup;
  readonly closureDays?: readonly IsoDate[];
  readonly workingDayStart?: WallTime;
  readonly workingDayEnd?: WallTime;
}

export type NonWorkingReason = { readonly kind: 'weekend' } | { readonly kind: 'bank-holiday'; readonly name: string } | { readonly kind: 'closure-day' };

export interface WorkingDayCalendar {
  readonly nation: Nation;
  readonly workingDayStart: WallTime;
  readonly workingDayEnd: WallTime;
  isWorkingDay(date: IsoDate): boolean;
  nonWorkingReason(date: IsoDate): NonWorkingReason | undefined;
  /** The first working day strictly after `date`. */
  nextWorkingDay(date: IsoDate): IsoDate;
  /** Counts `days` working days strictly after `from`; 0 gives `from` if it is a working day, else the next one. */
  addWorkingDays(from: IsoDate, days: number): IsoDate;
  /** Working days in (from, to]. */
  workingDaysBetween(from: IsoDate, to: IsoDate): number;
  /** The instant the working day ends on `date`, London time. */
  endOfWorkingDay(date: IsoDate): Date;
  /** N working days after the London date of `start`, at the end of that working day. */
  workingDaysDeadline(start: Date, days: number): Date;
  /** "The same working day" (Tameside 2.3.3, Stockport s.1): today's end if still within today's working day, else the next working day's. */
  sameWorkingDayDeadline(at: Date): Date;
  /** "Within N hours" (Tameside 2.3.3: 48 hours): elapsed hours, not working hours. */
  withinHoursDeadline(at: Date, hours: number): Date;
}

// A safety bound: no real deadline runs this far, and it stops a loop on a bad calendar.
const MAX_SCAN_DAYS = 3660;

export function createWorkingDayCalendar(options: CalendarOptions): WorkingDayCalendar {
  const { nation } = options;
  const workingDayStart = options.workingDayStart ?? wallTime('09:00');
  const workingDayEnd = options.workingDayEnd ?? wallTime('17:00');
  const closures = new Set(options.closureDays ?? []);
  const byYear = new Map<number, Map<string, string>>();
  const holidays = (year: number) => {
    let table = byYear.get(year);
    if (!table) {
      table = new Map(options.bankHolidays(nation, year).map((h) => [h.date as string, h.name]));
      byYear.set(year, table);
    }
    return table;
  };
  const requireDate = (date: string) => {
    if (!isIsoDate(date)) throw new RangeError(`"${date}" is not a date in the form YYYY-MM-DD`);
  };
  const nonWorkingReason = (date: IsoDate): NonWorkingReason | undefined => {
    requireDate(date);
    const day = weekdayOf(date);
    if (day === 0 || day === 6) return { kind: 'weekend' };
    const name = holidays(Number(date.slice(0, 4))).get(date);
    if (name !== undefined) return { kind: 'bank-holiday', name };
    return closures.has(date) ? { kind: 'closure-day' } : undefined;
  };
  const isWorkingDay = (date: IsoDate) => nonWorkingReason(date) === undefined;
  const nextWorkingDay = (date: IsoDate): IsoDate => {
    let day = addCalendarDays(date, 1);
    for (let i = 0; !isWorkingDay(day); i += 1) {
      if (i > MAX_SCAN_DAYS) throw new RangeError(`no working day within ten years after ${date}`);
      day = addCalendarDays(day, 1);
    }
    return day;
  };
  const addWorkingDays = (from: IsoDate, days: number): IsoDate => {
    requireDate(from);
    if (!Number.isInteger(days) || days < 0) throw new RangeError(`working days must be a whole number, 0 or more (got ${days})`);
    if (days > MAX_SCAN_DAYS) throw new RangeError(`${days} working days is beyond what a protocol deadline can be`);
    if (days === 0) return isWorkingDay(from) ? from : nextWorkingDay(from);
    let day = from;
    for (let i = 0; i < days; i += 1) day = nextWorkingDay(day);
    return day;
  };
  // Deadlines cluster on few dates; converting each London date once keeps sweeps cheap.
  const ends = new Map<string, number>();
  const endOfWorkingDay = (date: IsoDate): Date => {
    let end = ends.get(date);
    if (end === undefined) {
      end = londonInstant(date, workingDayEnd).getTime();
      ends.set(date, end);
    }
    return new Date(end);
  };
  return {
    nation, workingDayStart, workingDayEnd, isWorkingDay, nonWorkingReason, nextWorkingDay, addWorkingDays, endOfWorkingDay,
    workingDaysBetween(from, to) {
      requireDate(from);
      requireDate(to);
      let count = 0;
      for (let day = addCalendarDays(from, 1); day <= to; day = addCalendarDays(day, 1)) if (isWorkingDay(day)) count += 1;
      return count;
    },
    workingDaysDeadline: (start, days) => endOfWorkingDay(addWorkingDays(londonDateOf(start), days)),
    sameWorkingDayDeadline(at) {
      const today = londonDateOf(at);
      const stillToday = isWorkingDay(today) && londonWallTimeOf(at) < workingDayEnd;
      return endOfWorkingDay(stillToday ? today : nextWorkingDay(today));
    },
    withinHoursDeadline(at, hours) {
      if (!Number.isFinite(hours) || hours <= 0) throw new RangeError(`hours must be more than 0 (got ${hours})`);
      return new Date(at.getTime() + hours * 3_600_000);
    },
  };
}

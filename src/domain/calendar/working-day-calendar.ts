/**
 * UK working days: Monday to Friday, less the nation's bank holidays (substitute days included)
 * and the organisation's own closure days. Deadlines fall at the end of the working day, London
 * time. Pure: the bank-holiday table is injected as data.
 */
import type { Nation } from '../shared/nation.js';
import { isIsoDate, wallTime, type IsoDate, type WallTime } from '../shared/time.js';
import { addCalendarDays, isWeekend, londonDateOf, londonInstant, londonWallTimeOf } from './london-time.js';

export interface BankHoliday {
  readonly date: IsoDate;
  readonly name: string;
}

/** Supplies the bank holidays of a nation for a year (data, injected so the domain stays pure). */
export type BankHolidayLookup = (nation: Nation, year: number) => readonly BankHoliday[];

export interface CalendarOptions {
  readonly nation: Nation;
  readonly bankHolidays: BankHolidayLookup;
  /** An organisation's own closure days (e.g. a staff training day); not working days. */
  readonly closureDays?: readonly IsoDate[];
  /** Default '09:00'. */
  readonly workingDayStart?: WallTime;
  /** Default '17:00'; must be after the start. Deadlines fall at this time, London time. */
  readonly workingDayEnd?: WallTime;
}

export type NonWorkingReason =
  | { readonly kind: 'weekend' }
  | { readonly kind: 'bank-holiday'; readonly name: string }
  | { readonly kind: 'closure-day' };

export interface WorkingDayCalendar {
  readonly nation: Nation;
  readonly workingDayStart: WallTime;
  readonly workingDayEnd: WallTime;
  isWorkingDay(date: IsoDate): boolean;
  nonWorkingReason(date: IsoDate): NonWorkingReason | undefined;
  /** The first working day strictly after `date`. */
  nextWorkingDay(date: IsoDate): IsoDate;
  /** Counts `days` working days strictly after `from`; 0 gives `from` if it is a working day, else the next one. Negative or fractional `days` → RangeError. */
  addWorkingDays(from: IsoDate, days: number): IsoDate;
  /** Working days in (from, to]; 0 when `to` is not after `from`. */
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

function requireDate(date: string): asserts date is IsoDate {
  if (!isIsoDate(date)) throw new RangeError(`"${date}" is not a date in the form YYYY-MM-DD`);
}

function requireInstant(at: Date): void {
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) throw new RangeError('not a valid instant (Invalid Date)');
}

/** Checks the organisation's settings once, so a bad value fails at start-up, not at a deadline. */
function workingHours(options: CalendarOptions): { start: WallTime; end: WallTime } {
  const start = wallTime(options.workingDayStart ?? '09:00');
  const end = wallTime(options.workingDayEnd ?? '17:00');
  // "HH:MM" strings order as times do.
  if (end <= start) throw new RangeError(`the working day must end after it starts (${start}–${end})`);
  return { start, end };
}

export function createWorkingDayCalendar(options: CalendarOptions): WorkingDayCalendar {
  const { nation } = options;
  const { start: workingDayStart, end: workingDayEnd } = workingHours(options);
  for (const day of options.closureDays ?? []) requireDate(day);
  const closures = new Set<string>(options.closureDays ?? []);
  const holidays = memoisedHolidays(options.bankHolidays, nation);

  const nonWorkingReason = (date: IsoDate): NonWorkingReason | undefined => {
    requireDate(date);
    if (isWeekend(date)) return { kind: 'weekend' };
    const name = holidays(Number(date.slice(0, 4))).get(date);
    if (name !== undefined) return { kind: 'bank-holiday', name };
    return closures.has(date) ? { kind: 'closure-day' } : undefined;
  };
  const isWorkingDay = (date: IsoDate) => nonWorkingReason(date) === undefined;
  const nextWorkingDay = (date: IsoDate): IsoDate => {
    requireDate(date);
    let day = addCalendarDays(date, 1);
    for (let i = 0; !isWorkingDay(day); i += 1) {
      if (i > MAX_SCAN_DAYS) throw new RangeError(`no working day within ten years after ${date}`);
      day = addCalendarDays(day, 1);
    }
    return day;
  };
  const addWorkingDays = (from: IsoDate, days: number): IsoDate => {
    requireDate(from);
    if (!Number.isInteger(days) || days < 0)
      throw new RangeError(`working days must be a whole number, 0 or more (got ${days})`);
    if (days > MAX_SCAN_DAYS) throw new RangeError(`${days} working days is beyond what a protocol deadline can be`);
    if (days === 0) return isWorkingDay(from) ? from : nextWorkingDay(from);
    let day = from;
    for (let i = 0; i < days; i += 1) day = nextWorkingDay(day);
    return day;
  };
  // Deadlines cluster on few dates; converting each London date once keeps sweeps cheap.
  const ends = new Map<string, number>();
  const endOfWorkingDay = (date: IsoDate): Date => {
    requireDate(date);
    let end = ends.get(date);
    if (end === undefined) {
      end = londonInstant(date, workingDayEnd).getTime();
      ends.set(date, end);
    }
    return new Date(end);
  };
  return {
    nation,
    workingDayStart,
    workingDayEnd,
    isWorkingDay,
    nonWorkingReason,
    nextWorkingDay,
    addWorkingDays,
    endOfWorkingDay,
    workingDaysBetween(from, to) {
      requireDate(from);
      requireDate(to);
      // (from, to] is empty when `to` is not after `from`: no working days have passed.
      let count = 0;
      for (let day = addCalendarDays(from, 1); day <= to; day = addCalendarDays(day, 1))
        if (isWorkingDay(day)) count += 1;
      return count;
    },
    // Tameside protocol (003_9f39807ed5a4a730.txt) 3.2: stage 2 "within 5 working days", stage 3
    // "within 10 working days" — counted from the London date the stage began.
    workingDaysDeadline(start, days) {
      requireInstant(start);
      return endOfWorkingDay(addWorkingDays(londonDateOf(start), days));
    },
    // Tameside protocol (003_9f39807ed5a4a730.txt) 2.3.3 "the same working day"; Stockport policy
    // (004_0dc7e94071fd648b.txt) s.1 "on the same working day". A concern raised after hours or
    // on a day off cannot be acted on that day, so it runs to the end of the next working day.
    sameWorkingDayDeadline(at) {
      requireInstant(at);
      const today = londonDateOf(at);
      const stillToday = isWorkingDay(today) && londonWallTimeOf(at) < workingDayEnd;
      return endOfWorkingDay(stillToday ? today : nextWorkingDay(today));
    },
    // Tameside protocol (003_9f39807ed5a4a730.txt) 2.3.3 "within 48 hours": elapsed time, so the
    // clock change neither adds nor removes an hour and weekends are not skipped.
    withinHoursDeadline(at, hours) {
      requireInstant(at);
      if (!Number.isFinite(hours) || hours <= 0) throw new RangeError(`hours must be more than 0 (got ${hours})`);
      return new Date(at.getTime() + hours * 3_600_000);
    },
  };
}

/** The injected lookup, asked at most once per year for this calendar's nation. */
function memoisedHolidays(lookup: BankHolidayLookup, nation: Nation): (year: number) => ReadonlyMap<string, string> {
  const byYear = new Map<number, ReadonlyMap<string, string>>();
  return (year) => {
    let table = byYear.get(year);
    if (!table) {
      table = new Map(lookup(nation, year).map((h) => [h.date as string, h.name]));
      byYear.set(year, table);
    }
    return table;
  };
}

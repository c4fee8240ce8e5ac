/**
 * UK bank holidays from the maintained `date-holidays` package, filtered to the official lists:
 * types `public` and `bank`, weekdays only (the package also returns the weekend original of a
 * substituted day, e.g. Saturday 26 December 2026, which is not a day off in addition to the
 * Monday substitute). Dates come from its `date` string, never `start`, which depends on the
 * process time zone. `date-holidays` ships an ESM build (`exports.import`), so the default import
 * works under Node ESM and jest alike.
 */
import Holidays from 'date-holidays';
import {
  createWorkingDayCalendar,
  type BankHoliday,
  type BankHolidayLookup,
  type WorkingDayCalendar,
} from '../domain/calendar/working-day-calendar.js';
import { isWeekend } from '../domain/calendar/london-time.js';
import type { Nation } from '../domain/shared/nation.js';
import type { IsoDate, WallTime } from '../domain/shared/time.js';

// England and Wales share one list; date-holidays' WLS region gives the same days as ENG
// (checked in test/unit/calendar/bank-holidays.test.ts).
const REGION: Record<Nation, string> = { 'england-and-wales': 'ENG', scotland: 'SCT', 'northern-ireland': 'NIR' };
const OFFICIAL_TYPES = new Set(['public', 'bank']);

const sources = new Map<Nation, Holidays>();
const cache = new Map<string, readonly BankHoliday[]>();

export const ukBankHolidays: BankHolidayLookup = (nation, year) => {
  const key = `${nation}:${year}`;
  let list = cache.get(key);
  if (!list) {
    let source = sources.get(nation);
    if (!source) {
      source = new Holidays('GB', REGION[nation]);
      sources.set(nation, source);
    }
    list = Object.freeze(
      source
        .getHolidays(year)
        .filter((h) => OFFICIAL_TYPES.has(h.type))
        .map((h) => ({ date: h.date.slice(0, 10) as IsoDate, name: h.name }))
        .filter((h) => !isWeekend(h.date)),
    );
    cache.set(key, list);
  }
  return list;
};

export interface UkCalendarOptions {
  readonly closureDays?: readonly IsoDate[];
  readonly workingDayStart?: WallTime;
  readonly workingDayEnd?: WallTime;
}

/** A working-day calendar for a UK nation, with an organisation's closure days and hours. */
export function createUkCalendar(nation: Nation, options: UkCalendarOptions = {}): WorkingDayCalendar {
  return createWorkingDayCalendar({ nation, bankHolidays: ukBankHolidays, ...options });
}

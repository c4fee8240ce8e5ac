import { execFileSync } from 'node:child_process';
import { createUkCalendar, ukBankHolidays } from '../../../src/calendar/date-holidays-source.js';
import { addCalendarDays, londonInstant, weekdayOf } from '../../../src/domain/calendar/london-time.js';
import { NATIONS } from '../../../src/domain/shared/nation.js';
import { isoDate, wallTime } from '../../../src/domain/shared/time.js';
import { OFFICIAL_BANK_HOLIDAYS } from '../../fixtures/uk-bank-holidays-2025-2027.js';

const d = isoDate;
const ew = createUkCalendar('england-and-wales');

describe('bank holidays match the official gov.uk lists for 2025–2027', () => {
  for (const nation of NATIONS) {
    for (const year of [2025, 2026, 2027]) {
      test(`${nation} ${year}`, () => {
        expect(ukBankHolidays(nation, year).map((h) => h.date)).toEqual(OFFICIAL_BANK_HOLIDAYS[nation][year]);
      });
    }
  }

  test('every bank holiday is not a working day, and the ordinary weekdays either side are', () => {
    for (const nation of NATIONS) {
      const calendar = createUkCalendar(nation);
      const all = new Set(Object.values(OFFICIAL_BANK_HOLIDAYS[nation]).flat());
      for (const day of all) {
        expect([nation, day, calendar.isWorkingDay(d(day))]).toEqual([nation, day, false]);
        for (const side of [addCalendarDays(d(day), -1), addCalendarDays(d(day), 1)]) {
          const ordinary = weekdayOf(side) % 6 !== 0 && !all.has(side);
          if (ordinary) expect([nation, side, calendar.isWorkingDay(side)]).toEqual([nation, side, true]);
        }
      }
    }
  });

  test('substitute days: Monday 28 Dec 2026 is off, Saturday 26 Dec is a weekend, not a bank holiday', () => {
    expect(ew.nonWorkingReason(d('2026-12-28'))).toEqual({ kind: 'bank-holiday', name: expect.stringMatching(/Boxing Day/i) });
    expect(ew.nonWorkingReason(d('2026-12-26'))).toEqual({ kind: 'weekend' });
    expect(createUkCalendar('scotland').nonWorkingReason(d('2027-01-04'))?.kind).toBe('bank-holiday');
  });
});

describe('adding working days', () => {
  test('across Christmas and New Year: 10 working days from Friday 19 December 2025', () => {
    expect(ew.addWorkingDays(d('2025-12-19'), 10)).toBe('2026-01-07');
    // Scotland also closes on 2 January.
    expect(createUkCalendar('scotland').addWorkingDays(d('2025-12-19'), 10)).toBe('2026-01-08');
    expect(createUkCalendar('northern-ireland').addWorkingDays(d('2025-12-19'), 10)).toBe('2026-01-07');
  });

  test('across Easter 2026 (Good Friday and Easter Monday in England; only Good Friday in Scotland)', () => {
    expect(ew.addWorkingDays(d('2026-04-02'), 1)).toBe('2026-04-07');
    expect(createUkCalendar('scotland').addWorkingDays(d('2026-04-02'), 1)).toBe('2026-04-06');
  });

  test('an organisation\'s closure day counts as a non-working day', () => {
    const closed = createUkCalendar('england-and-wales', { closureDays: [d('2025-12-24')] });
    expect(closed.nonWorkingReason(d('2025-12-24'))).toEqual({ kind: 'closure-day' });
    expect(closed.addWorkingDays(d('2025-12-19'), 10)).toBe('2026-01-08');
  });

  test('0 days is the same day when it is a working day, else the next one; counting between dates agrees', () => {
    expect(ew.addWorkingDays(d('2026-11-25'), 0)).toBe('2026-11-25');
    expect(ew.addWorkingDays(d('2026-11-28'), 0)).toBe('2026-11-30');
    expect(ew.workingDaysBetween(d('2025-12-19'), d('2026-01-07'))).toBe(10);
  });

  test('bad input is a RangeError that says what is wrong', () => {
    expect(() => ew.addWorkingDays(d('2026-11-25'), -1)).toThrow(/whole number/);
    expect(() => ew.addWorkingDays(d('2026-11-25'), 1.5)).toThrow(RangeError);
    expect(() => ew.isWorkingDay('2026-02-30' as never)).toThrow(/YYYY-MM-DD/);
  });
});

describe('deadlines in Europe/London time across the clock changes', () => {
  test('end of working day is 17:00 BST (16:00Z) before 25 Oct 2026 and 17:00 GMT after', () => {
    expect(ew.endOfWorkingDay(d('2026-10-23')).toISOString()).toBe('2026-10-23T16:00:00.000Z');
    expect(ew.endOfWorkingDay(d('2026-10-26')).toISOString()).toBe('2026-10-26T17:00:00.000Z');
    expect(ew.workingDaysDeadline(new Date('2026-03-27T12:00:00Z'), 1).toISOString()).toBe('2026-03-30T16:00:00.000Z');
  });

  test('"the same working day": before, after the end, Friday evening, a bank holiday, the day the clocks change', () => {
    expect(ew.sameWorkingDayDeadline(new Date('2026-11-25T10:00:00Z')).toISOString()).toBe('2026-11-25T17:00:00.000Z');
    expect(ew.sameWorkingDayDeadline(new Date('2026-11-25T17:30:00Z')).toISOString()).toBe('2026-11-26T17:00:00.000Z');
    expect(ew.sameWorkingDayDeadline(new Date('2026-11-27T18:00:00Z')).toISOString()).toBe('2026-11-30T17:00:00.000Z');
    expect(ew.sameWorkingDayDeadline(new Date('2026-12-28T10:00:00Z')).toISOString()).toBe('2026-12-29T17:00:00.000Z');
    expect(ew.sameWorkingDayDeadline(new Date('2026-10-25T10:00:00Z')).toISOString()).toBe('2026-10-26T17:00:00.000Z');
    // 16:30 BST on Friday 23 Oct is still within that working day.
    expect(ew.sameWorkingDayDeadline(new Date('2026-10-23T15:30:00Z')).toISOString()).toBe('2026-10-23T16:00:00.000Z');
  });

  test('a configured end of working day moves same-day deadlines', () => {
    const early = createUkCalendar('england-and-wales', { workingDayEnd: wallTime('16:00') });
    expect(early.sameWorkingDayDeadline(new Date('2026-11-25T16:30:00Z')).toISOString()).toBe('2026-11-26T16:00:00.000Z');
  });

  test('"within 48 hours" is 48 elapsed hours, even across the autumn clock change', () => {
    expect(ew.withinHoursDeadline(new Date('2026-10-24T09:00:00Z'), 48).toISOString()).toBe('2026-10-26T09:00:00.000Z');
    expect(() => ew.withinHoursDeadline(new Date(), 0)).toThrow(RangeError);
  });

  test('London wall times in the autumn fold take the earlier instant', () => {
    expect(londonInstant(d('2026-10-25'), wallTime('01:30')).toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(londonInstant(d('2026-07-01'), wallTime('09:00')).toISOString()).toBe('2026-07-01T08:00:00.000Z');
  });

  test('results do not depend on the server\'s time zone', () => {
    const script = "import { createUkCalendar } from './src/calendar/date-holidays-source.ts';" +
      "const c = createUkCalendar('england-and-wales');" +
      "console.log([c.addWorkingDays('2025-12-19', 10), c.sameWorkingDayDeadline(new Date('2026-10-23T15:30:00Z')).toISOString(), c.endOfWorkingDay('2026-10-26').toISOString()].join(' '));";
    for (const TZ of ['America/New_York', 'Pacific/Auckland', 'UTC']) {
      const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { env: { ...process.env, TZ }, cwd: process.cwd() }).toString().trim();
      expect([TZ, out]).toEqual([TZ, '2026-01-07 2026-10-23T16:00:00.000Z 2026-10-26T17:00:00.000Z']);
    }
  });
});

import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createUkCalendar } from '../../../src/calendar/date-holidays-source.js';
import {
  addCalendarDays,
  londonDateOf,
  londonInstant,
  londonWallTimeOf,
  weekdayOf,
} from '../../../src/domain/calendar/london-time.js';
import { createWorkingDayCalendar, type BankHolidayLookup } from '../../../src/domain/calendar/working-day-calendar.js';
import { NATIONS } from '../../../src/domain/shared/nation.js';
import { isoDate, wallTime } from '../../../src/domain/shared/time.js';
import { OFFICIAL_BANK_HOLIDAYS } from '../../fixtures/uk-bank-holidays-2025-2027.js';

const d = isoDate;
const at = (iso: string) => new Date(iso);
const ew = createUkCalendar('england-and-wales');
const scotland = createUkCalendar('scotland');
const ni = createUkCalendar('northern-ireland');

describe('which days are working days', () => {
  test('every bank holiday 2025–2027 is not a working day, and the ordinary weekdays either side are', () => {
    for (const nation of NATIONS) {
      const calendar = createUkCalendar(nation);
      const all = new Set(Object.values(OFFICIAL_BANK_HOLIDAYS[nation]).flat());
      for (const day of all) {
        expect([nation, day, calendar.nonWorkingReason(d(day))?.kind]).toEqual([nation, day, 'bank-holiday']);
        for (const side of [addCalendarDays(d(day), -1), addCalendarDays(d(day), 1)]) {
          const ordinary = weekdayOf(side) % 6 !== 0 && !all.has(side);
          if (ordinary) expect([nation, side, calendar.isWorkingDay(side)]).toEqual([nation, side, true]);
        }
      }
    }
  });

  test('substitute days: Monday 28 Dec 2026 is off, Saturday 26 Dec is a weekend, not a bank holiday', () => {
    expect(ew.nonWorkingReason(d('2026-12-28'))).toEqual({
      kind: 'bank-holiday',
      name: expect.stringMatching(/Boxing Day/i),
    });
    expect(ew.nonWorkingReason(d('2026-12-26'))).toEqual({ kind: 'weekend' });
    expect(scotland.nonWorkingReason(d('2027-01-04'))?.kind).toBe('bank-holiday');
    expect(ni.nonWorkingReason(d('2025-07-14'))?.kind).toBe('bank-holiday');
    expect(ni.nonWorkingReason(d('2025-07-12'))).toEqual({ kind: 'weekend' });
  });

  test('weekends are not working days; ordinary weekdays are', () => {
    expect(ew.nonWorkingReason(d('2026-11-28'))).toEqual({ kind: 'weekend' });
    expect(ew.nonWorkingReason(d('2026-11-29'))).toEqual({ kind: 'weekend' });
    expect(ew.nonWorkingReason(d('2026-11-30'))).toBeUndefined();
    expect(ew.nextWorkingDay(d('2026-11-27'))).toBe('2026-11-30');
    // The same Monday is St Andrew's Day in Scotland.
    expect(scotland.nextWorkingDay(d('2026-11-27'))).toBe('2026-12-01');
  });

  test("an organisation's closure days are not working days; a bank holiday or weekend keeps its own reason", () => {
    const closed = createUkCalendar('england-and-wales', {
      closureDays: [d('2025-12-24'), d('2025-12-25'), d('2025-12-27')],
    });
    expect(closed.nonWorkingReason(d('2025-12-24'))).toEqual({ kind: 'closure-day' });
    expect(closed.nonWorkingReason(d('2025-12-25'))?.kind).toBe('bank-holiday');
    expect(closed.nonWorkingReason(d('2025-12-27'))).toEqual({ kind: 'weekend' });
    expect(closed.addWorkingDays(d('2025-12-19'), 10)).toBe('2026-01-08');
    // Another organisation's calendar is not affected.
    expect(ew.isWorkingDay(d('2025-12-24'))).toBe(true);
  });

  test('the calendar asks the injected holiday lookup once per year, for its own nation', () => {
    const calls: string[] = [];
    const lookup: BankHolidayLookup = (nation, year) => {
      calls.push(`${nation} ${year}`);
      return year === 2030 ? [{ date: d('2030-06-03'), name: 'Test holiday' }] : [];
    };
    const calendar = createWorkingDayCalendar({ nation: 'scotland', bankHolidays: lookup });
    expect(calendar.nonWorkingReason(d('2030-06-03'))).toEqual({ kind: 'bank-holiday', name: 'Test holiday' });
    // Eight weeks of weekdays end on Friday 26 July; the holiday on 3 June pushes that to Monday.
    expect(calendar.addWorkingDays(d('2030-05-31'), 40)).toBe('2030-07-29');
    expect(calls).toEqual(['scotland 2030']);
  });
});

describe('adding and counting working days', () => {
  test('across Christmas and New Year: 10 working days from Friday 19 December 2025', () => {
    expect(ew.addWorkingDays(d('2025-12-19'), 10)).toBe('2026-01-07');
    // Scotland also closes on 2 January.
    expect(scotland.addWorkingDays(d('2025-12-19'), 10)).toBe('2026-01-08');
    expect(ni.addWorkingDays(d('2025-12-19'), 10)).toBe('2026-01-07');
  });

  test('across Christmas 2026 and 2027 (substitute days)', () => {
    expect(ew.addWorkingDays(d('2026-12-24'), 1)).toBe('2026-12-29');
    expect(ew.addWorkingDays(d('2026-12-24'), 5)).toBe('2027-01-05');
    // Scotland's 2 January 2027 is a Saturday, so Monday 4 January is off too.
    expect(scotland.addWorkingDays(d('2026-12-24'), 5)).toBe('2027-01-06');
    expect(ew.addWorkingDays(d('2027-12-24'), 1)).toBe('2027-12-29');
  });

  test('across Easter (Good Friday and Easter Monday in England; only Good Friday in Scotland)', () => {
    expect(ew.addWorkingDays(d('2026-04-02'), 1)).toBe('2026-04-07');
    expect(scotland.addWorkingDays(d('2026-04-02'), 1)).toBe('2026-04-06');
    expect(ew.addWorkingDays(d('2025-04-17'), 1)).toBe('2025-04-22');
    expect(scotland.addWorkingDays(d('2025-04-17'), 1)).toBe('2025-04-21');
    expect(ni.addWorkingDays(d('2027-03-25'), 1)).toBe('2027-03-30');
  });

  test('0 days is the same day when it is a working day, else the next one', () => {
    expect(ew.addWorkingDays(d('2026-11-25'), 0)).toBe('2026-11-25');
    expect(ew.addWorkingDays(d('2026-11-28'), 0)).toBe('2026-11-30');
    expect(ew.addWorkingDays(d('2026-12-25'), 0)).toBe('2026-12-29');
  });

  test('counting working days in (from, to] agrees with adding them, every day of 2025–2027', () => {
    expect(ew.workingDaysBetween(d('2025-12-19'), d('2026-01-07'))).toBe(10);
    expect(ew.workingDaysBetween(d('2026-01-07'), d('2025-12-19'))).toBe(0);
    for (const calendar of [ew, scotland]) {
      for (let day = d('2025-01-01'); day <= '2027-12-31'; day = addCalendarDays(day, 1)) {
        for (const n of [1, 5, 10]) {
          const result = calendar.workingDaysBetween(day, calendar.addWorkingDays(day, n));
          if (result !== n) expect([calendar.nation, day, n, result]).toEqual([calendar.nation, day, n, n]);
        }
      }
    }
  });

  test('bad input is a RangeError that says what is wrong', () => {
    expect(() => ew.addWorkingDays(d('2026-11-25'), -1)).toThrow(/whole number/);
    expect(() => ew.addWorkingDays(d('2026-11-25'), 1.5)).toThrow(RangeError);
    expect(() => ew.addWorkingDays(d('2026-11-25'), Number.NaN)).toThrow(RangeError);
    expect(() => ew.isWorkingDay('2026-02-30' as never)).toThrow(/YYYY-MM-DD/);
    expect(() => ew.nextWorkingDay('25/11/2026' as never)).toThrow(RangeError);
    expect(() => ew.workingDaysBetween(d('2026-01-01'), '2026-13-01' as never)).toThrow(RangeError);
  });
});

describe('deadlines in Europe/London time across the clock changes', () => {
  test('end of working day is 17:00 BST (16:00Z) before 25 Oct 2026 and 17:00 GMT after', () => {
    expect(ew.endOfWorkingDay(d('2026-10-23')).toISOString()).toBe('2026-10-23T16:00:00.000Z');
    expect(ew.endOfWorkingDay(d('2026-10-26')).toISOString()).toBe('2026-10-26T17:00:00.000Z');
    expect(ew.endOfWorkingDay(d('2026-03-27')).toISOString()).toBe('2026-03-27T17:00:00.000Z');
    expect(ew.endOfWorkingDay(d('2026-03-30')).toISOString()).toBe('2026-03-30T16:00:00.000Z');
  });

  test('working-day deadlines land at 17:00 London on the right day, either side of the change', () => {
    // Spring: Friday in GMT, deadline on Monday in BST.
    expect(ew.workingDaysDeadline(at('2026-03-27T12:00:00Z'), 1).toISOString()).toBe('2026-03-30T16:00:00.000Z');
    // Autumn, Tameside protocol stage 2 (5 working days) and stage 3 (10) from Tue 20 Oct 2026.
    expect(ew.workingDaysDeadline(at('2026-10-20T09:00:00Z'), 5).toISOString()).toBe('2026-10-27T17:00:00.000Z');
    expect(ew.workingDaysDeadline(at('2026-10-20T09:00:00Z'), 10).toISOString()).toBe('2026-11-03T17:00:00.000Z');
  });

  test('working days count from the London date, not the UTC date', () => {
    // 23:30Z on Thursday 2 July is 00:30 BST on Friday 3 July.
    expect(ew.workingDaysDeadline(at('2026-07-02T23:30:00Z'), 0).toISOString()).toBe('2026-07-03T16:00:00.000Z');
    expect(ew.workingDaysDeadline(at('2026-07-02T23:30:00Z'), 1).toISOString()).toBe('2026-07-06T16:00:00.000Z');
    // Monday 13 July 2026 is the substitute Twelfth in Northern Ireland only.
    expect(ni.workingDaysDeadline(at('2026-07-10T09:00:00Z'), 1).toISOString()).toBe('2026-07-14T16:00:00.000Z');
    expect(ew.workingDaysDeadline(at('2026-07-10T09:00:00Z'), 1).toISOString()).toBe('2026-07-13T16:00:00.000Z');
  });

  test('"the same working day": before, at and after the end, Friday evening, a bank holiday', () => {
    expect(ew.sameWorkingDayDeadline(at('2026-11-25T10:00:00Z')).toISOString()).toBe('2026-11-25T17:00:00.000Z');
    expect(ew.sameWorkingDayDeadline(at('2026-11-25T07:00:00Z')).toISOString()).toBe('2026-11-25T17:00:00.000Z');
    expect(ew.sameWorkingDayDeadline(at('2026-11-25T16:59:00Z')).toISOString()).toBe('2026-11-25T17:00:00.000Z');
    expect(ew.sameWorkingDayDeadline(at('2026-11-25T17:00:00Z')).toISOString()).toBe('2026-11-26T17:00:00.000Z');
    expect(ew.sameWorkingDayDeadline(at('2026-11-25T17:30:00Z')).toISOString()).toBe('2026-11-26T17:00:00.000Z');
    expect(ew.sameWorkingDayDeadline(at('2026-11-27T18:00:00Z')).toISOString()).toBe('2026-11-30T17:00:00.000Z');
    expect(scotland.sameWorkingDayDeadline(at('2026-11-27T18:00:00Z')).toISOString()).toBe('2026-12-01T17:00:00.000Z');
    expect(ew.sameWorkingDayDeadline(at('2026-12-28T10:00:00Z')).toISOString()).toBe('2026-12-29T17:00:00.000Z');
  });

  test('"the same working day" around the clock changes', () => {
    // Sundays the clocks change: the next working day, in the new offset.
    expect(ew.sameWorkingDayDeadline(at('2026-10-25T10:00:00Z')).toISOString()).toBe('2026-10-26T17:00:00.000Z');
    expect(ew.sameWorkingDayDeadline(at('2026-03-29T10:00:00Z')).toISOString()).toBe('2026-03-30T16:00:00.000Z');
    // 16:30Z on Friday 23 Oct is 17:30 BST, after the end: the next working day is Monday, in GMT.
    expect(ew.sameWorkingDayDeadline(at('2026-10-23T16:30:00Z')).toISOString()).toBe('2026-10-26T17:00:00.000Z');
    // 15:30Z is 16:30 BST, still within that working day.
    expect(ew.sameWorkingDayDeadline(at('2026-10-23T15:30:00Z')).toISOString()).toBe('2026-10-23T16:00:00.000Z');
    // 16:30Z on Monday 30 March is 17:30 BST: too late for that day.
    expect(ew.sameWorkingDayDeadline(at('2026-03-30T16:30:00Z')).toISOString()).toBe('2026-03-31T16:00:00.000Z');
  });

  test('a configured working day moves deadlines; a nonsensical one is refused', () => {
    const early = createUkCalendar('england-and-wales', {
      workingDayStart: wallTime('08:00'),
      workingDayEnd: wallTime('16:00'),
    });
    expect([early.workingDayStart, early.workingDayEnd]).toEqual(['08:00', '16:00']);
    expect([ew.workingDayStart, ew.workingDayEnd]).toEqual(['09:00', '17:00']);
    expect(early.sameWorkingDayDeadline(at('2026-11-25T16:30:00Z')).toISOString()).toBe('2026-11-26T16:00:00.000Z');
    expect(early.endOfWorkingDay(d('2026-07-01')).toISOString()).toBe('2026-07-01T15:00:00.000Z');
    expect(early.workingDaysDeadline(at('2026-07-01T09:00:00Z'), 1).toISOString()).toBe('2026-07-02T15:00:00.000Z');
    expect(() => createUkCalendar('scotland', { workingDayEnd: wallTime('08:30') })).toThrow(/end after it starts/);
    expect(() => createUkCalendar('scotland', { workingDayEnd: '25:00' as never })).toThrow(RangeError);
    expect(() => createUkCalendar('scotland', { closureDays: ['2026-02-30' as never] })).toThrow(/YYYY-MM-DD/);
  });

  test('"within 48 hours" is 48 elapsed hours: clock changes and weekends are not adjusted for', () => {
    const autumn = ew.withinHoursDeadline(at('2026-10-24T09:00:00Z'), 48);
    expect(autumn.toISOString()).toBe('2026-10-26T09:00:00.000Z');
    expect([londonWallTimeOf(at('2026-10-24T09:00:00Z')), londonWallTimeOf(autumn)]).toEqual(['10:00', '09:00']);
    const spring = ew.withinHoursDeadline(at('2026-03-28T12:00:00Z'), 48);
    expect(spring.toISOString()).toBe('2026-03-30T12:00:00.000Z');
    expect(londonWallTimeOf(spring)).toBe('13:00');
    expect(ew.withinHoursDeadline(at('2026-11-27T15:00:00Z'), 48).toISOString()).toBe('2026-11-29T15:00:00.000Z');
  });

  test('bad deadline input is a RangeError', () => {
    const when = at('2026-11-25T10:00:00Z');
    for (const hours of [0, -48, Number.NaN, Number.POSITIVE_INFINITY])
      expect(() => ew.withinHoursDeadline(when, hours)).toThrow(RangeError);
    const invalid = new Date('not a date');
    expect(() => ew.withinHoursDeadline(invalid, 48)).toThrow(/Invalid Date/);
    expect(() => ew.sameWorkingDayDeadline(invalid)).toThrow(RangeError);
    expect(() => ew.workingDaysDeadline(invalid, 5)).toThrow(RangeError);
    expect(() => ew.workingDaysDeadline(when, -5)).toThrow(RangeError);
  });
});

describe('London wall time', () => {
  test('the London date of an instant late in the UTC evening', () => {
    expect(londonDateOf(at('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
    expect(londonDateOf(at('2026-12-31T23:30:00Z'))).toBe('2026-12-31');
    expect(londonWallTimeOf(at('2026-06-30T23:30:00Z'))).toBe('00:30');
  });

  test('ambiguous autumn times take the earlier (BST) instant; missing spring times read as GMT', () => {
    expect(londonInstant(d('2026-10-25'), wallTime('01:30')).toISOString()).toBe('2026-10-25T00:30:00.000Z');
    const gap = londonInstant(d('2026-03-29'), wallTime('01:30'));
    expect(gap.toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(londonWallTimeOf(gap)).toBe('02:30');
    expect(londonInstant(d('2026-07-01'), wallTime('09:00')).toISOString()).toBe('2026-07-01T08:00:00.000Z');
    expect(londonInstant(d('2026-03-29'), wallTime('09:00')).toISOString()).toBe('2026-03-29T08:00:00.000Z');
    expect(londonInstant(d('2026-10-25'), wallTime('09:00')).toISOString()).toBe('2026-10-25T09:00:00.000Z');
  });

  test('every hour of 2026 converts to London wall time and back to the same instant', () => {
    for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 3_600_000) {
      const instant = new Date(t);
      const back = londonInstant(londonDateOf(instant), londonWallTimeOf(instant));
      // The second 01:00 on 25 Oct (01:00Z, GMT) reads back as the first (00:00Z, BST).
      const expected = t === Date.UTC(2026, 9, 25, 1) ? t - 3_600_000 : t;
      if (back.getTime() !== expected)
        expect([instant.toISOString(), back.toISOString()]).toEqual([
          instant.toISOString(),
          new Date(expected).toISOString(),
        ]);
    }
  });
});

describe("independence from the server's time zone", () => {
  // The modules never call local-time Date getters; this proves it by running the same
  // questions in Node processes set to time zones with different offsets and clock-change dates.
  const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
  const script = `
    import { createUkCalendar, ukBankHolidays } from './src/calendar/date-holidays-source.ts';
    import { londonDateOf, londonInstant } from './src/domain/calendar/london-time.ts';
    const ew = createUkCalendar('england-and-wales');
    console.log(JSON.stringify([
      Intl.DateTimeFormat().resolvedOptions().timeZone,
      ew.addWorkingDays('2025-12-19', 10),
      createUkCalendar('scotland').addWorkingDays('2025-12-19', 10),
      ew.sameWorkingDayDeadline(new Date('2026-10-23T15:30:00Z')).toISOString(),
      ew.sameWorkingDayDeadline(new Date('2026-03-30T16:30:00Z')).toISOString(),
      ew.workingDaysDeadline(new Date('2026-07-02T23:30:00Z'), 1).toISOString(),
      ew.endOfWorkingDay('2026-10-26').toISOString(),
      londonDateOf(new Date('2026-06-30T23:30:00Z')),
      londonInstant('2026-10-25', '01:30').toISOString(),
      ukBankHolidays('england-and-wales', 2026).map((h) => h.date).join(','),
    ]));`;

  test.each(['America/New_York', 'Pacific/Auckland', 'Asia/Tokyo'])('same answers with TZ=%s', (TZ) => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      env: { ...process.env, TZ },
      cwd: repoRoot,
    }).toString();
    expect(JSON.parse(out)).toEqual([
      TZ,
      '2026-01-07',
      '2026-01-08',
      '2026-10-23T16:00:00.000Z',
      '2026-03-31T16:00:00.000Z',
      '2026-07-06T16:00:00.000Z',
      '2026-10-26T17:00:00.000Z',
      '2026-07-01',
      '2026-10-25T00:30:00.000Z',
      OFFICIAL_BANK_HOLIDAYS['england-and-wales'][2026]?.join(','),
    ]);
  });
});

import Holidays from 'date-holidays';
import { createUkCalendar, ukBankHolidays } from '../../../src/calendar/date-holidays-source.js';
import { weekdayOf } from '../../../src/domain/calendar/london-time.js';
import { NATIONS } from '../../../src/domain/shared/nation.js';
import { isoDate } from '../../../src/domain/shared/time.js';
import { OFFICIAL_BANK_HOLIDAYS } from '../../fixtures/uk-bank-holidays-2025-2027.js';

const YEARS = [2025, 2026, 2027] as const;
const d = isoDate;

describe('the hand-typed gov.uk fixture is self-consistent', () => {
  // A typo in the fixture (a weekend, a date in the wrong year, a duplicate) would make the
  // comparison below prove nothing, so check the fixture itself first.
  test('every official date is a real weekday in its own year, listed once, in order', () => {
    for (const nation of NATIONS) {
      for (const year of YEARS) {
        const dates = OFFICIAL_BANK_HOLIDAYS[nation][year] ?? [];
        for (const date of dates) {
          expect([nation, date, date.slice(0, 4)]).toEqual([nation, date, String(year)]);
          expect([nation, date, [0, 6].includes(weekdayOf(d(date)))]).toEqual([nation, date, false]);
        }
        expect(dates).toEqual([...new Set(dates)].sort());
      }
    }
  });

  test('counts per year: 8 in England and Wales, 9 in Scotland, 10 in Northern Ireland', () => {
    for (const year of YEARS) {
      expect(OFFICIAL_BANK_HOLIDAYS['england-and-wales'][year]).toHaveLength(8);
      expect(OFFICIAL_BANK_HOLIDAYS.scotland[year]).toHaveLength(9);
      expect(OFFICIAL_BANK_HOLIDAYS['northern-ireland'][year]).toHaveLength(10);
    }
  });
});

describe('bank holidays match the official gov.uk lists for 2025–2027', () => {
  for (const nation of NATIONS) {
    for (const year of YEARS) {
      test(`${nation} ${year}`, () => {
        expect(ukBankHolidays(nation, year).map((h) => h.date)).toEqual(OFFICIAL_BANK_HOLIDAYS[nation][year]);
      });
    }
  }

  test('Wales has the same bank holidays as England in date-holidays (one list serves both)', () => {
    const days = (region: string, year: number) =>
      new Holidays('GB', region)
        .getHolidays(year)
        .filter((h) => h.type === 'public' || h.type === 'bank')
        .map((h) => h.date.slice(0, 10));
    for (const year of YEARS) expect(days('WLS', year)).toEqual(days('ENG', year));
  });

  test('the weekend original of a substituted day is not listed; the Monday substitute is, by name', () => {
    const ew2026 = ukBankHolidays('england-and-wales', 2026);
    expect(ew2026.map((h) => h.date)).not.toContain('2026-12-26');
    expect(ew2026.find((h) => h.date === '2026-12-28')?.name).toMatch(/Boxing Day.*substitute/i);
    expect(ukBankHolidays('scotland', 2025).map((h) => h.date)).not.toContain('2025-11-30');
    expect(ukBankHolidays('scotland', 2025).find((h) => h.date === '2025-12-01')?.name).toMatch(
      /St Andrew.*substitute/i,
    );
    expect(ukBankHolidays('northern-ireland', 2025).map((h) => h.date)).not.toContain('2025-07-12');
    expect(ukBankHolidays('northern-ireland', 2026).find((h) => h.date === '2026-07-13')?.name).toMatch(
      /Boyne.*substitute/i,
    );
  });

  test('a calendar names the bank holiday it closes for', () => {
    expect(createUkCalendar('scotland').nonWorkingReason(d('2026-11-30'))).toEqual({
      kind: 'bank-holiday',
      name: expect.stringMatching(/St Andrew/),
    });
    expect(createUkCalendar('northern-ireland').nonWorkingReason(d('2027-03-17'))).toEqual({
      kind: 'bank-holiday',
      name: expect.stringMatching(/Patrick/),
    });
    // St Patrick's Day is not a bank holiday outside Northern Ireland.
    expect(createUkCalendar('england-and-wales').isWorkingDay(d('2027-03-17'))).toBe(true);
  });
});

import { findDatesOfBirth } from '../../../src/domain/detection/date-of-birth.js';

const found = (text: string) => findDatesOfBirth(text).map((s) => text.slice(s.index, s.index + s.length));

describe('dates of birth', () => {
  test.each([
    ['DOB: 01/02/1960', '01/02/1960'],
    ['dob 1-2-1960', '1-2-1960'],
    ['D.O.B. 01.02.1960', '01.02.1960'],
    ['D.O.B 1960-02-01', '1960-02-01'],
    ['Date of birth: 3 March 1950', '3 March 1950'],
    ['date of birth 3rd Mar 1950', '3rd Mar 1950'],
    ['Born on the 21st of September, 1949', '21st of September, 1949'],
    ['born 29/02/1948 (a leap year)', '29/02/1948'],
    ['DOB (confirmed with the GP): 7 Dec 1961', '7 Dec 1961'],
  ])('%s', (text, date) => {
    expect(found(text)).toEqual([date]);
  });

  test('positions point at the date, not the label', () => {
    expect(findDatesOfBirth('DOB: 01/02/1960')).toEqual([{ index: 5, length: 10 }]);
  });

  test('a date without a label is not a finding', () => {
    expect(found('We met on 01/02/2024 and again on 3 March 2024; next review 2024-06-01.')).toEqual([]);
  });

  test('a date more than ~30 characters after the label is not a finding', () => {
    expect(found(`DOB not known. ${'x'.repeat(40)} Meeting on 01/02/2024.`)).toEqual([]);
  });

  test('only the first date after a label is taken', () => {
    expect(found('DOB 01/02/1960, referred 03/04/2024')).toEqual(['01/02/1960']);
  });

  test('impossible dates are refused', () => {
    expect(found('DOB 31/02/1960')).toEqual([]);
    expect(found('DOB 29/02/1950')).toEqual([]);
    expect(found('DOB 01/13/1960')).toEqual([]);
    expect(found('DOB 2024-13-01')).toEqual([]);
  });

  test('labels are whole words: not Dobson, newborn or stubborn', () => {
    expect(found('Mr Dobson 01/02/1960, a newborn 01/02/2024, stubborn 01/02/2024')).toEqual([]);
  });

  test('times and phone numbers near a label are not dates', () => {
    expect(found('born at 10:30, call 0161 496 0000')).toEqual([]);
  });
});

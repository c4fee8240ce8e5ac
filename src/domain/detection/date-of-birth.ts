/**
 * Dates of birth: a date is personal data mainly when it is labelled as a date of birth, so a
 * date counts only when it begins within ~30 characters after "DOB", "D.O.B.", "date of birth"
 * or "born". A meeting date on its own is not a finding.
 */
import { GROUP_SPACE } from './characters.js';
import type { Span } from './finding.js';

/** How far after the label the date may begin ("DOB (confirmed with GP): 1/2/1960"). */
export const DATE_OF_BIRTH_WINDOW = 30;

// Whole words only: not "Dobson", "newborn", "stubborn".
const LABEL = /(?<![A-Za-z])(?:d\.?o\.?b\.?|date[ \u00a0]+of[ \u00a0]+birth|born)(?![A-Za-z])/gi;

const MONTH_NAMES =
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

// dd/mm/yyyy, dd-mm-yyyy, dd.mm.yyyy (one separator, used twice) | yyyy-mm-dd | d(st) (of) Month(,) yyyy.
// The longest possible date is ~25 characters, so every attempt is bounded.
const DATE = new RegExp(
  `(?<!\\d)(?:(\\d{1,2})([/.-])(\\d{1,2})\\2(\\d{4})|(\\d{4})-(\\d{1,2})-(\\d{1,2})|(\\d{1,2})(?:st|nd|rd|th)?${GROUP_SPACE}+(?:of${GROUP_SPACE}+)?(${MONTH_NAMES})\\.?,?${GROUP_SPACE}+(\\d{4}))(?!\\d)`,
  'gi',
);
const LONGEST_DATE = 40;

export function findDatesOfBirth(text: string): Span[] {
  const found: Span[] = [];
  let lastEnd = -1;
  for (const label of text.matchAll(LABEL)) {
    const from = label.index + label[0].length;
    if (from <= lastEnd) continue; // "DOB: 1/2/1960 (born 1/2/1960)": already reported
    const date = firstDateIn(text.slice(from, from + DATE_OF_BIRTH_WINDOW + LONGEST_DATE));
    if (date) {
      found.push({ index: from + date.index, length: date.length });
      lastEnd = from + date.index + date.length;
    }
  }
  return found;
}

function firstDateIn(nearby: string): Span | undefined {
  for (const m of nearby.matchAll(DATE)) {
    if (m.index > DATE_OF_BIRTH_WINDOW) return undefined;
    const [day, month, year] =
      m[1] !== undefined
        ? [m[1], m[3], m[4]]
        : m[5] !== undefined
          ? [m[7], m[6], m[5]]
          : [m[8], monthNumber(m[9]), m[10]];
    if (isCalendarDate(Number(year), Number(month), Number(day))) return { index: m.index, length: m[0].length };
  }
  return undefined;
}

function monthNumber(name: string | undefined): string {
  return String(MONTHS.indexOf((name ?? '').slice(0, 3).toLowerCase()) + 1);
}

/** Real dates only (no 31/02/1960); arithmetic rather than the Date object keeps it obviously pure. */
function isCalendarDate(year: number, month: number, day: number): boolean {
  if (!(year >= 1850 && year <= 2199 && month >= 1 && month <= 12 && day >= 1)) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= days;
}

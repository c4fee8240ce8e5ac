/**
 * A date of birth must be one a living person can have: not in the future, and not before 1900
 * (a mistyped year such as 0195 or 9999 is far more likely than a person over 125). The Stockport
 * Record of Escalation (Appendix Two) asks for it; a wrong one misidentifies the person.
 */
import type { IsoDate } from '../shared/time.js';

export const EARLIEST_DATE_OF_BIRTH = '1900-01-01';

/** What is wrong with `dateOfBirth` as of `today` (London), or undefined when it is plausible. */
export function dateOfBirthProblem(dateOfBirth: IsoDate, today: IsoDate): string | undefined {
  if (dateOfBirth > today) return `dateOfBirth: ${dateOfBirth} is in the future; write the date of birth as YYYY-MM-DD`;
  if (dateOfBirth < EARLIEST_DATE_OF_BIRTH) return `dateOfBirth: ${dateOfBirth} is before 1900; check the year`;
  return undefined;
}

/**
 * Whole years of age on `today` (both London dates), for the presumption of capacity from 16
 * (Durham, HM Government guidance 3.30). A 29 February birthday turns a year older on 1 March.
 * @example ageOn('2010-06-15', '2026-06-14') // 15
 */
export function ageOn(dateOfBirth: IsoDate, today: IsoDate): number {
  const years = Number(today.slice(0, 4)) - Number(dateOfBirth.slice(0, 4));
  return today.slice(5) < dateOfBirth.slice(5) ? years - 1 : years;
}

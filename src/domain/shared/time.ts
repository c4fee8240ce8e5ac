/**
 * Time as the domain sees it. The domain never reads the system clock: callers pass
 * instants in (a `Clock` port), so every rule is deterministic and testable.
 */

/** A calendar date in the form `YYYY-MM-DD` (a London civil date unless said otherwise). */
export type IsoDate = string & { readonly __brand: 'IsoDate' };

/** A wall-clock time of day `HH:MM` (24-hour). */
export type WallTime = string & { readonly __brand: 'WallTime' };

export interface Clock {
  now(): Date;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const WALL_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** True when `value` is a real calendar date written `YYYY-MM-DD` (rejects 2025-02-30). */
export function isIsoDate(value: string): value is IsoDate {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const probe = new Date(Date.UTC(y, m - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d;
}

/** Narrows a string to `IsoDate`, throwing a `RangeError` naming the bad value. */
export function isoDate(value: string): IsoDate {
  if (!isIsoDate(value)) throw new RangeError(`"${value}" is not a date in the form YYYY-MM-DD`);
  return value;
}

export function isWallTime(value: string): value is WallTime {
  return WALL_TIME.test(value);
}

export function wallTime(value: string): WallTime {
  if (!isWallTime(value)) throw new RangeError(`"${value}" is not a time in the form HH:MM`);
  return value;
}

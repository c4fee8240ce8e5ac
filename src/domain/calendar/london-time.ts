/**
 * Europe/London civil time without depending on the process time zone: offsets come from Intl,
 * and calendar-date arithmetic is done in UTC on the date value itself.
 */
import type { IsoDate, WallTime } from '../shared/time.js';

const PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London', hourCycle: 'h23',
  year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
});

interface LondonParts { year: number; month: number; day: number; hour: number; minute: number; second: number }

function londonParts(instant: Date): LondonParts {
  const parts = PARTS.formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The civil date in London at `instant`. */
export function londonDateOf(instant: Date): IsoDate {
  const p = londonParts(instant);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}` as IsoDate;
}

/** The London wall-clock time (HH:MM) at `instant`. */
export function londonWallTimeOf(instant: Date): WallTime {
  const p = londonParts(instant);
  return `${pad(p.hour)}:${pad(p.minute)}` as WallTime;
}

/** Minutes London is ahead of UTC at `instant` (0 in GMT, 60 in BST). */
function offsetMinutes(instant: Date): number {
  const p = londonParts(instant);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/**
 * The instant of a London wall time on a date. In the autumn fold (01:00–02:00 happens twice)
 * the earlier instant (BST) is taken; in the spring gap (01:00–02:00 does not exist) the time is
 * read with the GMT offset, i.e. it lands an hour later on the clock. Working hours never fall
 * in either, so deadlines are unaffected.
 */
export function londonInstant(date: IsoDate, time: WallTime): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const naive = Date.UTC(y, m - 1, d, hh, mm);
  const candidates = [...new Set([offsetMinutes(new Date(naive - 60 * 60_000)), offsetMinutes(new Date(naive + 60 * 60_000))])]
    .map((offset) => new Date(naive - offset * 60_000))
    .filter((instant) => londonDateOf(instant) === date && londonWallTimeOf(instant) === time)
    .sort((a, b) => a.getTime() - b.getTime());
  return candidates[0] ?? new Date(naive);
}

/** `date` plus `days` calendar days. */
export function addCalendarDays(date: IsoDate, days: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10) as IsoDate;
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: IsoDate): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

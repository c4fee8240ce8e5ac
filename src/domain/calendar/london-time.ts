/**
 * Europe/London civil time without depending on the process time zone: offsets come from Intl
 * (which carries its own tz data), and calendar-date arithmetic is done in UTC on the date value
 * itself. Nothing here calls a local-time `Date` getter (`getHours`, `getDate`, …) or
 * the system clock, so a server running in any `TZ` gives the same answers. Every London
 * `Intl.DateTimeFormat` of the product is here (`formatLondon` for people to read), shared by the
 * server, the bot's cards, the CLI and the browser code.
 */
import type { IsoDate, WallTime } from '../shared/time.js';

const PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

interface LondonParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function londonParts(instant: Date): LondonParts {
  // Fail with a message a caller can act on, not Intl's bare "Invalid time value".
  if (Number.isNaN(instant.getTime())) throw new RangeError('not a valid instant (Invalid Date)');
  const parts = PARTS.formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  };
}

/** How London times are written for people: one shared formatter per style. */
const DISPLAY = {
  /** "Wed 25 Nov, 10:00": a deadline in a list of current escalations. */
  short: new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }),
  /** "Wed 25 Nov 2026, 10:00": a deadline or an event on a card or a record. */
  long: new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }),
  /** "Wed 25 Nov 2026, 10:00 GMT": where the reader may be elsewhere (the CLI). */
  zoned: new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }),
  /** "Wednesday 25 November 2026 at 10:00": in letters and emails. */
  full: new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', dateStyle: 'full', timeStyle: 'short' }),
} as const;

export type LondonStyle = keyof typeof DISPLAY;

/**
 * `instant` (a Date or an ISO 8601 string) as London shows it, for people to read.
 * @example formatLondon('2026-11-25T10:00:00Z', 'long') // "Wed 25 Nov 2026, 10:00"
 */
export function formatLondon(instant: Date | string, style: LondonStyle): string {
  return DISPLAY[style].format(typeof instant === 'string' ? new Date(instant) : instant);
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
export function londonOffsetMinutes(instant: Date): number {
  const p = londonParts(instant);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/**
 * The instant of a London wall time on a date.
 * - Autumn fold (e.g. 01:30 on 25 Oct 2026 happens twice): the EARLIER instant, in BST
 *   (00:30Z), so a deadline read from it is never later than the wall time first shows.
 * - Spring gap (e.g. 01:30 on 29 Mar 2026 never shows): read with the GMT offset in force just
 *   before the change, giving 01:30Z, which London shows as 02:30 BST.
 * Default working hours (09:00–17:00) fall in neither, so deadlines are unaffected.
 */
export function londonInstant(date: IsoDate, time: WallTime): Date {
  const [y, m, d] = dateParts(date);
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const naive = Date.UTC(y, m - 1, d, hh, mm);
  // London's offset an hour either side covers both readings whenever a change is near.
  const candidates = [
    ...new Set([londonOffsetMinutes(new Date(naive - 3_600_000)), londonOffsetMinutes(new Date(naive + 3_600_000))]),
  ]
    .map((offset) => new Date(naive - offset * 60_000))
    .filter((instant) => londonDateOf(instant) === date && londonWallTimeOf(instant) === time)
    .sort((a, b) => a.getTime() - b.getTime());
  return candidates[0] ?? new Date(naive);
}

function dateParts(date: IsoDate): [number, number, number] {
  return date.split('-').map(Number) as [number, number, number];
}

/** `date` plus `days` calendar days (negative goes back). */
export function addCalendarDays(date: IsoDate, days: number): IsoDate {
  const [y, m, d] = dateParts(date);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10) as IsoDate;
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: IsoDate): number {
  const [y, m, d] = dateParts(date);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

export function isWeekend(date: IsoDate): boolean {
  const day = weekdayOf(date);
  return day === 0 || day === 6;
}

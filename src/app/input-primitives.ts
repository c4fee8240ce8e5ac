/**
 * The pieces every input schema is built from — REST bodies (`inputs.ts`, `api/contract.ts`),
 * bot card data (`bot/card-data.ts`) and the bot's activity check — so a rule about text, dates
 * or ids is written once and a bad value is a 400 naming its field, never a 500 from the database.
 *
 * Text is stored exactly as sent (fields marked "trimmed" lose leading and trailing white space),
 * except that two things are refused, not repaired, so that what is stored is what was typed:
 * - NUL (U+0000): PostgreSQL `text` and `jsonb` cannot hold it;
 * - an unpaired UTF-16 surrogate (half of a character such as an emoji, usually from text cut
 *   in the middle): it is not a character, UTF-8 cannot encode it, and PostgreSQL would store
 *   U+FFFD in `text` or refuse it in `jsonb`.
 */
import { z } from 'zod';
import { isIsoDate, isWallTime, type WallTime } from '../domain/shared/time.js';

/** The longest free text a form field takes (a long note or account of a discussion). */
export const MAX_TEXT = 10_000;

// eslint-disable-next-line no-control-regex -- the NUL character is exactly what this looks for (PostgreSQL cannot store it).
const NUL = /\u0000/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
export const NUL_MESSAGE = 'must not contain the NUL character (U+0000)';
export const SURROGATE_MESSAGE =
  'contains a broken character (an unpaired UTF-16 surrogate, such as half an emoji); send whole characters';

/** Whether PostgreSQL can store `value` as sent: no NUL, no unpaired surrogate. */
export function isStorableText(value: string): boolean {
  return !NUL.test(value) && !LONE_SURROGATE.test(value);
}

/** The problem with a string PostgreSQL cannot store, or undefined. */
export function textProblem(value: string): string | undefined {
  if (NUL.test(value)) return NUL_MESSAGE;
  if (LONE_SURROGATE.test(value)) return SURROGATE_MESSAGE;
  return undefined;
}

/** Any storable string up to `max` characters, kept exactly as sent (may be empty). */
export const storableString = (max = MAX_TEXT) =>
  z
    .string()
    .max(max, 'is too long')
    .refine((v) => !NUL.test(v), NUL_MESSAGE)
    .refine((v) => !LONE_SURROGATE.test(v), SURROGATE_MESSAGE);

/** Text a person typed that must say something: trimmed, at least one character. */
export const requiredText = (max = MAX_TEXT, required = 'is required') => storableString(max).trim().min(1, required);

/** Optional text kept as sent (empty allowed). */
export const optionalText = (max = MAX_TEXT) => storableString(max).optional();

/** A real calendar date written YYYY-MM-DD (2026-02-30 is refused, not passed on to the database). */
export const isoDate = z.string().refine(isIsoDate, 'must be a real date written YYYY-MM-DD');

/** A time of day written HH:MM (24-hour); Teams' time input may add seconds, which are dropped. */
export const wallTimeText = z
  .string()
  .regex(/^\d{2}:\d{2}(:[0-5]\d)?$/, 'must be a time written HH:MM')
  .refine((v) => isWallTime(v.slice(0, 5)), 'must be a real time of day (00:00 to 23:59)')
  .transform((v) => v.slice(0, 5) as WallTime);

/** An instant with its offset, returned in UTC. */
export const instant = z
  .string()
  .datetime({ offset: true, message: 'must be a date and time such as 2026-11-25T14:30:00Z' })
  .transform((v) => new Date(v).toISOString());

export const email = z.string().trim().max(320, 'is too long').email('must be an email address');

/** A record id (UUID); anything else is refused before it reaches a `uuid` column. */
export const uuid = z.string().uuid('must be an id (a UUID)');

/** A directory id, a Teams id or another opaque identifier. */
export const idText = storableString(500).min(1, 'is required');

/**
 * A field the server fills from the signed-in caller (who raised, escalated, recorded or
 * decided): a request that names it is refused, so the record can only ever say who acted.
 */
export const setByServer = (message = 'is set by the server from your sign-in; leave it out') =>
  z.never({ error: message }).optional();

/**
 * Where a JSON value from outside holds something PostgreSQL `jsonb` cannot store (a NUL or a
 * broken character in a key or a string) or nests deeper than `maxDepth`; undefined when storable.
 */
export function jsonProblem(value: unknown, maxDepth = 8, path = ''): string | undefined {
  if (typeof value === 'string') return textProblem(value) && `${path || 'value'}: ${textProblem(value)}`;
  if (value === null || typeof value !== 'object') return undefined;
  if (maxDepth <= 0) return `${path || 'value'}: is nested too deeply`;
  for (const [key, item] of Object.entries(value)) {
    const where = path ? `${path}.${key}` : key;
    const problem =
      (textProblem(key) && `${path || 'value'}: a key ${textProblem(key)}`) ?? jsonProblem(item, maxDepth - 1, where);
    if (problem) return problem;
  }
  return undefined;
}

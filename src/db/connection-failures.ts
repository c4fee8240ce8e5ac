/**
 * Tells a database that is not answering apart from a query that is wrong. The first kind
 * becomes DatabaseUnavailableError (503 at the HTTP edge, "try again"); the second stays as it is.
 */
import { DatabaseUnavailableError } from '../domain/shared/errors.js';

/**
 * - `broken`: the connection is lost or silent (terminated by the server, reset, refused, timed
 *   out): it must be thrown away, never used again.
 * - `slow`: the server cancelled the statement itself (statement_timeout) or refused a new
 *   session; the connection, if any, is still sound.
 */
export type FailureKind = 'broken' | 'slow';

export interface ConnectionFailure {
  readonly kind: FailureKind;
  /** A code safe to log: a SQLSTATE, a Node error code or a short name. Never the message. */
  readonly reason: string;
}

/** SQLSTATEs of a session the server ended: admin_shutdown, crash_shutdown, cannot_connect_now. */
const ENDED_BY_SERVER = new Set(['57P01', '57P02', '57P03']);
/** query_canceled (statement_timeout), too_many_connections. */
const REFUSED_FOR_NOW = new Set(['57014', '53300']);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
]);
/** pg's own words for a connection it gave up on (it sets no code on these). */
const PG_CONNECTION_MESSAGES: readonly [RegExp, string][] = [
  [/^Query read timeout$/, 'QUERY_TIMEOUT'],
  [/timeout/i, 'CONNECT_TIMEOUT'],
  [/^Connection terminated/, 'CONNECTION_TERMINATED'],
  [/not queryable/, 'CONNECTION_FAILED'],
];

/**
 * What kind of database failure `error` is, or undefined for any other error.
 *
 * @example
 * classifyFailure(Object.assign(new Error('terminating connection'), { code: '57P01' })) // { kind: 'broken', reason: '57P01' }
 */
export function classifyFailure(error: unknown): ConnectionFailure | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (ENDED_BY_SERVER.has(code) || code.startsWith('08') || NETWORK_CODES.has(code))
      return { kind: 'broken', reason: code };
    if (REFUSED_FOR_NOW.has(code)) return { kind: 'slow', reason: code };
    return undefined;
  }
  for (const [pattern, reason] of PG_CONNECTION_MESSAGES)
    if (pattern.test(error.message)) return { kind: 'broken', reason };
  return undefined;
}

export type WriteOutcome = 'not-changed' | 'unknown';

const MESSAGES: Record<WriteOutcome, string> = {
  'not-changed': 'The database is not answering; nothing was changed. Try again in a moment.',
  unknown:
    'The database stopped answering while saving, so this change may or may not have been saved. Check before trying again.',
};

export function unavailable(
  failure: ConnectionFailure,
  outcome: WriteOutcome,
  cause: unknown,
): DatabaseUnavailableError {
  return new DatabaseUnavailableError(MESSAGES[outcome], { reason: failure.reason, outcome }, { cause });
}

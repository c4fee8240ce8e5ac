/**
 * The pool Kysely talks through: pg's Pool, guarded so that a database that goes away never ends
 * the process and never leaves a broken connection behind.
 *
 * - Every connection gets an 'error' listener for its whole life. pg emits 'error' on a client
 *   whose connection drops while it is checked out (a server restart, failover or
 *   `pg_terminate_backend` under load); pg's Pool only listens while the client is idle, and an
 *   unhandled 'error' event ends the process.
 * - A query that fails because its connection is lost or silent marks that connection broken:
 *   later queries on it fail at once (a ROLLBACK on a black-holed connection would wait out the
 *   timeout again), and on release it is destroyed, never handed out again. pg would otherwise put
 *   a connection whose query timed out back in the pool, and the next request would queue behind
 *   the dead query forever.
 * - Those failures reach callers as DatabaseUnavailableError, saying whether the change may have
 *   been saved anyway (lost during a COMMIT or a single-statement write).
 */
import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type pg from 'pg';
import { classifyFailure, unavailable, type ConnectionFailure, type WriteOutcome } from './connection-failures.js';

export interface GuardOptions {
  /** Called once per connection that is lost (idle or in use), with a code safe to log. */
  readonly onConnectionLost: (reason: string) => void;
  /** Embedded only: the engine itself has stopped, so every failure means "not answering". */
  readonly engineStopped?: () => boolean;
}

export function guardPool(pool: pg.Pool, options: GuardOptions): PostgresPool {
  const lost = new WeakSet<pg.Client>();
  pool.on('connect', (client) => {
    client.on('error', (error) => {
      if (lost.has(client)) return; // pg may report one loss twice (the error, then the closed socket)
      lost.add(client);
      options.onConnectionLost(failureOf(error, options)?.reason ?? error.name);
    });
  });
  // The pool re-emits an idle client's error; the client listener above has already noted it.
  pool.on('error', () => undefined);
  return {
    async connect() {
      try {
        const client = await pool.connect();
        return guardClient(client, options, () => lost.has(client));
      } catch (error) {
        const failure = failureOf(error, options);
        throw failure ? unavailable(failure, 'not-changed', error) : error;
      }
    },
    end: () => pool.end(),
  };
}

function guardClient(client: pg.PoolClient, options: GuardOptions, isLost: () => boolean): PostgresPoolClient {
  let broken: ConnectionFailure | undefined;
  let inTransaction = false;
  const run = async <R>(text: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> => {
    // Lost before this statement was sent: the server has rolled back whatever was open.
    if (!broken && isLost()) broken = { kind: 'broken', reason: 'CONNECTION_LOST' };
    if (broken) throw unavailable(broken, 'not-changed', undefined);
    const statement = firstWord(text);
    const outcomeIfLost: WriteOutcome =
      statement === 'commit' || (!inTransaction && !READS.has(statement)) ? 'unknown' : 'not-changed';
    try {
      // pg's result satisfies Kysely's shape; its `command` is typed as a plain string.
      const result = (await client.query(text, [...parameters])) as unknown as PostgresQueryResult<R>;
      inTransaction =
        statement === 'begin' || statement === 'start' ? true : ENDS.has(statement) ? false : inTransaction;
      return result;
    } catch (error) {
      if (ENDS.has(statement)) inTransaction = false;
      const failure = failureOf(error, options);
      if (!failure) throw error;
      if (failure.kind === 'broken') broken = failure;
      throw unavailable(failure, failure.kind === 'broken' ? outcomeIfLost : 'not-changed', error);
    }
  };
  function query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
  function query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  function query<R>(
    sqlOrCursor: string | PostgresCursor<R>,
    parameters: ReadonlyArray<unknown> = [],
  ): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    if (typeof sqlOrCursor === 'string') return run<R>(sqlOrCursor, parameters);
    // Cursors (Kysely's stream()) are not used here; pass them through untouched.
    return (client as unknown as { query(cursor: PostgresCursor<R>): PostgresCursor<R> }).query(sqlOrCursor);
  }
  return {
    query,
    release(destroy?: boolean) {
      if (!broken) return client.release(destroy === true);
      client.release(new Error(`connection discarded (${broken.reason})`));
      // release() ends the connection politely, which waits for the server's answer; a silent
      // (black-holed) peer never gives one, so close our end now.
      socketOf(client)?.destroy();
    },
  };
}

function failureOf(error: unknown, options: GuardOptions): ConnectionFailure | undefined {
  if (options.engineStopped?.()) return { kind: 'broken', reason: 'ENGINE_STOPPED' };
  return classifyFailure(error);
}

/** Statements that change nothing, so losing their answer loses nothing. */
const READS = new Set(['select', 'show', 'begin', 'start', 'rollback', 'set', 'savepoint', 'release']);
const ENDS = new Set(['commit', 'rollback', 'end', 'abort']);

function firstWord(sql: string): string {
  return /^\s*([A-Za-z]+)/.exec(sql)?.[1]?.toLowerCase() ?? '';
}

/** pg keeps the socket on a private field; the Pool itself reaches for it the same way. */
function socketOf(client: pg.PoolClient): { destroy(): void } | undefined {
  return (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream;
}

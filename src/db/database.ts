/**
 * One connect function for both databases: PGlite (embedded PostgreSQL in WASM, the default) or a
 * PostgreSQL server. Both go through the same driver — `pg` — so Kysely's `PostgresDialect`
 * sees the same result types everywhere.
 */
import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { DatabaseUnavailableError } from '../domain/shared/errors.js';
import { acquireDataFolderLock, type DataFolderLock } from './data-folder-lock.js';
import { guardPool } from './guarded-pool.js';
import { DEFAULT_MIGRATIONS_FOLDER } from './migrate.js';
import { createDatabaseInChildProcess, holdsDatabase, removeLeftoverStaging } from './new-data-folder.js';
import { telemetry } from '../app/telemetry.js';

export type DatabaseTarget =
  | {
      readonly kind: 'embedded';
      /** A folder path, or `'memory'` for a throw-away database. */ readonly dataDir: string;
    }
  | { readonly kind: 'server'; readonly url: string };

export interface DatabaseHandle<DB> {
  readonly db: Kysely<DB>;
  readonly target: DatabaseTarget['kind'];
  /** Whether the database answers `select 1` within the readiness timeout (2 s without timeouts). */
  answers(): Promise<boolean>;
  /** Ends the pool, closes PGlite and releases the data folder lock. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Bounds for a serving process (the CLI and tests run without them). On a server every one
 * applies. PGlite runs inside this process on its own thread of execution: a query blocks the
 * event loop until it ends, so no timer can interrupt it, and its `statement_timeout` has no
 * effect (measured: `pg_sleep(1)` under a 200 ms timeout ran its full second). There only the
 * wait for its single connection is bounded (`connectMs`).
 */
export interface DatabaseTimeouts {
  /** Opening a connection, and waiting for a free one in the pool. */
  readonly connectMs: number;
  /**
   * One statement. The server cancels it (`statement_timeout`); if the server does not answer at
   * all, the client gives up a second later (`query_timeout`) and discards the connection.
   */
  readonly statementMs: number;
  /** A transaction left open without a statement running: the server ends the session. */
  readonly idleInTransactionMs: number;
  /** TCP keep-alive probes start after this much silence, so a dead peer is noticed. */
  readonly keepAliveMs: number;
  /** `answers()` gives up after this long. */
  readonly readinessMs: number;
}

export interface OpenDatabaseOptions {
  /** A PGlite dump (`dumpEmbedded`) to start a new embedded database from — for tests. */
  readonly loadDataDir?: Blob;
  readonly timeouts?: DatabaseTimeouts | undefined;
}

const DEFAULT_READINESS_MS = 2000;

const PG_OID = { int8: 20, date: 1082 } as const;

/**
 * Type parsers for this pool only (the global `pg.types` is left alone):
 * - `date` stays a 'YYYY-MM-DD' string: `pg` would make it a local-midnight `Date`, which shifts
 *   days across time zones and is wrong for working-day arithmetic.
 * - `int8` (count(*), bigserial) becomes a `number`; a value beyond 2^53 raises an error rather
 *   than silently losing precision (none of our columns get near it).
 * - `timestamp`/`timestamptz` keep pg's default: a `Date`. Use `timestamptz` columns.
 * - `numeric` keeps pg's default: a string.
 */
const typeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
    if (oid === PG_OID.date) return (value: string) => value;
    if (oid === PG_OID.int8) return parseSafeInteger;
    return pg.types.getTypeParser(oid, format ?? 'text') as (value: string) => unknown;
  },
};

function parseSafeInteger(value: string): number {
  const number = Number(value);
  if (!Number.isSafeInteger(number)) {
    throw new RangeError(`int8 value ${value} is beyond Number.MAX_SAFE_INTEGER; cast it to text`);
  }
  return number;
}

const embeddedInstances = new WeakMap<object, PGlite>();

/**
 * PGlite's own start parameters, and a smaller buffer cache. PostgreSQL's default (128 MB of
 * shared buffers) is allocated and zeroed inside PGlite's WebAssembly memory at start, so it is
 * all resident from the first second and never given back; 32 MB saves ≈ 100 MB of the server's
 * memory. Pages that do not fit are read from the operating system's file cache, which is shared
 * and which the kernel can reclaim; a large sequential scan uses a small ring of buffers whatever
 * the setting.
 */
const EMBEDDED_START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB'];

/**
 * Opens the database and checks it answers. A new embedded data folder gets its database created
 * and migrated to the latest schema first, in a short-lived child process (new-data-folder.ts).
 *
 * @example
 * const handle = await openDatabase<Database>({ kind: 'embedded', dataDir: './data' });
 * await handle.db.selectFrom('records').selectAll().execute();
 * await handle.close();
 */
export async function openDatabase<DB>(
  target: DatabaseTarget,
  options: OpenDatabaseOptions = {},
): Promise<DatabaseHandle<DB>> {
  return target.kind === 'server'
    ? openServer<DB>(target.url, options.timeouts)
    : openEmbedded<DB>(target.dataDir, options);
}

/**
 * A dump of an embedded database's whole data folder (uncompressed tar), to start others from
 * with `openDatabase(..., { loadDataDir })`. Throws for a server handle.
 */
export async function dumpEmbedded<DB>(handle: DatabaseHandle<DB>): Promise<Blob> {
  const pglite = embeddedInstances.get(handle);
  if (!pglite) throw new Error('dumpEmbedded needs a handle of an embedded database that is still open');
  // Uncompressed: ≈ 40 MB, but loads in ≈ 1 s against ≈ 1.4 s for gzip.
  return pglite.dumpDataDir('none');
}

/** The PGlite engine behind an embedded handle, for tests that make it fail underneath the server. */
export function embeddedEngine<DB>(handle: DatabaseHandle<DB>): PGlite | undefined {
  return embeddedInstances.get(handle);
}

async function openServer<DB>(url: string, timeouts: DatabaseTimeouts | undefined): Promise<DatabaseHandle<DB>> {
  const pool = new pg.Pool({
    connectionString: url,
    types: typeParsers,
    ...(timeouts ? serverTimeouts(timeouts) : {}),
  });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: guardPool(pool, { onConnectionLost }) }) });
  return checkedHandle({
    db,
    target: 'server',
    answers: answersWithin(db, timeouts),
    close: onceOnly(() => db.destroy()),
  });
}

function serverTimeouts(t: DatabaseTimeouts): pg.PoolConfig {
  return {
    connectionTimeoutMillis: t.connectMs,
    statement_timeout: t.statementMs,
    query_timeout: t.statementMs + 1000,
    idle_in_transaction_session_timeout: t.idleInTransactionMs,
    keepAlive: true,
    keepAliveInitialDelayMillis: t.keepAliveMs,
  };
}

/** A connection the server dropped (restart, failover, admin): the pool replaces it; note only the kind. */
function onConnectionLost(reason: string): void {
  telemetry.error(`safeguard: database connection lost (${reason})`, { error: reason });
}

async function openEmbedded<DB>(dataDir: string, options: OpenDatabaseOptions): Promise<DatabaseHandle<DB>> {
  const lock = dataDir === 'memory' ? undefined : await lockFolder(dataDir);
  let pglite: PGlite;
  try {
    if (lock) await prepareFolder(dataDir, options);
    // The options form: `new PGlite(undefined, options)` would ignore the options.
    pglite = new PGlite({
      ...(dataDir === 'memory' ? {} : { dataDir }),
      ...loadOption(options),
      startParams: EMBEDDED_START_PARAMS,
    });
    await pglite.waitReady;
  } catch (error) {
    await lock?.release();
    throw error;
  }
  // PGlite is a single session: exactly one connection, never closed for idling (0 = never).
  const connect = options.timeouts ? { connectionTimeoutMillis: options.timeouts.connectMs } : {};
  const pool = new pg.Pool({ ...createPgConfig(pglite), max: 1, idleTimeoutMillis: 0, types: typeParsers, ...connect });
  const guarded = guardPool(pool, { onConnectionLost, engineStopped: () => pglite.closed });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: guarded }) });
  const close = onceOnly(async () => {
    try {
      await db.destroy();
      if (!pglite.closed) await pglite.close(); // it may have stopped on its own
    } finally {
      await lock?.release();
    }
  });
  const handle: DatabaseHandle<DB> = { db, target: 'embedded', answers: answersWithin(db, options.timeouts), close };
  embeddedInstances.set(handle, pglite);
  return checkedHandle(handle);
}

async function lockFolder(dataDir: string): Promise<DataFolderLock> {
  await mkdir(dataDir, { recursive: true });
  return acquireDataFolderLock(dataDir);
}

/**
 * A new folder's database is created and migrated in a child process (new-data-folder.ts), so
 * this process only ever reopens one: initdb and the first migrations in here would leave
 * ≈ 860 MB + 70 MB of WebAssembly memory behind. A folder started from a dump (`loadDataDir`, the
 * tests' templates) needs no initdb.
 */
async function prepareFolder(dataDir: string, options: OpenDatabaseOptions): Promise<void> {
  await removeLeftoverStaging(dataDir);
  if (!options.loadDataDir && !(await holdsDatabase(dataDir)))
    await createDatabaseInChildProcess(dataDir, DEFAULT_MIGRATIONS_FOLDER);
}

function loadOption(options: OpenDatabaseOptions): { loadDataDir?: Blob } {
  return options.loadDataDir ? { loadDataDir: options.loadDataDir } : {};
}

/** Fails at start, not at the first request, when the database cannot be reached. */
async function checkedHandle<DB>(handle: DatabaseHandle<DB>): Promise<DatabaseHandle<DB>> {
  try {
    await sql`select 1`.execute(handle.db);
    return handle;
  } catch (error) {
    await handle.close().catch(() => undefined);
    // At start the driver's own words (ECONNREFUSED, an unknown host) help whoever configures it.
    throw error instanceof DatabaseUnavailableError && error.cause !== undefined ? error.cause : error;
  }
}

/** Readiness: a database that takes longer than the readiness timeout counts as not answering. */
function answersWithin<DB>(db: Kysely<DB>, timeouts: DatabaseTimeouts | undefined): () => Promise<boolean> {
  const limitMs = timeouts?.readinessMs ?? DEFAULT_READINESS_MS;
  return async () => {
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), limitMs);
    });
    const answered = sql`select 1`.execute(db).then(
      () => true,
      () => false,
    );
    try {
      // The query left behind ends on its own: the statement timeout discards its connection.
      return await Promise.race([answered, gaveUp]);
    } finally {
      clearTimeout(timer);
    }
  };
}

function onceOnly(work: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= work());
}

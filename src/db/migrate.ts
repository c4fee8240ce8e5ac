/**
 * Migrations are numbered plain SQL files (`001_initial.sql`, `002_add_x.sql`, …) applied in order
 * by Kysely's `Migrator`, which records them in `kysely_migration` and holds a transaction-scoped
 * advisory lock, so two processes migrating one server at once is safe.
 *
 * One run applies all pending files in a single transaction (Kysely's choice): if one fails,
 * none of that run's files stay applied. Each file is sent as one simple-protocol query: several statements,
 * `$$` bodies and comments all work, on PGlite and on the server alike. So a file must not contain
 * `BEGIN`/`COMMIT`, nor statements that refuse a transaction (`CREATE INDEX CONCURRENTLY`,
 * `VACUUM`). Write SQL that runs on PostgreSQL 15 (the oldest server we support).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';

export const DEFAULT_MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations/', import.meta.url));

const MIGRATION_FILE = /^(\d+)_[A-Za-z0-9_-]+\.sql$/;

/** A migration file that failed; the message names the file and the database's complaint. */
export class MigrationFailedError extends Error {
  constructor(
    message: string,
    readonly file: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'MigrationFailedError';
  }
}

/**
 * Applies every migration not yet applied, in file-name order.
 *
 * @example
 * const { applied } = await migrateToLatest(handle.db); // ['001_initial'] the first time, [] after
 */
export async function migrateToLatest(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before (and regardless of) any table's type
  db: Kysely<any>,
  folder: string = DEFAULT_MIGRATIONS_FOLDER,
): Promise<{ applied: string[] }> {
  if (await upToDate(db, folder)) return { applied: [] };
  const migrator = new Migrator({ db, provider: sqlFileProvider(folder) });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((result) => result.status === 'Error')?.migrationName;
    const file = failed === undefined ? undefined : `${failed}.sql`;
    const where = file === undefined ? `migrating from ${folder}` : `migration ${join(folder, file)}`;
    throw new MigrationFailedError(`Database ${where} failed: ${messageOf(error)}`, file, { cause: error });
  }
  return { applied: results.filter((result) => result.status === 'Success').map((result) => result.migrationName) };
}

/**
 * True when the database has applied exactly the folder's migrations: then there is nothing to do,
 * and the Migrator's catalogue introspection — about half a second when an embedded data folder is
 * reopened (most of a restart) — is not needed. Anything else (no table yet, a pending file, a
 * name this folder lacks) goes through the Migrator, which applies or refuses as before.
 */
async function upToDate(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as migrateToLatest
  db: Kysely<any>,
  folder: string,
): Promise<boolean> {
  const { rows } = await sql<{
    present: boolean;
  }>`SELECT to_regclass('kysely_migration') IS NOT NULL AS present`.execute(db);
  if (!rows[0]?.present) return false;
  const applied = (await sql<{ name: string }>`SELECT name FROM kysely_migration`.execute(db)).rows
    .map((row) => row.name)
    .sort();
  const files = (await listMigrationFiles(folder)).map((file) => file.replace(/\.sql$/, ''));
  return applied.length === files.length && applied.every((name, i) => name === files[i]);
}

/**
 * Reads `NNN_name.sql` files; a `.sql` file with another name, or two files with one number, is
 * an error rather than something silently skipped.
 */
export function sqlFileProvider(folder: string): MigrationProvider {
  return {
    async getMigrations() {
      const files = await listMigrationFiles(folder);
      const migrations: Record<string, Migration> = {};
      for (const file of files) {
        const text = await readFile(join(folder, file), 'utf8');
        migrations[file.replace(/\.sql$/, '')] = { up: (db) => runSqlText(db, text) };
      }
      return migrations;
    },
  };
}

async function listMigrationFiles(folder: string): Promise<string[]> {
  const sqlFiles = (await readdir(folder)).filter((name) => name.endsWith('.sql')).sort();
  const misnamed = sqlFiles.filter((name) => !MIGRATION_FILE.test(name));
  if (misnamed.length > 0) {
    throw new MigrationFailedError(
      `Migration files must be named NNN_name.sql; rename ${misnamed.join(', ')} in ${folder}`,
      misnamed[0],
    );
  }
  assertUniqueNumbers(folder, sqlFiles);
  return sqlFiles;
}

function assertUniqueNumbers(folder: string, files: readonly string[]): void {
  const seen = new Map<number, string>();
  for (const file of files) {
    const number = Number(MIGRATION_FILE.exec(file)?.[1]);
    const other = seen.get(number);
    if (other !== undefined) {
      throw new MigrationFailedError(`Migrations ${other} and ${file} in ${folder} share number ${number}`, file);
    }
    seen.set(number, file);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- plain SQL text: no table's type applies
async function runSqlText(db: Kysely<any>, text: string): Promise<void> {
  if (text.trim() === '') return;
  // No parameters → pg uses the simple query protocol, which accepts several statements.
  await sql.raw(text).execute(db);
}

function messageOf(error: unknown): string {
  const message = typeof error === 'object' && error !== null ? (error as { message?: unknown }).message : undefined;
  return typeof message === 'string' ? message : String(error);
}

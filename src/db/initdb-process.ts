/**
 * The short-lived process that creates a new embedded (PGlite) database: `node initdb-process.js
 * <folder> <migrations folder>` runs initdb into `<folder>`, applies the migrations and exits.
 * Started by new-data-folder.ts only.
 *
 * Why a process of its own: initdb runs inside PGlite's WebAssembly memory and grows it to about
 * 860 MB (the first migrations add ≈ 70 MB more), and a WebAssembly memory never shrinks. Run
 * here, that memory goes back to the system when this process exits, and the server opens the
 * finished folder as it would reopen it.
 *
 * It writes only into `<folder>`, a staging folder inside the data folder that the server has
 * locked and that no other process opens; the server moves the result into place once this
 * process has exited.
 */
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from './migrate.js';

async function createDatabase(folder: string, migrations: string): Promise<void> {
  // The server holds the data folder's lock for us: if it goes away, so do we, at once.
  process.on('disconnect', () => process.exit(2));
  const pglite = await PGlite.create({ dataDir: folder });
  const db = new Kysely<unknown>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ ...createPgConfig(pglite), max: 1 }) }),
  });
  try {
    await migrateToLatest(db, migrations);
  } finally {
    await db.destroy();
    await pglite.close();
  }
}

const [folder, migrations] = process.argv.slice(2);
if (!folder || !migrations) {
  console.error('usage: initdb-process <new database folder> <migrations folder>');
  process.exit(64);
}
createDatabase(folder, migrations).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);

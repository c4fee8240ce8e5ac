/**
 * Creates the database in a new embedded data folder, migrated, in a short-lived child process
 * (initdb-process.ts), so that initdb's WebAssembly memory (≈ 860 MB, never released by a running
 * process) is not left in the server: the server then opens the folder as it reopens one, and
 * stays at a reopen's memory.
 *
 * The data folder's lock (data-folder-lock.ts) stays with the caller throughout. The child writes
 * only into a staging folder inside the data folder, `.new-database-<random>`, which no other
 * process opens; when it has exited, the caller moves the result into place, `PG_VERSION` last.
 * PGlite (and PostgreSQL) take a folder for a database only when `PG_VERSION` is there, so an
 * interruption at any point leaves either no database (created again at the next start, over
 * whatever was moved) or a whole one. Staging folders left by an interruption are removed at the
 * next open.
 */
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { access, readdir, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const STAGING_PREFIX = '.new-database-';
const VERSION_FILE = 'PG_VERSION';

/** Run from sources (tsx, jest) the child is TypeScript too; from the build, dist/db/initdb-process.js. */
const fromSources = import.meta.url.endsWith('.ts');
const CHILD = fileURLToPath(new URL(fromSources ? './initdb-process.ts' : './initdb-process.js', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Whether the folder holds a database (PGlite's own test: PG_VERSION is there). */
export async function holdsDatabase(dataDir: string): Promise<boolean> {
  return access(join(dataDir, VERSION_FILE)).then(
    () => true,
    () => false,
  );
}

/**
 * Removes staging folders an interrupted creation left behind. Call with the folder's lock held.
 */
export async function removeLeftoverStaging(dataDir: string): Promise<void> {
  const names = await readdir(dataDir).catch(() => []);
  for (const name of names.filter((n) => n.startsWith(STAGING_PREFIX))) {
    // A child orphaned by a killed server may still be writing there: best effort.
    await rm(join(dataDir, name), { recursive: true, force: true, maxRetries: 3 }).catch(() => undefined);
  }
}

/**
 * Creates the database in `dataDir` (which must hold the caller's lock and no database) in a
 * child process, with the migrations in `migrationsFolder` applied, and moves it into place.
 *
 * @example
 * if (!(await holdsDatabase(dir))) await createDatabaseInChildProcess(dir, DEFAULT_MIGRATIONS_FOLDER);
 * const pglite = new PGlite({ dataDir: dir }); // a reopen: no initdb in this process
 */
export async function createDatabaseInChildProcess(dataDir: string, migrationsFolder: string): Promise<void> {
  const folder = resolve(dataDir);
  const staging = join(folder, `${STAGING_PREFIX}${randomUUID()}`);
  try {
    await runChild([staging, resolve(migrationsFolder)]);
    await moveIntoPlace(staging, folder);
  } finally {
    await rm(staging, { recursive: true, force: true }).catch(() => undefined);
  }
}

function runChild(args: readonly string[]): Promise<void> {
  return new Promise((done, fail) => {
    const child = fork(CHILD, args, {
      // From sources tsx compiles it; `--import tsx` resolves from the repository's folder.
      execArgv: fromSources ? ['--import', 'tsx'] : [],
      cwd: REPO_ROOT,
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-2000);
    });
    // If this process ends first, the child ends too (it also watches the IPC channel).
    const killChild = () => child.kill('SIGKILL');
    process.once('exit', killChild);
    child.once('error', (error) => {
      process.off('exit', killChild);
      fail(error);
    });
    child.once('exit', (code, signal) => {
      process.off('exit', killChild);
      if (code === 0) return done();
      const why = signal ? `was stopped by ${signal}` : `exited with status ${code ?? '?'}`;
      fail(
        new Error(
          `Creating the embedded database in ${args[0] ?? '?'} failed: the initdb process ${why}. ${stderr.trim()}`,
        ),
      );
    });
  });
}

/** Moves the new database's files into the data folder, PG_VERSION last (see the header). */
async function moveIntoPlace(staging: string, folder: string): Promise<void> {
  const names = await readdir(staging);
  if (!names.includes(VERSION_FILE))
    throw new Error(`Creating the embedded database in ${folder} failed: initdb wrote no ${VERSION_FILE}.`);
  for (const name of [...names.filter((n) => n !== VERSION_FILE), VERSION_FILE]) {
    // Left by an earlier interrupted move, or by initdb run into this folder by an older version.
    await rm(join(folder, name), { recursive: true, force: true });
    await rename(join(staging, name), join(folder, name));
  }
}

/**
 * A fresh, migrated database per call, on PGlite by default or, when DATABASE_URL is set, as a
 * new database on that server. CI runs the whole suite both ways.
 *
 * PGlite: starting one from scratch runs initdb (≈ 3–6 s); loading a dump of a template built
 * once per jest run by global-setup takes ≈ 1 s.
 */
import { randomBytes } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import pg from 'pg';
import { dumpEmbedded, openDatabase, type DatabaseHandle } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';

export interface TestDatabase<DB> extends DatabaseHandle<DB> {
  /** The connection URL on a server, for a second pool on the same database; undefined on PGlite. */
  readonly url: string | undefined;
  /** Closes the handle and throws the database away (drops it on a server). Safe to call twice. */
  destroy(): Promise<void>;
}

export interface CreateTestDatabaseOptions {
  /** `false` → an empty database with no migrations applied (for tests of migrations). */
  readonly migrate?: boolean;
}

/** Set by global-setup: the path prefix of the template dumps (`<prefix>-empty.tar`, `-migrated.tar`). */
export const TEMPLATE_ENV = 'SAFEGUARD_TEST_TEMPLATE';

/**
 * @example
 * const database = await createTestDatabase<Database>();
 * afterEach(() => database.destroy());
 */
export async function createTestDatabase<DB>(options: CreateTestDatabaseOptions = {}): Promise<TestDatabase<DB>> {
  const migrate = options.migrate ?? true;
  const url = process.env['DATABASE_URL'];
  return url ? createOnServer<DB>(url, migrate) : createEmbedded<DB>(migrate);
}

async function createEmbedded<DB>(migrate: boolean): Promise<TestDatabase<DB>> {
  const template = await loadTemplate(migrate ? 'migrated' : 'empty');
  const handle = await openDatabase<DB>(
    { kind: 'embedded', dataDir: 'memory' },
    template ? { loadDataDir: template } : {},
  );
  // A no-op when the template is current; builds the schema when there is no template.
  if (migrate) await migrateToLatest(handle.db);
  // Same object, so dumpEmbedded(testDatabase) still finds its PGlite.
  return Object.assign(handle, { url: undefined, destroy: () => handle.close() });
}

/**
 * A migrated embedded database in `dataDir` (a folder, for tests that start the server as a
 * process on it), from the template when there is one: ≈ 1–2 s instead of initdb's ≈ 6 s or more.
 */
export async function createEmbeddedFolder(dataDir: string): Promise<void> {
  const template = await loadTemplate('migrated');
  const handle = await openDatabase({ kind: 'embedded', dataDir }, template ? { loadDataDir: template } : {});
  try {
    await migrateToLatest(handle.db);
  } finally {
    await handle.close();
  }
}

async function createOnServer<DB>(url: string, migrate: boolean): Promise<TestDatabase<DB>> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  await adminQuery(url, `CREATE DATABASE ${name}`);
  const databaseUrl = new URL(url);
  databaseUrl.pathname = `/${name}`;
  const handle = await openDatabase<DB>({ kind: 'server', url: databaseUrl.toString() });
  const destroy = onceOnly(async () => {
    await handle.close();
    await adminQuery(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });
  try {
    if (migrate) await migrateToLatest(handle.db);
  } catch (error) {
    await destroy();
    throw error;
  }
  return { ...handle, url: databaseUrl.toString(), destroy };
}

/** CREATE/DROP DATABASE cannot run in a transaction or from the database itself: a side client. */
async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

const templates = new Map<string, Promise<Blob | undefined>>();

function loadTemplate(kind: 'empty' | 'migrated'): Promise<Blob | undefined> {
  const prefix = process.env[TEMPLATE_ENV];
  if (!prefix) return Promise.resolve(undefined);
  const path = `${prefix}-${kind}.tar`;
  let template = templates.get(path);
  if (!template) {
    template = readFile(path).then((bytes) => new Blob([bytes]));
    templates.set(path, template);
  }
  return template;
}

/**
 * Builds both template dumps (before and after migrating). global-setup runs this in a child
 * process (`node --import tsx`), because jest loads global-setup without its ESM transform.
 */
export async function buildTestTemplates(prefix: string): Promise<{ applied: string[] }> {
  const handle = await openDatabase({ kind: 'embedded', dataDir: 'memory' });
  try {
    await writeAtomically(`${prefix}-empty.tar`, await dumpEmbedded(handle));
    const { applied } = await migrateToLatest(handle.db);
    await writeAtomically(`${prefix}-migrated.tar`, await dumpEmbedded(handle));
    return { applied };
  } finally {
    await handle.close();
  }
}

async function writeAtomically(path: string, blob: Blob): Promise<void> {
  const partial = `${path}.${process.pid}.partial`;
  await writeFile(partial, Buffer.from(await blob.arrayBuffer()));
  await rename(partial, path);
}

function onceOnly(work: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= work());
}

import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openDatabase } from '../../../src/db/database.js';
import { DEFAULT_MIGRATIONS_FOLDER, MigrationFailedError, migrateToLatest } from '../../../src/db/migrate.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';

const serverOnly = process.env['DATABASE_URL'] ? test : test.skip;

const FIRST = `
-- several statements, a comment, a $$ body and a semicolon inside a string
create table things (id int primary key, label text not null, due date);
create function label_of(thing_id int) returns text language sql as $$
  select label from things where id = thing_id;
$$;
insert into things values (1, 'a; b', '2025-01-02');
`;

describe('migrateToLatest', () => {
  let database: TestDatabase<any>;
  let folder: string;
  beforeEach(async () => {
    database = await createTestDatabase({ migrate: false });
    folder = mkdtempSync(join(tmpdir(), 'safeguard-migrations-'));
  });
  afterEach(async () => {
    await database.destroy();
    rmSync(folder, { recursive: true, force: true });
  });
  const write = (file: string, text: string) => writeFileSync(join(folder, file), text);

  test('applies each file once, in order, and is idempotent', async () => {
    write('001_first.sql', FIRST);
    expect(await migrateToLatest(database.db, folder)).toEqual({ applied: ['001_first'] });
    expect(await migrateToLatest(database.db, folder)).toEqual({ applied: [] });
    write('002_second.sql', `alter table things add column note text;`);
    expect(await migrateToLatest(database.db, folder)).toEqual({ applied: ['002_second'] });
    const { rows } = await sql`select label_of(1) as label, due from things`.execute(database.db);
    expect(rows).toEqual([{ label: 'a; b', due: '2025-01-02' }]);
  });

  test('a database that applied a file this folder lacks is refused, not taken as up to date', async () => {
    write('001_first.sql', FIRST);
    write('002_second.sql', `alter table things add column note text;`);
    await migrateToLatest(database.db, folder);
    rmSync(join(folder, '002_second.sql'));
    write('003_third.sql', `alter table things add column other text;`);
    await expect(migrateToLatest(database.db, folder)).rejects.toThrow(/002_second/);
  });

  test('an empty folder applies nothing', async () => {
    expect(await migrateToLatest(database.db, folder)).toEqual({ applied: [] });
  });

  test('a failing file is named, and nothing of that run stays applied', async () => {
    write('001_first.sql', FIRST);
    write('002_broken.sql', `create table half_done (id int);\nselect * from no_such_table;`);
    const migrating = migrateToLatest(database.db, folder);
    await expect(migrating).rejects.toBeInstanceOf(MigrationFailedError);
    await expect(migrating).rejects.toThrow(/002_broken\.sql failed: .*no_such_table/);
    const regclass = sql`select to_regclass('half_done') as half, to_regclass('things') as things`;
    // Kysely applies one run's pending migrations in one transaction: all or nothing.
    expect((await regclass.execute(database.db)).rows).toEqual([{ half: null, things: null }]);
    write('002_broken.sql', `create table half_done (id int);`);
    expect(await migrateToLatest(database.db, folder)).toEqual({ applied: ['001_first', '002_broken'] });
  });

  test('a .sql file not named NNN_name.sql is an error, not silently skipped', async () => {
    write('first.sql', FIRST);
    await expect(migrateToLatest(database.db, folder)).rejects.toThrow(/NNN_name\.sql; rename first\.sql/);
  });

  test('two migrations running at once on one database apply each file once', async () => {
    write('001_first.sql', `select pg_sleep(0.3);\n${FIRST}`);
    write('002_second.sql', `alter table things add column note text;`);
    const results = await Promise.all([migrateToLatest(database.db, folder), migrateToLatest(database.db, folder)]);
    expect(results.flatMap((result) => result.applied).sort()).toEqual(['001_first', '002_second']);
  });

  test("the project's own migrations apply to an empty database", async () => {
    const files = readdirSync(DEFAULT_MIGRATIONS_FOLDER)
      .filter((name) => name.endsWith('.sql'))
      .sort();
    const { applied } = await migrateToLatest(database.db);
    expect(applied).toEqual(files.map((name) => name.replace(/\.sql$/, '')));
  });

  serverOnly(
    'separate pools (as separate processes) migrating one server database at once apply each file once',
    async () => {
      write('001_first.sql', `select pg_sleep(0.5);\n${FIRST}`);
      write('002_second.sql', `alter table things add column note text;`);
      const url = database.url ?? '';
      const others = await Promise.all([1, 2, 3].map(() => openDatabase<any>({ kind: 'server', url })));
      try {
        const results = await Promise.all([database, ...others].map((handle) => migrateToLatest(handle.db, folder)));
        expect(results.flatMap((result) => result.applied).sort()).toEqual(['001_first', '002_second']);
        const { rows } = await sql`select name from kysely_migration order by name`.execute(database.db);
        expect(rows).toEqual([{ name: '001_first' }, { name: '002_second' }]);
      } finally {
        await Promise.all(others.map((handle) => handle.close()));
      }
    },
  );
});

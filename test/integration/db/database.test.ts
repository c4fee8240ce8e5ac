import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { LOCK_FILE_NAME } from '../../../src/db/data-folder-lock.js';
import { dumpEmbedded, openDatabase, type DatabaseHandle } from '../../../src/db/database.js';
import { DataFolderLockedError } from '../../../src/domain/shared/errors.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const databaseModule = join(repoRoot, 'src/db/database.ts');

describe('result types (PGlite, or the server when DATABASE_URL is set)', () => {
  let database: TestDatabase<any>;
  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
  });
  afterAll(() => database.destroy());

  test('a date column comes back as a YYYY-MM-DD string, whatever the time zone', async () => {
    await sql`create table day_test (day date not null)`.execute(database.db);
    await sql`insert into day_test values ('2025-03-30'), ('2025-10-26')`.execute(database.db);
    const { rows } = await sql<{ day: unknown }>`select day from day_test order by day`.execute(database.db);
    expect(rows).toEqual([{ day: '2025-03-30' }, { day: '2025-10-26' }]);
  });

  test('int8 (count, bigint) is a number; beyond 2^53 it is an error, never a silent rounding', async () => {
    const { rows } = await sql<{ n: unknown; big: unknown }>`select count(*) as n, 42::int8 as big`.execute(
      database.db,
    );
    expect(rows[0]).toEqual({ n: 1, big: 42 });
    await expect(sql`select 9007199254740993::int8 as huge`.execute(database.db)).rejects.toThrow(/MAX_SAFE_INTEGER/);
  });

  test('timestamptz is a Date, numeric stays a string', async () => {
    const { rows } = await sql<{ at: unknown; amount: unknown }>`
      select '2025-06-01T12:00:00Z'::timestamptz as at, 1.50::numeric as amount`.execute(database.db);
    expect(rows[0]?.at).toEqual(new Date('2025-06-01T12:00:00Z'));
    expect(rows[0]?.amount).toBe('1.50');
  });
});

describe('embedded database in a folder', () => {
  let dataDir: string;
  let held: DatabaseHandle<any> | undefined;
  beforeAll(() => {
    dataDir = join(mkdtempSync(join(tmpdir(), 'safeguard-db-')), 'data'); // not there yet: created
  });
  afterAll(async () => {
    await held?.close();
    rmSync(join(dataDir, '..'), { recursive: true, force: true });
  });
  const open = () => openDatabase<any>({ kind: 'embedded', dataDir });

  test('keeps its data when closed and opened again', async () => {
    const first = await open();
    await sql`create table notes (id int primary key, body text)`.execute(first.db);
    await sql`insert into notes values (1, 'kept')`.execute(first.db);
    await first.close();
    held = await open();
    const { rows } = await sql`select body from notes`.execute(held.db);
    expect(rows).toEqual([{ body: 'kept' }]);
  });

  test('a second open in the same process while it is held fails with DataFolderLockedError', async () => {
    const second = open();
    await expect(second).rejects.toBeInstanceOf(DataFolderLockedError);
    await expect(second).rejects.toThrow(`The data folder ${dataDir} is in use`);
  });

  test('another process cannot open it while it is held, and is told which pid has it', async () => {
    const child = runChild(`await openDatabase({ kind: 'embedded', dataDir: ${JSON.stringify(dataDir)} });`);
    const { code, output } = await exited(child);
    expect(code).not.toBe(0);
    expect(output).toContain('DataFolderLockedError');
    expect(output).toContain(`process ${process.pid}`);
    expect(output).toContain(dataDir);
  });

  test('a lock left by a killed process is taken over, and the data is intact', async () => {
    await held?.close();
    held = undefined;
    const child = runChild(
      `await openDatabase({ kind: 'embedded', dataDir: ${JSON.stringify(dataDir)} });` +
        `console.log('opened'); setInterval(() => {}, 1000);`,
    );
    await waitForOutput(child, 'opened');
    await expect(open()).rejects.toThrow(`process ${child.pid}`);
    child.kill('SIGKILL');
    await exited(child);
    held = await open();
    expect(JSON.parse(readFileSync(join(dataDir, LOCK_FILE_NAME), 'utf8')).pid).toBe(process.pid);
    const { rows } = await sql`select body from notes`.execute(held.db);
    expect(rows).toEqual([{ body: 'kept' }]);
  });
});

describe('embedded database in memory', () => {
  test('starts from a dump of another one', async () => {
    const source = await openDatabase<any>({ kind: 'embedded', dataDir: 'memory' });
    await sql`create table copied (x int)`.execute(source.db);
    await sql`insert into copied values (7)`.execute(source.db);
    const dump = await dumpEmbedded(source);
    await source.close();
    const copy = await openDatabase<any>({ kind: 'embedded', dataDir: 'memory' }, { loadDataDir: dump });
    const { rows } = await sql`select x from copied`.execute(copy.db);
    expect(rows).toEqual([{ x: 7 }]);
    await copy.close();
    await copy.close();
  });
});

describe('server database', () => {
  test('an unreachable server fails at open, not at the first query', async () => {
    const opening = openDatabase({ kind: 'server', url: 'postgres://postgres@127.0.0.1:1/none' });
    await expect(opening).rejects.toThrow(/ECONNREFUSED/);
  });
});

function runChild(body: string): ChildProcess {
  const script = `const { openDatabase } = await import(${JSON.stringify(databaseModule)});\n${body}`;
  return spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function exited(child: ChildProcess): Promise<{ code: number | null; output: string }> {
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, output })));
}

function waitForOutput(child: ChildProcess, text: string): Promise<void> {
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(text)) resolve();
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', (code) => reject(new Error(`child exited (${code}) before "${text}":\n${output}`)));
  });
}

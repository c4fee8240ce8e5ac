/**
 * Where a benchmark keeps its data: with DATABASE_URL, a database of its own on that server
 * (created here, dropped by `drop()`), so its figures start clean and nothing else is touched;
 * otherwise embedded PGlite in memory.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';

export type BenchTarget = { kind: 'server'; url: string } | { kind: 'embedded'; dataDir: 'memory' };

export interface BenchDatabase {
  readonly target: BenchTarget;
  /** "PostgreSQL server (DATABASE_URL)" or "embedded PGlite (in memory)", for the printed figures. */
  readonly label: string;
  /** Drops the server database; nothing for PGlite. */
  readonly drop: () => Promise<void>;
}

/** A new database named `<prefix>_<random>` on the server at `serverUrl`, and its address. */
export async function createServerDatabase(
  serverUrl: string,
  prefix: string,
): Promise<{ readonly url: string; readonly drop: () => Promise<void> }> {
  const name = `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const admin = async (text: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    await client.query(text).finally(() => client.end());
  };
  await admin(`CREATE DATABASE ${name}`);
  return {
    url: Object.assign(new URL(serverUrl), { pathname: `/${name}` }).toString(),
    drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

export async function benchDatabase(prefix = 'bench'): Promise<BenchDatabase> {
  const serverUrl = process.env['DATABASE_URL'];
  if (!serverUrl)
    return {
      target: { kind: 'embedded', dataDir: 'memory' },
      label: 'embedded PGlite (in memory)',
      drop: async () => {},
    };
  const own = await createServerDatabase(serverUrl, prefix);
  return { target: { kind: 'server', url: own.url }, label: 'PostgreSQL server (DATABASE_URL)', drop: own.drop };
}

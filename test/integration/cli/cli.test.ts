/**
 * The `safeguard` command as an administrator runs it: a real process through bin/safeguard.js,
 * on a fresh embedded database in a temporary folder.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const BIN = join(process.cwd(), 'bin', 'safeguard.js');

interface Outcome { code: number; stdout: string; stderr: string }

async function safeguard(args: string[], env: Record<string, string> = {}): Promise<Outcome> {
  const baseEnv = { ...process.env, ...env };
  delete baseEnv['DATABASE_URL']; // the CLI tests use their own embedded folder
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: baseEnv, timeout: 60_000 });
    return { code: 0, stdout: stdout.trim(), stderr: stderr.trim() };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout.trim(), stderr: e.stderr.trim() };
  }
}

describe('safeguard working-days', () => {
  test('adds working days across Christmas and New Year, by nation', async () => {
    expect(await safeguard(['working-days', 'add', '--nation', 'england-and-wales', '--from', '2025-12-19', '--days', '10'])).toMatchObject({ code: 0, stdout: '2026-01-07' });
    expect(await safeguard(['working-days', 'add', '--nation', 'scotland', '--from', '2025-12-19', '--days', '10'])).toMatchObject({ code: 0, stdout: '2026-01-08' });
  });

  test('a local closure day moves the deadline', async () => {
    const out = await safeguard(['working-days', 'add', '--nation', 'england-and-wales', '--from', '2025-12-19', '--days', '10', '--closure-day', '2025-12-24']);
    expect(out.stdout).toBe('2026-01-08');
  });

  test('same-day and within-48h print the deadline instant', async () => {
    expect((await safeguard(['working-days', 'same-day', '--nation', 'england-and-wales', '--at', '2026-11-25T10:00:00Z'])).stdout).toBe('2026-11-25T17:00:00.000Z');
    expect((await safeguard(['working-days', 'within-48h', '--nation', 'england-and-wales', '--at', '2026-10-24T09:00:00Z'])).stdout).toBe('2026-10-26T09:00:00.000Z');
  });

  test('is-working-day names the bank holiday', async () => {
    const out = await safeguard(['working-days', 'is-working-day', '--nation', 'northern-ireland', '--date', '2026-07-13']);
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(/^no \(.*Boyne.*\)$/i);
  });

  test('bad input gets a clear message and a non-zero exit', async () => {
    const nation = await safeguard(['working-days', 'add', '--nation', 'wales', '--from', '2025-12-19', '--days', '10']);
    expect(nation).toMatchObject({ code: 2 });
    expect(nation.stderr).toMatch(/--nation must be one of england-and-wales, scotland, northern-ireland/);
    const date = await safeguard(['working-days', 'add', '--nation', 'scotland', '--from', '2025-02-30', '--days', '1']);
    expect(date.code).toBe(2);
    expect(date.stderr).toMatch(/--from must be a date/);
    expect((await safeguard(['frobnicate'])).code).toBe(2);
  });
});

describe('safeguard packs and escalation deadlines', () => {
  test('validate names each organisation of the five bundled packs', async () => {
    const out = await safeguard(['packs', 'validate']);
    expect(out.code).toBe(0);
    for (const name of ['Speak Out', 'seAp', 'Durham', 'Tameside', 'Stockport']) expect(out.stdout).toContain(name);
  });

  test('validate reports every problem of a broken pack with file and path, and exits 1', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'packs-'));
    try {
      const good = JSON.parse(await readFile(join(process.cwd(), 'src/domain/protocol/packs/tameside.json'), 'utf8'));
      await writeFile(join(dir, 'broken.json'), JSON.stringify({ ...good, id: 'broken-org', nation: 'wales', surprise: true }));
      const out = await safeguard(['packs', 'validate', dir]);
      expect(out.code).toBe(1);
      expect(out.stdout + out.stderr).toMatch(/broken\.json: nation/);
      expect(out.stdout + out.stderr).toMatch(/surprise/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('escalation deadlines for Tameside from 19 December 2025', async () => {
    const out = await safeguard(['escalation', 'deadlines', '--pack', 'tameside', '--start', '2025-12-19T10:00:00Z']);
    expect(out.code).toBe(0);
    const result = JSON.parse(out.stdout);
    const stage2 = result.stages.find((s: { stage: number }) => s.stage === 2);
    expect(stage2.deadlines.map((d: { dueAt: string }) => d.dueAt)).toEqual(['2025-12-30T17:00:00.000Z', '2026-01-07T17:00:00.000Z']);
    expect(result.riskResponses).toEqual(expect.arrayContaining([expect.objectContaining({ level: 'increasing', dueAt: '2025-12-21T10:00:00.000Z' })]));
  });

  test('an unknown pack is a clear error', async () => {
    const out = await safeguard(['escalation', 'deadlines', '--pack', 'nowhere', '--start', '2025-12-19T10:00:00Z']);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/nowhere/);
  });
});

describe('safeguard tenants, decisions verify and export (embedded database)', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'safeguard-cli-'));
    await mkdir(dataDir, { recursive: true });
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  test('a tenant is added, its empty log verifies, and exports have their header rows', async () => {
    const env = { SAFEGUARD_DATA_DIR: join(dataDir, 'db') };
    expect(await safeguard(['tenants', 'add', '--id', 'stockport-asc', '--name', 'Stockport ASC', '--pack', 'stockport', '--domain', 'Stockport.gov.uk'], env)).toMatchObject({ code: 0 });
    expect((await safeguard(['tenants', 'list'], env)).stdout).toBe('stockport-asc\tstockport\tStockport ASC\tstockport.gov.uk');
    expect(await safeguard(['decisions', 'verify', '--tenant', 'stockport-asc'], env)).toMatchObject({ code: 0, stdout: expect.stringMatching(/intact: 0 entries/) });
    const csv = await safeguard(['export', 'escalations', '--tenant', 'stockport-asc'], env);
    expect(csv.stdout.split('\r\n')[0]).toBe('id,case_reference,state,stage,risk_level,other_agency,natures,opened_at,next_deadline,next_deadline_at,closed_at,outcome,outstanding_concerns');
    const unknown = await safeguard(['decisions', 'verify', '--tenant', 'nobody'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no tenant "nobody"/);
  });
});

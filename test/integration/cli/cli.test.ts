/**
 * The `safeguard` command as an administrator runs it: a real process through bin/safeguard.js,
 * on a fresh embedded database in a temporary folder.
 */
import { jest } from '@jest/globals';
import { mkdtemp, readFile, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { registerPerson } from '../../../src/app/people/people-and-consent.js';
import { recordSharingDecision } from '../../../src/app/sharing/sharing-decisions.js';
import { openApp } from '../../../src/composition.js';
import { loadConfig } from '../../../src/config.js';
import { safeguard } from '../../helpers/run-safeguard.js';

// Each command is a real process opening an embedded database (initdb on first use): slow on a busy machine.
jest.setTimeout(180_000);

describe('safeguard working-days', () => {
  test('adds working days across Christmas and New Year, by nation', async () => {
    expect(
      await safeguard(['working-days', 'add', '--nation', 'england-and-wales', '--from', '2025-12-19', '--days', '10']),
    ).toMatchObject({ code: 0, stdout: '2026-01-07' });
    expect(
      await safeguard(['working-days', 'add', '--nation', 'scotland', '--from', '2025-12-19', '--days', '10']),
    ).toMatchObject({ code: 0, stdout: '2026-01-08' });
  });

  test('a local closure day moves the deadline', async () => {
    const out = await safeguard([
      'working-days',
      'add',
      '--nation',
      'england-and-wales',
      '--from',
      '2025-12-19',
      '--days',
      '10',
      '--closure-day',
      '2025-12-24',
    ]);
    expect(out.stdout).toBe('2026-01-08');
  });

  test('same-day and within-48h print the deadline instant', async () => {
    expect(
      (await safeguard(['working-days', 'same-day', '--nation', 'england-and-wales', '--at', '2026-11-25T10:00:00Z']))
        .stdout,
    ).toBe('2026-11-25T17:00:00.000Z');
    expect(
      (await safeguard(['working-days', 'within-48h', '--nation', 'england-and-wales', '--at', '2026-10-24T09:00:00Z']))
        .stdout,
    ).toBe('2026-10-26T09:00:00.000Z');
  });

  test('is-working-day names the bank holiday', async () => {
    const out = await safeguard([
      'working-days',
      'is-working-day',
      '--nation',
      'northern-ireland',
      '--date',
      '2026-07-13',
    ]);
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(/^no \(.*Boyne.*\)$/i);
  });

  test('bad input gets a clear message and a non-zero exit', async () => {
    const nation = await safeguard([
      'working-days',
      'add',
      '--nation',
      'wales',
      '--from',
      '2025-12-19',
      '--days',
      '10',
    ]);
    expect(nation).toMatchObject({ code: 2 });
    expect(nation.stderr).toMatch(/--nation must be one of england-and-wales, scotland, northern-ireland/);
    const date = await safeguard([
      'working-days',
      'add',
      '--nation',
      'scotland',
      '--from',
      '2025-02-30',
      '--days',
      '1',
    ]);
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
      await writeFile(
        join(dir, 'broken.json'),
        JSON.stringify({ ...good, id: 'broken-org', nation: 'wales', surprise: true }),
      );
      const out = await safeguard(['packs', 'validate', dir]);
      expect(out.code).toBe(1);
      expect(out.stdout + out.stderr).toMatch(/broken\.json: nation/);
      expect(out.stdout + out.stderr).toMatch(/surprise/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('validate refuses a case-reference pattern that the on-send check would refuse, naming the field', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'packs-'));
    try {
      const good = JSON.parse(await readFile(join(process.cwd(), 'src/domain/protocol/packs/tameside.json'), 'utf8'));
      await writeFile(
        join(dir, 'slow-pattern.json'),
        JSON.stringify({ ...good, id: 'slow-pattern', caseReference: { pattern: '(\\d+)+', example: '12' } }),
      );
      await writeFile(
        join(dir, 'safe-pattern.json'),
        JSON.stringify({
          ...good,
          id: 'safe-pattern',
          caseReference: { pattern: '^[A-Z]{2,4}-\\d+(/\\d+)*$', example: 'ASC-2024/0042' },
        }),
      );
      const out = await safeguard(['packs', 'validate', dir]);
      expect(out.code).toBe(1);
      expect(out.stdout).toMatch(
        /INVALID\s+\S*slow-pattern\.json: caseReference\.pattern: cannot be used by the on-send check: .*exponential time/,
      );
      expect(out.stdout).toMatch(/ok\s+\S*safe-pattern\.json/);
      expect(out.stderr).toMatch(/1 of 2 pack files are invalid/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('escalation deadlines for Tameside from 19 December 2025', async () => {
    const out = await safeguard(['escalation', 'deadlines', '--pack', 'tameside', '--start', '2025-12-19T10:00:00Z']);
    expect(out.code).toBe(0);
    const result = JSON.parse(out.stdout);
    const stage2 = result.stages.find((s: { stage: number }) => s.stage === 2);
    expect(stage2.deadlines.map((d: { dueAt: string }) => d.dueAt)).toEqual([
      '2025-12-30T17:00:00.000Z',
      '2026-01-07T17:00:00.000Z',
    ]);
    expect(result.riskResponses).toEqual(
      expect.arrayContaining([expect.objectContaining({ level: 'increasing', dueAt: '2025-12-21T10:00:00.000Z' })]),
    );
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
    expect(
      await safeguard(
        [
          'tenants',
          'add',
          '--id',
          'stockport-asc',
          '--name',
          'Stockport ASC',
          '--pack',
          'stockport',
          '--domain',
          'Stockport.gov.uk',
        ],
        env,
      ),
    ).toMatchObject({ code: 0 });
    expect((await safeguard(['tenants', 'list'], env)).stdout).toBe(
      'stockport-asc\tstockport\tStockport ASC\tstockport.gov.uk\tsoft-block\tsharing:stockport',
    );
    // Packs combine (issue 9): Stockport's escalation policy names no sharing rules, so another pack's are set for sharing.
    expect(
      await safeguard(['tenants', 'set-sharing-pack', '--id', 'stockport-asc', '--sharing-pack', 'county-durham'], env),
    ).toMatchObject({ code: 0, stdout: expect.stringMatching(/County Durham .* protocol/) });
    expect((await safeguard(['tenants', 'list'], env)).stdout).toMatch(/\tsharing:county-durham$/);
    expect(
      await safeguard(['tenants', 'set-sharing-pack', '--id', 'stockport-asc', '--same-as-pack'], env),
    ).toMatchObject({ code: 0, stderr: expect.stringMatching(/names no information-sharing rules/) });
    expect(await safeguard(['decisions', 'review', '--tenant', 'stockport-asc'], env)).toMatchObject({
      code: 0,
      stderr: expect.stringMatching(/no decisions on a lawful basis outside the protocol/),
    });
    expect(await safeguard(['decisions', 'verify', '--tenant', 'stockport-asc'], env)).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/verified: 0 entries, head seq 0 matches, not anchored yet/),
    });
    const csv = await safeguard(['export', 'escalations', '--tenant', 'stockport-asc'], env);
    expect(csv.stdout.split('\r\n')[0]).toBe(
      'id,case_reference,state,stage,risk_level,other_agency,natures,opened_at,next_deadline,next_deadline_at,closed_at,outcome,outstanding_concerns,records',
    );
    const unknown = await safeguard(['decisions', 'verify', '--tenant', 'nobody'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no tenant "nobody"/);
  });

  test('decisions are exported as CSV, and tampering with the log makes verify fail at the altered entry', async () => {
    const env = { SAFEGUARD_DATA_DIR: join(dataDir, 'db2') };
    expect(
      (await safeguard(['tenants', 'add', '--id', 'durham', '--name', 'Durham ASC', '--pack', 'county-durham'], env))
        .code,
    ).toBe(0);
    const app = await openApp(loadConfig({ SAFEGUARD_DATA_DIR: env.SAFEGUARD_DATA_DIR }));
    try {
      const caller = { tenantId: 'durham', userId: 'u1', name: 'Sam Practitioner' };
      const person = await registerPerson(app.deps, caller, { caseReference: 'DUR-9', displayName: 'A. Person' });
      for (const reasons of ['=cmd|calc, "quoted"', 'second decision']) {
        const r = await recordSharingDecision(app.deps, caller, {
          decision: 'not-share',
          personId: person.id,
          basis: { kind: 'none' },
          information: 'Address',
          recipients: [{ name: 'PC Jones', agency: 'Durham Constabulary' }],
          purpose: '',
          reasons,
          involved: ['Team manager'],
        });
        expect(r.kind).toBe('allowed');
      }
    } finally {
      await app.close();
    }
    const csv = (await safeguard(['export', 'decisions', '--tenant', 'durham'], env)).stdout.split('\r\n');
    expect(csv).toHaveLength(3);
    expect(csv[1]).toContain('DUR-9,not-share,none');
    expect(csv[1]).toContain(`"'=cmd|calc, ""quoted"""`); // formula neutralised, quotes escaped
    expect(await safeguard(['decisions', 'verify', '--tenant', 'durham'], env)).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(
        /verified: 2 entries \(keyed with HMAC-SHA-256\), head seq 2 matches, anchored at seq 2 on .*decision-log\.anchor/,
      ),
    });
    // The key is beside the data folder, never inside it, and only its owner may read it.
    expect((await stat(join(dataDir, 'decision-log.key'))).mode & 0o777).toBe(0o600);
    expect(await readFile(join(dataDir, 'decision-log.anchor'), 'utf8')).toMatch(/"tenantId":"durham","seq":2,/);

    const again = await openApp(loadConfig({ SAFEGUARD_DATA_DIR: env.SAFEGUARD_DATA_DIR }));
    try {
      await sql`alter table sharing_decisions disable trigger sharing_decisions_append_only`.execute(again.database.db);
      await sql`update sharing_decisions set payload = replace(payload, 'second decision', 'rewritten') where seq = 2`.execute(
        again.database.db,
      );
    } finally {
      await again.close();
    }
    const broken = await safeguard(['decisions', 'verify', '--tenant', 'durham'], env);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/BROKEN at seq 2 .*altered/);
  });
});

describe('safeguard directory and people', () => {
  test('records a line manager, a role holder and a person, which the bot and reminders then use', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'safeguard-cli-dir-'));
    const env = { SAFEGUARD_DATA_DIR: join(dir, 'db') };
    try {
      expect(
        (
          await safeguard(
            ['tenants', 'add', '--id', 't1', '--name', 'Trust', '--pack', 'stockport', '--send-mode', 'block'],
            env,
          )
        ).code,
      ).toBe(0);
      expect(
        (
          await safeguard(
            ['tenants', 'add', '--id', 't2', '--name', 'Trust', '--pack', 'stockport', '--send-mode', 'maybe'],
            env,
          )
        ).code,
      ).toBe(2);
      expect(
        await safeguard(
          ['directory', 'set-user', '--tenant', 't1', '--user', 'u-sam', '--name', 'Sam', '--manager', 'u-tess'],
          env,
        ),
      ).toMatchObject({ code: 0, stdout: 'user u-sam recorded, line manager u-tess' });
      expect(
        await safeguard(
          ['directory', 'assign-role', '--tenant', 't1', '--role', 'head-of-department', '--user', 'u-bea'],
          env,
        ),
      ).toMatchObject({ code: 2, stderr: expect.stringContaining('its roles: practitioner,') });
      expect(
        (
          await safeguard(
            ['directory', 'assign-role', '--tenant', 't1', '--role', 'lsab-business-manager', '--user', 'u-bea'],
            env,
          )
        ).code,
      ).toBe(0);
      expect(
        await safeguard(
          ['people', 'add', '--tenant', 't1', '--case-reference', 'SMBC-1', '--name', 'Pat Example'],
          env,
        ),
      ).toMatchObject({ code: 0, stdout: expect.stringContaining('person SMBC-1 registered') });

      expect(
        await safeguard(['people', 'add', '--tenant', 't1', '--case-reference', 'bad ref!', '--name', 'X'], env),
      ).toMatchObject({ code: 1, stderr: expect.stringContaining('caseReference') });
      const app = await openApp(loadConfig(env));
      try {
        expect(await app.deps.store.getDirectoryUser('t1', 'u-sam')).toMatchObject({ managerUserId: 'u-tess' });
        expect(await app.deps.store.getTenant('t1')).toMatchObject({ sendMode: 'block' });
        expect((await app.deps.store.roleHolders('t1', ['lsab-business-manager'])).map((u) => u.userId)).toEqual([
          'u-bea',
        ]);
        expect(await app.deps.store.findPersonByCaseReference('t1', 'SMBC-1')).toMatchObject({
          displayName: 'Pat Example',
        });
      } finally {
        await app.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test("the information-governance lead role is assigned and revoked, and the access log lists who touched a person's records", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'safeguard-cli-ig-'));
    const env = { SAFEGUARD_DATA_DIR: join(dir, 'db') };
    try {
      expect(
        (await safeguard(['tenants', 'add', '--id', 't1', '--name', 'Trust', '--pack', 'stockport'], env)).code,
      ).toBe(0);
      expect(
        await safeguard(['directory', 'assign-role', '--tenant', 't1', '--role', 'ig-lead', '--user', 'u-iggy'], env),
      ).toMatchObject({ code: 0, stdout: 'u-iggy holds ig-lead' });
      expect(
        await safeguard(['directory', 'revoke-role', '--tenant', 't1', '--role', 'ig-lead', '--user', 'u-iggy'], env),
      ).toMatchObject({ code: 0, stdout: 'u-iggy no longer holds ig-lead' });
      expect(
        await safeguard(['directory', 'revoke-role', '--tenant', 't1', '--role', 'ig-lead', '--user', 'u-iggy'], env),
      ).toMatchObject({ code: 2, stderr: expect.stringContaining('does not hold ig-lead') });
      expect(
        await safeguard(
          [
            'people',
            'add',
            '--tenant',
            't1',
            '--case-reference',
            'SMBC-2',
            '--name',
            'Pat Future',
            '--date-of-birth',
            '9999-12-31',
          ],
          env,
        ),
      ).toMatchObject({ code: 1, stderr: expect.stringContaining('in the future') });
      expect(
        (
          await safeguard(
            ['people', 'add', '--tenant', 't1', '--case-reference', 'SMBC-1', '--name', 'Pat Example'],
            env,
          )
        ).code,
      ).toBe(0);
      const log = await safeguard(['access-log', '--tenant', 't1', '--person', 'SMBC-1'], env);
      expect(log).toMatchObject({
        code: 0,
        stdout: expect.stringMatching(
          /^\d{4}-\d\d-\d\dT[\d:.]+Z\tcli\tAdministrator \(CLI\)\tSMBC-1\tregister-person\tcli\tallowed$/,
        ),
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

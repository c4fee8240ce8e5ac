/**
 * The tampering scenarios of the security review (section 5a), each against a real database
 * holding 14 decisions: with the append-only triggers on, the database refuses; with them off
 * (`session_replication_role = replica`, as a database administrator could), the verifier finds
 * every change. The anchor is a real file outside the database; the key never enters it.
 */
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHmac, randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { sealLegacyDecisionLogs, verifyDecisionLog, type LogVerdict } from '../../../src/app/sharing/decision-log.js';
import { registerPerson } from '../../../src/app/people/people-and-consent.js';
import type { AppDeps, Caller } from '../../../src/app/ports.js';
import { recordSharingDecision } from '../../../src/app/sharing/sharing-decisions.js';
import { buildDeps } from '../../../src/composition.js';
import { fileDecisionAnchor } from '../../../src/crypto/file-decision-anchor.js';
import { DEFAULT_MIGRATIONS_FOLDER, migrateToLatest } from '../../../src/db/migrate.js';
import type { Database } from '../../../src/db/schema.js';
import {
  canonicalJson,
  chainNext,
  entryHash,
  GENESIS_HASH,
  type ChainedEntry,
} from '../../../src/domain/sharing/decision-chain.js';
import { nodeSha256 } from '../../../src/crypto/node-sha256.js';
import { createTestApp, type TestApp } from '../../helpers/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';

let app: TestApp;
let deps: AppDeps;
let caller: Caller;
let dir: string;
let otherPersonId: string;
const TENANT = 'durham-adult-care';

/** Runs `statements` as an administrator with every trigger off (append-only ones included). */
async function asAdministratorWithoutTriggers(db: Kysely<Database>, statements: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`SET LOCAL session_replication_role = replica`.execute(trx);
    await sql.raw(statements).execute(trx);
  });
}

const verify = () => verifyDecisionLog(deps, TENANT);
const brokenAt = (seq: number, problem: RegExp): Partial<LogVerdict> =>
  expect.objectContaining({ kind: 'broken', seq, problem: expect.stringMatching(problem) }) as Partial<LogVerdict>;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'safeguard-tamper-'));
  app = await createTestApp();
  deps = { ...app.deps, decisionAnchor: fileDecisionAnchor(join(dir, 'decision-log.anchor')) };
  caller = await app.tenant(TENANT, 'county-durham');
  const person = await registerPerson(deps, caller, { caseReference: 'DUR-1', displayName: 'A. Person' });
  otherPersonId = (await registerPerson(deps, caller, { caseReference: 'OTHER-1', displayName: 'B. Other' })).id;
  for (let i = 1; i <= 14; i += 1) {
    const r = await recordSharingDecision(deps, caller, {
      decision: 'not-share',
      personId: person.id,
      basis: { kind: 'none' },
      information: 'Address',
      recipients: [{ name: 'PC Jones', agency: 'Durham Constabulary' }],
      purpose: '',
      reasons: `decision ${i}`,
      involved: ['Team manager'],
      context: { channel: 'outlook', reference: `outlook:draft-${i}` },
    });
    expect(r.kind).toBe('allowed');
  }
});
afterEach(async () => {
  await app.destroy();
  await rm(dir, { recursive: true, force: true });
});

test('an untouched log verifies: every entry keyed, the head matches, and the head is anchored outside the database', async () => {
  expect(await verify()).toMatchObject({
    kind: 'intact',
    entries: 14,
    legacyEntries: 0,
    headSeq: 14,
    anchor: { kind: 'anchored', seq: 14, behind: 0 },
  });
});

describe('with the append-only triggers on, the database refuses', () => {
  test.each([
    ['UPDATE', "UPDATE sharing_decisions SET payload = 'x' WHERE seq = 5"],
    ['DELETE', 'DELETE FROM sharing_decisions WHERE seq = 14'],
    ['TRUNCATE', 'TRUNCATE sharing_decisions'],
  ])('%s', async (_name, statement) => {
    await expect(sql.raw(statement).execute(app.database.db)).rejects.toThrow(/append-only/);
    expect(await verify()).toMatchObject({ kind: 'intact', entries: 14 });
  });
});

describe('with the triggers off, the verifier finds', () => {
  const cases: [string, string, number, RegExp][] = [
    [
      'the payload of entry 5 changed',
      "UPDATE sharing_decisions SET payload = replace(payload, 'decision 5', 'rewritten') WHERE seq = 5",
      5,
      /altered/,
    ],
    ['middle entry 7 deleted', 'DELETE FROM sharing_decisions WHERE seq = 7', 8, /missing/],
    [
      'the recorded_at of entry 4 changed',
      "UPDATE sharing_decisions SET recorded_at = recorded_at - interval '3 days' WHERE seq = 4",
      4,
      /altered/,
    ],
    [
      'the newest entry deleted, head left saying 14',
      'DELETE FROM sharing_decisions WHERE seq = 14',
      14,
      /head says the log ends at entry 14/,
    ],
    [
      'the last 5 deleted and the head rewound',
      `DELETE FROM sharing_decisions WHERE seq > 9;
      UPDATE decision_chain_heads h SET seq = 9, hash = d.hash FROM sharing_decisions d WHERE d.tenant_id = h.tenant_id AND d.seq = 9`,
      10,
      /anchor .* recorded entry 14 .* ends at entry 9/,
    ],
    [
      'the whole log and head deleted',
      'DELETE FROM sharing_decisions; DELETE FROM decision_chain_heads',
      1,
      /recorded entry 14 .* ends at entry 0/,
    ],
    ['the person_id of entry 6 re-pointed to another person', '', 6, /altered/],
    [
      'the reference of entry 3 changed (the on-send lookup key)',
      "UPDATE sharing_decisions SET reference = 'outlook:bobs-draft' WHERE seq = 3",
      3,
      /altered/,
    ],
    [
      'entry 8 moved to another organisation',
      `INSERT INTO tenants (id, name, pack_id) VALUES ('elsewhere', 'Elsewhere', 'county-durham');
      UPDATE sharing_decisions SET tenant_id = 'elsewhere' WHERE seq = 8`,
      9,
      /missing/,
    ],
  ];
  test.each(cases)('%s', async (_name, statements, seq, problem) => {
    await asAdministratorWithoutTriggers(
      app.database.db,
      statements || `UPDATE sharing_decisions SET person_id = '${otherPersonId}' WHERE seq = 6`,
    );
    expect(await verify()).toEqual(brokenAt(seq, problem));
  });

  test('without an anchor configured, the chain head row alone finds the newest entry deleted', async () => {
    await asAdministratorWithoutTriggers(app.database.db, 'DELETE FROM sharing_decisions WHERE seq = 14');
    expect(await verifyDecisionLog(app.deps, TENANT)).toEqual(brokenAt(14, /head says the log ends at entry 14/));
  });

  test('the payload of entry 6 changed and every hash from there recomputed, without the key', async () => {
    await rewriteFrom(6, (e) =>
      chainNext({ sha256: nodeSha256, mac: guessedMac }, e.previous, {
        ...e.entry,
        record: { ...JSON.parse(e.entry.payload), reasons: 'rewritten' },
      }),
    );
    expect(await verify()).toEqual(brokenAt(6, /altered/));
  });

  test('the whole log re-written under the old unkeyed rule (a downgrade), with the head moved to match', async () => {
    await rewriteFrom(1, (e) => legacyEntry(e.entry, e.previous, e.entry.seq === 6 ? 'rewritten' : undefined));
    expect(await verify()).toEqual(brokenAt(14, /never sealed/));
  });

  test("an entry appended behind the application's back, head advanced", async () => {
    const [last] = await deps.store.listDecisionsByReference(TENANT, 'outlook:draft-14', 1);
    const forged = chainNext({ sha256: nodeSha256, mac: guessedMac }, last, {
      tenantId: TENANT,
      id: randomUUID(),
      personId: otherPersonId,
      reference: 'outlook:forged',
      recordedAt: new Date().toISOString(),
      record: { decision: 'share', reasons: 'forged' },
    });
    await asAdministratorWithoutTriggers(
      app.database.db,
      `${insertOf(forged)}; UPDATE decision_chain_heads SET seq = 15, hash = '${forged.hash}'`,
    );
    expect(await verify()).toEqual(brokenAt(15, /altered/));
  });
});

const guessedMac = (text: string) => createHmac('sha256', 'a guessed key').update(text).digest('hex');

/** Replaces every entry from `from` on with `make(entry, previous replaced entry)`, and moves the head to the last one. */
async function rewriteFrom(
  from: number,
  make: (e: { entry: ChainedEntry; previous: ChainedEntry | undefined }) => ChainedEntry,
): Promise<void> {
  const entries = await deps.store.pageDecisions(TENANT, 0, 100);
  let previous = entries[from - 2];
  const statements: string[] = [];
  for (const entry of entries.slice(from - 1)) {
    const next = make({ entry, previous });
    statements.push(
      `DELETE FROM sharing_decisions WHERE tenant_id = '${TENANT}' AND seq = ${entry.seq}`,
      insertOf(next),
    );
    previous = next;
  }
  statements.push(
    `UPDATE decision_chain_heads SET seq = ${previous!.seq}, hash = '${previous!.hash}' WHERE tenant_id = '${TENANT}'`,
  );
  await asAdministratorWithoutTriggers(app.database.db, statements.join(';\n'));
}

function legacyEntry(entry: ChainedEntry, previous: ChainedEntry | undefined, reasons?: string): ChainedEntry {
  const payload = reasons ? canonicalJson({ ...JSON.parse(entry.payload), reasons }) : entry.payload;
  const unhashed = { ...entry, payload, prevHash: previous?.hash ?? GENESIS_HASH, version: 1 as const };
  return { ...unhashed, hash: entryHash({ sha256: nodeSha256, mac: guessedMac }, unhashed) };
}

function insertOf(e: ChainedEntry): string {
  const text = (v: string | undefined) => (v === undefined ? 'NULL' : `'${v.replace(/'/g, "''")}'`);
  return `INSERT INTO sharing_decisions (tenant_id, seq, id, person_id, recorded_at, payload, prev_hash, hash, reference, version)
    VALUES (${text(e.tenantId)}, ${e.seq}, ${text(e.id)}, ${text(e.personId)}, ${text(e.recordedAt)}, ${text(e.payload)}, ${text(e.prevHash)}, ${text(e.hash)}, ${text(e.reference)}, ${e.version})`;
}

describe('a log written before keyed chaining (migration 004)', () => {
  let database: TestDatabase<Database> | undefined;
  let folder: string | undefined;
  afterEach(async () => {
    await database?.destroy();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  test('keeps verifying under the old rule, is sealed once with the key, and new entries follow under the keyed rule', async () => {
    // A database as release 003 left it, with 5 decisions written under the old rule.
    folder = await mkdtemp(join(tmpdir(), 'safeguard-migrations-'));
    await mkdir(join(folder, 'upto003'));
    for (const f of ['001_initial.sql', '002_teams.sql', '003_outlook.sql'])
      await copyFile(join(DEFAULT_MIGRATIONS_FOLDER, f), join(folder, 'upto003', f));
    const db = (database = await createTestDatabase<Database>({ migrate: false })).db;
    await migrateToLatest(db, join(folder, 'upto003'));
    const personId = randomUUID();
    await sql`INSERT INTO tenants (id, name, pack_id) VALUES ('old-org', 'Old', 'county-durham')`.execute(db);
    await sql`INSERT INTO people (tenant_id, id, case_reference, display_name, created_by) VALUES ('old-org', ${personId}, 'OLD-1', 'Old Person', 'u1')`.execute(
      db,
    );
    let previous: ChainedEntry | undefined;
    for (let seq = 1; seq <= 5; seq += 1) {
      const unhashed = {
        tenantId: 'old-org',
        seq,
        id: randomUUID(),
        personId,
        reference: undefined,
        recordedAt: `2026-0${seq}-01T10:00:00.000Z`,
        payload: canonicalJson({ reasons: `old ${seq}` }),
        prevHash: previous?.hash ?? GENESIS_HASH,
        version: 1 as const,
      };
      previous = { ...unhashed, hash: entryHash({ sha256: nodeSha256, mac: guessedMac }, unhashed) };
      await sql`INSERT INTO sharing_decisions (tenant_id, seq, id, person_id, recorded_at, payload, prev_hash, hash) VALUES ('old-org', ${seq}, ${previous.id}, ${personId}, ${previous.recordedAt}, ${previous.payload}, ${previous.prevHash}, ${previous.hash})`.execute(
        db,
      );
    }
    await sql`INSERT INTO decision_chain_heads (tenant_id, seq, hash) VALUES ('old-org', 5, ${previous!.hash})`.execute(
      db,
    );

    await migrateToLatest(db);
    const upgraded = {
      ...buildDeps(db, app.packs, app.clock, { key: Buffer.alloc(32, 7) }),
      decisionAnchor: fileDecisionAnchor(join(dir, 'old.anchor')),
    };
    expect(await sealLegacyDecisionLogs(upgraded)).toBe(1);
    expect(await sealLegacyDecisionLogs(upgraded)).toBe(0); // once only
    expect(await verifyDecisionLog(upgraded, 'old-org')).toMatchObject({
      kind: 'intact',
      entries: 5,
      legacyEntries: 5,
      anchor: { kind: 'anchored', seq: 5 },
    });

    const caller = { tenantId: 'old-org', userId: 'u1', name: 'Sam' };
    const r = await recordSharingDecision(upgraded, caller, {
      decision: 'not-share',
      personId,
      basis: { kind: 'none' },
      information: 'x',
      recipients: [{ name: 'A', agency: 'B' }],
      purpose: '',
      reasons: 'new',
      involved: ['TM'],
    });
    expect(r.kind === 'allowed' && r.entry).toMatchObject({ seq: 6, version: 2 });
    expect(await verifyDecisionLog(upgraded, 'old-org')).toMatchObject({
      kind: 'intact',
      entries: 6,
      legacyEntries: 5,
      headSeq: 6,
      anchor: { kind: 'anchored', seq: 6 },
    });

    // An old entry changed and the old part re-hashed (the unkeyed rule allows it): the seal no longer matches.
    const entries = await upgraded.store.pageDecisions('old-org', 0, 10);
    const rewritten: ChainedEntry[] = [];
    for (const e of entries.slice(0, 5))
      rewritten.push(legacyEntry(e, rewritten.at(-1), e.seq === 2 ? 'rewritten' : undefined));
    await asAdministratorWithoutTriggers(
      db,
      rewritten
        .map((e) => `DELETE FROM sharing_decisions WHERE tenant_id = 'old-org' AND seq = ${e.seq}; ${insertOf(e)}`)
        .join(';\n'),
    );
    expect(await verifyDecisionLog(upgraded, 'old-org')).toMatchObject({ kind: 'broken' });
  });
});

/**
 * Migration 006 (security review 2026-12, H1): escalations raised before it named the other
 * agency's contact as the person stage 1 was escalated to, which made a contact with a directory
 * id responsible. The migration removes that from stored escalations and their pending stage-1
 * reminders, and leaves everything else — later stages, sent reminders, the contact — as it was.
 */
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { DEFAULT_MIGRATIONS_FOLDER, migrateToLatest } from '../../../src/db/migrate.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';

let database: TestDatabase<any>; // any: raw SQL on the schema as it was before 006
let folder: string;
afterEach(async () => {
  await database.destroy();
  rmSync(folder, { recursive: true, force: true });
});

const contact = { name: 'Tom Practitioner', role: 'Officer', agency: 'Housing Trust', userId: 'u-tom' };
const stage = (number: number, extra: object) => ({
  number,
  startedAt: '2026-11-25T10:00:00.000Z',
  deadlines: [],
  discussions: [],
  ...extra,
});

test("006 removes the contact copied into stage 1 and its pending reminders' addressee, and nothing else", async () => {
  database = await createTestDatabase({ migrate: false });
  folder = mkdtempSync(join(tmpdir(), 'safeguard-006-'));
  for (const file of readdirSync(DEFAULT_MIGRATIONS_FOLDER).filter((f) => f.endsWith('.sql') && f < '006'))
    copyFileSync(join(DEFAULT_MIGRATIONS_FOLDER, file), join(folder, file));
  await migrateToLatest(database.db, folder);

  const db = database.db;
  await sql`INSERT INTO tenants (id, name, pack_id) VALUES ('t1', 'Org', 'tameside')`.execute(db);
  await sql`INSERT INTO people (tenant_id, id, case_reference, display_name, created_by) VALUES ('t1', '00000000-0000-4000-8000-000000000001', 'C-1', 'Pat', 'u-sam')`.execute(
    db,
  );
  const raisedBy = { name: 'Sam', role: 'Nurse', agency: 'Org', userId: 'u-sam' };
  const legacy = {
    raisedBy,
    otherAgency: { name: 'Housing Trust', contact },
    stages: [stage(1, { escalatedBy: raisedBy, escalatedTo: contact })],
  };
  const later = {
    raisedBy,
    otherAgency: { name: 'Housing Trust', contact },
    stages: [
      stage(1, { escalatedBy: raisedBy, escalatedTo: contact }),
      stage(2, { escalatedTo: { name: 'Hugo', role: 'Head', agency: 'Org', userId: 'u-hugo' } }),
    ],
  };
  for (const [id, data, stageNo] of [
    ['00000000-0000-4000-8000-00000000000a', legacy, 1],
    ['00000000-0000-4000-8000-00000000000b', later, 2],
  ] as const) {
    await sql`INSERT INTO escalations (tenant_id, id, person_id, pack_id, state, stage, risk_level, raised_by, other_agency, opened_at, data, version, updated_at)
      VALUES ('t1', ${id}, '00000000-0000-4000-8000-000000000001', 'tameside', 'open', ${stageNo}, 'standard', 'u-sam', 'Housing Trust', now(), ${JSON.stringify({ id, ...data })}, 1, now())`.execute(
      db,
    );
  }
  const reminder = (key: string, subject: string, status: string, audienceStage: number, audienceUserId: string) =>
    sql`INSERT INTO reminders (tenant_id, id, dedupe_key, subject_kind, subject_id, kind, due_at, audience, status, created_at)
      VALUES ('t1', gen_random_uuid(), ${key}, 'escalation', ${subject}, 'risk-response-due', now(), ${JSON.stringify({ stage: audienceStage, audienceRoles: ['team-manager'], audienceUserId })}, ${status}, now())`.execute(
      db,
    );
  await reminder('pending-1', '00000000-0000-4000-8000-00000000000a', 'pending', 1, 'u-tom');
  await reminder('sent-1', '00000000-0000-4000-8000-00000000000a', 'sent', 1, 'u-tom');
  await reminder('pending-2', '00000000-0000-4000-8000-00000000000b', 'pending', 2, 'u-hugo');

  copyFileSync(join(DEFAULT_MIGRATIONS_FOLDER, '006_identity.sql'), join(folder, '006_identity.sql'));
  expect(await migrateToLatest(database.db, folder)).toEqual({ applied: ['006_identity'] });

  const escalations = (await sql<{ id: string; data: any }>`SELECT id, data FROM escalations ORDER BY id`.execute(db))
    .rows; // any: JSON as stored
  expect(escalations[0]!.data.stages[0]).toEqual(stage(1, { escalatedBy: raisedBy }));
  expect(escalations[0]!.data.otherAgency.contact).toEqual(contact);
  expect(escalations[1]!.data.stages[0].escalatedTo).toBeUndefined();
  expect(escalations[1]!.data.stages[1].escalatedTo.userId).toBe('u-hugo');
  const reminders = (
    await sql<{
      dedupe_key: string;
      audience: { audienceUserId?: string };
    }>`SELECT dedupe_key, audience FROM reminders ORDER BY dedupe_key`.execute(db)
  ).rows;
  expect(reminders.map((r) => [r.dedupe_key, r.audience.audienceUserId])).toEqual([
    ['pending-1', undefined],
    ['pending-2', 'u-hugo'],
    ['sent-1', 'u-tom'],
  ]);
});

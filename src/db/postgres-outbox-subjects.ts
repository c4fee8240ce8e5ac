/**
 * What a batch of claimed outbox items is about, read with one statement per table: the
 * escalations, their people (for the case reference) and the directory users the items and
 * escalations name, with those users' line managers. The sweep used to read these per item
 * (4,006 statements for 1,000 reminders; ../shared/reviews/performance-2026-12.md §4).
 * Keys travel as `text[]`/`uuid[]` arrays: casting the column instead defeats the primary key.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { ClaimedReminder, OutboxSubjects } from '../app/ports.js';
import { currentStage, type Escalation } from '../domain/escalation/escalation.js';
import { toUser } from './postgres-directory.js';
import { toPerson } from './postgres-records.js';
import type { Database, DirectoryUsersTable, PeopleTable } from './schema.js';

interface Key {
  readonly tenantId: string;
  readonly id: string;
}

export async function loadOutboxSubjects(
  db: Kysely<Database>,
  reminders: readonly ClaimedReminder[],
): Promise<OutboxSubjects> {
  const escalationKeys = unique(
    reminders.filter((r) => r.subjectKind === 'escalation').map((r) => ({ tenantId: r.tenantId, id: r.subjectId })),
  );
  const escalations = escalationKeys.length
    ? (
        await sql<{ data: Escalation }>`
          SELECT e.data FROM escalations AS e
            JOIN unnest(${tenants(escalationKeys)}::text[], ${ids(escalationKeys)}::uuid[]) AS k(tenant_id, id)
              ON e.tenant_id = k.tenant_id AND e.id = k.id`.execute(db)
      ).rows.map((r) => r.data)
    : [];
  const personKeys = unique(escalations.map((e) => ({ tenantId: e.tenantId, id: e.personId })));
  const userKeys = unique([
    ...reminders.flatMap((r) => (r.audienceUserId ? [{ tenantId: r.tenantId, id: r.audienceUserId }] : [])),
    ...escalations.flatMap((e) =>
      [e.raisedBy.userId, currentStage(e).escalatedTo?.userId].flatMap((id) =>
        id ? [{ tenantId: e.tenantId, id }] : [],
      ),
    ),
  ]);
  const people = personKeys.length
    ? (
        await sql<Selectable<PeopleTable>>`
          SELECT p.* FROM people AS p
            JOIN unnest(${tenants(personKeys)}::text[], ${ids(personKeys)}::uuid[]) AS k(tenant_id, id)
              ON p.tenant_id = k.tenant_id AND p.id = k.id`.execute(db)
      ).rows.map(toPerson)
    : [];
  // The users named, and the line manager of each (the stage 1 owner of a raiser's escalation).
  const users = userKeys.length
    ? (
        await sql<Selectable<DirectoryUsersTable>>`
          WITH asked AS (
            SELECT u.* FROM directory_users AS u
              JOIN unnest(${tenants(userKeys)}::text[], ${ids(userKeys)}::text[]) AS k(tenant_id, user_id)
                ON u.tenant_id = k.tenant_id AND u.user_id = k.user_id)
          SELECT * FROM asked
          UNION
          SELECT m.* FROM directory_users AS m
            JOIN asked ON m.tenant_id = asked.tenant_id AND m.user_id = asked.manager_user_id`.execute(db)
      ).rows.map(toUser)
    : [];
  const managersAsked = users.flatMap((u) => (u.managerUserId ? [{ tenantId: u.tenantId, id: u.managerUserId }] : []));
  return {
    escalations,
    people,
    users,
    usersAsked: [...userKeys, ...managersAsked].map((k) => `${k.tenantId} ${k.id}`),
  };
}

function unique(keys: readonly Key[]): Key[] {
  const seen = new Map(keys.map((k) => [`${k.tenantId} ${k.id}`, k]));
  return [...seen.values()];
}

const tenants = (keys: readonly Key[]) => keys.map((k) => k.tenantId);
const ids = (keys: readonly Key[]) => keys.map((k) => k.id);

/**
 * Tenants, people, consent, phone discussions and agreed actions in PostgreSQL. Every query is
 * filtered by tenant id.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { AgreedActionRecord, PersonRecord, PhoneDiscussionRecord, Store, TenantRecord } from '../app/ports.js';
import type { CapacityBasis, ConsentRecord, ConsentStatus } from '../domain/consent/consent.js';
import type { Party } from '../domain/escalation/escalation.js';
import type { ConfirmationEmail } from '../domain/phone/phone-discussion.js';
import { ConflictError } from '../domain/shared/errors.js';
import type { RiskLevel } from '../domain/shared/risk-level.js';
import type { IsoDate } from '../domain/shared/time.js';
import { isUniqueViolation } from './database-errors.js';
import type { AgreedActionsTable, ConsentRecordsTable, Database, PeopleTable } from './schema.js';

type RecordsPart = Pick<
  Store,
  | 'createTenant'
  | 'setTenantSharingPack'
  | 'getTenant'
  | 'listTenants'
  | 'createPerson'
  | 'getPerson'
  | 'caseReferencesOf'
  | 'findPersonByCaseReference'
  | 'appendConsent'
  | 'listConsent'
  | 'createPhoneDiscussion'
  | 'getPhoneDiscussion'
  | 'openRiskResponses'
  | 'createAgreedActions'
  | 'listAgreedActions'
  | 'getAgreedAction'
  | 'completeAgreedAction'
  | 'listPeopleRegisteredBy'
  | 'pagePeopleRegisteredBy'
  | 'caseloadStamp'
  | 'createSendOverride'
  | 'findSendOverride'
  | 'isInvolvedWithPerson'
>;

export function postgresRecords(db: Kysely<Database>): RecordsPart {
  return {
    async createTenant(t) {
      await db
        .insertInto('tenants')
        .values({
          id: t.id,
          name: t.name,
          pack_id: t.packId,
          email_domains: [...t.emailDomains],
          send_mode: t.sendMode ?? 'soft-block',
          sharing_pack_id: t.sharingPackId ?? null,
        })
        .execute();
    },
    async setTenantSharingPack(tenantId, packId) {
      const result = await db
        .updateTable('tenants')
        .set({ sharing_pack_id: packId ?? null })
        .where('id', '=', tenantId)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async getTenant(tenantId) {
      const row = await db.selectFrom('tenants').selectAll().where('id', '=', tenantId).executeTakeFirst();
      return row && toTenant(row);
    },
    async listTenants() {
      return (await db.selectFrom('tenants').selectAll().orderBy('id').execute()).map(toTenant);
    },
    async createPerson(p, createdBy) {
      await db
        .insertInto('people')
        .values({
          tenant_id: p.tenantId,
          id: p.id,
          case_reference: p.caseReference,
          display_name: p.displayName,
          date_of_birth: p.dateOfBirth ?? null,
          created_by: createdBy,
        })
        .execute()
        .catch((error: unknown) => {
          // Says only that the reference is taken: never who holds it (the caller may not be entitled to know).
          if (isUniqueViolation(error))
            throw new ConflictError(
              'A person with this case reference is already registered in your organisation. Check the reference, or find the person by it.',
              {},
              { cause: error },
            );
          throw error;
        });
    },
    async getPerson(tenantId, personId) {
      const row = await db
        .selectFrom('people')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('id', '=', personId)
        .executeTakeFirst();
      return row && toPerson(row);
    },
    async findPersonByCaseReference(tenantId, caseReference) {
      const row = await db
        .selectFrom('people')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('case_reference', '=', caseReference)
        .executeTakeFirst();
      return row && toPerson(row);
    },
    async appendConsent(r) {
      await db
        .insertInto('consent_records')
        .values({
          tenant_id: r.tenantId,
          id: r.id,
          person_id: r.personId,
          status: r.status,
          information: r.information,
          recipients: JSON.stringify(r.recipients),
          capacity: JSON.stringify(r.capacity),
          expires_on: r.expiresOn ?? null,
          notes: r.notes ?? null,
          recorded_by: r.recordedBy,
          recorded_by_id: r.recordedById ?? null,
          recorded_at: r.recordedAt,
          informed_of_limits: r.informedOfLimits ?? null,
        })
        .execute();
    },
    async listConsent(tenantId, personId) {
      const rows = await db
        .selectFrom('consent_records')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('person_id', '=', personId)
        .orderBy('recorded_at')
        .execute();
      return rows.map(toConsent);
    },
    async createPhoneDiscussion(d) {
      await db
        .insertInto('phone_discussions')
        .values({
          tenant_id: d.tenantId,
          id: d.id,
          person_id: d.personId ?? null,
          occurred_at: d.occurredAt,
          participants: JSON.stringify(d.participants),
          concerns: d.concerns,
          consent_basis: d.consentBasis,
          confirmation: JSON.stringify(d.confirmation),
          recorded_by: d.recordedBy,
          recorded_by_id: d.recordedById ?? null,
          recorded_at: d.recordedAt,
          risk_level: d.riskResponse?.level ?? null,
          risk_response_due_at: d.riskResponse?.dueAt ?? null,
          risk_response_action_id: d.riskResponse?.actionId ?? null,
        })
        .execute();
    },
    async getPhoneDiscussion(tenantId, id) {
      const row = await db
        .selectFrom('phone_discussions')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .executeTakeFirst();
      if (!row) return undefined;
      const actions = await db
        .selectFrom('agreed_actions')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('source_id', '=', id)
        .orderBy('due_on')
        .execute();
      return {
        tenantId: row.tenant_id,
        id: row.id,
        personId: row.person_id ?? undefined,
        occurredAt: row.occurred_at.toISOString(),
        participants: row.participants as Party[],
        concerns: row.concerns,
        consentBasis: row.consent_basis,
        agreedActions: actions.map((a) => ({ description: a.description, owner: a.owner, dueOn: a.due_on as IsoDate })),
        confirmation: row.confirmation as ConfirmationEmail,
        recordedBy: row.recorded_by,
        recordedById: row.recorded_by_id ?? undefined,
        recordedAt: row.recorded_at.toISOString(),
        riskResponse:
          row.risk_level && row.risk_response_due_at && row.risk_response_action_id
            ? {
                level: row.risk_level as RiskLevel,
                dueAt: row.risk_response_due_at.toISOString(),
                actionId: row.risk_response_action_id,
              }
            : undefined,
      } satisfies PhoneDiscussionRecord;
    },
    async openRiskResponses(tenantId, personId) {
      const rows = await db
        .selectFrom('phone_discussions as d')
        .innerJoin('agreed_actions as a', (j) =>
          j.onRef('a.tenant_id', '=', 'd.tenant_id').onRef('a.id', '=', 'd.risk_response_action_id'),
        )
        .select('a.id')
        .where('d.tenant_id', '=', tenantId)
        .where('d.person_id', '=', personId)
        .where('a.status', '=', 'open')
        .execute();
      return rows.map((r) => r.id);
    },
    async createAgreedActions(actions, createdAt) {
      if (actions.length === 0) return;
      await db
        .insertInto('agreed_actions')
        .values(
          actions.map((a) => ({
            tenant_id: a.tenantId,
            id: a.id,
            source_kind: a.sourceKind,
            source_id: a.sourceId,
            description: a.description,
            owner: a.owner,
            due_on: a.dueOn,
            status: a.status,
            created_at: createdAt,
            remind_user_id: a.remindUserId ?? null,
          })),
        )
        .execute();
    },
    async listAgreedActions(tenantId, sourceId) {
      const rows = await db
        .selectFrom('agreed_actions')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('source_id', '=', sourceId)
        .orderBy('due_on')
        .execute();
      return rows.map(toAgreedAction);
    },
    async createSendOverride(o) {
      await db
        .insertInto('send_overrides')
        .values({
          tenant_id: o.tenantId,
          id: o.id,
          reference: o.reference,
          user_id: o.userId,
          user_name: o.userName,
          justification: o.justification,
          created_at: o.createdAt,
        })
        .execute();
    },
    async findSendOverride(tenantId, reference, userId) {
      const r = await db
        .selectFrom('send_overrides')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('reference', '=', reference)
        .where('user_id', '=', userId)
        .orderBy('created_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      return (
        r && {
          tenantId: r.tenant_id,
          id: r.id,
          reference: r.reference,
          userId: r.user_id,
          userName: r.user_name,
          justification: r.justification,
          createdAt: r.created_at.toISOString(),
        }
      );
    },
    async isInvolvedWithPerson(tenantId, personId, userId) {
      // Decisions name their decider inside the hashed payload, not in a column. Canonical JSON writes
      // the member exactly as `"decidedByUserId":"…"`, and a quote inside a string value is always
      // escaped, so free text cannot imitate it (and no jsonb cast can fail on an odd payload).
      const decider = `"decidedByUserId":${JSON.stringify(userId)}`;
      const { rows } = await sql<{ involved: boolean }>`
        SELECT EXISTS (SELECT 1 FROM people WHERE tenant_id = ${tenantId} AND id = ${personId} AND created_by = ${userId})
            OR EXISTS (SELECT 1 FROM consent_records WHERE tenant_id = ${tenantId} AND person_id = ${personId} AND recorded_by_id = ${userId})
            OR EXISTS (SELECT 1 FROM phone_discussions WHERE tenant_id = ${tenantId} AND person_id = ${personId} AND recorded_by_id = ${userId})
            OR EXISTS (SELECT 1 FROM escalations WHERE tenant_id = ${tenantId} AND person_id = ${personId} AND raised_by = ${userId})
            OR EXISTS (SELECT 1 FROM sharing_decisions WHERE tenant_id = ${tenantId} AND person_id = ${personId} AND strpos(payload, ${decider}) > 0)
          AS involved`.execute(db);
      return rows[0]?.involved === true;
    },
    async listPeopleRegisteredBy(tenantId, userId, limit) {
      const rows = await db
        .selectFrom('people')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('created_by', '=', userId)
        .orderBy('created_at', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toPerson);
    },
    async pagePeopleRegisteredBy(tenantId, userId, after, limit) {
      let query = db
        .selectFrom('people')
        .selectAll()
        // The keyset to the microsecond (created_at defaults to now()): a JavaScript Date would
        // round it to the millisecond, and the next page would skip rows registered within it.
        .select(sql<string>`to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('created_key'))
        .where('tenant_id', '=', tenantId)
        .where('created_by', '=', userId);
      if (after)
        query = query.where(sql<boolean>`(created_at, id) < (${after.createdAt}::timestamptz, ${after.id}::uuid)`);
      const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
      return rows.map((row) => ({ person: toPerson(row), key: { createdAt: row.created_key, id: row.id } }));
    },
    async caseReferencesOf(tenantId, personIds) {
      if (personIds.length === 0) return new Map();
      const rows = await db
        .selectFrom('people')
        .select(['id', 'case_reference'])
        .where('tenant_id', '=', tenantId)
        .where(sql<boolean>`id = ANY(${[...new Set(personIds)]}::uuid[])`)
        .execute();
      return new Map(rows.map((r) => [r.id, r.case_reference]));
    },
    async caseloadStamp(tenantId, userId) {
      const row = await db
        .selectFrom('people')
        .where('tenant_id', '=', tenantId)
        .where('created_by', '=', userId)
        .select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.max('created_at').as('newest')])
        .executeTakeFirstOrThrow();
      return `${String(row.n)}:${row.newest ? new Date(row.newest).toISOString() : ''}`;
    },
    async getAgreedAction(tenantId, id) {
      const row = await db
        .selectFrom('agreed_actions')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toAgreedAction(row);
    },
    async completeAgreedAction(tenantId, id, at) {
      const result = await db
        .updateTable('agreed_actions')
        .set({ status: 'done', completed_at: at })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .where('status', '=', 'open')
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
  };
}

export function toAgreedAction(a: Selectable<AgreedActionsTable>): AgreedActionRecord {
  return {
    tenantId: a.tenant_id,
    id: a.id,
    sourceKind: a.source_kind,
    sourceId: a.source_id,
    description: a.description,
    owner: a.owner,
    dueOn: a.due_on as IsoDate,
    status: a.status,
    remindUserId: a.remind_user_id ?? undefined,
  };
}

function toTenant(row: {
  id: string;
  name: string;
  pack_id: string;
  sharing_pack_id: string | null;
  email_domains: string[];
  send_mode: 'soft-block' | 'block';
}): TenantRecord {
  return {
    id: row.id,
    name: row.name,
    packId: row.pack_id,
    sharingPackId: row.sharing_pack_id ?? undefined,
    emailDomains: row.email_domains,
    sendMode: row.send_mode,
  };
}

export function toPerson(row: Selectable<PeopleTable>): PersonRecord {
  return {
    tenantId: row.tenant_id,
    id: row.id,
    caseReference: row.case_reference,
    displayName: row.display_name,
    dateOfBirth: (row.date_of_birth ?? undefined) as IsoDate | undefined,
  };
}

function toConsent(row: Selectable<ConsentRecordsTable>): ConsentRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    personId: row.person_id,
    status: row.status as ConsentStatus,
    information: row.information,
    recipients: row.recipients,
    capacity: row.capacity as CapacityBasis,
    expiresOn: (row.expires_on ?? undefined) as IsoDate | undefined,
    notes: row.notes ?? undefined,
    recordedBy: row.recorded_by,
    recordedById: row.recorded_by_id ?? undefined,
    recordedAt: row.recorded_at.toISOString(),
    informedOfLimits: row.informed_of_limits ?? undefined,
  };
}

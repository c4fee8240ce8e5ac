/**
 * The records escalations produce and the reports sent to line managers: append-only rows (the
 * database refuses changes), read back by id or by escalation.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { EscalationRecord, LineManagerReportRecord, Store } from '../app/ports.js';
import type { Database, EscalationRecordsTable, LineManagerReportsTable } from './schema.js';

type Part = Pick<
  Store,
  | 'createEscalationRecord'
  | 'listEscalationRecords'
  | 'listEscalationRecordsOf'
  | 'getEscalationRecord'
  | 'createLineManagerReport'
  | 'getLineManagerReport'
>;

export function postgresEscalationRecords(db: Kysely<Database>): Part {
  return {
    async createEscalationRecord(r) {
      await db
        .insertInto('escalation_records')
        .values({
          tenant_id: r.tenantId,
          id: r.id,
          escalation_id: r.escalationId,
          template_id: r.templateId,
          title: r.title,
          subject: r.subject ?? null,
          body: r.body,
          transition: r.transition,
          produced_at: r.producedAt,
        })
        .execute();
    },
    async listEscalationRecords(tenantId, escalationId) {
      const rows = await db
        .selectFrom('escalation_records')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('escalation_id', '=', escalationId)
        .orderBy('produced_at')
        .orderBy('id')
        .execute();
      return rows.map(toRecord);
    },
    async listEscalationRecordsOf(tenantId, escalationIds) {
      if (escalationIds.length === 0) return [];
      const rows = await db
        .selectFrom('escalation_records')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where(sql<boolean>`escalation_id = ANY(${[...new Set(escalationIds)]}::uuid[])`)
        .orderBy('produced_at')
        .orderBy('id')
        .execute();
      return rows.map(toRecord);
    },
    async getEscalationRecord(tenantId, id) {
      const row = await db
        .selectFrom('escalation_records')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toRecord(row);
    },
    async createLineManagerReport(r) {
      await db
        .insertInto('line_manager_reports')
        .values({
          tenant_id: r.tenantId,
          id: r.id,
          kind: r.kind,
          details: r.details,
          case_reference: r.caseReference ?? null,
          reporter_user_id: r.reporter.userId,
          reporter_name: r.reporter.name,
          manager_user_id: r.manager.userId,
          manager_name: r.manager.name,
          recipients: JSON.stringify(r.recipients),
          example: r.example ?? null,
          about_user_id: r.aboutUserId ?? null,
          created_at: r.createdAt,
        })
        .execute();
    },
    async getLineManagerReport(tenantId, id) {
      const row = await db
        .selectFrom('line_manager_reports')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toReport(row);
    },
  };
}

function toRecord(r: Selectable<EscalationRecordsTable>): EscalationRecord {
  return {
    tenantId: r.tenant_id,
    id: r.id,
    escalationId: r.escalation_id,
    templateId: r.template_id,
    title: r.title,
    subject: r.subject ?? undefined,
    body: r.body,
    transition: r.transition as EscalationRecord['transition'],
    producedAt: new Date(r.produced_at).toISOString(),
  };
}

function toReport(r: Selectable<LineManagerReportsTable>): LineManagerReportRecord {
  return {
    tenantId: r.tenant_id,
    id: r.id,
    kind: r.kind,
    details: r.details,
    caseReference: r.case_reference ?? undefined,
    reporter: { userId: r.reporter_user_id, name: r.reporter_name },
    manager: { userId: r.manager_user_id, name: r.manager_name },
    recipients: r.recipients as LineManagerReportRecord['recipients'],
    example: r.example ?? undefined,
    aboutUserId: r.about_user_id ?? undefined,
    createdAt: new Date(r.created_at).toISOString(),
  };
}

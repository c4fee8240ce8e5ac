/**
 * Exports of a tenant's decisions and escalations as CSV, streamed row by row: rows are read in
 * keyset pages and each page's case references in one query, so memory stays flat however many
 * rows there are (issue 12: 100,000 escalations were loaded at once, 1.3–1.5 GB resident).
 */
import { nextDeadline, type Escalation } from '../../domain/escalation/escalation.js';
import type { DecisionRecord, SharingBasis } from '../../domain/sharing/sharing-decision.js';
import { UNKNOWN_CASE } from '../people/case-references.js';
import { csvRow } from './csv.js';
import type { AppDeps, DecisionLogEntry, EscalationCursor, EscalationRecord, Store } from '../ports.js';

/** Rows read per query: big enough to amortise a round trip, small enough to keep memory flat. */
export const EXPORT_PAGE = 500;

export const DECISION_COLUMNS = [
  'seq',
  'id',
  'recorded_at',
  'case_reference',
  'decision',
  'basis',
  'basis_detail',
  'information',
  'recipients',
  'purpose',
  'reasons',
  'involved',
  'decided_by',
  'decided_by_user_id',
  'hash',
] as const;

export async function* exportDecisionsCsv(deps: Pick<AppDeps, 'store'>, tenantId: string): AsyncGenerator<string> {
  yield csvRow(DECISION_COLUMNS);
  let after = 0;
  for (;;) {
    const page = await deps.store.pageDecisions(tenantId, after, EXPORT_PAGE);
    const references = await referencesOf(
      deps.store,
      tenantId,
      page.map((e) => e.personId),
    );
    for (const entry of page) yield decisionRow(entry, references(entry.personId));
    if (page.length < EXPORT_PAGE) return;
    after = page.at(-1)?.seq ?? after;
  }
}

function decisionRow(entry: DecisionLogEntry, reference: string): string {
  const r = JSON.parse(entry.payload) as DecisionRecord;
  const basisDetail = basisDetailOf(r.basis);
  return csvRow([
    entry.seq,
    entry.id,
    entry.recordedAt,
    reference,
    r.decision,
    r.basis.kind,
    basisDetail,
    r.information,
    r.recipients.map((x) => `${x.name} (${x.agency})`).join('; '),
    r.purpose,
    r.reasons,
    r.involved.join('; '),
    r.decidedBy,
    r.decidedByUserId,
    entry.hash,
  ]);
}

function basisDetailOf(b: SharingBasis): string {
  switch (b.kind) {
    case 'exception':
      return b.exceptionId;
    case 'public-interest':
      return [
        b.groundIds.join(' '),
        b.capacitatedAdultJustification ? `3.43 justified: ${b.capacitatedAdultJustification}` : '',
      ]
        .filter(Boolean)
        .join('; ');
    case 'consent':
      return b.consentRecordId;
    case 'outside-protocol':
      return `outside the protocol: ${b.name}; ${b.justification}`;
    default:
      return '';
  }
}

/** `records`: the Record of Escalation and any letters, in full (Stockport Appendix Two: "added to the persons case record"). */
export const ESCALATION_COLUMNS = [
  'id',
  'case_reference',
  'state',
  'stage',
  'risk_level',
  'other_agency',
  'natures',
  'opened_at',
  'next_deadline',
  'next_deadline_at',
  'closed_at',
  'outcome',
  'outstanding_concerns',
  'records',
] as const;

export async function* exportEscalationsCsv(deps: Pick<AppDeps, 'store'>, tenantId: string): AsyncGenerator<string> {
  yield csvRow(ESCALATION_COLUMNS);
  let after: EscalationCursor | undefined;
  for (;;) {
    const page = await deps.store.pageEscalations(tenantId, {}, after, EXPORT_PAGE);
    const references = await referencesOf(
      deps.store,
      tenantId,
      page.map((e) => e.personId),
    );
    const records = recordsByEscalation(
      await deps.store.listEscalationRecordsOf(
        tenantId,
        page.map((e) => e.id),
      ),
    );
    for (const e of page) yield escalationRow(e, references(e.personId), records.get(e.id) ?? []);
    const last = page.at(-1);
    if (!last || page.length < EXPORT_PAGE) return;
    after = { openedAt: last.openedAt, id: last.id };
  }
}

function escalationRow(e: Escalation, reference: string, records: readonly EscalationRecord[]): string {
  const deadline = nextDeadline(e);
  return csvRow([
    e.id,
    reference,
    e.state,
    e.stage,
    e.riskLevel,
    e.otherAgency.name,
    e.natures.join('; '),
    e.openedAt,
    deadline?.label,
    deadline?.dueAt,
    e.outcome?.at,
    e.outcome?.summary,
    e.outcome?.outstandingConcerns,
    records.map((r) => `${r.title} (${r.producedAt})\n${r.body}`).join('\n\n'),
  ]);
}

function recordsByEscalation(records: readonly EscalationRecord[]): Map<string, EscalationRecord[]> {
  const by = new Map<string, EscalationRecord[]>();
  for (const r of records) by.set(r.escalationId, [...(by.get(r.escalationId) ?? []), r]);
  return by;
}

/** The case references of one page's people, looked up together. */
async function referencesOf(
  store: Pick<Store, 'caseReferencesOf'>,
  tenantId: string,
  personIds: readonly string[],
): Promise<(personId: string) => string> {
  const known = await store.caseReferencesOf(tenantId, personIds);
  return (personId) => known.get(personId) ?? UNKNOWN_CASE;
}

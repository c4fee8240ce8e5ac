/**
 * Exports of a tenant's decisions and escalations as CSV, streamed row by row.
 */
import { nextDeadline } from '../domain/escalation/escalation.js';
import { caseReferences } from './case-references.js';
import { csvRow } from './csv.js';
import { readDecisionLog } from './decision-log.js';
import type { AppDeps } from './ports.js';
import type { SharingBasis } from '../domain/sharing/sharing-decision.js';

export const DECISION_COLUMNS = ['seq', 'id', 'recorded_at', 'case_reference', 'decision', 'basis', 'basis_detail', 'information', 'recipients', 'purpose', 'reasons', 'involved', 'decided_by', 'decided_by_user_id', 'hash'] as const;

export async function* exportDecisionsCsv(deps: Pick<AppDeps, 'store'>, tenantId: string): AsyncGenerator<string> {
  yield csvRow(DECISION_COLUMNS);
  const referenceOf = caseReferences(deps.store, tenantId);
  for await (const entry of readDecisionLog(deps, tenantId)) {
    const r = entry.record;
    const reference = await referenceOf(entry.personId);
    const basisDetail = basisDetailOf(r.basis);
    yield csvRow([
      entry.seq, entry.id, entry.recordedAt, reference, r.decision, r.basis.kind, basisDetail, r.information,
      r.recipients.map((x) => `${x.name} (${x.agency})`).join('; '), r.purpose, r.reasons, r.involved.join('; '), r.decidedBy, r.decidedByUserId, entry.hash,
    ]);
  }
}

function basisDetailOf(b: SharingBasis): string {
  switch (b.kind) {
    case 'exception': return b.exceptionId;
    case 'public-interest': return [b.groundIds.join(' '), b.capacitatedAdultJustification ? `3.43 justified: ${b.capacitatedAdultJustification}` : ''].filter(Boolean).join('; ');
    case 'consent': return b.consentRecordId;
    case 'outside-protocol': return `outside the protocol: ${b.name}; ${b.justification}`;
    default: return '';
  }
}

export const ESCALATION_COLUMNS = ['id', 'case_reference', 'state', 'stage', 'risk_level', 'other_agency', 'natures', 'opened_at', 'next_deadline', 'next_deadline_at', 'closed_at', 'outcome', 'outstanding_concerns'] as const;

export async function* exportEscalationsCsv(deps: Pick<AppDeps, 'store'>, tenantId: string): AsyncGenerator<string> {
  yield csvRow(ESCALATION_COLUMNS);
  const referenceOf = caseReferences(deps.store, tenantId);
  for (const e of await deps.store.listEscalations(tenantId)) {
    const reference = await referenceOf(e.personId);
    const deadline = nextDeadline(e);
    yield csvRow([
      e.id, reference, e.state, e.stage, e.riskLevel, e.otherAgency.name, e.natures.join('; '), e.openedAt,
      deadline?.label, deadline?.dueAt, e.outcome?.at, e.outcome?.summary, e.outcome?.outstandingConcerns,
    ]);
  }
}

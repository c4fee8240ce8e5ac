/** Escalations, their history, their records and reports to line managers. A port of the Store (src/app/ports.ts), beside the use cases that need it. */
import type { Escalation } from '../../domain/escalation/escalation.js';
import type { EscalationTransition } from '../../domain/escalation/escalation-events.js';
import type {
  EscalationCursor,
  EscalationFilter,
  EscalationRecord,
  EscalationThemeCounts,
  LineManagerReportRecord,
} from '../ports.js';

export interface EscalationStore {
  createEscalation(escalation: Escalation, transition: EscalationTransition): Promise<void>;
  /** Saves `escalation` if the stored one is still at `expectedVersion`; else throws ConflictError. */
  updateEscalation(escalation: Escalation, expectedVersion: number, transition: EscalationTransition): Promise<void>;
  getEscalation(tenantId: string, id: string): Promise<Escalation | undefined>;
  listEscalations(tenantId: string, filter?: EscalationFilter): Promise<Escalation[]>;
  /** At most `limit` escalations after `after` in (openedAt, id) order: keyset pages, constant memory. */
  pageEscalations(
    tenantId: string,
    filter: EscalationFilter,
    after: EscalationCursor | undefined,
    limit: number,
  ): Promise<Escalation[]>;
  escalationHistory(tenantId: string, id: string): Promise<EscalationTransition[]>;
  /** The Board's themes counted in the database: open ones by stage, nature and agency; ended since `since` by state. */
  escalationThemeCounts(tenantId: string, now: string, since: string): Promise<EscalationThemeCounts>;
  createEscalationRecord(record: EscalationRecord): Promise<void>;
  /** Oldest first. */
  listEscalationRecords(tenantId: string, escalationId: string): Promise<EscalationRecord[]>;
  /** The records of several escalations at once (a page of an export), oldest first. */
  listEscalationRecordsOf(tenantId: string, escalationIds: readonly string[]): Promise<EscalationRecord[]>;
  getEscalationRecord(tenantId: string, id: string): Promise<EscalationRecord | undefined>;
  createLineManagerReport(report: LineManagerReportRecord): Promise<void>;
  getLineManagerReport(tenantId: string, id: string): Promise<LineManagerReportRecord | undefined>;
}

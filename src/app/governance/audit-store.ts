/** What the information-governance audit reads besides the decision log. A port of the Store (src/app/ports.ts). */
import type { DecisionLogEntry, SendOverride } from '../ports.js';

/** How many decision submissions our rules refused, for one reason on one London day. */
export interface RefusedAttemptCount {
  readonly day: string;
  readonly reason: string;
  readonly attempts: number;
}

export interface SendOverrideFilter {
  readonly userId?: string | undefined;
  /** Inclusive instants (ISO). */
  readonly from?: string | undefined;
  readonly before?: string | undefined;
}

/** Where a keyset page of "send without a decision" ends. */
export interface OverrideCursor {
  readonly createdAt: string;
  readonly id: string;
}

/**
 * What a page of decisions must hold, checked by the database before any row is sent: the time
 * range exactly, and text every matching payload contains (a superset: the app then checks each
 * row exactly).
 */
export interface DecisionScan {
  readonly from?: string | undefined;
  readonly before?: string | undefined;
  /** Substrings of the canonical JSON payload; rows lacking any are skipped. */
  readonly contains?: readonly string[] | undefined;
  /** Like `contains`, compared with the payload lower-cased. */
  readonly containsLower?: readonly string[] | undefined;
}

export interface AuditStore {
  /** Decisions with seq > `afterSeq` that pass `scan`, in seq order, at most `limit`. */
  scanDecisions(tenantId: string, scan: DecisionScan, afterSeq: number, limit: number): Promise<DecisionLogEntry[]>;
  /** Adds one refused attempt for each reason code (no personal data is kept). */
  countRefusedAttempt(tenantId: string, day: string, reasons: readonly string[]): Promise<void>;
  /** Counts between two London days, inclusive, oldest first. */
  refusedAttemptCounts(tenantId: string, fromDay: string, toDay: string): Promise<RefusedAttemptCount[]>;
  /** "Send anyway" justifications, oldest first, after `after`, at most `limit`. */
  pageSendOverrides(
    tenantId: string,
    filter: SendOverrideFilter,
    after: OverrideCursor | undefined,
    limit: number,
  ): Promise<SendOverride[]>;
}

/** The hash-chained log of sharing decisions, and "send anyway" justifications. A port of the Store (src/app/ports.ts), beside the use cases that need it. */
import type { ChainCrypto, LegacySeal } from '../../domain/sharing/decision-chain.js';
import type { DecisionLogEntry, SendOverride } from '../ports.js';

export interface DecisionLogStore {
  /** Appends to the tenant's hash chain (keyed, current rule); concurrent appends queue, never fork the chain. */
  appendDecision(
    tenantId: string,
    entry: { id: string; personId: string; recordedAt: string; record: unknown; reference?: string | undefined },
    crypto: ChainCrypto,
  ): Promise<DecisionLogEntry>;
  /** The latest decision made for `reference` (e.g. an Outlook message), if any. */
  findDecisionByReference(tenantId: string, reference: string): Promise<DecisionLogEntry | undefined>;
  /** Decisions made for `reference`, newest first, at most `limit`. */
  listDecisionsByReference(tenantId: string, reference: string, limit: number): Promise<DecisionLogEntry[]>;
  /** The tenant's chain head row (seq 0 before the first entry), if one was ever written. */
  getChainHead(tenantId: string): Promise<{ seq: number; hash: string } | undefined>;
  /** The newest entry written under the old unkeyed rule (version 1), if any. */
  lastLegacyEntry(tenantId: string): Promise<{ seq: number; hash: string } | undefined>;
  getLegacySeal(tenantId: string): Promise<LegacySeal | undefined>;
  /** Writes the tenant's seal unless one exists (append-only; two instances starting at once keep the first). */
  createLegacySeal(seal: LegacySeal, at: string): Promise<void>;
  /** "Send anyway" with a justification (soft-block mode); append-only. */
  createSendOverride(o: SendOverride): Promise<void>;
  /** The latest "send anyway" this user justified for `reference`. */
  findSendOverride(tenantId: string, reference: string, userId: string): Promise<SendOverride | undefined>;
  /** Entries with seq > `afterSeq`, in order, at most `limit`. */
  pageDecisions(tenantId: string, afterSeq: number, limit: number): Promise<DecisionLogEntry[]>;
  /** Entries made on a lawful basis outside the protocol, newest first, with seq < `beforeSeq` (all when absent), at most `limit`. */
  pageOutsideProtocolDecisions(
    tenantId: string,
    beforeSeq: number | undefined,
    limit: number,
  ): Promise<DecisionLogEntry[]>;
}

/**
 * Verifying a tenant's decision log and reading it back, page by page so a long log never has to
 * fit in memory.
 *
 * What the verifier checks, and what each check catches:
 * - every entry's hash and its link to the previous one, under the entry's own rule (version 1:
 *   unkeyed SHA-256, entries written before keyed chaining; version 2: HMAC-SHA-256 with the key
 *   held outside the database, covering person, reference, time and payload) — an entry changed,
 *   removed, reordered, re-pointed at another person or message, or re-hashed without the key;
 * - the seal of the version-1 entries (keyed, written once when keyed chaining started) — the whole
 *   log re-written under the old, unkeyed rule;
 * - the chain head row against the last entry — the newest entries deleted, head left as it was;
 * - the anchor outside the database (when configured) — the newest entries deleted with the head
 *   rewound, or the whole log and head deleted.
 */
import { CHAIN_START, sealHash, verifyChain, type ChainProgress } from '../../domain/sharing/decision-chain.js';
import type { DecisionRecord } from '../../domain/sharing/sharing-decision.js';
import type { AnchorPoint, AppDeps, DecisionLogEntry } from '../ports.js';

const PAGE = 1000;

export type AnchorStatus =
  | { readonly kind: 'not-configured' }
  /** The anchor holds no head of this organisation (an empty log, or one written before anchoring). */
  | { readonly kind: 'none'; readonly where: string }
  /** `behind`: newer entries than the anchored one (a crash between commit and anchoring). */
  | {
      readonly kind: 'anchored';
      readonly where: string;
      readonly seq: number;
      readonly at: string;
      readonly behind: number;
    };

export type LogVerdict =
  | {
      readonly kind: 'intact';
      readonly entries: number;
      readonly legacyEntries: number;
      readonly headSeq: number;
      readonly headHash: string;
      readonly anchor: AnchorStatus;
    }
  | {
      readonly kind: 'broken';
      readonly entries: number;
      readonly seq: number;
      readonly id?: string | undefined;
      readonly problem: string;
    };

type Deps = Pick<AppDeps, 'store' | 'sha256' | 'decisionMac' | 'decisionAnchor'>;

/** Walks the whole chain and checks its seal, head and anchor; reports the first problem found. */
export async function verifyDecisionLog(deps: Deps, tenantId: string): Promise<LogVerdict> {
  const anchored = await deps.decisionAnchor?.latest(tenantId);
  const walk = await walkChain(deps, tenantId, anchored?.seq);
  if (walk.kind === 'broken') return walk;
  const { progress, legacy, anchoredHash } = walk;
  const broken = (seq: number, problem: string): LogVerdict => ({
    kind: 'broken',
    entries: progress.entries,
    seq,
    problem,
  });

  const seal = await deps.store.getLegacySeal(tenantId);
  if (legacy.count > 0 || (seal && seal.legacySeq > 0)) {
    if (!seal)
      return broken(
        legacy.count,
        `the ${legacy.count} entries written before keyed chaining were never sealed: they were added or re-written under the old rule`,
      );
    const valid = seal.mac === sealHash(deps.decisionMac, seal);
    if (!valid || seal.legacySeq !== legacy.count || seal.legacyHash !== legacy.lastHash) {
      return broken(
        Math.min(seal.legacySeq, legacy.count) || 1,
        `the seal of the entries written before keyed chaining (up to entry ${seal.legacySeq}) does not match them: they were re-written`,
      );
    }
  }

  const head = await deps.store.getChainHead(tenantId);
  const headSeq = head?.seq ?? 0;
  if (headSeq !== progress.seq || (progress.seq > 0 && head?.hash !== progress.headHash)) {
    return headSeq > progress.seq
      ? broken(
          progress.seq + 1,
          `the chain head says the log ends at entry ${headSeq}, but it ends at entry ${progress.seq}: the newest entries were removed`,
        )
      : broken(
          progress.seq,
          `the chain head (entry ${headSeq}) does not match the last entry (${progress.seq}): the head or the newest entries were changed`,
        );
  }

  const anchor = anchorStatus(deps, anchored, progress.seq);
  if (anchored) {
    if (anchored.seq > progress.seq)
      return broken(
        progress.seq + 1,
        `the anchor (${deps.decisionAnchor?.where ?? 'outside the database'}) recorded entry ${anchored.seq} on ${anchored.at}, but the log ends at entry ${progress.seq}: entries were removed`,
      );
    if (anchoredHash !== anchored.hash)
      return broken(
        anchored.seq,
        `entry ${anchored.seq} is not the one anchored on ${anchored.at}: the log was re-written`,
      );
  }
  return {
    kind: 'intact',
    entries: progress.entries,
    legacyEntries: legacy.count,
    headSeq: progress.seq,
    headHash: progress.headHash,
    anchor,
  };
}

async function walkChain(deps: Deps, tenantId: string, anchoredSeq: number | undefined) {
  const crypto = { sha256: deps.sha256, mac: deps.decisionMac };
  let progress: ChainProgress = CHAIN_START;
  const legacy = { count: 0, lastHash: '' };
  let anchoredHash: string | undefined;
  for (;;) {
    const page = await deps.store.pageDecisions(tenantId, progress.seq, PAGE);
    const verdict = verifyChain(crypto, page, progress);
    if (verdict.kind === 'broken') return verdict;
    for (const entry of page) {
      if (entry.version === 1) Object.assign(legacy, { count: legacy.count + 1, lastHash: entry.hash });
      if (entry.seq === anchoredSeq) anchoredHash = entry.hash;
    }
    progress = verdict;
    if (page.length < PAGE) return { kind: 'walked' as const, progress, legacy, anchoredHash };
  }
}

function anchorStatus(deps: Deps, anchored: AnchorPoint | undefined, lastSeq: number): AnchorStatus {
  if (!deps.decisionAnchor) return { kind: 'not-configured' };
  if (!anchored) return { kind: 'none', where: deps.decisionAnchor.where };
  return {
    kind: 'anchored',
    where: deps.decisionAnchor.where,
    seq: anchored.seq,
    at: anchored.at,
    behind: Math.max(0, lastSeq - anchored.seq),
  };
}

/**
 * Seals each organisation's entries written under the old unkeyed rule, once, with the key, and
 * anchors that head. Runs when the app opens (server and CLI), so a log is sealed before anyone
 * could re-write it under the old rule; a tenant already sealed, or with no old entries, is skipped.
 */
export async function sealLegacyDecisionLogs(
  deps: Pick<AppDeps, 'store' | 'decisionMac' | 'decisionAnchor' | 'clock'>,
): Promise<number> {
  let sealed = 0;
  for (const tenant of await deps.store.listTenants()) {
    if (await deps.store.getLegacySeal(tenant.id)) continue;
    const last = await deps.store.lastLegacyEntry(tenant.id);
    if (!last) continue;
    const at = deps.clock.now().toISOString();
    const seal = { tenantId: tenant.id, legacySeq: last.seq, legacyHash: last.hash };
    await deps.store.createLegacySeal({ ...seal, mac: sealHash(deps.decisionMac, seal) }, at);
    await deps.decisionAnchor?.record({ tenantId: tenant.id, seq: last.seq, hash: last.hash, at });
    sealed += 1;
  }
  return sealed;
}

/** Every entry with its decoded record, in order. */
export async function* readDecisionLog(
  deps: Pick<AppDeps, 'store'>,
  tenantId: string,
): AsyncGenerator<DecisionLogEntry & { readonly record: DecisionRecord }> {
  let after = 0;
  for (;;) {
    const page = await deps.store.pageDecisions(tenantId, after, PAGE);
    for (const entry of page) yield { ...entry, record: JSON.parse(entry.payload) as DecisionRecord };
    if (page.length < PAGE) return;
    after = page[page.length - 1]?.seq ?? after;
  }
}

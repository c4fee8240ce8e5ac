/**
 * Verifying a tenant's decision log and reading it back, page by page so a long log never has to
 * fit in memory.
 */
import type { ChainVerdict } from '../domain/sharing/decision-chain.js';
import { GENESIS_HASH, verifyChain } from '../domain/sharing/decision-chain.js';
import type { DecisionRecord } from '../domain/sharing/sharing-decision.js';
import type { AppDeps, DecisionLogEntry } from './ports.js';

const PAGE = 1000;

/** Walks the whole chain and reports the first broken link, if any. */
export async function verifyDecisionLog(deps: Pick<AppDeps, 'store' | 'sha256'>, tenantId: string): Promise<ChainVerdict> {
  let progress = { entries: 0, headHash: GENESIS_HASH, seq: 0 };
  for (;;) {
    const page = await deps.store.pageDecisions(tenantId, progress.seq, PAGE);
    const verdict = verifyChain(deps.sha256, page, progress);
    if (verdict.kind === 'broken') return verdict;
    progress = { entries: verdict.entries, headHash: verdict.headHash, seq: verdict.seq ?? progress.seq };
    if (page.length < PAGE) return { kind: 'intact', entries: progress.entries, headHash: progress.headHash };
  }
}

/** Every entry with its decoded record, in order. */
export async function* readDecisionLog(deps: Pick<AppDeps, 'store'>, tenantId: string): AsyncGenerator<DecisionLogEntry & { readonly record: DecisionRecord }> {
  let after = 0;
  for (;;) {
    const page = await deps.store.pageDecisions(tenantId, after, PAGE);
    for (const entry of page) yield { ...entry, record: JSON.parse(entry.payload) as DecisionRecord };
    if (page.length < PAGE) return;
    after = page[page.length - 1]?.seq ?? after;
  }
}

/**
 * The decision log is append-only and tamper-evident: each entry's hash covers its content and
 * the previous entry's hash, so changing, removing or reordering any entry breaks every link
 * after it. An information-governance lead can prove the record was not altered.
 *
 * Pure: the SHA-256 function is injected (Node's crypto on the server, Web Crypto elsewhere).
 */

/** Hex SHA-256 of a UTF-8 string. */
export type Sha256 = (text: string) => string;

/** The `prevHash` of a tenant's first entry. */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedEntry {
  readonly tenantId: string;
  readonly seq: number;
  readonly id: string;
  readonly recordedAt: string;
  /** Canonical JSON of the decision record, exactly as hashed. */
  readonly payload: string;
  readonly prevHash: string;
  readonly hash: string;
}

export type ChainVerdict =
  | { readonly kind: 'intact'; readonly entries: number; readonly headHash: string }
  | { readonly kind: 'broken'; readonly entries: number; readonly seq: number; readonly id: string; readonly problem: string };

/**
 * JSON with object keys sorted at every level, so the same value always hashes the same.
 * `undefined` members are dropped, as JSON.stringify does.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, sortKeys(v)]));
  }
  return value;
}

/** The hash of an entry: its position, identity, time and content, linked to the previous hash. */
export function entryHash(sha256: Sha256, entry: Omit<ChainedEntry, 'hash'>): string {
  const { tenantId, seq, id, recordedAt, payload, prevHash } = entry;
  return sha256(canonicalJson({ tenantId, seq, id, recordedAt, payload, prevHash }));
}

/** Builds the next entry after `head` (or the first, when `head` is undefined). */
export function chainNext(
  sha256: Sha256,
  head: { readonly seq: number; readonly hash: string } | undefined,
  content: { readonly tenantId: string; readonly id: string; readonly recordedAt: string; readonly record: unknown },
): ChainedEntry {
  const unhashed = {
    tenantId: content.tenantId,
    seq: (head?.seq ?? 0) + 1,
    id: content.id,
    recordedAt: content.recordedAt,
    payload: canonicalJson(content.record),
    prevHash: head?.hash ?? GENESIS_HASH,
  };
  return { ...unhashed, hash: entryHash(sha256, unhashed) };
}

/**
 * Verifies entries given in `seq` order, page by page: pass the previous page's result as `from`.
 * Reports the first broken link.
 */
export function verifyChain(
  sha256: Sha256,
  entries: Iterable<ChainedEntry>,
  from: { readonly entries: number; readonly headHash: string; readonly seq: number } = { entries: 0, headHash: GENESIS_HASH, seq: 0 },
): ChainVerdict & { readonly seq?: number } {
  let { entries: count, headHash, seq } = from;
  for (const entry of entries) {
    const broken = (problem: string): ChainVerdict => ({ kind: 'broken', entries: count, seq: entry.seq, id: entry.id, problem });
    if (entry.seq !== seq + 1) return broken(`expected entry ${seq + 1} but found entry ${entry.seq}: an entry is missing or out of order`);
    if (entry.prevHash !== headHash) return broken('its link to the previous entry does not match: an earlier entry was changed or removed');
    if (entryHash(sha256, entry) !== entry.hash) return broken('its content does not match its hash: the entry was altered');
    count += 1;
    headHash = entry.hash;
    seq = entry.seq;
  }
  return { kind: 'intact', entries: count, headHash, seq };
}

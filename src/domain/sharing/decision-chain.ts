/**
 * The decision log is append-only and tamper-evident: each entry's hash covers its content and
 * the previous entry's hash, so changing, removing or reordering any entry breaks every link
 * after it. An information-governance lead can prove the record was not altered.
 *
 * Two rules, chosen per entry by its `version`:
 * - version 1 (entries written before keyed chaining): unkeyed SHA-256 over tenant, seq, id,
 *   time, payload and the previous hash. Anyone who can write to the database can recompute it,
 *   and it leaves out the `person_id` and `reference` columns. Kept so old entries still verify.
 * - version 2 (every new entry): HMAC-SHA-256 with a key held outside the database, over every
 *   column that gives a decision its meaning — tenant, seq, id, person, reference, time,
 *   payload, previous hash and the version itself. Without the key an entry cannot be forged
 *   or re-hashed, and re-pointing a decision at another person or message breaks it.
 * Versions never go down along a chain, and the old entries are sealed once, with the key, when
 * keyed chaining starts (`sealHash`), so re-writing the whole log under the old rule is found too.
 *
 * Pure: SHA-256 and the keyed MAC are injected (Node's crypto on the server).
 */
import { assertNever } from '../shared/assert-never.js';

/** Hex SHA-256 of a UTF-8 string. */
export type Sha256 = (text: string) => string;
/** Hex HMAC-SHA-256 of a UTF-8 string with the decision-log key (never stored in the database). */
export type Mac = (text: string) => string;

export interface ChainCrypto {
  readonly sha256: Sha256;
  readonly mac: Mac;
}

export const CHAIN_VERSIONS = [1, 2] as const;
export type ChainVersion = (typeof CHAIN_VERSIONS)[number];
/** The rule new entries are written under. */
export const CURRENT_CHAIN_VERSION: ChainVersion = 2;

/** The `prevHash` of a tenant's first entry. */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedEntry {
  readonly tenantId: string;
  readonly seq: number;
  readonly id: string;
  /** The person the decision is about (covered from version 2). */
  readonly personId: string;
  /** The message or place it was made for, e.g. an Outlook draft (covered from version 2). */
  readonly reference?: string | undefined;
  readonly recordedAt: string;
  /** Canonical JSON of the decision record, exactly as hashed. */
  readonly payload: string;
  readonly prevHash: string;
  readonly hash: string;
  readonly version: ChainVersion;
}

export type ChainVerdict =
  | { readonly kind: 'intact'; readonly entries: number; readonly headHash: string }
  | {
      readonly kind: 'broken';
      readonly entries: number;
      readonly seq: number;
      readonly id: string;
      readonly problem: string;
    };

/** Where a page-by-page walk has got to: pass the previous page's progress on. */
export interface ChainProgress {
  readonly entries: number;
  readonly headHash: string;
  readonly seq: number;
  /** The highest version seen so far (0 before the first entry). */
  readonly version: number;
}

export const CHAIN_START: ChainProgress = { entries: 0, headHash: GENESIS_HASH, seq: 0, version: 0 };

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
    return Object.fromEntries(
      entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, sortKeys(v)]),
    );
  }
  return value;
}

/** The hash of an entry under its own version's rule, linked to the previous hash. */
export function entryHash(crypto: ChainCrypto, entry: Omit<ChainedEntry, 'hash'>): string {
  const { tenantId, seq, id, recordedAt, payload, prevHash } = entry;
  switch (entry.version) {
    case 1:
      return crypto.sha256(canonicalJson({ tenantId, seq, id, recordedAt, payload, prevHash }));
    case 2:
      return crypto.mac(
        canonicalJson({
          v: 2,
          tenantId,
          seq,
          id,
          personId: entry.personId,
          reference: entry.reference ?? null,
          recordedAt,
          payload,
          prevHash,
        }),
      );
    default:
      return assertNever(entry.version, 'decision-log rule version');
  }
}

/** Builds the next entry after `head` (or the first, when `head` is undefined), under the current rule. */
export function chainNext(
  crypto: ChainCrypto,
  head: { readonly seq: number; readonly hash: string } | undefined,
  content: {
    readonly tenantId: string;
    readonly id: string;
    readonly personId: string;
    readonly reference?: string | undefined;
    readonly recordedAt: string;
    readonly record: unknown;
  },
): ChainedEntry {
  const unhashed = {
    tenantId: content.tenantId,
    seq: (head?.seq ?? 0) + 1,
    id: content.id,
    personId: content.personId,
    reference: content.reference,
    recordedAt: content.recordedAt,
    payload: canonicalJson(content.record),
    prevHash: head?.hash ?? GENESIS_HASH,
    version: CURRENT_CHAIN_VERSION,
  };
  return { ...unhashed, hash: entryHash(crypto, unhashed) };
}

/**
 * Verifies entries given in `seq` order, page by page: pass the previous page's result as `from`.
 * Reports the first broken link.
 */
export function verifyChain(
  crypto: ChainCrypto,
  entries: Iterable<ChainedEntry>,
  from: ChainProgress = CHAIN_START,
): (ChainVerdict & { readonly kind: 'broken' }) | ({ readonly kind: 'intact' } & ChainProgress) {
  let { entries: count, headHash, seq, version } = from;
  for (const entry of entries) {
    const broken = (problem: string) => ({
      kind: 'broken' as const,
      entries: count,
      seq: entry.seq,
      id: entry.id,
      problem,
    });
    if (entry.seq !== seq + 1)
      return broken(`expected entry ${seq + 1} but found entry ${entry.seq}: an entry is missing or out of order`);
    if (!(CHAIN_VERSIONS as readonly number[]).includes(entry.version))
      return broken(`its rule version ${String(entry.version)} is unknown: the entry was altered`);
    if (entry.version < version)
      return broken('it is in the old unkeyed format after a keyed entry: the entry was rewritten');
    if (entry.prevHash !== headHash)
      return broken('its link to the previous entry does not match: an earlier entry was changed or removed');
    if (entryHash(crypto, entry) !== entry.hash)
      return broken('its content does not match its hash: the entry was altered');
    count += 1;
    headHash = entry.hash;
    seq = entry.seq;
    version = entry.version;
  }
  return { kind: 'intact', entries: count, headHash, seq, version };
}

/** The seal of a tenant's old (version 1) entries, written once with the key when keyed chaining starts. */
export interface LegacySeal {
  readonly tenantId: string;
  /** The last entry written under the old rule (0: none). */
  readonly legacySeq: number;
  readonly legacyHash: string;
  readonly mac: string;
}

export function sealHash(mac: Mac, seal: Omit<LegacySeal, 'mac'>): string {
  return mac(
    canonicalJson({
      kind: 'legacy-seal',
      tenantId: seal.tenantId,
      legacySeq: seal.legacySeq,
      legacyHash: seal.legacyHash,
    }),
  );
}

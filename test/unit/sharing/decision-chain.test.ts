import { createHash, createHmac } from 'node:crypto';
import {
  canonicalJson,
  chainNext,
  entryHash,
  GENESIS_HASH,
  sealHash,
  verifyChain,
  type ChainedEntry,
} from '../../../src/domain/sharing/decision-chain.js';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const hmac = (key: string) => (text: string) => createHmac('sha256', key).update(text, 'utf8').digest('hex');
const crypto = { sha256, mac: hmac('the key, held outside the database') };

function chainOf(count: number): ChainedEntry[] {
  const entries: ChainedEntry[] = [];
  for (let i = 0; i < count; i += 1) {
    entries.push(
      chainNext(crypto, entries.at(-1), {
        tenantId: 't1',
        id: `id-${i}`,
        personId: 'p1',
        reference: `outlook:${i}`,
        recordedAt: `2026-11-2${i % 10}T10:00:00.000Z`,
        record: { decision: i % 2 ? 'share' : 'not-share', reasons: `reason ${i}` },
      }),
    );
  }
  return entries;
}

/** An entry as written before keyed chaining (version 1: unkeyed SHA-256, no person or reference). */
function legacyChainOf(count: number): ChainedEntry[] {
  const entries: ChainedEntry[] = [];
  for (let i = 0; i < count; i += 1) {
    const unhashed = {
      tenantId: 't1',
      seq: i + 1,
      id: `old-${i}`,
      personId: 'p1',
      reference: undefined,
      recordedAt: '2026-01-01T10:00:00.000Z',
      payload: canonicalJson({ reasons: `old ${i}` }),
      prevHash: entries.at(-1)?.hash ?? GENESIS_HASH,
      version: 1 as const,
    };
    entries.push({ ...unhashed, hash: entryHash(crypto, unhashed) });
  }
  return entries;
}

describe('decision log hash chain (Durham Golden Rule 8: every decision recorded; tamper-evident)', () => {
  test('a chain links each entry to the previous one, starting from the genesis hash, under the keyed rule', () => {
    const [first, second] = chainOf(2);
    expect(first?.prevHash).toBe(GENESIS_HASH);
    expect(second?.prevHash).toBe(first?.hash);
    expect(second).toMatchObject({ seq: 2, version: 2 });
  });

  test('an untouched chain verifies, with its entry count and head hash', () => {
    const entries = chainOf(5);
    expect(verifyChain(crypto, entries)).toMatchObject({ kind: 'intact', entries: 5, headHash: entries[4]?.hash });
  });

  test('changing what an entry says is reported at that entry', () => {
    const entries = chainOf(5);
    entries[2] = { ...entries[2]!, payload: entries[2]!.payload.replace('reason 2', 'reason altered') };
    expect(verifyChain(crypto, entries)).toMatchObject({ kind: 'broken', seq: 3, id: 'id-2', entries: 2 });
  });

  test('re-pointing an entry at another person or another message is reported at that entry', () => {
    const person = chainOf(3);
    person[1] = { ...person[1]!, personId: 'p2' };
    expect(verifyChain(crypto, person)).toMatchObject({ kind: 'broken', seq: 2 });
    const message = chainOf(3);
    message[1] = { ...message[1]!, reference: 'outlook:someone-else' };
    expect(verifyChain(crypto, message)).toMatchObject({ kind: 'broken', seq: 2 });
  });

  test('removing an entry is reported where the gap is', () => {
    const entries = chainOf(5);
    entries.splice(1, 1);
    expect(verifyChain(crypto, entries)).toMatchObject({ kind: 'broken', seq: 3 });
  });

  test('re-hashing every entry without the key does not verify', () => {
    const forger = { sha256, mac: hmac('a guessed key') };
    const entries = chainOf(4);
    const forged: ChainedEntry[] = [];
    for (const e of entries)
      forged.push(chainNext(forger, forged.at(-1), { ...e, record: { ...JSON.parse(e.payload), reasons: 'forged' } }));
    expect(verifyChain(forger, forged)).toMatchObject({ kind: 'intact' });
    expect(verifyChain(crypto, forged)).toMatchObject({
      kind: 'broken',
      seq: 1,
      problem: expect.stringMatching(/altered/),
    });
  });

  test('entries written under the old unkeyed rule still verify, and keyed entries may follow them', () => {
    const old = legacyChainOf(3);
    const next = chainNext(crypto, old.at(-1), {
      tenantId: 't1',
      id: 'new-1',
      personId: 'p1',
      recordedAt: '2026-12-01T10:00:00.000Z',
      record: { reasons: 'new' },
    });
    expect(verifyChain(crypto, [...old, next])).toMatchObject({ kind: 'intact', entries: 4, version: 2 });
  });

  test('an old-rule entry after a keyed one is a rewrite (no downgrading to the unkeyed rule)', () => {
    const [first] = chainOf(1);
    const unhashed = {
      tenantId: 't1',
      seq: 2,
      id: 'x',
      personId: 'p1',
      reference: undefined,
      recordedAt: '2026-12-01T10:00:00.000Z',
      payload: '{}',
      prevHash: first!.hash,
      version: 1 as const,
    };
    expect(verifyChain(crypto, [first!, { ...unhashed, hash: entryHash(crypto, unhashed) }])).toMatchObject({
      kind: 'broken',
      seq: 2,
      problem: expect.stringMatching(/old unkeyed format/),
    });
  });

  test('a seal depends on the key and on the sealed head', () => {
    const seal = { tenantId: 't1', legacySeq: 3, legacyHash: 'a'.repeat(64) };
    expect(sealHash(crypto.mac, seal)).toBe(sealHash(crypto.mac, { ...seal }));
    expect(sealHash(crypto.mac, { ...seal, legacySeq: 2 })).not.toBe(sealHash(crypto.mac, seal));
    expect(sealHash(hmac('other'), seal)).not.toBe(sealHash(crypto.mac, seal));
  });

  test('canonical JSON does not depend on key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: undefined } })).toBe(
      '{"a":{"d":[1,{"e":3,"f":2}]},"b":1}',
    );
  });
});

import { createHash } from 'node:crypto';
import { canonicalJson, chainNext, GENESIS_HASH, verifyChain, type ChainedEntry } from '../../../src/domain/sharing/decision-chain.js';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

function chainOf(count: number): ChainedEntry[] {
  const entries: ChainedEntry[] = [];
  for (let i = 0; i < count; i += 1) {
    entries.push(chainNext(sha256, entries.at(-1), { tenantId: 't1', id: `id-${i}`, recordedAt: `2026-11-2${i % 10}T10:00:00.000Z`, record: { decision: i % 2 ? 'share' : 'not-share', reasons: `reason ${i}` } }));
  }
  return entries;
}

describe('decision log hash chain (Durham Golden Rule 8: every decision recorded; tamper-evident)', () => {
  test('a chain links each entry to the previous one, starting from the genesis hash', () => {
    const [first, second] = chainOf(2);
    expect(first?.prevHash).toBe(GENESIS_HASH);
    expect(second?.prevHash).toBe(first?.hash);
    expect(second?.seq).toBe(2);
  });

  test('an untouched chain verifies, with its entry count and head hash', () => {
    const entries = chainOf(5);
    expect(verifyChain(sha256, entries)).toMatchObject({ kind: 'intact', entries: 5, headHash: entries[4]?.hash });
  });

  test('changing what an entry says is reported at that entry', () => {
    const entries = chainOf(5);
    entries[2] = { ...entries[2]!, payload: entries[2]!.payload.replace('reason 2', 'reason altered') };
    expect(verifyChain(sha256, entries)).toMatchObject({ kind: 'broken', seq: 3, id: 'id-2', entries: 2 });
  });

  test('removing an entry is reported where the gap is', () => {
    const entries = chainOf(5);
    entries.splice(1, 1);
    expect(verifyChain(sha256, entries)).toMatchObject({ kind: 'broken', seq: 3 });
  });

  test('rewriting an entry and its own hash still breaks the next link', () => {
    const entries = chainOf(4);
    const forged = { ...entries[1]!, payload: canonicalJson({ decision: 'share', reasons: 'forged' }) };
    entries[1] = { ...forged, hash: sha256(canonicalJson({ tenantId: forged.tenantId, seq: forged.seq, id: forged.id, recordedAt: forged.recordedAt, payload: forged.payload, prevHash: forged.prevHash })) };
    const verdict = verifyChain(sha256, entries);
    expect(verdict).toMatchObject({ kind: 'broken', seq: 3 });
    if (verdict.kind === 'broken') expect(verdict.problem).toMatch(/previous entry/);
  });

  test('canonical JSON does not depend on key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: undefined } })).toBe('{"a":{"d":[1,{"e":3,"f":2}]},"b":1}');
  });
});

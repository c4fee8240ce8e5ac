/**
 * Every rule a pack quotes must be the seed's own words, and every cited section must exist in
 * the seed: the product may not put words in a protocol's mouth.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProtocolPack } from '../../../src/domain/protocol/pack-schema.js';
import { loadPacks } from '../../../src/packs/pack-registry.js';

const normalise = (text: string) =>
  text.replace(/[’‘]/g, "'").replace(/[“”]/g, '"').replace(/[*\\]/g, '').replace(/\s+/g, ' ').trim().toLowerCase();

const seedText = (seed: string) =>
  normalise(readFileSync(join(process.cwd(), 'test', 'fixtures', 'seeds', seed), 'utf8'));

/** Every `wording` in a pack, with where it sits. */
function wordings(value: unknown, path = ''): { path: string; text: string }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => wordings(v, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) =>
      k === 'wording' && typeof v === 'string' ? [{ path, text: v }] : wordings(v, path ? `${path}.${k}` : k),
    );
  }
  return [];
}

function citations(value: unknown): { seed: string; section: string }[] {
  if (Array.isArray(value)) return value.flatMap(citations);
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    const own =
      typeof v['seed'] === 'string' && typeof v['section'] === 'string'
        ? [{ seed: v['seed'], section: v['section'] }]
        : [];
    return [...own, ...Object.values(v).flatMap(citations)];
  }
  return [];
}

/** A section is found when its heading text, its paragraph number, or each part of a compound citation appears in the seed. */
function sectionFound(seed: string, section: string): boolean {
  const text = seedText(seed);
  const parts = section
    .split(/,|\(|\)/)
    .map((p) => normalise(p.replace(/^HM Government guidance\s*/i, '').replace(/rule \d+$/i, '')))
    .filter(Boolean);
  return parts.every(
    (part) =>
      text.includes(part) ||
      text.includes(part.replace(/^(\d+(\.\d+)*)\s.*/, '$1')) ||
      /^[a-g]$/.test(part) ||
      /^appendix 1–3$/.test(part),
  );
}

let packs: readonly ProtocolPack[];
beforeAll(async () => {
  packs = (await loadPacks()).all();
});

test('the five seed organisations ship as packs', () => {
  expect(packs.map((p) => p.id).sort()).toEqual(['county-durham', 'seap', 'speak-out', 'stockport', 'tameside']);
});

test.each(['speak-out', 'seap', 'county-durham', 'tameside', 'stockport'])(
  'every wording in the %s pack is quoted from its seed',
  (id) => {
    const pack = packs.find((p) => p.id === id)!;
    const text = seedText(pack.source.seed);
    expect(wordings(pack).length).toBeGreaterThan(5);
    const missing = wordings(pack).filter((w) => !text.includes(normalise(w.text).replace(/\.$/, '')));
    expect(missing).toEqual([]);
  },
);

test.each(['speak-out', 'seap', 'county-durham', 'tameside', 'stockport'])(
  'every section the %s pack cites exists in the seed it names',
  (id) => {
    const pack = packs.find((p) => p.id === id)!;
    const cited = citations(pack);
    expect(cited.length).toBeGreaterThan(5);
    expect(cited.filter((c) => c.seed !== pack.source.seed)).toEqual([]);
    expect(cited.filter((c) => !sectionFound(c.seed, c.section))).toEqual([]);
  },
);

test('the fidelity check itself rejects words the seed does not contain', () => {
  const text = seedText('003_9f39807ed5a4a730.txt');
  expect(text.includes(normalise('should be held within 72 hours'))).toBe(false);
  expect(sectionFound('003_9f39807ed5a4a730.txt', '9.9.9')).toBe(false);
});

/**
 * Verbatim is not enough (review 2026-12, "invented" lists): a sentence quoted exactly can still
 * be filed as the wrong kind of rule. These checks catch the shapes of the defects found.
 */
describe('sharing rules are filed as what the seed says they are', () => {
  test.each(['speak-out', 'seap', 'county-durham', 'tameside', 'stockport'])(
    '%s: no public-interest ground is also offered as an "exception" (which would skip the 3.43 question)',
    (id) => {
      const pack = packs.find((p) => p.id === id)!;
      const grounds = new Set((pack.publicInterestTest?.grounds ?? []).map((g) => normalise(g.wording)));
      expect(pack.sharingExceptions.filter((e) => grounds.has(normalise(e.wording)))).toEqual([]);
    },
  );

  test.each(['speak-out', 'seap', 'county-durham', 'tameside', 'stockport'])(
    '%s: every exception is quoted from a consent or confidentiality section of its seed',
    (id) => {
      const pack = packs.find((p) => p.id === id)!;
      expect(
        pack.sharingExceptions.filter((e) => !/confidentiality|consent|^2\.3\.5$/i.test(e.citation.section)),
      ).toEqual([]);
    },
  );

  test('Stockport, an escalation policy, names no consent rule, exception or sharing check', () => {
    const pack = packs.find((p) => p.id === 'stockport')!;
    expect([pack.consent, pack.sharingExceptions, pack.proportionality, pack.sharingGuidance]).toEqual([
      undefined,
      [],
      [],
      [],
    ]);
  });

  test.each(['speak-out', 'seap', 'county-durham', 'tameside', 'stockport'])(
    '%s: "explicit" consent only where the seed says "explicit"',
    (id) => {
      const pack = packs.find((p) => p.id === id)!;
      if (pack.consent?.explicit) expect(normalise(pack.consent.wording)).toMatch(/explicit/);
    },
  );
});

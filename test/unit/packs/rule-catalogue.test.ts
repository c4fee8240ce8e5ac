/**
 * The rule catalogue (issue 9, item 9) is complete: every rule a pack quotes — every object with
 * a seed citation and the seed's wording — has a row saying what the product does about it, or
 * why nothing; and `npx safeguard packs explain` prints it.
 */
import { ruleCatalogue } from '../../../src/domain/protocol/rule-catalogue.js';
import { loadPacks } from '../../../src/packs/pack-registry.js';
import { safeguard } from '../../helpers/run-safeguard.js';

/** Paths of every quoted rule in a pack, as the catalogue names them. */
function quotedRules(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => quotedRules(v, `${path}[${i}]`));
  if (!value || typeof value !== 'object') return [];
  const v = value as Record<string, unknown>;
  const own = typeof v['wording'] === 'string' && v['citation'] ? [path] : [];
  return [...own, ...Object.entries(v).flatMap(([k, child]) => quotedRules(child, path ? `${path}.${k}` : k))];
}

const packs = (await loadPacks({})).all();

test.each(packs.map((p) => [p.id, p] as const))(
  '%s: every quoted rule is in the catalogue, with what the product does',
  (_id, pack) => {
    const rows = ruleCatalogue(pack);
    const paths = new Set(rows.map((r) => r.path));
    expect(quotedRules(pack).filter((p) => !paths.has(p))).toEqual([]);
    for (const row of rows) {
      expect(row.section.trim()).not.toBe('');
      expect(row.does.length).toBeGreaterThan(20);
    }
  },
);

test('packs explain prints each rule with its section and what is done about it', async () => {
  const { code, stdout } = await safeguard(['packs', 'explain', 'tameside']);
  expect(code).toBe(0);
  expect(stdout).toContain('3.2, Stage 2:');
  expect(stdout).toContain('then it moves to the next stage by itself');
  expect(stdout).toContain('2.3.9: "Multi-agency reflective sessions');
  expect(stdout).toContain('-> Not acted on by the product:');
});

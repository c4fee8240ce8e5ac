import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePack } from '../../../src/domain/protocol/parse-pack.js';
import { PackError } from '../../../src/domain/shared/errors.js';
import { BUNDLED_PACKS_DIR, loadPacks, validatePackFiles } from '../../../src/packs/pack-registry.js';

let dir: string;
let tameside: Record<string, unknown>;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'packs-'));
  tameside = JSON.parse(await readFile(join(BUNDLED_PACKS_DIR, 'tameside.json'), 'utf8'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const problemsOf = (data: unknown) => {
  const result = parsePack(data);
  return result.kind === 'invalid' ? result.problems.map((p) => `${p.path}: ${p.message}`) : [];
};

describe('a broken pack is refused with every problem, by path', () => {
  test('an unknown key (a typo must never switch a rule off)', () => {
    expect(problemsOf({ ...tameside, riskRespones: [] })).toEqual([expect.stringMatching(/riskRespones/)]);
  });

  test('a rule without its citation', () => {
    const exceptions = [{ ...(tameside['sharingExceptions'] as object[])[0], citation: undefined }];
    expect(problemsOf({ ...tameside, sharingExceptions: exceptions })).toEqual([
      expect.stringMatching(/^sharingExceptions\[0\]\.citation: /),
    ]);
  });

  test('stages out of order, and a party naming an undeclared role', () => {
    const escalation = tameside['escalation'] as { stages: { number: number; parties: string[] }[] };
    const stages = escalation.stages.map((s, i) => (i === 1 ? { ...s, number: 3, parties: ['chief-constable'] } : s));
    const problems = problemsOf({ ...tameside, escalation: { ...escalation, stages } });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^escalation\.stages\[1\]\.number: must be 2/),
        expect.stringMatching(/^escalation\.stages\[1\]\.parties\[0\]: names role "chief-constable"/),
      ]),
    );
  });

  test('a template placeholder that is not a declared field, and a case-reference pattern that does not compile', () => {
    const [template] = tameside['templates'] as { body: string }[];
    const problems = problemsOf({
      ...tameside,
      templates: [{ ...template, body: 'Hello {{nobody}}' }],
      caseReference: { pattern: '([', example: 'X' },
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/templates\[0\]\.body: uses \{\{nobody\}\}/),
        expect.stringMatching(/caseReference\.pattern: is not a valid regular expression/),
      ]),
    );
  });

  test('a case-reference pattern the on-send check would refuse is refused in the pack, and its example is never tried on it', () => {
    // The example would take minutes against (a|a)*b if it were matched (security review 2026-12, L3).
    for (const pattern of ['(\\d+)+', '([A-Z]|[A-Z]{2})+-\\d+', '(a|a)*b', '\\d*\\d*\\d*X']) {
      expect(problemsOf({ ...tameside, caseReference: { pattern, example: `${'a'.repeat(40)}!` } })).toEqual([
        expect.stringMatching(
          /^caseReference\.pattern: cannot be used by the on-send check: .*(exponential|polynomial)/,
        ),
      ]);
    }
    expect(
      problemsOf({ ...tameside, caseReference: { pattern: '^[A-Z]{2,4}-\\d+(/\\d+)*$', example: 'ASC-2024/0042' } }),
    ).toEqual([]);
  });

  test('invalid JSON and duplicate pack ids across files name the files', async () => {
    await writeFile(join(dir, 'a.json'), JSON.stringify({ ...tameside, id: 'same-org' }));
    await writeFile(join(dir, 'b.json'), JSON.stringify({ ...tameside, id: 'same-org' }));
    await writeFile(join(dir, 'c.json'), '{ "formatVersion": 1,');
    const results = await validatePackFiles([dir]);
    expect(results.map((r) => [r.file.slice(dir.length + 1), r.kind])).toEqual([
      ['a.json', 'valid'],
      ['b.json', 'invalid'],
      ['c.json', 'invalid'],
    ]);
    await expect(loadPacks({ extraDirs: [dir] })).rejects.toThrow(PackError);
    await expect(loadPacks({ extraDirs: [dir] })).rejects.toThrow(
      /b\.json: id: "same-org" is already the id of the pack in a\.json\n.*c\.json: \(file\): is not valid JSON/,
    );
  });
});

test('a sixth organisation is added as a file, with no code change', async () => {
  const sixth = {
    ...tameside,
    id: 'oldham',
    organisation: {
      name: 'Oldham Safeguarding Adults Board partners',
      shortName: 'Oldham',
      kind: 'safeguarding-partnership',
    },
  };
  await writeFile(join(dir, 'oldham.json'), JSON.stringify(sixth));
  const packs = await loadPacks({ extraDirs: [dir] });
  expect(packs.all()).toHaveLength(6);
  expect(packs.get('oldham').organisation.shortName).toBe('Oldham');
  expect(() => packs.get('nowhere')).toThrow(/No protocol pack "nowhere"/);
});

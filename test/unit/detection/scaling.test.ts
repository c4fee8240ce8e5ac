/**
 * Detection grows in proportion to the email, whatever the email holds: a body dense with
 * identifiers, a caseload of 2,000 names, broken HTML or a quoted-printable body full of spaces.
 * Super-linear detection let one request hold the server (and every other organisation on it) for
 * half a minute, and would hold Send in Outlook for as long (security review 2026-12, H3 and L2).
 *
 * The one timed check the project allows in its tests (DESIGN: speed targets live in bench/): it
 * asserts a ratio, never milliseconds, and it is measured by `bench/detection-scaling.ts` in a
 * fresh process of its own. Measured inside a jest worker, a full collection of what earlier test
 * files left in the worker's heap could land in one timed run and fail it on a busy machine.
 * Linear code keeps each ratio near 1; quadratic code doubles it with every doubling of the size.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { LARGEST, RATIO_BOUND, type Series } from '../../../bench/detection-scaling.js';

const root = join(import.meta.dirname, '..', '..', '..');

interface Measured {
  readonly sizes: Series[];
  readonly caseload: { text: string; ratio: number }[];
}

let measured: Measured;

beforeAll(async () => {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', 'bench/detection-scaling.ts', '--json'],
    { cwd: root, maxBuffer: 1024 * 1024 },
  );
  measured = JSON.parse(stdout) as Measured;
}, 180_000);

const seriesNamed = (name: string): Series => {
  const found = measured.sizes.find((s) => s.name === name);
  if (!found) throw new Error(`no series named ${name}`);
  return found;
};

describe('detection time per KB stays flat from 128 KB to 2 MB', () => {
  test.each([
    'postcodes',
    'National Insurance numbers',
    'NHS numbers',
    'dates of birth',
    'dense mixed identifiers, case references and names',
    'a 2,000-person caseload',
    'a case-reference pattern that may start with spaces, against a long run of spaces',
    'HTML with many unclosed <script> tags',
    'a quoted-printable body of spaces, through parse-eml',
    'thousands of To: headers and RFC 2231 file-name pieces, through parse-eml',
  ])('%s', (name) => {
    const { steps } = seriesNamed(name);
    expect(steps.filter((s) => s.ratio > RATIO_BOUND)).toEqual([]);
    expect(steps.at(-1)?.size).toBe(LARGEST);
  });

  test('every kind of input measured is one of the cases above', () => {
    expect(measured.sizes).toHaveLength(10);
  });
});

describe('the time for caseload names does not grow with the caseload', () => {
  test('2,000 people called John cost what 20 do, against text of "John" and of their full names', () => {
    expect(measured.caseload.map((c) => c.text)).toEqual(['the word John', 'their full names']);
    for (const c of measured.caseload) expect(c.ratio).toBeLessThan(RATIO_BOUND);
  });
});

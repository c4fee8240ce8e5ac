/**
 * Detection grows in proportion to the email, whatever the email holds: a body dense with
 * identifiers, a caseload of 2,000 names, broken HTML or a quoted-printable body full of spaces.
 * Super-linear detection let one request hold the server (and every other organisation on it) for
 * half a minute, and would hold Send in Outlook for as long (security review 2026-12, H3 and L2).
 *
 * The one timed unit test the project allows (DESIGN: speed targets live in bench/): it asserts a
 * ratio, never milliseconds. For each kind of input the time per KB is measured at a base size
 * and then at each doubling up to the largest size; the ratio to the base must stay under
 * RATIO_BOUND. Linear code keeps it near 1; quadratic code doubles it with every doubling of the
 * size (16 at the largest size), so it fails at the second step, before it gets slow.
 * Each size is run up to three times and the best CPU time kept, so a busy machine does not fail
 * it. Caseload names are also timed against the caseload's size: 2,000 people must cost what 20 do.
 */
import {
  createSharingDetector,
  type OutgoingMessage,
  type SharingDetectorOptions,
} from '../../../src/domain/detection/detect-sharing.js';
import { htmlToText } from '../../../src/domain/detection/html-to-text.js';
import { parseEml } from '../../../src/mail/parse-eml.js';

const BASE = 128 * 1024;
const LARGEST = 2048 * 1024;
const RATIO_BOUND = 3;

const EMAIL: Omit<OutgoingMessage, 'bodyText'> = {
  from: 'sam@stockport.gov.uk',
  to: ['p.jones@gmp.police.uk'],
  cc: [],
  bcc: [],
  subject: 'Referral',
  attachmentNames: [],
};

/** `unit` repeated to `size` characters. */
const filled = (unit: string, size: number) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
/** `unit` repeated as many whole times as fit in `size` characters. */
const repeated = (unit: string, size: number) => unit.repeat(Math.floor(size / unit.length));

/**
 * CPU milliseconds per KB for `run(make(size))`, the best of up to `tries` runs (stopping once
 * under `stopBelow`). CPU time, not wall time: on a shared machine the process may wait for a core.
 */
function msPerKb<T>(
  make: (size: number) => T,
  run: (input: T) => unknown,
  size: number,
  tries: number,
  stopBelow = 0,
): number {
  const input = make(size);
  let best = Infinity;
  for (let i = 0; i < tries && best > stopBelow; i += 1) {
    collectGarbage(); // the garbage of earlier runs is not this run's to pay for
    const before = process.cpuUsage();
    run(input);
    const used = process.cpuUsage(before);
    best = Math.min(best, (used.user + used.system) / 1000 / (size / 1024));
  }
  return best;
}

/** A full collection when the runner exposes it (`npm run jest` passes `--expose-gc`). */
const collectGarbage = (): void => (globalThis as { gc?: () => void }).gc?.();

/** The time per KB at each doubling from BASE to LARGEST, as a ratio to the time per KB at BASE. */
function ratios<T>(make: (size: number) => T, run: (input: T) => unknown): { size: number; ratio: number }[] {
  const warm = make(BASE);
  run(warm); // warm up: compile the regular expressions and the hot loops
  run(warm);
  const base = msPerKb(make, run, BASE, 3);
  const found: { size: number; ratio: number }[] = [];
  for (let size = BASE * 2; size <= LARGEST; size *= 2) {
    // Five tries: on a loaded machine a garbage collection can land in any one of them.
    const ratio = msPerKb(make, run, size, 5, base * RATIO_BOUND) / base;
    found.push({ size, ratio: Number(ratio.toFixed(2)) });
    if (ratio > RATIO_BOUND) break; // already failed: do not wait for a quadratic run at a larger size
  }
  return found;
}

function expectLinear<T>(make: (size: number) => T, run: (input: T) => unknown): void {
  // A series over the bound is measured again (twice at most): a collection of another test's
  // garbage in the same worker can land in one series, while super-linear code fails every time.
  let measured = ratios(make, run);
  for (let again = 0; again < 2 && measured.some((m) => m.ratio > RATIO_BOUND); again += 1)
    measured = ratios(make, run);
  expect(measured.filter((m) => m.ratio > RATIO_BOUND)).toEqual([]);
  expect(measured.at(-1)?.size).toBe(LARGEST);
}

/** The whole check, as the server runs it but with no limit on the text read, so the detectors themselves are measured. */
const detector = (options: SharingDetectorOptions = {}) => {
  const check = createSharingDetector({ ...options, maxScannedCharacters: Infinity });
  return (bodyText: string) => check({ ...EMAIL, bodyText });
};

const FIRST_NAMES = [
  'John',
  'Mary',
  'Peter',
  'Sarah',
  'David',
  'Emma',
  'James',
  'Laura',
  'Paul',
  'Anne',
  'Mark',
  'Helen',
  'Tom',
  'Kate',
  'Ian',
  'Jane',
  'Sam',
  'Lucy',
  'Rob',
  'Amy',
];
const CASELOAD = Array.from({ length: 2000 }, (_, i) => ({
  personId: `p${i}`,
  displayName: `${FIRST_NAMES[i % FIRST_NAMES.length]} Surname${i}`,
}));

describe('detection time per KB stays flat from 128 KB to 2 MB', () => {
  test('postcodes', () => expectLinear((n) => filled('M1 1AE ', n), detector()));

  test('National Insurance numbers', () => expectLinear((n) => filled('AB 12 34 56 C ', n), detector()));

  test('NHS numbers', () => expectLinear((n) => filled('NHS 943 476 5919; ', n), detector()));

  test('dates of birth', () => expectLinear((n) => filled('DOB 01/02/1960 ', n), detector()));

  test('dense mixed identifiers, case references and names', () => {
    const unit = 'Jane Smith, DOB 1st March 1960, NHS 943-476-5919, NI AB123456C, SK1 3XE, ref DUR-12345; ';
    expectLinear(
      (n) => filled(unit, n),
      detector({ caseReferencePattern: '^DUR-\\d{4,8}$', knownPeople: [{ personId: 'p', displayName: 'Jane Smith' }] }),
    );
  });

  test('a 2,000-person caseload against text made of their names', () => {
    const text = CASELOAD.map((p) => `${p.displayName}, `).join('');
    expectLinear((n) => filled(text, n), detector({ knownPeople: CASELOAD }));
  });

  test('a case-reference pattern that may start with spaces, against a long run of spaces (every start reads at most 32 of them)', () => {
    expectLinear((n) => `${' '.repeat(n)}DUR-x`, detector({ caseReferencePattern: '\\s*DUR-\\d+' }));
  });

  test('HTML: identifiers in markup, then many unclosed <script> tags before a closing tag that never ends', () => {
    const make = (n: number) =>
      `${filled('<div><p>Jane Smith &amp; DOB 01/02/1960,&nbsp;M1 1AE</p></div>', n / 4)}${filled('<script>', n / 4)}</script${filled(' text 943 476 5919', n / 2)}`;
    const check = detector({ knownPeople: [{ personId: 'p', displayName: 'Jane Smith' }] });
    expectLinear(make, (html) => check(htmlToText(html)));
  });

  test('a quoted-printable email whose body is a long run of spaces, through parse-eml', () => {
    const check = createSharingDetector({ maxScannedCharacters: Infinity });
    const make = (n: number) =>
      `From: a@stockport.gov.uk\r\nTo: b@gmp.police.uk\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nNHS 943 476 5919${' '.repeat(n)}e\r\n`;
    expectLinear(make, (raw) => check(parseEml(raw)));
  });

  test('an email with thousands of To: headers and RFC 2231 file-name pieces, through parse-eml', () => {
    const check = createSharingDetector({ maxScannedCharacters: Infinity });
    const make = (n: number) => {
      const pieces =
        filled('x', n / 4)
          .match(/.{1,20}/g)
          ?.map((piece, i) => `; filename*${i}="${piece}"`)
          .join('') ?? '';
      return `${repeated('To: someone@gmp.police.uk\r\n', n / 2)}Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Disposition: attachment${pieces}\r\n\r\nx\r\n--b--\r\n`;
    };
    expectLinear(make, (raw) => check(parseEml(raw)));
  });
});

describe('the time for caseload names does not grow with the caseload', () => {
  test('2,000 people called John cost what 20 do, against text of "John" and of their full names', () => {
    const johns = (n: number) =>
      detector({ knownPeople: CASELOAD.slice(0, n).map((p, i) => ({ ...p, displayName: `John Surname${i}` })) });
    const [few, many] = [johns(20), johns(2000)];
    for (const text of [
      filled('John ', BASE),
      CASELOAD.slice(0, 20)
        .map((_, i) => `John Surname${i}, `)
        .join('')
        .repeat(BASE / 400),
    ]) {
      few(text); // warm up
      many(text);
      const ratio = msPerKb(() => text, many, text.length, 3) / msPerKb(() => text, few, text.length, 3);
      expect(ratio).toBeLessThan(RATIO_BOUND);
    }
  });
});

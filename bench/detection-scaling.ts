/**
 * Detection grows in proportion to the email, whatever the email holds (security review 2026-12,
 * H3 and L2): for each kind of input, CPU time per KB at each doubling from 128 KB to 2 MB as a
 * ratio to the time per KB at 128 KB, and the caseload-size ratio (2,000 people against 20).
 * Linear code keeps a ratio near 1; quadratic code doubles it with every doubling of the size.
 *
 * Run alone in a fresh process, never inside a test runner's worker: a worker's heap holds what
 * earlier test files left (databases, servers), and a full collection of that heap landing in one
 * timed run is what made this check fail on a loaded machine. `test/unit/detection/scaling.test.ts`
 * spawns it with `--json` and asserts the bound; `npm run bench` prints the table.
 * Run: node --expose-gc --import tsx bench/detection-scaling.ts [--json]
 */
import { createSharingDetector, type OutgoingMessage } from '../src/domain/detection/detect-sharing.js';
import type { SharingDetectorOptions } from '../src/domain/detection/detect-sharing.js';
import { htmlToText } from '../src/domain/detection/html-to-text.js';
import { parseEml } from '../src/mail/parse-eml.js';

export const BASE = 128 * 1024;
export const LARGEST = 2048 * 1024;
/** Linear code stays near 1; quadratic code reaches 4 at 512 KB and 16 at 2 MB. */
export const RATIO_BOUND = 3;

export interface Series {
  readonly name: string;
  /** The ratio at each size measured (a series stops at the first size over the bound). */
  readonly steps: { size: number; ratio: number }[];
}

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

/** A full collection where the process exposes it, so earlier runs' garbage is not this run's to pay for. */
const collectGarbage = (): void => (globalThis as { gc?: () => void }).gc?.();

/**
 * CPU milliseconds per KB for `run(input)`, the best of up to `tries` runs (stopping once under
 * `stopBelow`). CPU time, not wall time: on a shared machine the process may wait for a core.
 */
function msPerKb(input: unknown, run: (input: never) => unknown, size: number, tries: number, stopBelow = 0): number {
  let best = Infinity;
  for (let i = 0; i < tries && best > stopBelow; i += 1) {
    collectGarbage();
    const before = process.cpuUsage();
    run(input as never);
    const used = process.cpuUsage(before);
    best = Math.min(best, (used.user + used.system) / 1000 / (size / 1024));
  }
  return best;
}

function ratios<T>(make: (size: number) => T, run: (input: T) => unknown): { size: number; ratio: number }[] {
  const warm = make(BASE);
  run(warm); // compile the regular expressions and the hot loops first
  run(warm);
  const base = msPerKb(warm, run, BASE, 3);
  const found: { size: number; ratio: number }[] = [];
  for (let size = BASE * 2; size <= LARGEST; size *= 2) {
    const ratio = msPerKb(make(size), run, size, 5, base * RATIO_BOUND) / base;
    found.push({ size, ratio: Number(ratio.toFixed(2)) });
    if (ratio > RATIO_BOUND) break; // already failed: do not wait for a quadratic run at a larger size
  }
  return found;
}

/** A series over the bound is measured again (twice at most): super-linear code fails every time. */
function series<T>(name: string, make: (size: number) => T, run: (input: T) => unknown): Series {
  let steps = ratios(make, run);
  for (let again = 0; again < 2 && steps.some((s) => s.ratio > RATIO_BOUND); again += 1) steps = ratios(make, run);
  return { name, steps };
}

/** The whole check, as the server runs it but with no limit on the text read, so the detectors themselves are measured. */
const detector = (options: SharingDetectorOptions = {}) => {
  const check = createSharingDetector({ ...options, maxScannedCharacters: Infinity });
  return (bodyText: string) => check({ ...EMAIL, bodyText });
};

const FIRST_NAMES =
  'John Mary Peter Sarah David Emma James Laura Paul Anne Mark Helen Tom Kate Ian Jane Sam Lucy Rob Amy'.split(' ');
const CASELOAD = Array.from({ length: 2000 }, (_, i) => ({
  personId: `p${i}`,
  displayName: `${FIRST_NAMES[i % FIRST_NAMES.length]} Surname${i}`,
}));

/** Every kind of input, by name: the test names its cases after these. */
export function measureSizes(): Series[] {
  const mixed = 'Jane Smith, DOB 1st March 1960, NHS 943-476-5919, NI AB123456C, SK1 3XE, ref DUR-12345; ';
  const caseloadText = CASELOAD.map((p) => `${p.displayName}, `).join('');
  const html = (n: number) =>
    `${filled('<div><p>Jane Smith &amp; DOB 01/02/1960,&nbsp;M1 1AE</p></div>', n / 4)}${filled('<script>', n / 4)}</script${filled(' text 943 476 5919', n / 2)}`;
  const htmlCheck = detector({ knownPeople: [{ personId: 'p', displayName: 'Jane Smith' }] });
  const emlCheck = createSharingDetector({ maxScannedCharacters: Infinity });
  const quotedPrintable = (n: number) =>
    `From: a@stockport.gov.uk\r\nTo: b@gmp.police.uk\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nNHS 943 476 5919${' '.repeat(n)}e\r\n`;
  const manyHeaders = (n: number) => {
    const pieces =
      filled('x', n / 4)
        .match(/.{1,20}/g)
        ?.map((piece, i) => `; filename*${i}="${piece}"`)
        .join('') ?? '';
    return `${repeated('To: someone@gmp.police.uk\r\n', n / 2)}Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Disposition: attachment${pieces}\r\n\r\nx\r\n--b--\r\n`;
  };
  return [
    series('postcodes', (n) => filled('M1 1AE ', n), detector()),
    series('National Insurance numbers', (n) => filled('AB 12 34 56 C ', n), detector()),
    series('NHS numbers', (n) => filled('NHS 943 476 5919; ', n), detector()),
    series('dates of birth', (n) => filled('DOB 01/02/1960 ', n), detector()),
    series(
      'dense mixed identifiers, case references and names',
      (n) => filled(mixed, n),
      detector({ caseReferencePattern: '^DUR-\\d{4,8}$', knownPeople: [{ personId: 'p', displayName: 'Jane Smith' }] }),
    ),
    series('a 2,000-person caseload', (n) => filled(caseloadText, n), detector({ knownPeople: CASELOAD })),
    series(
      'a case-reference pattern that may start with spaces, against a long run of spaces',
      (n) => `${' '.repeat(n)}DUR-x`,
      detector({ caseReferencePattern: '\\s*DUR-\\d+' }),
    ),
    series('HTML with many unclosed <script> tags', html, (text: string) => htmlCheck(htmlToText(text))),
    series('a quoted-printable body of spaces, through parse-eml', quotedPrintable, (raw: string) =>
      emlCheck(parseEml(raw)),
    ),
    series('thousands of To: headers and RFC 2231 file-name pieces, through parse-eml', manyHeaders, (raw: string) =>
      emlCheck(parseEml(raw)),
    ),
  ];
}

/** CPU time per KB with 2,000 people called John against 20, for text of "John" and of their full names. */
export function measureCaseloadSize(): { text: string; ratio: number }[] {
  const johns = (n: number) =>
    detector({ knownPeople: CASELOAD.slice(0, n).map((p, i) => ({ ...p, displayName: `John Surname${i}` })) });
  const [few, many] = [johns(20), johns(2000)];
  const texts = {
    'the word John': filled('John ', BASE),
    'their full names': CASELOAD.slice(0, 20)
      .map((_, i) => `John Surname${i}, `)
      .join('')
      .repeat(BASE / 400),
  };
  return Object.entries(texts).map(([name, text]) => {
    const measure = () => {
      few(text); // warm up
      many(text);
      return msPerKb(text, many, text.length, 3) / msPerKb(text, few, text.length, 3);
    };
    let ratio = measure();
    for (let again = 0; again < 2 && ratio > RATIO_BOUND; again += 1) ratio = measure();
    return { text: name, ratio: Number(ratio.toFixed(2)) };
  });
}

if (process.argv[1] === import.meta.filename) {
  const sizes = measureSizes();
  const caseload = measureCaseloadSize();
  if (process.argv.includes('--json')) {
    process.stdout.write(JSON.stringify({ sizes, caseload }));
  } else {
    console.log(`detection: CPU time per KB as a ratio to ${BASE / 1024} KB (bound ${RATIO_BOUND})`);
    for (const s of sizes)
      console.log(`  ${s.name.padEnd(80)} ${s.steps.map((t) => `${t.size / 1024} KB ${t.ratio}`).join(', ')}`);
    for (const c of caseload) console.log(`  2,000 people against 20, text of ${c.text}`.padEnd(82), c.ratio);
  }
}

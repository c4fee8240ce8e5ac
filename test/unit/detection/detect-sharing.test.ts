import {
  createSharingDetector,
  detectSharing,
  firstCharacters,
  MAX_POSITIONS_PER_KIND,
  MAX_SCANNED_CHARACTERS,
  type OutgoingMessage,
} from '../../../src/domain/detection/detect-sharing.js';
import { ValidationError } from '../../../src/domain/shared/errors.js';

const base: OutgoingMessage = {
  from: 'Sam Practitioner <sam@stockport.gov.uk>',
  to: [],
  cc: [],
  bcc: [],
  subject: 'Visit',
  bodyText: 'See you on Tuesday.',
  attachmentNames: [],
};
const EXTERNAL = 'PC Jones <p.jones@gmp.police.uk>';
const INTERNAL = 'duty@stockport.gov.uk';
const IDENTIFIER = 'NHS number 943 476 5919';

describe('decisionRequired: an external recipient AND a finding', () => {
  test.each([
    ['external + finding', [EXTERNAL], IDENTIFIER, true],
    ['external, nothing found', [EXTERNAL], 'See you on Tuesday.', false],
    ['internal only + finding', [INTERNAL], IDENTIFIER, false],
    ['internal only, nothing found', [INTERNAL], 'See you on Tuesday.', false],
    ['no recipients + finding', [], IDENTIFIER, false],
  ])('%s', (_name, to, bodyText, required) => {
    const verdict = detectSharing({ ...base, to, bodyText });
    expect(verdict.decisionRequired).toBe(required);
    expect(verdict.externalRecipients).toEqual(to.includes(EXTERNAL) ? ['p.jones@gmp.police.uk'] : []);
  });

  test('a Bcc to another agency counts', () => {
    expect(
      detectSharing({ ...base, to: [INTERNAL], bcc: ['advocate@speakout.org'], bodyText: IDENTIFIER }).decisionRequired,
    ).toBe(true);
  });

  test('configured own domains decide who is external', () => {
    const message = { ...base, to: ['housing@stockporthomes.org'], bodyText: IDENTIFIER };
    expect(detectSharing(message).decisionRequired).toBe(true);
    expect(detectSharing(message, { ownDomains: ['stockport.gov.uk', 'stockporthomes.org'] }).decisionRequired).toBe(
      false,
    );
  });
});

describe('findings', () => {
  test('subject, body and attachment names, with positions and no matched text', () => {
    const verdict = detectSharing(
      {
        ...base,
        to: [EXTERNAL],
        subject: 'Re: Jane Smith',
        bodyText: 'DOB: 01/02/1960, NI AB 12 34 56 C, lives at SK1 3XE, case DUR-12345.',
        attachmentNames: ['photo.jpg', 'Safeguarding_referral_943_476_5919.pdf'],
      },
      { knownPeople: [{ personId: 'p1', displayName: 'Jane Smith' }], caseReferencePattern: '^DUR-\\d+$' },
    );
    expect(verdict.findings).toEqual([
      { kind: 'known-person', where: 'subject', index: 4, length: 10, personId: 'p1' },
      { kind: 'date-of-birth', where: 'body', index: 5, length: 10 },
      { kind: 'national-insurance-number', where: 'body', index: 20, length: 13 },
      { kind: 'postcode', where: 'body', index: 44, length: 7 },
      { kind: 'case-reference', where: 'body', index: 58, length: 9 },
      { kind: 'attachment-name', where: 'attachment', attachmentIndex: 1, index: 0, length: 12 },
      { kind: 'attachment-name', where: 'attachment', attachmentIndex: 1, index: 13, length: 8 },
      { kind: 'nhs-number', where: 'attachment', attachmentIndex: 1, index: 22, length: 12 },
    ]);
    expect(verdict.decisionRequired).toBe(true);
    // The verdict is safe to log: none of the person's information is in it.
    const logged = JSON.stringify(verdict);
    for (const secret of ['Jane', 'Smith', '01/02/1960', 'AB 12', 'SK1', 'DUR-12345', '943', 'referral'])
      expect(logged).not.toContain(secret);
  });

  test("reasons explain the verdict and cite no protocol (the server adds the tenant's)", () => {
    const verdict = detectSharing({ ...base, to: [EXTERNAL, INTERNAL], bodyText: `${IDENTIFIER} and 401 023 2137` });
    expect(verdict.reasons).toEqual([
      '1 recipient is outside the organisation: gmp.police.uk.',
      'Body: 2 NHS numbers.',
      expect.stringMatching(/^Record a sharing decision before sending: .* consent or on a basis your protocol allows/),
    ]);
    expect(detectSharing({ ...base, to: [INTERNAL] }).reasons).toEqual([
      'Every recipient is within the organisation (stockport.gov.uk).',
      expect.stringMatching(/^No identifiers or caseload names were found/),
    ]);
  });

  test('false friends in one email: phone numbers, order and invoice numbers, times, sort codes, plain dates', () => {
    const bodyText = [
      'Call 020 7946 0958 or 07700 900123 or +44 20 7946 0958.',
      'Order 1234567890 and invoice INV-2024-000123 arrived at 10:30.',
      'Pay sort code 20-00-00, account 12345678. Meeting on 01/02/2024.',
    ].join('\n');
    const verdict = detectSharing({ ...base, to: [EXTERNAL], bodyText });
    expect(verdict.findings).toEqual([]);
    expect(verdict.decisionRequired).toBe(false);
  });

  test("the organisation's own postcode (a signature) can be ignored", () => {
    const message = { ...base, to: [EXTERNAL], bodyText: 'Sam\nStopford House, Stockport SK1 3XE' };
    expect(detectSharing(message).decisionRequired).toBe(true);
    expect(detectSharing(message, { ignoredPostcodes: ['SK1 3XE'] }).decisionRequired).toBe(false);
  });

  test('attachment keywords are configurable', () => {
    const message = { ...base, to: [EXTERNAL], attachmentNames: ['Chronology.xlsx'] };
    expect(detectSharing(message).findings).toEqual([
      { kind: 'attachment-name', where: 'attachment', attachmentIndex: 0, index: 0, length: 10 },
    ]);
    expect(detectSharing(message, { attachmentKeywords: [] }).findings).toEqual([]);
  });

  test('an unusable case-reference pattern is refused before any email is checked', () => {
    expect(() => createSharingDetector({ caseReferencePattern: '(\\d+)+' })).toThrow(ValidationError);
  });
});

// Speed is measured by the benchmark (npm run bench), not asserted here.
describe('hostile input', () => {
  test('inputs built to make regular expressions backtrack are checked and found clean (a backtracking pattern would time the test out)', () => {
    const check = createSharingDetector({ knownPeople: [{ personId: 'p', displayName: 'Jane Smith' }] });
    for (const bodyText of [
      '9'.repeat(100_000),
      ' '.repeat(100_000),
      'DOB '.repeat(25_000),
      'A1 '.repeat(33_000),
      'Jane '.repeat(20_000),
    ]) {
      expect(check({ ...base, to: [EXTERNAL], bodyText }).findings).toEqual([]);
    }
  });
});

describe('limits on the work per email (security review 2026-12, H3)', () => {
  test('a body dense with identifiers keeps 100 positions per kind, and still reports every one in the counts and reasons', () => {
    const verdict = detectSharing({ ...base, to: [EXTERNAL], bodyText: 'M1 1AE, DOB 01/02/1960; '.repeat(250) });
    expect(verdict.findings.filter((f) => f.kind === 'postcode')).toHaveLength(MAX_POSITIONS_PER_KIND);
    expect(verdict.findings.filter((f) => f.kind === 'date-of-birth')).toHaveLength(MAX_POSITIONS_PER_KIND);
    expect(verdict.findings[0]).toEqual({ kind: 'postcode', where: 'body', index: 0, length: 6 });
    expect(verdict.findingCounts).toEqual({ postcode: 250, 'date-of-birth': 250 });
    expect(verdict.reasons).toContain('Body: 250 dates of birth, 250 postcodes.');
    expect(verdict.truncated).toBe(false);
  });

  test('people with the same name: every one counted, positions kept up to the limit', () => {
    const knownPeople = Array.from({ length: 300 }, (_, i) => ({ personId: `p${i}`, displayName: 'Jane Smith' }));
    const verdict = detectSharing({ ...base, to: [EXTERNAL], bodyText: 'Jane Smith and Jane Smith' }, { knownPeople });
    expect(verdict.findings).toHaveLength(MAX_POSITIONS_PER_KIND);
    expect(verdict.findings.slice(0, 2).map((f) => f.personId)).toEqual(['p0', 'p1']);
    expect(verdict.findingCounts).toEqual({ 'known-person': 600 });
  });

  test(`only the first ${MAX_SCANNED_CHARACTERS} characters of a body are read; a longer body to another agency asks for a decision`, () => {
    const bodyText = `${'See you on Tuesday. '.repeat(MAX_SCANNED_CHARACTERS / 20)}NHS number 943 476 5919`;
    const verdict = detectSharing({ ...base, to: [EXTERNAL], bodyText });
    expect(verdict).toMatchObject({ decisionRequired: true, truncated: true, findings: [], findingCounts: {} });
    expect(verdict.reasons).toContainEqual(
      expect.stringMatching(
        /^Body: only the first 400,000 characters were checked; the rest may hold a person's information/,
      ),
    );
    // Within the organisation a long email needs no decision, as any other.
    expect(detectSharing({ ...base, to: [INTERNAL], bodyText })).toMatchObject({
      decisionRequired: false,
      truncated: true,
    });
    // A caller that already cut the body says so, and gets the same answer.
    const cut = detectSharing({ ...base, to: [EXTERNAL], bodyText: 'See you on Tuesday.', bodyTruncated: true });
    expect(cut).toMatchObject({ decisionRequired: true, truncated: true });
  });

  test('a body cut at the limit is never cut inside a character written as two code units', () => {
    expect(firstCharacters('ab😀', 3)).toBe('ab');
    expect(firstCharacters('ab😀', 4)).toBe('ab😀');
  });
});

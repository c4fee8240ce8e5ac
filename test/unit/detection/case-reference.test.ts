import {
  caseReferencePatternProblem,
  compileCaseReferencePattern,
} from '../../../src/domain/detection/case-reference.js';
import { ValidationError } from '../../../src/domain/shared/errors.js';

const found = (pattern: string, text: string) =>
  compileCaseReferencePattern(pattern)
    .find(text)
    .map((s) => text.slice(s.index, s.index + s.length));

describe('case references (the pack or tenant pattern)', () => {
  test('a pack pattern anchored for validating a field still finds references inside sentences', () => {
    expect(found('^DUR-\\d{4,8}$', 'Our reference DUR-12345, and DUR-987654.')).toEqual(['DUR-12345', 'DUR-987654']);
  });

  test('a reference must not run on into letters or digits', () => {
    expect(found('DUR-\\d{4}', 'XDUR-1234 DUR-12345 DUR-1234')).toEqual(['DUR-1234']);
  });

  test('an escaped dollar is part of the pattern, not an anchor', () => {
    expect(found('REF\\d{3}\\$', 'see REF123$ now')).toEqual(['REF123$']);
  });

  test('positions', () => {
    expect(compileCaseReferencePattern('ASC/\\d{4}/\\d{4}').find('ref ASC/2024/0042')).toEqual([
      { index: 4, length: 13 },
    ]);
  });

  test('a pattern that does not compile is refused with a clear error', () => {
    expect(() => compileCaseReferencePattern('DUR-(\\d+')).toThrow(ValidationError);
    expect(() => compileCaseReferencePattern('DUR-(\\d+')).toThrow(
      /"DUR-\(\\\\d\+" cannot be used: it is not a valid regular expression/,
    );
  });

  test('empty patterns, or patterns matching an empty string, are refused', () => {
    expect(() => compileCaseReferencePattern('  ')).toThrow(/it is empty/);
    expect(() => compileCaseReferencePattern('\\d*')).toThrow(/matches an empty string/);
    expect(() => compileCaseReferencePattern('^$')).toThrow(/empty/);
  });

  test('nested unbounded repetition is refused (it can take exponential time)', () => {
    for (const pattern of ['(\\d+)+', '(a*)+b', '(?:[A-Z]+-?)+\\d', '(\\w+){2,}']) {
      expect(() => compileCaseReferencePattern(pattern)).toThrow(/exponential/);
    }
    // A repeated group that starts with its own delimiter cannot split text two ways, so it is safe.
    for (const pattern of ['(DUR|STK)-\\d+', '([A-Z]{3}-)?\\d{6}', '[(+]\\d+', '\\(\\d+\\)+', '((ab)+c)+']) {
      expect(() => compileCaseReferencePattern(pattern)).not.toThrow();
    }
  });

  // Security review 2026-12, L3: each of these took seconds on a few dozen characters.
  test.each([
    [
      'alternatives inside a repetition that can take the same text (exponential)',
      '([A-Z]|[A-Z]{2})+-\\d+',
      /both "\[A-Z\]" \(character 2\) and "\[A-Z\]" \(character 8\) can take the next character.*exponential or polynomial time/,
    ],
    [
      'the same alternative twice inside a repetition (exponential)',
      '(a|a)*b',
      /both "a" \(character 2\) and "a" \(character 4\) can take the next character/,
    ],
    [
      'repetitions side by side over the same characters (polynomial)',
      '\\d*\\d*\\d*X',
      /both "\\d" \(character 1\) and "\\d" \(character 4\) can take the next character.*polynomial/,
    ],
    [
      'alternatives that start alike, even outside a repetition',
      '(DUR|DURHAM)-\\d+',
      /at its start, both "D" \(character 2\) and "D" \(character 6\).*DUR\(HAM\)\?/,
    ],
    [
      'an optional part that can already be empty',
      '(a?)?b',
      /makes optional something that can already match empty text/,
    ],
    ['two alternatives that can both be empty', '(a?|b?)c', /two of its alternatives can match empty text/],
    ['a look-ahead', '(?=DUR)DUR-\\d+', /look-ahead or look-behind/],
    ['a back-reference', '(DUR)-\\1', /back-reference/],
    ['a bounded repetition too long for a reference', '\\d{1,5000}', /more than 1000 characters/],
  ])('refused: %s', (_name, pattern, message) => {
    expect(() => compileCaseReferencePattern(pattern)).toThrow(ValidationError);
    expect(() => compileCaseReferencePattern(pattern)).toThrow(message);
    expect(caseReferencePatternProblem(pattern)).toMatch(message);
  });

  test('messages count characters in the pattern as written, a leading anchor included', () => {
    expect(caseReferencePatternProblem('^(DUR|DURHAM)-\\d+$')).toMatch(
      /both "D" \(character 3\) and "D" \(character 7\)/,
    );
  });

  test('safe patterns, including a repeated group that starts with its own delimiter, are accepted and find references', () => {
    expect(found('^[A-Z]{2,4}-\\d+(/\\d+)*$', 'Refs ASC-2024/0042/7, DUR-1 and X-1.')).toEqual([
      'ASC-2024/0042/7',
      'DUR-1',
    ]);
    expect(found('DUR(HAM)?-\\d+', 'DURHAM-12 and DUR-34')).toEqual(['DURHAM-12', 'DUR-34']);
    expect(found('\\bDUR-\\d+\\b', 'DUR-12')).toEqual(['DUR-12']);
    expect(found('(?<area>[A-Z]{3})/\\d{4}', 'ASC/2024')).toEqual(['ASC/2024']);
    expect(found('[A-Z]{2}\\d{2}[A-Z]?', 'AB12C and CD34')).toEqual(['AB12C', 'CD34']);
    expect(caseReferencePatternProblem('^[A-Z]{2,4}-\\d+(/\\d+)*$')).toBeUndefined();
  });

  test('an unbounded repetition reads at most 32 characters more than its minimum, so no attempt reads far into the email', () => {
    expect(found('DUR-\\d+', `DUR-${'1'.repeat(33)} DUR-${'1'.repeat(34)}`)).toEqual([`DUR-${'1'.repeat(33)}`]);
  });

  test('over-long patterns are refused', () => {
    expect(() => compileCaseReferencePattern('A'.repeat(201))).toThrow(/longer than 200/);
  });
});

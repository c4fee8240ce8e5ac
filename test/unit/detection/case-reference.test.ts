import { compileCaseReferencePattern } from '../../../src/domain/detection/case-reference.js';
import { ValidationError } from '../../../src/domain/shared/errors.js';

const found = (pattern: string, text: string) => compileCaseReferencePattern(pattern).find(text).map((s) => text.slice(s.index, s.index + s.length));

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
    expect(compileCaseReferencePattern('ASC/\\d{4}/\\d{4}').find('ref ASC/2024/0042')).toEqual([{ index: 4, length: 13 }]);
  });

  test('a pattern that does not compile is refused with a clear error', () => {
    expect(() => compileCaseReferencePattern('DUR-(\\d+')).toThrow(ValidationError);
    expect(() => compileCaseReferencePattern('DUR-(\\d+')).toThrow(/"DUR-\(\\\\d\+" cannot be used: it is not a valid regular expression/);
  });

  test('empty patterns, or patterns matching an empty string, are refused', () => {
    expect(() => compileCaseReferencePattern('  ')).toThrow(/it is empty/);
    expect(() => compileCaseReferencePattern('\\d*')).toThrow(/matches an empty string/);
    expect(() => compileCaseReferencePattern('^$')).toThrow(/empty/);
  });

  test('nested unbounded repetition is refused (it can take exponential time)', () => {
    for (const pattern of ['(\\d+)+', '(a*)+b', '(?:[A-Z]+-?)+\\d', '((ab)+c)*', '(\\w+){2,}']) {
      expect(() => compileCaseReferencePattern(pattern)).toThrow(/exponential/);
    }
    for (const pattern of ['(DUR|STK)-\\d+', '([A-Z]{3}-)?\\d{6}', '[(+]\\d+', '\\(\\d+\\)+']) {
      expect(() => compileCaseReferencePattern(pattern)).not.toThrow();
    }
  });

  test('over-long patterns are refused', () => {
    expect(() => compileCaseReferencePattern('A'.repeat(201))).toThrow(/longer than 200/);
  });
});

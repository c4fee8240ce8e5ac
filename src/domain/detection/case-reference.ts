/**
 * Case references: each organisation writes its own ("DUR-12345", "ASC/2024/0042"), so the
 * pattern comes from the protocol pack (`caseReference.pattern`) or the tenant's settings. It is
 * an administrator's regular expression run against every outgoing email, so it is compiled
 * once, checked, and refused with a clear message when it cannot be used safely.
 */
import { ValidationError } from '../shared/errors.js';
import type { Span } from './finding.js';

export const MAX_CASE_REFERENCE_PATTERN_LENGTH = 200;

export interface CaseReferenceMatcher {
  /** The pattern as given. */
  readonly pattern: string;
  find(text: string): Span[];
}

/**
 * Compiles a case-reference pattern for scanning text. Anchors are dropped (a pack pattern such
 * as `^DUR-\d+$` validates a whole field; here it must find the reference inside a sentence) and
 * the match must not run on into letters or digits. Throws a `ValidationError` when the pattern
 * does not compile, matches the empty string, or nests unbounded repetition (`(\d+)+`), which
 * could make the check hang on an unlucky email.
 */
export function compileCaseReferencePattern(pattern: string): CaseReferenceMatcher {
  const refuse = (why: string, cause?: unknown): never => {
    throw new ValidationError(`The case-reference pattern ${JSON.stringify(pattern)} cannot be used: ${why}.`, { pattern }, { cause });
  };
  if (pattern.trim() === '') refuse('it is empty');
  if (pattern.length > MAX_CASE_REFERENCE_PATTERN_LENGTH) refuse(`it is longer than ${MAX_CASE_REFERENCE_PATTERN_LENGTH} characters`);
  const body = withoutAnchors(pattern.trim());
  let probe: RegExp;
  try {
    probe = new RegExp(body); // no flags, as the pack schema compiles it
  } catch (error) {
    return refuse(`it is not a valid regular expression (${(error as Error).message})`, error);
  }
  if (hasNestedRepetition(body)) refuse('it repeats a group that itself repeats without limit, such as (\\d+)+, which can take exponential time');
  if (probe.test('')) refuse('it matches an empty string, so it would flag every email');
  const scanner = new RegExp(`(?<![A-Za-z0-9])(?:${body})(?![A-Za-z0-9])`, 'g');
  return {
    pattern,
    find(text) {
      const found: Span[] = [];
      for (const m of text.matchAll(scanner)) if (m[0].length > 0) found.push({ index: m.index, length: m[0].length });
      return found;
    },
  };
}

function withoutAnchors(pattern: string): string {
  let body = pattern.startsWith('^') ? pattern.slice(1) : pattern;
  // A trailing "$" is an anchor unless escaped by an odd number of backslashes.
  const trailing = /(\\*)\$$/.exec(body);
  if (trailing && (trailing[1] ?? '').length % 2 === 0) body = body.slice(0, -1);
  return body;
}

/**
 * True when a group containing an unbounded quantifier (`*`, `+`, `{n,}`) is itself repeated
 * more than once (`*`, `+`, `{n,}`, `{n,m}` with m > 1). A heuristic: it catches the classic
 * catastrophic shapes without parsing the whole regular-expression grammar.
 */
function hasNestedRepetition(pattern: string): boolean {
  const groups: boolean[] = []; // per open group: does it contain an unbounded quantifier?
  let unboundedInLast = false; // the atom just closed (a group) contained one
  let inClass = false;
  for (let i = 0; i < pattern.length; i += 1) {
    const c = pattern[i];
    if (c === '\\') {
      i += 1;
      unboundedInLast = false;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      unboundedInLast = false;
      continue;
    }
    if (c === '(') {
      groups.push(false);
      unboundedInLast = false;
      continue;
    }
    if (c === ')') {
      unboundedInLast = groups.pop() ?? false;
      if (unboundedInLast && groups.length > 0) groups[groups.length - 1] = true;
      continue;
    }
    const quantifier = quantifierAt(pattern, i);
    if (quantifier) {
      if (unboundedInLast && quantifier.repeats) return true;
      if (quantifier.unbounded && groups.length > 0) groups[groups.length - 1] = true;
      i += quantifier.length - 1;
      unboundedInLast = false;
      continue;
    }
    unboundedInLast = false;
  }
  return false;
}

function quantifierAt(pattern: string, i: number): { length: number; unbounded: boolean; repeats: boolean } | undefined {
  const c = pattern[i];
  const lazy = (n: number) => (pattern[i + n] === '?' ? 1 : 0);
  if (c === '*' || c === '+') return { length: 1 + lazy(1), unbounded: true, repeats: true };
  if (c === '?') return { length: 1, unbounded: false, repeats: false };
  if (c !== '{') return undefined;
  const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i, i + 24));
  if (!m) return undefined;
  const max = m[2] === undefined ? Number(m[1]) : m[3] === '' ? Infinity : Number(m[3]);
  return { length: m[0].length + lazy(m[0].length), unbounded: max === Infinity, repeats: max > 1 };
}

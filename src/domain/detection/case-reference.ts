/**
 * Case references: each organisation writes its own ("DUR-12345", "ASC/2024/0042"), so the
 * pattern comes from the protocol pack (`caseReference.pattern`) or the tenant's settings. It is
 * an administrator's regular expression run against every outgoing email, so it is compiled
 * once, checked, and refused with a clear message when it cannot be used safely.
 */
import { ValidationError } from '../shared/errors.js';
import type { Span } from './finding.js';
import { checkSafePattern } from './safe-pattern.js';

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
 * does not compile, matches the empty string, or could make the check slow on an unlucky email
 * (see `safe-pattern.ts`: the next character must always decide the way through the pattern).
 * Unbounded repetition is capped when scanning (`\d+` reads at most 33 digits), so no attempt to
 * match reads far into the email.
 */
export function compileCaseReferencePattern(pattern: string): CaseReferenceMatcher {
  const checked = analyse(pattern);
  if (!checked.ok)
    throw new ValidationError(`The case-reference pattern ${JSON.stringify(pattern)} cannot be used: ${checked.why}.`, {
      pattern,
    });
  const scanner = new RegExp(`(?<![A-Za-z0-9])(?:${checked.source})(?![A-Za-z0-9])`, 'g');
  return {
    pattern,
    find(text) {
      const found: Span[] = [];
      for (const m of text.matchAll(scanner)) if (m[0].length > 0) found.push({ index: m.index, length: m[0].length });
      return found;
    },
  };
}

/**
 * Why a case-reference pattern cannot be used by the on-send check, or undefined when it can.
 * Packs are validated with this too, so a pack that the check would refuse never loads.
 */
export function caseReferencePatternProblem(pattern: string): string | undefined {
  const checked = analyse(pattern);
  return checked.ok ? undefined : checked.why;
}

function analyse(pattern: string): { ok: true; source: string } | { ok: false; why: string } {
  const refuse = (why: string) => ({ ok: false as const, why });
  if (pattern.trim() === '') return refuse('it is empty');
  if (pattern.length > MAX_CASE_REFERENCE_PATTERN_LENGTH)
    return refuse(`it is longer than ${MAX_CASE_REFERENCE_PATTERN_LENGTH} characters`);
  const body = withoutAnchors(pattern.trim());
  let probe: RegExp;
  try {
    probe = new RegExp(body); // no flags, as the pack schema compiles it
  } catch (error) {
    return refuse(`it is not a valid regular expression (${(error as Error).message})`);
  }
  const trimmed = pattern.trimStart();
  const safe = checkSafePattern(body, pattern.length - trimmed.length + (trimmed.startsWith('^') ? 1 : 0));
  if (!safe.ok) return refuse(safe.why);
  if (safe.nullable || probe.test('')) return refuse('it matches an empty string, so it would flag every email');
  return { ok: true, source: safe.source };
}

function withoutAnchors(pattern: string): string {
  let body = pattern.startsWith('^') ? pattern.slice(1) : pattern;
  // A trailing "$" is an anchor unless escaped by an odd number of backslashes.
  const trailing = /(\\*)\$$/.exec(body);
  if (trailing && (trailing[1] ?? '').length % 2 === 0) body = body.slice(0, -1);
  return body;
}

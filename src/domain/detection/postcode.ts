/**
 * UK postcodes ("SW1A 1AA", "M1 1AE", "GIR 0AA"). A postcode with a name is an address; on its
 * own it may be the sender's office in a signature, which is why callers can name postcodes to
 * ignore (the organisation's own addresses).
 */
import type { Span } from './finding.js';

// Outward code: A9, A99, AA9, AA99, A9A, AA9A with the letters each position may take
// (no Q, V, X first; no I, J, Z second); inward code: digit + two letters (never C, I, K, M, O, V).
const OUTWARD = '[A-PR-UWYZ](?:[0-9][0-9]?|[A-HK-Y][0-9][0-9]?|[0-9][A-HJKPSTUW]|[A-HK-Y][0-9][ABEHMNPRV-Y])';
const INWARD = '[0-9][ABD-HJLNP-UW-Z]{2}';
const POSTCODE = new RegExp(
  `(?<![A-Za-z0-9])(?:${OUTWARD}[ \\u00a0]?${INWARD}|GIR[ \\u00a0]?0AA)(?![A-Za-z0-9])`,
  'gi',
);

/** "sw1a1aa" → "SW1A 1AA", for comparing postcodes however they were typed. */
export function normalisePostcode(value: string): string {
  const compact = value.replace(/[\s\u00a0]+/g, '').toUpperCase();
  return compact.length > 3 ? `${compact.slice(0, -3)} ${compact.slice(-3)}` : compact;
}

export function findPostcodes(text: string, options: { readonly ignore?: readonly string[] | undefined } = {}): Span[] {
  const ignore = new Set((options.ignore ?? []).map(normalisePostcode));
  const found: Span[] = [];
  for (const m of text.matchAll(POSTCODE)) {
    const code = m[0];
    // Lower case is accepted only with the space ("sw1a 1aa"): unspaced, "ab12cd" is more likely a code or a password.
    if (!/[ \u00a0]/.test(code) && code !== code.toUpperCase()) continue;
    if (ignore.size > 0 && ignore.has(normalisePostcode(code))) continue;
    found.push({ index: m.index, length: code.length });
  }
  return found;
}

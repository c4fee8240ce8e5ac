/**
 * National Insurance numbers (NINOs): two prefix letters, six digits, a suffix letter A–D,
 * e.g. "AB 12 34 56 C". HMRC never issues a first letter D, F, I, Q, U or V, a second letter
 * D, F, I, O, Q, U or V, nor the prefixes BG, GB, KN, NK, NT, TN and ZZ (TN is the temporary
 * number prefix). A real NINO always has its suffix, so one is required here: without it
 * "AB123456" is as likely an order number.
 */
import { GROUP_DASH, GROUP_SPACE } from './characters.js';
import type { Span } from './finding.js';

const FIRST = 'A-CEGHJ-PR-TW-Z';
const SECOND = 'A-CEGHJ-NPR-TW-Z';
const NOT_ISSUED = new Set(['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ']);
const GAP = `(?:${GROUP_SPACE}|${GROUP_DASH})?`;

// Case-insensitive: people type "ab123456c". Every part is fixed-width, so the scan is linear.
const NINO = new RegExp(
  `(?<![A-Za-z0-9])([${FIRST}][${SECOND}])${GAP}\\d{2}${GAP}\\d{2}${GAP}\\d{2}${GAP}[A-D](?![A-Za-z0-9])`,
  'gi',
);
const WHOLE = new RegExp(`^${NINO.source}$`, 'i');

/** True when `value` is a complete NINO (spaces between the pairs allowed). */
export function isValidNationalInsuranceNumber(value: string): boolean {
  const m = WHOLE.exec(value.trim());
  return m !== null && !NOT_ISSUED.has((m[1] ?? '').toUpperCase());
}

export function findNationalInsuranceNumbers(text: string): Span[] {
  const found: Span[] = [];
  for (const m of text.matchAll(NINO)) {
    if (!NOT_ISSUED.has((m[1] ?? '').toUpperCase())) found.push({ index: m.index, length: m[0].length });
  }
  return found;
}

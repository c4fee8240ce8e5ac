/**
 * Attachment file names. They are scanned for the same identifiers and names as the body
 * ("Referral 943 476 5919.pdf", "Jane_Smith_care_plan.docx"), and for words that say the file
 * is a safeguarding record ("safeguarding referral.docx"): such a document shares a person's
 * information whatever its name contains. Those are reported as `attachment-name` findings.
 */
import { escapeRegExp } from './characters.js';
import type { Span } from './finding.js';

/** Words in a file name that mark it as a record about a person. Matched as whole words, any case. */
export const DEFAULT_ATTACHMENT_KEYWORDS: readonly string[] = [
  'safeguarding',
  'referral',
  'care plan',
  'support plan',
  'safety plan',
  'protection plan',
  'risk assessment',
  'needs assessment',
  'capacity assessment',
  'mental capacity',
  'best interests',
  'chronology',
  'case notes',
  'case file',
  'body map',
  'strategy meeting',
  'strategy discussion',
  'section 42',
  's42',
  'MARAC',
  'DoLS',
];

/**
 * The file name as the detectors read it: "_" and "+" (common word separators in file names)
 * become spaces, one character for one, so offsets still point into the real name.
 */
export function attachmentNameForScanning(name: string): string {
  return name.replace(/[_+]/g, ' ');
}

export interface KeywordMatcher {
  find(name: string): Span[];
}

export function createKeywordMatcher(keywords: readonly string[] = DEFAULT_ATTACHMENT_KEYWORDS): KeywordMatcher {
  const words = keywords.map((k) => k.trim()).filter((k) => k !== '');
  if (words.length === 0) return { find: () => [] };
  // "care plan" also finds "care-plan", "careplan" and "care plans".
  const alternatives = words.map((k) => k.split(/\s+/).map(escapeRegExp).join('[ .\\-]?'));
  const re = new RegExp(`(?<![A-Za-z0-9])(?:${alternatives.join('|')})s?(?![A-Za-z0-9])`, 'gi');
  return { find: (name) => [...name.matchAll(re)].map((m) => ({ index: m.index, length: m[0].length })) };
}

/**
 * Character tests shared by the detectors. They read code units with `charCodeAt`, which gives
 * NaN outside the string, so "the character before the start" needs no bounds check.
 */

export function isDigitAt(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  return c >= 48 && c <= 57;
}

/** Spaces people type between groups of digits: ordinary and non-breaking (from HTML `&nbsp;`). */
export const GROUP_SPACE = '[ \\u00a0]';
/** Hyphens people type between groups: ASCII, Unicode hyphen, non-breaking hyphen, figure and en dash. */
export const GROUP_DASH = '[-\\u2010\\u2011\\u2012\\u2013]';

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

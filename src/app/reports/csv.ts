/**
 * CSV (RFC 4180) for the information-governance lead and the Board: decisions and escalations.
 * Cells that a spreadsheet would run as a formula are prefixed with an apostrophe (OWASP CSV
 * injection guidance), since free text comes from users.
 */

/**
 * A formula trigger (`= + - @`, or their full-width look-alikes `＝ ＋ － ＠`, which some
 * spreadsheets fold to ASCII), possibly after leading spaces, NBSPs or other blanks that a
 * spreadsheet trims; or a cell starting with a tab, CR or LF, which can start a new formula.
 */
const FORMULA_START = /^(?:[\t\r\n]|[\s\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]*[=+\-@\uff1d\uff0b\uff0d\uff20])/u;

export function csvCell(value: string | number | boolean | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(cells: readonly (string | number | boolean | null | undefined)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

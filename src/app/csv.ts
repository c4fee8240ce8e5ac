/**
 * CSV (RFC 4180) for the information-governance lead and the Board: decisions and escalations.
 * Cells that a spreadsheet would run as a formula are prefixed with an apostrophe (OWASP CSV
 * injection guidance), since free text comes from users.
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(cells: readonly (string | number | boolean | null | undefined)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/**
 * Who took part in a discussion, as people type it on a card or in the tab: one per line, "name,
 * role, agency", and optionally the email of someone from another agency, so the outcome can be
 * shared with them (Stockport stage three: "shared with all other agencies involved in the
 * discussion / meeting"). A line without all three parts is kept as typed, for the server's
 * validation to refuse with its reason.
 */
import type { Party } from './escalation.js';

const EMAIL = /^[^\s@,]+@[^\s@,]+\.[^\s@,]+$/;

export function partiesFromLines(text: string): Party[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const parts = line.split(',').map((p) => p.trim());
      const email = parts.length > 3 && EMAIL.test(parts.at(-1)!) ? parts.pop() : undefined;
      const [name = '', role = '', ...agency] = parts;
      return { name, role, agency: agency.join(', '), ...(email ? { email } : {}) };
    });
}

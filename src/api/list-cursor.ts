/**
 * The `next` cursor of a list page: the last row's keyset (opening time and id), opaque to
 * clients (base64url JSON). A cursor that does not decode to one is refused with 400.
 */
import { z } from 'zod';
import type { EscalationCursor } from '../app/ports.js';
import { HttpError } from './http-json.js';

const cursorSchema = z.tuple([z.iso.datetime({ offset: true }), z.guid()]);

export function encodeCursor(cursor: EscalationCursor): string {
  return Buffer.from(JSON.stringify([cursor.openedAt, cursor.id])).toString('base64url');
}

export function decodeCursor(text: string | undefined): EscalationCursor | undefined {
  if (text === undefined) return undefined;
  try {
    const [openedAt, id] = cursorSchema.parse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
    return { openedAt, id };
  } catch {
    throw new HttpError(
      400,
      'VALIDATION.INVALID',
      'after: is not a cursor this server gave (use the `next` of the page before).',
    );
  }
}

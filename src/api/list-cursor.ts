/**
 * The `next` cursor of a list page: the last row's keyset (opening time and id), opaque to
 * clients (base64url JSON). A cursor that does not decode to one is refused with 400.
 */
import { z } from 'zod';
import type { EscalationCursor } from '../app/ports.js';
import type { PersonCursor } from '../app/people/people-store.js';
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

/** The cursor of a list in log order (the sharing decisions): the last entry's sequence number. */
export function encodeSeqCursor(seq: number): string {
  return Buffer.from(JSON.stringify(['seq', seq])).toString('base64url');
}

export function decodeSeqCursor(text: string | undefined): number | undefined {
  return text === undefined ? undefined : decoded(text, seqCursorSchema)[1];
}

/** The cursor of a caseload page: the last person's registration time and id. */
export function encodePersonCursor(cursor: PersonCursor): string {
  return Buffer.from(JSON.stringify(['person', cursor.createdAt, cursor.id])).toString('base64url');
}

export function decodePersonCursor(text: string | undefined): PersonCursor | undefined {
  if (text === undefined) return undefined;
  const [, createdAt, id] = decoded(text, personCursorSchema);
  return { createdAt, id };
}

const seqCursorSchema = z.tuple([z.literal('seq'), z.number().int().min(1)]);
const personCursorSchema = z.tuple([z.literal('person'), z.iso.datetime({ offset: true }), z.guid()]);

function decoded<T>(text: string, schema: z.ZodType<T>): T {
  try {
    return schema.parse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
  } catch {
    throw new HttpError(
      400,
      'VALIDATION.INVALID',
      'after: is not a cursor this server gave (use the `next` of the page before).',
    );
  }
}

/**
 * What the on-send handler sends to `/api/sharing-check`: the message with its body cut to what
 * the server reads (`MAX_SCANNED_CHARACTERS`) and to the server's request limit, with
 * `bodyTruncated` when it was cut, so the server's verdict knows part of the body went unread
 * (and asks for a decision). Without this a long email was refused with 413, and only the local
 * check, which cannot see the sender's caseload, decided.
 */
import { MAX_REQUEST_BYTES } from '../../src/api/client.js';
import type { SharingCheckRequest } from '../../src/api/contract.js';
import { firstCharacters, MAX_SCANNED_CHARACTERS, type OutgoingMessage } from '../../src/domain/detection/index.js';

export function sharingCheckRequest(message: OutgoingMessage, reference: string | undefined): SharingCheckRequest {
  const request = (bodyText: string, bodyTruncated: boolean): SharingCheckRequest => ({
    ...message,
    bodyText,
    bodyTruncated,
    reference,
  });
  let body = firstCharacters(message.bodyText, MAX_SCANNED_CHARACTERS);
  let truncated = message.bodyTruncated === true || body.length < message.bodyText.length;
  // Every character of the body takes at least one byte of the JSON, so cutting the excess in characters is enough.
  const excess = utf8Length(JSON.stringify(request(body, true))) - MAX_REQUEST_BYTES;
  if (excess > 0) {
    body = firstCharacters(body, Math.max(0, body.length - excess));
    truncated = true;
  }
  return request(body, truncated);
}

/** Bytes of `text` in UTF-8 (as fetch sends it), without TextEncoder (Outlook's JavaScript-only runtime). */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i += 1;
    } else bytes += 3;
  }
  return bytes;
}

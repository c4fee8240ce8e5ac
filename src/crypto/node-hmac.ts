import { createHmac } from 'node:crypto';
import type { Mac } from '../domain/sharing/decision-chain.js';

/** HMAC-SHA-256 of UTF-8 text with `key`, as lower-case hex. */
export function nodeHmacSha256(key: Uint8Array): Mac {
  const secret = Buffer.from(key);
  return (text) => createHmac('sha256', secret).update(text, 'utf8').digest('hex');
}

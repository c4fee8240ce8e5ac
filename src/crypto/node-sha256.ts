import { createHash } from 'node:crypto';
import type { Sha256 } from '../domain/sharing/decision-chain.js';

/** SHA-256 of UTF-8 text, as lower-case hex. */
export const nodeSha256: Sha256 = (text) => createHash('sha256').update(text, 'utf8').digest('hex');

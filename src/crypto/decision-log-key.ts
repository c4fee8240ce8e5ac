/**
 * The decision-log key: the secret of the log's HMAC, held outside the database so that whoever
 * can write to the database still cannot forge or re-hash an entry. Given as
 * SAFEGUARD_DECISION_LOG_KEY (production: from a key vault), or — embedded database — kept in a
 * key file beside (never inside) the data folder, created on first start with mode 0600.
 * Losing the key means entries written with it can no longer be verified: back it up apart from
 * the database backups.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ConfigError } from '../config.js';

/** Fewer bytes than this is refused: the key must not be guessable. */
export const MIN_KEY_BYTES = 32;

/** A missing, short or exposed key: the process stops at start with this message. */
export class DecisionLogKeyError extends ConfigError {}

/** Decodes a key written as base64 (or base64url), refusing short ones. */
export function decodeDecisionLogKey(text: string, where: string): Uint8Array {
  const bytes = Buffer.from(text.trim(), 'base64');
  if (bytes.length < MIN_KEY_BYTES)
    throw new DecisionLogKeyError(
      `${where}: the decision-log key must be at least ${MIN_KEY_BYTES} random bytes written as base64 (e.g. openssl rand -base64 32)`,
    );
  return bytes;
}

/** Reads the key file, creating it (mode 0600) with a new random key when it does not exist. */
export async function loadOrCreateKeyFile(path: string): Promise<Uint8Array> {
  await mkdir(dirname(path), { recursive: true });
  try {
    await writeFile(path, `${randomBytes(MIN_KEY_BYTES).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  // Other users must not read it: with the key, anyone who can write to the database could forge entries.
  if (process.platform !== 'win32' && ((await stat(path)).mode & 0o077) !== 0) {
    throw new DecisionLogKeyError(
      `${path}: the decision-log key file is readable by other users; make it private (chmod 600 ${path})`,
    );
  }
  return decodeDecisionLogKey(await readFile(path, 'utf8'), path);
}

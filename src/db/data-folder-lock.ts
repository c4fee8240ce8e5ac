/**
 * A lock file that keeps a second process out of an embedded (PGlite) data folder.
 *
 * Why: two processes opening one PGlite folder corrupt it silently (no error, duplicate primary
 * keys). PGlite itself does not guard against this, so we do, with `<dataDir>/safeguard.lock`.
 */
import { randomUUID } from 'node:crypto';
import { link, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { DataFolderLockedError } from '../domain/shared/errors.js';

export const LOCK_FILE_NAME = 'safeguard.lock';

/** What the lock file holds. */
export interface LockHolder {
  readonly pid: number;
  readonly hostname: string;
  readonly startedAt: string;
  /** Tells two locks apart even when a pid is reused. */
  readonly token: string;
}

export interface DataFolderLock {
  readonly path: string;
  readonly holder: LockHolder;
  /** Removes the lock file if it is still ours. Safe to call twice. */
  release(): Promise<void>;
}

/**
 * Takes the data folder's lock, or throws `DataFolderLockedError` naming the holder.
 * A lock left by a process that is no longer alive (same host) is taken over.
 *
 * @example
 * const lock = await acquireDataFolderLock('./data');
 * try { ... } finally { await lock.release(); }
 */
export async function acquireDataFolderLock(dataDir: string): Promise<DataFolderLock> {
  const path = join(dataDir, LOCK_FILE_NAME);
  const holder: LockHolder = {
    pid: process.pid,
    hostname: hostname(),
    startedAt: new Date().toISOString(),
    token: randomUUID(),
  };
  for (let attempt = 0; attempt < 5; attempt += 1) {
    if (await tryCreate(path, holder)) return lockHandle(path, holder);
    const current = await readHolder(path);
    if (current === 'missing') continue;
    if (current !== 'unreadable' && isHeld(current)) throw lockedError(dataDir, path, current);
    await takeOverStale(path, current);
  }
  throw new DataFolderLockedError(
    `Could not take the lock on the data folder ${dataDir}: ${path} keeps changing. ` +
      'Another process is probably starting on this folder; stop it and try again.',
    { dataDir, lockPath: path },
  );
}

async function tryCreate(path: string, holder: LockHolder): Promise<boolean> {
  try {
    // `wx`: exclusive create, so two processes can never both succeed.
    await writeFile(path, JSON.stringify(holder, null, 2) + '\n', { flag: 'wx' });
    return true;
  } catch (error) {
    if (isErrno(error, 'EEXIST')) return false;
    throw error;
  }
}

/** Reads the lock file; a half-written file gets a moment to finish before it counts as unreadable. */
async function readHolder(path: string): Promise<LockHolder | 'missing' | 'unreadable'> {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const text = await readFile(path, 'utf8').catch((error: unknown) => {
      if (isErrno(error, 'ENOENT')) return null;
      throw error;
    });
    if (text === null) return 'missing';
    const parsed = parseHolder(text);
    if (parsed) return parsed;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return 'unreadable';
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    const valid = typeof value.pid === 'number' && typeof value.hostname === 'string';
    return valid ? ({ startedAt: '?', token: '', ...value } as LockHolder) : undefined;
  } catch {
    return undefined;
  }
}

/** A lock from another host cannot be checked, so it counts as held. Our own pid counts too. */
function isHeld(holder: LockHolder): boolean {
  if (holder.hostname !== hostname()) return true;
  return isProcessAlive(holder.pid);
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0: existence check only
    return true;
  } catch (error) {
    return !isErrno(error, 'ESRCH'); // EPERM: alive, but another user's
  }
}

/**
 * Moves a stale lock aside atomically. If what we moved turns out not to be the stale lock we
 * read (another process took it over in between), we put it back without overwriting anything.
 */
async function takeOverStale(path: string, stale: LockHolder | 'unreadable'): Promise<void> {
  const aside = `${path}.stale-${process.pid}-${randomUUID()}`;
  try {
    await rename(path, aside);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return;
    throw error;
  }
  const moved = parseHolder(await readFile(aside, 'utf8'));
  const sameAsStale = stale === 'unreadable' ? moved === undefined : moved?.token === stale.token;
  if (!sameAsStale) await link(aside, path).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
}

function lockHandle(path: string, holder: LockHolder): DataFolderLock {
  let released = false;
  return {
    path,
    holder,
    async release() {
      if (released) return;
      released = true;
      const current = await readHolder(path);
      if (current !== 'missing' && current !== 'unreadable' && current.token === holder.token) {
        await unlink(path).catch(() => undefined);
      }
    },
  };
}

function lockedError(dataDir: string, path: string, holder: LockHolder): DataFolderLockedError {
  const who =
    holder.pid === process.pid && holder.hostname === hostname()
      ? `this same process (pid ${holder.pid}) already has it open`
      : `process ${holder.pid} on host ${holder.hostname} has it open (since ${holder.startedAt})`;
  return new DataFolderLockedError(
    `The data folder ${dataDir} is in use: ${who}. Two processes on one embedded database ` +
      'corrupt it, so this one will not start. Stop the other process first, or give this one ' +
      'another data folder, or set DATABASE_URL to share a PostgreSQL server between processes. ' +
      `If you are sure no such process is running, delete ${path}.`,
    { dataDir, lockPath: path, pid: holder.pid, hostname: holder.hostname, startedAt: holder.startedAt },
  );
}

/** Not `instanceof Error`: errors from Node's own realm fail that test under jest's VM. */
function isErrno(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as NodeJS.ErrnoException).code === code;
}

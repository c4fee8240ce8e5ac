import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireDataFolderLock, LOCK_FILE_NAME } from '../../../src/db/data-folder-lock.js';
import { DataFolderLockedError } from '../../../src/domain/shared/errors.js';

describe('data folder lock', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'safeguard-lock-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  const lockPath = () => join(dataDir, LOCK_FILE_NAME);
  const writeLock = (holder: Record<string, unknown>) => writeFileSync(lockPath(), JSON.stringify(holder));
  const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid;

  test('writes pid, hostname and start time, and removes the file on release', async () => {
    const lock = await acquireDataFolderLock(dataDir);
    const content = JSON.parse(readFileSync(lockPath(), 'utf8'));
    expect(content).toMatchObject({ pid: process.pid, hostname: expect.any(String), startedAt: expect.any(String) });
    await lock.release();
    await lock.release();
    expect(existsSync(lockPath())).toBe(false);
  });

  test('a second taker while held gets DataFolderLockedError naming the pid, the folder and the way out', async () => {
    const lock = await acquireDataFolderLock(dataDir);
    const second = acquireDataFolderLock(dataDir);
    await expect(second).rejects.toBeInstanceOf(DataFolderLockedError);
    await expect(second).rejects.toMatchObject({
      code: 'DATABASE.LOCKED',
      message: expect.stringContaining(`pid ${process.pid}`),
      details: expect.objectContaining({ dataDir, pid: process.pid }),
    });
    await expect(second).rejects.toThrow(dataDir);
    await expect(second).rejects.toThrow(/DATABASE_URL/);
    await lock.release();
    await (await acquireDataFolderLock(dataDir)).release();
  });

  test('a stale lock (its process is gone) is taken over', async () => {
    writeLock({ pid: deadPid(), hostname: hostname(), startedAt: '2020-01-01T00:00:00Z', token: 'old' });
    const lock = await acquireDataFolderLock(dataDir);
    expect(JSON.parse(readFileSync(lockPath(), 'utf8')).pid).toBe(process.pid);
    await lock.release();
  });

  test('an unreadable lock file (a crash while writing it) is taken over', async () => {
    writeFileSync(lockPath(), '');
    const lock = await acquireDataFolderLock(dataDir);
    expect(lock.holder.pid).toBe(process.pid);
    await lock.release();
  });

  test('a lock from another host counts as held: its process cannot be checked from here', async () => {
    writeLock({ pid: 1, hostname: 'another-host.example', startedAt: '2020-01-01T00:00:00Z', token: 'x' });
    await expect(acquireDataFolderLock(dataDir)).rejects.toThrow(/another-host\.example/);
  });

  test('release leaves alone a lock that is no longer ours', async () => {
    const lock = await acquireDataFolderLock(dataDir);
    writeLock({ pid: process.pid, hostname: hostname(), startedAt: 'now', token: 'someone-else' });
    await lock.release();
    expect(existsSync(lockPath())).toBe(true);
  });
});

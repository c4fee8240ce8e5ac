// @ts-check
/**
 * Is dist/ built from the sources as they are now? `npm start` (prestart: build/ensure-built.mjs)
 * and bin/safeguard.js ask this before running the built JavaScript. Plain JavaScript, so it runs
 * before anything is compiled.
 *
 * The inputs of the build are the folders of runtime and browser code, package.json,
 * package-lock.json and tsconfig.json; dist/build-stamp.json records, from when the build started,
 * their paths and sizes, the time, and a digest of their contents. Fresh when no input changed
 * since (same paths and sizes, none modified later: a few stat calls), or else when their contents
 * still match the digest (a checkout that changes nothing does not cause a rebuild). A new
 * top-level folder of runtime code belongs in SOURCE_DIRS.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

export const STAMP_FILE = 'build-stamp.json';
const SOURCE_DIRS = ['src', 'bot', 'addin', 'tab', 'manifest', 'build'];
const SOURCE_FILES = ['package.json', 'package-lock.json', 'tsconfig.json'];
/** Outputs and dependencies found inside the source folders. */
const SKIPPED = new Set(['node_modules', join('manifest', 'build')]);

/** @typedef {{ path: string, size: number, mtimeMs: number }} InputFile */

/**
 * @param {string} root the repository's folder
 * @returns {Promise<InputFile[]>} the inputs that exist, sorted by path
 */
export async function inputFiles(root) {
  /** @type {string[]} */
  const paths = [...SOURCE_FILES];
  for (const dir of SOURCE_DIRS) paths.push(...(await listFiles(root, dir)));
  /** @type {InputFile[]} */
  const files = [];
  for (const path of paths.sort()) {
    const info = await stat(join(root, path)).catch(() => undefined);
    if (info?.isFile()) files.push({ path, size: info.size, mtimeMs: info.mtimeMs });
  }
  return files;
}

/**
 * @param {readonly InputFile[]} files
 * @returns {string} hex SHA-256 of the inputs' paths and sizes
 */
export function listingDigest(files) {
  return createHash('sha256')
    .update(files.map((f) => `${f.path}\0${f.size}`).join('\n'))
    .digest('hex');
}

/**
 * @param {string} root
 * @param {readonly InputFile[]} files
 * @returns {Promise<string>} hex SHA-256 of the inputs' paths and contents
 */
export async function contentDigest(root, files) {
  const hash = createHash('sha256');
  for (const file of files) {
    const body = await readFile(join(root, file.path));
    hash.update(`${file.path}\0${body.length}\0`).update(body);
  }
  return hash.digest('hex');
}

/**
 * @param {string} root
 * @param {string} dir relative to root
 * @returns {Promise<string[]>}
 */
async function listFiles(root, dir) {
  if (SKIPPED.has(dir) || dir.endsWith('node_modules')) return [];
  const entries = await readdir(join(root, dir), { withFileTypes: true }).catch(() => []);
  /** @type {string[]} */
  const files = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(root, path)));
    else if (entry.isFile()) files.push(path);
  }
  return files;
}

/**
 * @param {string} root
 * @param {{ compareContents?: boolean }} [options] compareContents false: answer from paths, sizes
 *   and times only (a changed time then reads as stale; for callers with a fallback, not a build)
 * @returns {Promise<boolean>} dist/ exists and was built from the current sources
 */
export async function isBuildFresh(root, options = {}) {
  const stamp = await readFile(join(root, 'dist', STAMP_FILE), 'utf8').then(
    (text) => /** @type {{ inputs?: unknown, listing?: unknown, startedAtMs?: unknown }} */ (JSON.parse(text)),
    () => undefined,
  );
  if (stamp === undefined) return false;
  const files = await inputFiles(root);
  const startedAtMs = typeof stamp.startedAtMs === 'number' ? stamp.startedAtMs : 0;
  if (stamp.listing === listingDigest(files) && files.every((f) => f.mtimeMs <= startedAtMs)) return true;
  return options.compareContents !== false && stamp.inputs === (await contentDigest(root, files));
}

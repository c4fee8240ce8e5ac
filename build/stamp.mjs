// @ts-check
/**
 * Is dist/ built from the sources as they are now? `npm start` (prestart: build/ensure-built.mjs)
 * and bin/safeguard.js ask this before running the built JavaScript. Plain JavaScript, so it runs
 * before anything is compiled.
 *
 * The answer compares a digest of every input of the build — the folders of runtime and browser
 * code, package.json, package-lock.json, tsconfig.json — with the digest dist/build-stamp.json
 * recorded when the build started. Contents, not modification times: a checkout or a copy that
 * changes nothing does not cause a rebuild. A new top-level folder of runtime code belongs in
 * SOURCE_DIRS.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export const STAMP_FILE = 'build-stamp.json';
const SOURCE_DIRS = ['src', 'bot', 'addin', 'tab', 'manifest', 'build'];
const SOURCE_FILES = ['package.json', 'package-lock.json', 'tsconfig.json'];
/** Outputs and dependencies found inside the source folders. */
const SKIPPED = new Set(['node_modules', join('manifest', 'build')]);

/**
 * @param {string} root the repository's folder
 * @returns {Promise<string>} hex SHA-256 of the inputs' paths and contents
 */
export async function sourceDigest(root) {
  /** @type {string[]} */
  const files = [...SOURCE_FILES];
  for (const dir of SOURCE_DIRS) files.push(...(await listFiles(root, dir)));
  const hash = createHash('sha256');
  for (const file of files.sort()) {
    const body = await readFile(join(root, file)).catch(() => undefined);
    if (body === undefined) continue; // an optional folder or file that is not there
    hash.update(`${file}\0${body.length}\0`).update(body);
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
 * @returns {Promise<boolean>} dist/ exists and was built from the current sources
 */
export async function isBuildFresh(root) {
  const stamp = await readFile(join(root, 'dist', STAMP_FILE), 'utf8').then((text) => /** @type {{ inputs?: unknown }} */ (JSON.parse(text)), () => undefined);
  return stamp !== undefined && stamp.inputs === (await sourceDigest(root));
}

// @ts-check
/**
 * `prestart`: builds dist/ when it is missing or older than the sources (build/stamp.mjs), so
 * `npm install && npm start` works from a fresh clone and after every edit, and a start with
 * nothing changed costs a digest of the sources (tens of milliseconds), not a build.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { isBuildFresh } from './stamp.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
if (!(await isBuildFresh(root))) {
  console.log('build: the sources changed since the last build (or there is none); building dist/');
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'build/build.ts'], { cwd: root, stdio: 'inherit' });
  process.exitCode = result.status ?? 1;
}

/**
 * Builds, once per jest run, the PGlite template that createTestDatabase() starts each embedded
 * test database from. The template's name carries a hash of the migration files and the PGlite
 * version, so changing a migration (or upgrading PGlite) rebuilds it; otherwise the last run's
 * template in `.tmp/` is reused.
 *
 * Node built-ins only: jest loads this file as CommonJS without the ESM transform or the
 * `.js` → `.ts` mapping, so the build itself runs in a child process under tsx.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';

const TEMPLATE_ENV = 'SAFEGUARD_TEST_TEMPLATE'; // same as in test-database.ts
const TEMPLATE_FILE = /^test-template-[0-9a-f]+-(empty|migrated)\.tar(\..*)?$/;

export default async function globalSetup(globalConfig: { rootDir: string }): Promise<void> {
  if (process.env['DATABASE_URL']) return; // a fresh database per test on the server instead
  const rootDir = globalConfig.rootDir;
  const tmpDir = join(rootDir, '.tmp');
  const prefix = join(tmpDir, `test-template-${templateHash(rootDir)}`);
  if (!existsSync(`${prefix}-empty.tar`) || !existsSync(`${prefix}-migrated.tar`)) {
    mkdirSync(tmpDir, { recursive: true });
    removeOtherTemplates(tmpDir, prefix);
    buildTemplates(rootDir, prefix);
  }
  process.env[TEMPLATE_ENV] = prefix; // inherited by the jest workers
}

function templateHash(rootDir: string): string {
  const hash = createHash('sha256');
  const pglite = JSON.parse(readFileSync(packageJsonOf(rootDir, '@electric-sql/pglite'), 'utf8'));
  hash.update(`pglite ${String(pglite.version)}\n`);
  const folder = join(rootDir, 'src/db/migrations');
  const files = existsSync(folder)
    ? readdirSync(folder)
        .filter((name) => name.endsWith('.sql'))
        .sort()
    : [];
  for (const file of files)
    hash
      .update(`${file}\n`)
      .update(readFileSync(join(folder, file)))
      .update('\n');
  return hash.digest('hex').slice(0, 16);
}

function removeOtherTemplates(tmpDir: string, prefix: string): void {
  for (const name of readdirSync(tmpDir)) {
    const path = join(tmpDir, name);
    if (TEMPLATE_FILE.test(name) && !path.startsWith(prefix)) rmSync(path, { force: true });
  }
}

function buildTemplates(rootDir: string, prefix: string): void {
  const helper = join(rootDir, 'test/helpers/test-database.ts');
  const script =
    `const { buildTestTemplates } = await import(${JSON.stringify(helper)});` +
    `const { applied } = await buildTestTemplates(${JSON.stringify(prefix)});` +
    `console.log('test template: ' + (applied.length ? applied.join(', ') : 'no migrations'));`;
  const started = Date.now();
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: rootDir,
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(
      `Building the PGlite test template failed:\n${result.stderr || result.stdout || String(result.error)}`,
    );
  }
  process.stdout.write(`\n${result.stdout.trim()} (built in ${Date.now() - started} ms)\n`);
}

/** A package's package.json, looked up as Node does: in node_modules here or in a folder above (a git worktree's). */
function packageJsonOf(rootDir: string, name: string): string {
  for (let dir = rootDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name, 'package.json');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`${name} is not installed: run npm ci`);
  }
}

/**
 * `npm run build`: compiles what `npm start` and the container run, once, into dist/:
 *
 *   dist/main.js               the server (src/main.ts), one ES module; node_modules stay external
 *   dist/cli/main.js           the `safeguard` CLI (src/cli/main.ts)
 *   dist/db/initdb-process.js  creates a new embedded database in a process of its own
 *   dist/db/migrations/…, dist/domain/protocol/packs/…
 *                              every file under src/ that is not TypeScript, at the same place
 *   dist/web/addin/…, dist/web/tab/…
 *                              the browser files (build/web-files.ts), with brotli and gzip
 *                              copies (.br, .gz) of those the server sends as built
 *   dist/build-stamp.json      what the build was made from (build/stamp.mjs)
 *
 * Modules find their files through `import.meta.url` (migrations, packs, the browser files). In a
 * bundle that would be the bundle's URL, so each module's `import.meta.url` is replaced by the URL
 * its compiled file would have under dist/ (src/db/migrate.ts → dist/db/migrate.js): relative
 * paths then land on the copies above. A module outside src/ may not use `import.meta` in
 * code that is bundled: the build stops and says so.
 */
import { cp, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { contentDigest, inputFiles, listingDigest, STAMP_FILE } from './stamp.mjs';
import { precompressedCopies } from '../src/server/web-assets.js';
import { buildWebFiles } from './web-files.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SRC = join(ROOT, 'src');

/** Entry points: source under src/ → output under dist/. */
const ENTRIES = [
  ['src/main.ts', 'main.js'],
  ['src/cli/main.ts', 'cli/main.js'],
  // Started as a process of its own to create a new embedded database (src/db/new-data-folder.ts).
  ['src/db/initdb-process.ts', 'db/initdb-process.js'],
] as const;

export async function buildAll(): Promise<void> {
  const started = performance.now();
  const dist = join(ROOT, 'dist');
  // Built beside dist/ and swapped in whole: a process starting meanwhile sees the old or the new build, never half.
  const staging = join(ROOT, `.dist-${process.pid}`);
  await rm(staging, { recursive: true, force: true });
  try {
    // Read first: a file edited during the build makes this build stale, not falsely fresh.
    const startedAtMs = Date.now();
    const files = await inputFiles(ROOT);
    const stamp = {
      inputs: await contentDigest(ROOT, files),
      listing: listingDigest(files),
      startedAtMs,
      node: process.version,
    };
    for (const [entry, out] of ENTRIES) await bundleNode(join(ROOT, entry), join(staging, out), staging);
    await copyNonTypeScript(SRC, staging);
    const webFiles = await buildWebFiles();
    for (const [path, body] of [...webFiles, ...(await precompressedCopies(webFiles))]) {
      await mkdir(dirname(join(staging, 'web', path)), { recursive: true });
      await writeFile(join(staging, 'web', path), body);
    }
    // dist/ is ES modules whatever package.json is copied beside it.
    await writeFile(join(staging, 'package.json'), `${JSON.stringify({ type: 'module', private: true })}\n`);
    await writeFile(join(staging, STAMP_FILE), `${JSON.stringify(stamp, null, 2)}\n`);
    await rm(dist, { recursive: true, force: true });
    await rename(staging, dist);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  console.log(
    `build: dist/ written in ${((performance.now() - started) / 1000).toFixed(1)} s (server dist/main.js, CLI dist/cli/main.js, browser files dist/web/)`,
  );
}

async function bundleNode(entry: string, outfile: string, distRoot: string): Promise<void> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external', // node_modules are installed beside dist/ (npm ci --omit=dev), not bundled
    legalComments: 'none',
    logLevel: 'warning',
    plugins: [importMetaUrlAt(outfile, distRoot)],
  });
}

/** Gives each module the `import.meta.url` of its compiled place under dist/ (see the header). */
function importMetaUrlAt(outfile: string, distRoot: string): Plugin {
  return {
    name: 'import-meta-url-under-dist',
    setup(b) {
      b.onLoad({ filter: /\.[cm]?ts$/ }, async (args) => {
        const text = await readFile(args.path, 'utf8');
        const uses = text.match(/\bimport\.meta\b/g)?.length ?? 0;
        if (uses === 0) return undefined;
        const fromSrc = relative(SRC, args.path);
        if (fromSrc.startsWith('..') || uses !== (text.match(/\bimport\.meta\.url\b/g)?.length ?? 0)) {
          throw new Error(
            `${relative(ROOT, args.path)}: the bundle keeps import.meta.url in src/ only; move the file lookup into src/ or pass the path in`,
          );
        }
        const compiled = join(distRoot, fromSrc.replace(/\.[cm]?ts$/, '.js'));
        const fromBundle = relative(dirname(outfile), compiled).split(sep).join('/');
        const url = `new URL(${JSON.stringify(fromBundle.startsWith('.') ? fromBundle : `./${fromBundle}`)}, import.meta.url).href`;
        return { contents: text.replace(/\bimport\.meta\.url\b/g, url), loader: 'ts' };
      });
    },
  };
}

async function copyNonTypeScript(from: string, to: string): Promise<void> {
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    if (entry.isDirectory()) await copyNonTypeScript(source, join(to, entry.name));
    else if (entry.isFile() && extname(entry.name) !== '.ts') await cp(source, join(to, entry.name));
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildAll().catch((error: unknown) => {
    console.error(`build: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}

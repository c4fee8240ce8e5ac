/**
 * The Outlook add-in's and the Teams tab's files as the server serves them (under `/addin/`,
 * `/tab/` and `/.well-known/`).
 *
 * - Run from the build (`node dist/main.js`): the files `npm run build` wrote to dist/web/.
 * - Run from sources (tsx, the tests): built in memory with esbuild (build/web-files.ts), so a
 *   change to the add-in or the tab needs no build step while developing. esbuild is a dev
 *   dependency: the production install has none, and never takes this path.
 *
 * Either way the configuration is added here, so one build serves every deployment: the server's
 * address and the local tenant in on-send.js's first line, the two config.json files, and the
 * origins classic Outlook's runtime may call (/.well-known/microsoft-officeaddins-allowed.json).
 */
import { readdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Asset {
  readonly contentType: string;
  readonly body: Buffer;
}

export interface WebAssetSettings {
  /** The server's public address, which on-send.js calls. */
  readonly publicUrl: string;
  /** Local mode: the tenant the add-in's local tokens name; absent with Entra ID sign-in. */
  readonly localTenant?: string | undefined;
  /** Local mode (no Entra ID): the tab offers its browser preview. */
  readonly localMode: boolean;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
};

/**
 * In the bundle `npm run build` makes, this module's URL is that of dist/server/web-assets.js
 * (build/build.ts maps each module's `import.meta.url` to its place under dist/).
 */
const runningBuilt = !import.meta.url.endsWith('.ts');

export async function loadWebAssets(settings: WebAssetSettings): Promise<Map<string, Asset>> {
  return configure(runningBuilt ? await readBuiltFiles() : await buildFromSources(), settings);
}

async function readBuiltFiles(): Promise<Map<string, Buffer>> {
  const root = fileURLToPath(new URL('../web/', import.meta.url));
  const names = await readdir(root, { recursive: true }).catch(() => {
    throw new Error(`the browser files are missing from ${root}: run "npm run build"`);
  });
  const files = new Map<string, Buffer>();
  for (const name of names.map((n) => n.split('\\').join('/')).filter((n) => extname(n) in CONTENT_TYPES)) {
    files.set(name, await readFile(join(root, name)));
  }
  return files;
}

/** build/web-files.ts, as far as the server needs it. */
interface WebFilesBuilder {
  readonly buildWebFiles: () => Promise<Map<string, Buffer>>;
}

async function buildFromSources(): Promise<Map<string, Buffer>> {
  // A specifier in a variable: the bundler leaves this import out of dist/ (it needs esbuild),
  // and nothing of the server depends on the build scripts but this one call, made only when run from sources.
  const specifier = '../../build/web-files.js';
  const { buildWebFiles } = (await import(specifier)) as WebFilesBuilder;
  return buildWebFiles();
}

function configure(files: ReadonlyMap<string, Buffer>, s: WebAssetSettings): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const [name, body] of files) {
    const contentType = CONTENT_TYPES[extname(name)];
    if (!contentType) continue;
    assets.set(`/${name}`, { contentType, body: name === 'addin/on-send.js' ? Buffer.concat([onSendSettings(s), body]) : body });
  }
  const tabPage = assets.get('/tab/index.html');
  if (tabPage) assets.set('/tab/', tabPage);
  const json = (value: unknown): Asset => ({ contentType: 'application/json', body: Buffer.from(JSON.stringify(value)) });
  assets.set('/addin/config.json', json({ localTenant: s.localTenant }));
  assets.set('/tab/config.json', json({ localMode: s.localMode }));
  assets.set('/.well-known/microsoft-officeaddins-allowed.json', json({ allowed: [new URL(s.publicUrl).origin] }));
  return assets;
}

/** The globals on-send.js reads (addin/on-send/on-send-runtime.ts), as one ES2018 statement. */
function onSendSettings(s: WebAssetSettings): Buffer {
  // U+2028/2029 end a line in ES2018 string literals (the event runtime's level); JSON leaves them.
  const literal = (value: string) => JSON.stringify(value).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  return Buffer.from(`var __SAFEGUARD_SERVER__ = ${literal(s.publicUrl)}, __SAFEGUARD_LOCAL_TENANT__ = ${literal(s.localTenant ?? '')};\n`);
}

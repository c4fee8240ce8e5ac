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
 * Then each page's scripts and stylesheets are referenced with their digest (`tab.js?v=<digest>`),
 * so browsers may cache them for good (asset-responses.ts). Files served as built come with the
 * build's compressed copies (`npm run build` writes them: precompressedCopies below); the others
 * are compressed on first request.
 */
import { readdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ContentCoding } from '../api/http-compression.js';
import { CODING_SUFFIX, CODINGS, isCompressible, makeAsset, type Asset } from './asset-responses.js';

export type { Asset } from './asset-responses.js';

/** A browser file and the compressed copies the build made of it. */
interface WebFile {
  readonly body: Buffer;
  readonly prebuilt?: Partial<Record<ContentCoding, Buffer>>;
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

async function readBuiltFiles(): Promise<Map<string, WebFile>> {
  const root = fileURLToPath(new URL('../web/', import.meta.url));
  const names = await readdir(root, { recursive: true }).catch(() => {
    throw new Error(`the browser files are missing from ${root}: run "npm run build"`);
  });
  const present = new Set(names.map((n) => n.split('\\').join('/')));
  const files = new Map<string, WebFile>();
  for (const name of [...present].filter((n) => extname(n) in CONTENT_TYPES)) {
    const prebuilt: Partial<Record<ContentCoding, Buffer>> = {};
    for (const coding of CODINGS) {
      const copy = name + CODING_SUFFIX[coding];
      if (present.has(copy)) prebuilt[coding] = await readFile(join(root, copy));
    }
    files.set(name, { body: await readFile(join(root, name)), prebuilt });
  }
  return files;
}

/** build/web-files.ts, as far as the server needs it. */
interface WebFilesBuilder {
  readonly buildWebFiles: () => Promise<Map<string, Buffer>>;
}

async function buildFromSources(): Promise<Map<string, WebFile>> {
  // A specifier in a variable: the bundler leaves this import out of dist/ (it needs esbuild),
  // and nothing of the server depends on the build scripts but this one call, made only when run from sources.
  const specifier = '../../build/web-files.js';
  const { buildWebFiles } = (await import(specifier)) as WebFilesBuilder;
  return new Map([...(await buildWebFiles())].map(([name, body]) => [name, { body }]));
}

/** Files whose served bytes differ from the built ones: the build's compressed copies of them would be useless. */
function changedWhenServed(name: string): boolean {
  return name === 'addin/on-send.js' || name.endsWith('.html');
}

/**
 * For `npm run build`: brotli and gzip copies (`<name>.br`, `<name>.gz`) of the browser files the
 * server sends as built, so it need not compress them. Paths as in `files`.
 */
export async function precompressedCopies(files: ReadonlyMap<string, Buffer>): Promise<Map<string, Buffer>> {
  const copies = new Map<string, Buffer>();
  for (const [name, body] of files) {
    const asset = makeAsset(CONTENT_TYPES[extname(name)] ?? '', body);
    if (changedWhenServed(name) || !isCompressible(asset.contentType)) continue;
    for (const coding of CODINGS) {
      const copy = await asset.encoded(coding); // undefined where compressing does not pay
      if (copy) copies.set(name + CODING_SUFFIX[coding], copy);
    }
  }
  return copies;
}

function configure(files: ReadonlyMap<string, WebFile>, s: WebAssetSettings): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  const pages: [string, Buffer][] = [];
  for (const [name, { body, prebuilt }] of files) {
    const contentType = CONTENT_TYPES[extname(name)];
    if (!contentType) continue;
    if (contentType.startsWith('text/html')) pages.push([name, body]);
    else if (name === 'addin/on-send.js')
      assets.set(`/${name}`, makeAsset(contentType, Buffer.concat([onSendSettings(s), body])));
    else assets.set(`/${name}`, makeAsset(contentType, body, prebuilt));
  }
  // Pages last: they name the digests of the scripts and stylesheets as served.
  for (const [name, body] of pages)
    assets.set(`/${name}`, makeAsset(CONTENT_TYPES['.html']!, withVersionedReferences(name, body, assets)));
  const tabPage = assets.get('/tab/index.html');
  if (tabPage) assets.set('/tab/', tabPage);
  const json = (value: unknown): Asset => makeAsset('application/json', Buffer.from(JSON.stringify(value)));
  assets.set('/addin/config.json', json({ localTenant: s.localTenant }));
  assets.set('/tab/config.json', json({ localMode: s.localMode }));
  assets.set('/.well-known/microsoft-officeaddins-allowed.json', json({ allowed: [new URL(s.publicUrl).origin] }));
  return assets;
}

/**
 * `src="tab.js"` → `src="tab.js?v=<digest>"` for each script and stylesheet of ours the page
 * names in its own folder; addresses elsewhere (Office.js on Microsoft's CDN) stay as they are.
 */
function withVersionedReferences(page: string, body: Buffer, assets: ReadonlyMap<string, Asset>): Buffer {
  const folder = page.slice(0, page.lastIndexOf('/') + 1);
  const html = body
    .toString('utf8')
    .replace(/\b(src|href)="([\w.-]+\.(?:js|css))"/g, (whole, attribute: string, file: string) => {
      const asset = assets.get(`/${folder}${file}`);
      return asset ? `${attribute}="${file}?v=${asset.version}"` : whole;
    });
  return Buffer.from(html);
}

/** The globals on-send.js reads (addin/on-send/on-send-runtime.ts), as one ES2018 statement. */
function onSendSettings(s: WebAssetSettings): Buffer {
  // U+2028/2029 end a line in ES2018 string literals (the event runtime's level); JSON leaves them.
  const literal = (value: string) =>
    JSON.stringify(value)
      .replace(/\u2028/g, '\\u2028')
      .replace(/\u2029/g, '\\u2029');
  return Buffer.from(
    `var __SAFEGUARD_SERVER__ = ${literal(s.publicUrl)}, __SAFEGUARD_LOCAL_TENANT__ = ${literal(s.localTenant ?? '')};\n`,
  );
}

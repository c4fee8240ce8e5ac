/**
 * Builds the add-in's two bundles with esbuild, in memory, when the server starts (so `npm start`
 * needs no build step), and lists every file the server serves for it:
 * - on-send.js — one plain script (IIFE, no imports, unminified so Outlook's runtime errors are
 *   readable) for the event runtime, with the server address baked in;
 * - taskpane.js — the pane, minified;
 * - the HTML pages, the stylesheet, config.json and /.well-known/microsoft-officeaddins-allowed.json
 *   (classic Outlook's runtime may call only origins listed there).
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { RIBBON_ICON_SIZES } from '../manifest/app-manifest.js';
import { ribbonIcon } from '../manifest/png.js';

export interface Asset {
  readonly contentType: string;
  readonly body: Buffer;
}

export interface AddinBuildOptions {
  /** The server's public https address, e.g. https://safeguard.example.org. */
  readonly publicUrl: string;
  /** In local mode: the tenant the add-in's local tokens name; absent with Entra ID sign-in. */
  readonly localTenant?: string | undefined;
}

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
/**
 * Classic Outlook's JavaScript-only runtime (Microsoft 365 builds 2403 and later) runs ES2018 —
 * the detection rules need its regular expressions (lookbehind, Unicode classes). Syntax newer
 * than that (async functions are fine, optional chaining is lowered) is rewritten by esbuild.
 */
export const EVENT_RUNTIME_TARGET = 'es2018';

export async function buildAddin(options: AddinBuildOptions): Promise<Map<string, Asset>> {
  const define = { __SAFEGUARD_SERVER__: JSON.stringify(options.publicUrl), __SAFEGUARD_LOCAL_TENANT__: JSON.stringify(options.localTenant ?? '') };
  const [onSend, pane] = await Promise.all([
    build({ entryPoints: [here('./on-send/on-send-runtime.ts')], bundle: true, write: false, format: 'iife', target: EVENT_RUNTIME_TARGET, platform: 'browser', minify: false, legalComments: 'none', define, logLevel: 'silent' }),
    build({ entryPoints: [here('./taskpane/taskpane.ts')], bundle: true, write: false, format: 'iife', target: 'es2020', platform: 'browser', minify: true, legalComments: 'none', logLevel: 'silent' }),
  ]);
  const js = (r: { outputFiles?: { contents: Uint8Array }[] }) => Buffer.from(r.outputFiles?.[0]?.contents ?? new Uint8Array());
  const file = async (path: string) => readFile(here(path));
  const origin = new URL(options.publicUrl).origin;
  return new Map<string, Asset>([
    ['/addin/on-send.js', { contentType: 'text/javascript; charset=utf-8', body: js(onSend) }],
    ['/addin/on-send.html', { contentType: 'text/html; charset=utf-8', body: await file('./on-send/on-send.html') }],
    ['/addin/taskpane.js', { contentType: 'text/javascript; charset=utf-8', body: js(pane) }],
    ['/addin/taskpane.html', { contentType: 'text/html; charset=utf-8', body: await file('./taskpane/taskpane.html') }],
    ['/addin/taskpane.css', { contentType: 'text/css; charset=utf-8', body: await file('./taskpane/taskpane.css') }],
    ['/addin/config.json', { contentType: 'application/json', body: Buffer.from(JSON.stringify({ localTenant: options.localTenant })) }],
    ...RIBBON_ICON_SIZES.map((size) => [`/addin/icon-${size}.png`, { contentType: 'image/png', body: ribbonIcon(size) }] as const),
    ['/.well-known/microsoft-officeaddins-allowed.json', { contentType: 'application/json', body: Buffer.from(JSON.stringify({ allowed: [origin] })) }],
  ]);
}

/**
 * The browser files: the Outlook add-in's two bundles, its pages and ribbon icons, and the Teams
 * tab's — the same whatever the server's configuration. What depends on it (the server address in
 * on-send.js, the config.json files, the well-known file) the server adds when it serves them
 * (src/server/web-assets.ts). `npm run build` writes these files to dist/web/; a server run from
 * sources (tsx, the tests) builds them in memory through this module.
 *
 * - addin/on-send.js — one plain script (IIFE, no imports, unminified so Outlook's runtime errors
 *   are readable) for the event runtime;
 * - addin/taskpane.js, tab/tab.js — minified;
 * - the HTML pages and stylesheets, copied; the ribbon icons, drawn in code.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { RIBBON_ICON_SIZES } from '../manifest/app-manifest.js';
import { ribbonIcon } from '../manifest/png.js';

const source = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));

/**
 * Classic Outlook's JavaScript-only runtime (Microsoft 365 builds 2403 and later) runs ES2018 —
 * the detection rules need its regular expressions (lookbehind, Unicode classes). Syntax newer
 * than that (async functions are fine, optional chaining is lowered) is rewritten by esbuild.
 */
export const EVENT_RUNTIME_TARGET = 'es2018';

/** Paths under dist/web/ → contents. The server serves `addin/x` at `/addin/x`, `tab/index.html` at `/tab/` too. */
export async function buildWebFiles(): Promise<Map<string, Buffer>> {
  const bundle = async (entry: string, options: { target: string; minify: boolean }) => {
    const result = await build({
      entryPoints: [source(entry)],
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      legalComments: 'none',
      logLevel: 'silent',
      ...options,
    });
    const output = result.outputFiles[0];
    if (!output) throw new Error(`esbuild wrote nothing for ${entry}`);
    return Buffer.from(output.contents);
  };
  const copy = async (path: string) => readFile(source(path));
  // The event runtime reads __SAFEGUARD_SERVER__ and __SAFEGUARD_LOCAL_TENANT__ as globals: the
  // server puts their values in a first line, so one built file serves every configuration.
  const [onSend, pane, tab] = await Promise.all([
    bundle('addin/on-send/on-send-runtime.ts', { target: EVENT_RUNTIME_TARGET, minify: false }),
    bundle('addin/taskpane/taskpane.ts', { target: 'es2020', minify: true }),
    bundle('tab/tab.ts', { target: 'es2020', minify: true }),
  ]);
  return new Map<string, Buffer>([
    ['addin/on-send.js', onSend],
    ['addin/on-send.html', await copy('addin/on-send/on-send.html')],
    ['addin/taskpane.js', pane],
    ['addin/taskpane.html', await copy('addin/taskpane/taskpane.html')],
    ['addin/taskpane.css', await copy('addin/taskpane/taskpane.css')],
    ...RIBBON_ICON_SIZES.map((size) => [`addin/icon-${size}.png`, ribbonIcon(size)] as const),
    ['tab/index.html', await copy('tab/tab.html')],
    ['tab/tab.js', tab],
    ['tab/tab.css', await copy('tab/tab.css')],
  ]);
}

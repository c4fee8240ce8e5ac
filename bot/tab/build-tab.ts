/** Builds the Teams tab (esbuild, in memory, when the server starts) and lists the files it is served as. */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Asset } from '../../addin/build-addin.js';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export async function buildTab(options: { localMode: boolean }): Promise<Map<string, Asset>> {
  const result = await build({ entryPoints: [here('./tab.ts')], bundle: true, write: false, format: 'iife', target: 'es2020', platform: 'browser', minify: true, legalComments: 'none', logLevel: 'silent' });
  const html = await readFile(here('./tab.html'));
  return new Map<string, Asset>([
    ['/tab/', { contentType: 'text/html; charset=utf-8', body: html }],
    ['/tab/index.html', { contentType: 'text/html; charset=utf-8', body: html }],
    ['/tab/tab.js', { contentType: 'text/javascript; charset=utf-8', body: Buffer.from(result.outputFiles[0]?.contents ?? new Uint8Array()) }],
    ['/tab/tab.css', { contentType: 'text/css; charset=utf-8', body: await readFile(here('./tab.css')) }],
    ['/tab/config.json', { contentType: 'application/json', body: Buffer.from(JSON.stringify({ localMode: options.localMode })) }],
  ]);
}

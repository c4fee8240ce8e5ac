#!/usr/bin/env node
// The `safeguard` command. Runs the built CLI (dist/cli/main.js, from `npm run build`) when it
// is there and was built from the sources as they are now — always so in the container, which
// ships no sources — and otherwise the TypeScript sources through tsx (a dev dependency), so
// there is no build step between `npm install` and `npx safeguard` in a checkout.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = new URL('../dist/cli/main.js', import.meta.url);

async function builtIsCurrent() {
  if (!existsSync(built)) return false;
  if (!existsSync(new URL('../src/', import.meta.url))) return true;
  const { isBuildFresh } = await import('../build/stamp.mjs');
  // Times and sizes only: when in doubt tsx runs the sources, which is always right.
  return isBuildFresh(fileURLToPath(new URL('../', import.meta.url)), { compareContents: false });
}

if (await builtIsCurrent()) {
  await import(built.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}

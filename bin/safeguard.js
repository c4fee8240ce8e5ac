#!/usr/bin/env node
// The `safeguard` command: runs the TypeScript CLI through tsx (a runtime dependency), so there
// is no build step between `npm install` and `npx safeguard`.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');

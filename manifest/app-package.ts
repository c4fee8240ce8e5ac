/**
 * The app package as Teams and the Microsoft 365 admin centre take it: a zip of manifest.json and
 * the two icons (written by `npm run package`, build/package.ts).
 */
import { zipSync } from 'fflate';
import { unifiedManifest, type PackageSettings } from './app-manifest.js';
import { colorIcon, outlineIcon } from './png.js';

/** A clearly local placeholder, used (with a warning) when no app registration is given. */
export const LOCAL_APP_ID = '00000000-0000-4000-8000-000000000001';

export function appPackage(settings: PackageSettings): Uint8Array {
  const manifest = Buffer.from(`${JSON.stringify(unifiedManifest(settings), null, 2)}\n`);
  return zipSync({ 'manifest.json': manifest, 'color.png': colorIcon(), 'outline.png': outlineIcon() });
}

/**
 * `npm run package`: writes manifest/build/appPackage.zip (manifest.json + the two icons, what
 * Teams and the Microsoft 365 admin centre take) and manifest/build/outlook-addin.xml.
 * Set MICROSOFT_APP_ID and SAFEGUARD_PUBLIC_URL (https) first.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import { unifiedManifest, xmlManifest, type PackageSettings } from './app-manifest.js';
import { colorIcon, outlineIcon } from './png.js';

/** A clearly local placeholder, used (with a warning) when no app registration is given. */
export const LOCAL_APP_ID = '00000000-0000-4000-8000-000000000001';

export function appPackage(settings: PackageSettings): Uint8Array {
  const manifest = Buffer.from(`${JSON.stringify(unifiedManifest(settings), null, 2)}\n`);
  return zipSync({ 'manifest.json': manifest, 'color.png': colorIcon(), 'outline.png': outlineIcon() });
}

async function main(): Promise<void> {
  const appId = process.env['MICROSOFT_APP_ID'] ?? LOCAL_APP_ID;
  if (appId === LOCAL_APP_ID) console.warn(`package: MICROSOFT_APP_ID is not set; using the local placeholder ${LOCAL_APP_ID} (fine for sideloading against a local server only)`);
  const publicUrl = process.env['SAFEGUARD_PUBLIC_URL'] ?? 'https://localhost:3978';
  if (!publicUrl.startsWith('https://')) throw new Error('SAFEGUARD_PUBLIC_URL must be https: Office and Teams load apps over HTTPS only');
  const version = (JSON.parse(await (await import('node:fs/promises')).readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  const settings = { appId, publicUrl, version };
  const out = fileURLToPath(new URL('./build/', import.meta.url));
  await mkdir(out, { recursive: true });
  await writeFile(`${out}appPackage.zip`, appPackage(settings));
  await writeFile(`${out}manifest.json`, `${JSON.stringify(unifiedManifest(settings), null, 2)}\n`);
  await writeFile(`${out}outlook-addin.xml`, xmlManifest(settings));
  console.log(`package: wrote manifest/build/appPackage.zip and manifest/build/outlook-addin.xml for ${publicUrl}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => {
    console.error(`package: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}

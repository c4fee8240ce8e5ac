/**
 * `npm run package`: writes manifest/build/appPackage.zip (manifest.json + the two icons, what
 * Teams and the Microsoft 365 admin centre take), manifest/build/manifest.json and
 * manifest/build/outlook-addin.xml for an app registration and the server's public address, read
 * from MICROSOFT_APP_ID and SAFEGUARD_PUBLIC_URL (https) by src/config.ts as the server reads them.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { unifiedManifest, xmlManifest } from '../manifest/app-manifest.js';
import { appPackage, LOCAL_APP_ID } from '../manifest/app-package.js';
import { loadPackageConfig } from '../src/config.js';

const ROOT = new URL('../', import.meta.url);

async function main(): Promise<void> {
  const config = loadPackageConfig();
  const appId = config.appId ?? LOCAL_APP_ID;
  if (appId === LOCAL_APP_ID)
    console.warn(
      `package: MICROSOFT_APP_ID is not set; using the local placeholder ${LOCAL_APP_ID} (fine for sideloading against a local server only)`,
    );
  const publicUrl = config.publicUrl ?? 'https://localhost:3978';
  if (!publicUrl.startsWith('https://'))
    throw new Error('SAFEGUARD_PUBLIC_URL must be https: Office and Teams load apps over HTTPS only');
  const version = (JSON.parse(await readFile(new URL('package.json', ROOT), 'utf8')) as { version: string }).version;
  const settings = { appId, publicUrl, version };
  const out = fileURLToPath(new URL('manifest/build/', ROOT));
  await mkdir(out, { recursive: true });
  await writeFile(`${out}appPackage.zip`, appPackage(settings));
  await writeFile(`${out}manifest.json`, `${JSON.stringify(unifiedManifest(settings), null, 2)}\n`);
  await writeFile(`${out}outlook-addin.xml`, xmlManifest(settings));
  console.log(`package: wrote manifest/build/appPackage.zip and manifest/build/outlook-addin.xml for ${publicUrl}`);
}

main().catch((error: unknown) => {
  console.error(`package: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

// Run before `npm test` (pretest): the browser tests need Debian's Chromium. On a fresh Debian
// machine it is installed here, so the README's test command sets everything up; elsewhere the
// message says what to install (or set CHROMIUM_PATH).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(path)) {
  const root = process.getuid?.() === 0;
  const sudo = root ? [] : ['sudo', '-n'];
  try {
    console.log('pretest: installing Debian chromium for the browser tests…');
    const run = (args) =>
      execFileSync(sudo[0] ?? args[0], sudo.length ? [...sudo.slice(1), ...args] : args.slice(1), {
        stdio: 'inherit',
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      });
    run(['apt-get', 'update', '-qq']);
    run(['apt-get', 'install', '-y', '-qq', 'chromium']);
  } catch {
    console.error(
      `pretest: Chromium is not at ${path} and could not be installed. Install Debian's "chromium" package (or set CHROMIUM_PATH) to run the browser tests.`,
    );
    process.exit(1);
  }
}

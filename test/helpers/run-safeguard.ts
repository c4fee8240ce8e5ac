/** Runs the `safeguard` CLI as an administrator does: a real process through bin/safeguard.js. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const BIN = join(process.cwd(), 'bin', 'safeguard.js');

export interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

export async function safeguard(args: string[], env: Record<string, string> = {}): Promise<Outcome> {
  const baseEnv = { ...process.env, ...env };
  delete baseEnv['DATABASE_URL']; // the CLI tests use their own embedded folder
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: baseEnv, timeout: 60_000 });
    return { code: 0, stdout: stdout.trim(), stderr: stderr.trim() };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout.trim(), stderr: e.stderr.trim() };
  }
}

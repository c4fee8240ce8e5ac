/** Entry point of the `safeguard` command (see run-cli.ts). */
import type { CliIo } from './cli-io.js';
import { runCli } from './run-cli.js';

const io: CliIo = {
  out: (t) => process.stdout.write(`${t}\n`),
  err: (t) => process.stderr.write(`${t}\n`),
  stdout: process.stdout,
};
process.exitCode = await runCli(process.argv.slice(2), io);

/**
 * `safeguard`: the administrators' and scripts' command line. Exit codes: 0 success, 1 a check
 * failed or a command could not complete, 2 a mistake in the command line.
 */
import { ConfigError, loadConfig } from '../config.js';
import { openApp, type AppHandle } from '../composition.js';
import { SafeguardingError } from '../domain/shared/errors.js';
import { loadPacks } from '../packs/pack-registry.js';
import { type CliIo, UsageError } from './cli-io.js';
import { CHECK_EMAIL_USAGE, checkEmailCommand } from './commands/check-email.js';
import { DIRECTORY_USAGE, directoryCommand, peopleCommand } from './commands/directory.js';
import { ESCALATION_USAGE, escalationDeadlinesCommand } from './commands/escalation-deadlines.js';
import { PACKS_USAGE, packsCommand } from './commands/packs.js';
import {
  accessLogCommand,
  decisionsCommand,
  exportCommand,
  RECORDS_USAGE,
  tenantsCommand,
} from './commands/records.js';
import { ROLES_USAGE, rolesCommand } from './commands/roles.js';
import { WORKING_DAYS_USAGE, workingDaysCommand } from './commands/working-days.js';
import { REPORT_USAGE, reportCommand } from './commands/report-themes.js';

const USAGE = `usage:
${PACKS_USAGE}
${WORKING_DAYS_USAGE}
${ESCALATION_USAGE}
${RECORDS_USAGE}
${DIRECTORY_USAGE}
${ROLES_USAGE}
${CHECK_EMAIL_USAGE}
${REPORT_USAGE}`;

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...args] = argv;
  try {
    switch (command) {
      case 'packs':
        return await packsCommand(args, io);
      case 'working-days':
        return workingDaysCommand(args, io);
      case 'escalation':
        if (args[0] !== 'deadlines') throw new UsageError(ESCALATION_USAGE);
        return escalationDeadlinesCommand(
          args.slice(1),
          io,
          await loadPacks({ extraDirs: loadConfig(io.env).extraPackDirs }),
        );
      case 'check-email':
        return await checkEmailCommand(args, io, () => loadPacks({ extraDirs: loadConfig(io.env).extraPackDirs }));
      case 'tenants':
        return await withApp(io, (app) => tenantsCommand(args, io, app));
      case 'directory':
        return await withApp(io, (app) => directoryCommand(args, io, app));
      case 'roles':
        return await withApp(io, (app) => rolesCommand(args, io, app));
      case 'people':
        return await withApp(io, (app) => peopleCommand(args, io, app));
      case 'decisions':
        return await withApp(io, (app) => decisionsCommand(args, io, app));
      case 'export':
        return await withApp(io, (app) => exportCommand(args, io, app));
      case 'report':
        return await withApp(io, (app) => reportCommand(args, io, app));
      case 'access-log':
        return await withApp(io, (app) => accessLogCommand(args, io, app));
      case undefined:
      case 'help':
      case '--help':
        io.out(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"\n${USAGE}`);
    }
  } catch (error) {
    return reportError(error, io);
  }
}

async function withApp(io: CliIo, work: (app: AppHandle) => Promise<number>): Promise<number> {
  const app = await openApp(loadConfig(io.env));
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

function reportError(error: unknown, io: CliIo): number {
  if (error instanceof UsageError) {
    io.err(`safeguard: ${error.message}`);
    return 2;
  }
  if (error instanceof SafeguardingError || error instanceof ConfigError || error instanceof RangeError) {
    io.err(`safeguard: ${error.message}`);
    return 1;
  }
  io.err(`safeguard: unexpected error: ${error instanceof Error ? error.message : String(error)}`);
  return 1;
}

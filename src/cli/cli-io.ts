/**
 * What every CLI command shares: argument parsing with clear usage errors, and output streams
 * (injected so tests can run commands in-process).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isNation, type Nation, NATIONS } from '../domain/shared/nation.js';

export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Standard output as a stream, for output too large to hold (exports); absent: `out` is used. */
  readonly stdout?: NodeJS.WritableStream | undefined;
  /** The settings to read (src/config.ts); absent: the process's environment, read by config.ts. */
  readonly env?: NodeJS.ProcessEnv | undefined;
}

/** A mistake in how the command was called: printed with usage, exit code 2. */
export class UsageError extends Error {}

export function parseOptions<O extends NonNullable<ParseArgsConfig['options']>>(args: readonly string[], options: O) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export function required(value: string | undefined, flag: string): string {
  if (value === undefined || value === '') throw new UsageError(`--${flag} is required`);
  return value;
}

export function nationOption(value: string | undefined): Nation {
  const nation = required(value, 'nation');
  if (!isNation(nation)) throw new UsageError(`--nation must be one of ${NATIONS.join(', ')} (got "${nation}")`);
  return nation;
}

export function instantOption(value: string | undefined, flag: string): Date {
  const text = required(value, flag);
  const at = /^\d{4}-\d{2}-\d{2}T/.test(text) ? new Date(text) : new Date(Number.NaN);
  if (Number.isNaN(at.getTime()))
    throw new UsageError(`--${flag} must be a date and time such as 2026-11-25T14:30:00Z (got "${text}")`);
  return at;
}

/**
 * The only reader of `process.env`. Parsed once into a frozen config; a bad value stops the
 * process at start with a message naming the variable.
 */
import { resolve } from 'node:path';
import { z } from 'zod';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3978),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.string().url('must be a postgres:// URL').optional(),
  SAFEGUARD_DATA_DIR: z.string().min(1).default('data/db'),
  SAFEGUARD_PACKS_DIR: z.string().min(1).optional(),
});

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly database: { readonly kind: 'server'; readonly url: string } | { readonly kind: 'embedded'; readonly dataDir: string };
  /** Extra folders of protocol packs, beside the bundled five (an administrator adds a file). */
  readonly extraPackDirs: readonly string[];
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(emptyAsMissing(env));
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
  }
  const e = parsed.data;
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    database: e.DATABASE_URL ? { kind: 'server' as const, url: e.DATABASE_URL } : { kind: 'embedded' as const, dataDir: resolve(e.SAFEGUARD_DATA_DIR) },
    extraPackDirs: e.SAFEGUARD_PACKS_DIR ? e.SAFEGUARD_PACKS_DIR.split(':').filter(Boolean).map((d) => resolve(d)) : [],
  });
}

function emptyAsMissing(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''));
}

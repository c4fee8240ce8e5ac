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
  // Bot Framework / Entra ID app registration. Without an app id the server runs in local mode.
  MICROSOFT_APP_ID: z.string().uuid('must be the app registration\'s client id (a GUID)').optional(),
  MICROSOFT_APP_PASSWORD: z.string().min(1).optional(),
  MICROSOFT_APP_TENANT_ID: z.string().uuid().optional(),
  SAFEGUARD_LOCAL_PACK: z.string().min(1).default('tameside'),
  SAFEGUARD_LOCAL_TENANT: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'letters, digits and - only').default('local'),
  SAFEGUARD_TLS_CERT: z.string().min(1).optional(),
  SAFEGUARD_TLS_KEY: z.string().min(1).optional(),
  SAFEGUARD_PUBLIC_URL: z.string().url().optional(),
  SAFEGUARD_NOTIFICATION_MAILBOX: z.string().email().optional(),
  BOT_SSO_CONNECTION: z.string().min(1).optional(),
  SAFEGUARD_APP_ID_URI: z.string().min(1).optional(),
  GRAPH_BASE_URL: z.string().url().default('https://graph.microsoft.com'),
  ENTRA_AUTHORITY_HOST: z.string().url().default('https://login.microsoftonline.com'),
  REMINDER_SWEEP_SECONDS: z.coerce.number().min(0).max(3600).default(30),
  // Named on the privacy and terms pages (/privacy, /terms) that the app package links to.
  SAFEGUARD_ORGANISATION_NAME: z.string().min(1).max(200).optional(),
  SAFEGUARD_PRIVACY_CONTACT: z.string().min(1).max(200).optional(),
});

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly database: { readonly kind: 'server'; readonly url: string } | { readonly kind: 'embedded'; readonly dataDir: string };
  /** Extra folders of protocol packs, beside the bundled five (an administrator adds a file). */
  readonly extraPackDirs: readonly string[];
  readonly teams: TeamsConfig;
  /** Seconds between reminder sweeps; 0 turns the timer off (tests sweep by hand). */
  readonly reminderSweepSeconds: number;
  /** The organisation running this service and how to reach it about personal data (/privacy, /terms). */
  readonly publisher: { readonly name?: string | undefined; readonly contact?: string | undefined };
}

export interface TeamsConfig {
  /** Absent: local mode — no Bot Framework authentication, loopback only, no Graph. */
  readonly credentials?: { readonly appId: string; readonly appPassword: string; readonly appTenantId?: string | undefined } | undefined;
  /** The Entra app used for Graph and single sign-on; the bot's own registration unless given separately. */
  readonly graphApp?: { readonly clientId: string; readonly clientSecret: string; readonly allowedTenants: readonly string[] } | undefined;
  readonly localPackId: string;
  /** Local mode: the organisation the Outlook add-in's local sign-in belongs to. */
  readonly localTenantId?: string | undefined;
  readonly publicUrl: string;
  readonly notificationMailbox?: string | undefined;
  readonly ssoConnection?: string | undefined;
  readonly appIdUri?: string | undefined;
  readonly graphBaseUrl: string;
  readonly authorityHost: string;
  /** HTTPS (PEM files), needed to sideload the add-in from this machine: Office loads add-ins over https only. */
  readonly tls?: { readonly certFile: string; readonly keyFile: string } | undefined;
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
    teams: teamsConfig(e),
    reminderSweepSeconds: e.REMINDER_SWEEP_SECONDS,
    publisher: { name: e.SAFEGUARD_ORGANISATION_NAME, contact: e.SAFEGUARD_PRIVACY_CONTACT },
  });
}

function teamsConfig(e: z.output<typeof envSchema>): TeamsConfig {
  if (e.MICROSOFT_APP_ID && !e.MICROSOFT_APP_PASSWORD) throw new ConfigError('MICROSOFT_APP_PASSWORD: required with MICROSOFT_APP_ID (the bot\'s client secret)');
  if (Boolean(e.SAFEGUARD_TLS_CERT) !== Boolean(e.SAFEGUARD_TLS_KEY)) throw new ConfigError('SAFEGUARD_TLS_CERT and SAFEGUARD_TLS_KEY: give both (PEM files) to serve HTTPS, or neither');
  const credentials = e.MICROSOFT_APP_ID && e.MICROSOFT_APP_PASSWORD ? { appId: e.MICROSOFT_APP_ID, appPassword: e.MICROSOFT_APP_PASSWORD, appTenantId: e.MICROSOFT_APP_TENANT_ID } : undefined;
  // Local mode trusts anyone who can reach the port: refuse to offer it beyond this machine.
  if (!credentials && !['127.0.0.1', 'localhost', '::1'].includes(e.HOST)) {
    throw new ConfigError(`HOST: ${e.HOST} is not this machine; without MICROSOFT_APP_ID the bot runs unauthenticated (local mode), which is allowed on 127.0.0.1 only`);
  }
  return {
    credentials, tls: e.SAFEGUARD_TLS_CERT && e.SAFEGUARD_TLS_KEY ? { certFile: e.SAFEGUARD_TLS_CERT, keyFile: e.SAFEGUARD_TLS_KEY } : undefined,
    graphApp: credentials && { clientId: credentials.appId, clientSecret: credentials.appPassword, allowedTenants: credentials.appTenantId ? [credentials.appTenantId] : [] },
    localPackId: e.SAFEGUARD_LOCAL_PACK, localTenantId: e.SAFEGUARD_LOCAL_TENANT, publicUrl: e.SAFEGUARD_PUBLIC_URL ?? `${e.SAFEGUARD_TLS_CERT ? 'https' : 'http'}://${e.HOST === '127.0.0.1' ? 'localhost' : e.HOST}:${e.PORT}`,
    notificationMailbox: e.SAFEGUARD_NOTIFICATION_MAILBOX, ssoConnection: e.BOT_SSO_CONNECTION, appIdUri: e.SAFEGUARD_APP_ID_URI,
    graphBaseUrl: e.GRAPH_BASE_URL, authorityHost: e.ENTRA_AUTHORITY_HOST,
  };
}

function emptyAsMissing(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''));
}

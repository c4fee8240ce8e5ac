/**
 * The only reader of `process.env`. Parsed once into a frozen config; a bad value stops the
 * process at start with a message naming the variable.
 */
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import type { WriteLimit } from './app/write-limiter.js';

/** Bot Framework's public-cloud OpenID metadata: the keys that sign what Teams sends the bot. */
export const BOT_OPENID_METADATA_URL = 'https://login.botframework.com/v1/.well-known/openidconfiguration';
/** A person may write 60 times a minute, 20 at once; more answers 429 until their bucket refills. */
export const DEFAULT_WRITE_LIMIT: WriteLimit = { perMinute: 60, burst: 20 };
import type { DatabaseTimeouts } from './db/database.js';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3978),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.string().url('must be a postgres:// URL').optional(),
  SAFEGUARD_DATA_DIR: z.string().min(1).default('data/db'),
  SAFEGUARD_PACKS_DIR: z.string().min(1).optional(),
  // Bot Framework / Entra ID app registration. Without an app id the server runs in local mode.
  MICROSOFT_APP_ID: z.string().uuid("must be the app registration's client id (a GUID)").optional(),
  MICROSOFT_APP_PASSWORD: z.string().min(1).optional(),
  MICROSOFT_APP_TENANT_ID: z.string().uuid().optional(),
  SAFEGUARD_LOCAL_PACK: z.string().min(1).default('tameside'),
  SAFEGUARD_LOCAL_TENANT: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,64}$/, 'letters, digits and - only')
    .default('local'),
  SAFEGUARD_TLS_CERT: z.string().min(1).optional(),
  SAFEGUARD_TLS_KEY: z.string().min(1).optional(),
  SAFEGUARD_PUBLIC_URL: z.string().url().optional(),
  SAFEGUARD_NOTIFICATION_MAILBOX: z.string().email().optional(),
  BOT_SSO_CONNECTION: z.string().min(1).optional(),
  SAFEGUARD_APP_ID_URI: z.string().min(1).optional(),
  GRAPH_BASE_URL: z.string().url().default('https://graph.microsoft.com'),
  ENTRA_AUTHORITY_HOST: z.string().url().default('https://login.microsoftonline.com'),
  BOT_OPENID_METADATA_URL: z.string().url().default(BOT_OPENID_METADATA_URL),
  REMINDER_SWEEP_SECONDS: z.coerce.number().min(0).max(3600).default(10),
  // Writes per person (REST POST/PUT/PATCH/DELETE, bot messages and card actions), per instance.
  SAFEGUARD_WRITES_PER_MINUTE: z.coerce.number().int().min(0).max(100_000).default(DEFAULT_WRITE_LIMIT.perMinute),
  SAFEGUARD_WRITE_BURST: z.coerce.number().int().min(1).max(100_000).default(DEFAULT_WRITE_LIMIT.burst),
  // The decision log's HMAC key (base64, at least 32 bytes), held outside the database.
  SAFEGUARD_DECISION_LOG_KEY: z
    .string()
    .refine(
      (v) => Buffer.from(v.trim(), 'base64').length >= 32,
      'must be at least 32 random bytes written as base64 (e.g. openssl rand -base64 32)',
    )
    .optional(),
  // An append-only file where each decision-log head is anchored, outside the database.
  SAFEGUARD_DECISION_LOG_ANCHOR: z.string().min(1).optional(),
  // Bounds that keep a database that stops answering from hanging requests, readiness or a stop.
  DATABASE_CONNECT_TIMEOUT_SECONDS: seconds(5),
  DATABASE_STATEMENT_TIMEOUT_SECONDS: seconds(5),
  DATABASE_IDLE_IN_TRANSACTION_SECONDS: seconds(30),
  DATABASE_KEEPALIVE_SECONDS: seconds(10),
  READINESS_TIMEOUT_SECONDS: seconds(2),
  SHUTDOWN_TIMEOUT_SECONDS: seconds(10),
  // Set by npm for the scripts it runs (`npm start`).
  npm_lifecycle_event: z.string().optional(),
  // Named on the privacy and terms pages (/privacy, /terms) that the app package links to.
  SAFEGUARD_ORGANISATION_NAME: z.string().min(1).max(200).optional(),
  SAFEGUARD_PRIVACY_CONTACT: z.string().min(1).max(200).optional(),
  // Logs (JSON lines on stdout) and traces (Azure Monitor when its connection string is set).
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  APPLICATIONINSIGHTS_CONNECTION_STRING: z.string().min(1).optional(),
});

function seconds(fallback: number) {
  return z.coerce.number().positive('must be a number of seconds above 0').max(3600).default(fallback);
}

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly database:
    { readonly kind: 'server'; readonly url: string } | { readonly kind: 'embedded'; readonly dataDir: string };
  /** Extra folders of protocol packs, beside the bundled five (an administrator adds a file). */
  readonly extraPackDirs: readonly string[];
  readonly teams: TeamsConfig;
  /** Seconds between reminder sweeps; 0 turns the timer off (tests sweep by hand). */
  readonly reminderSweepSeconds: number;
  /** Each person's writes; every server instance counts on its own. */
  readonly writeLimit: WriteLimit;
  readonly decisionLog: DecisionLogConfig;
  /** Bounds for the server's database pool (the CLI runs without them). */
  readonly databaseTimeouts: DatabaseTimeouts;
  /** How long a stop may take (finishing requests and the sweep, closing the database) before the process exits anyway. */
  readonly shutdownTimeoutMs: number;
  /** Started by `npm start`: npm's shell may end without passing the signal on, so the server also stops when its parent goes. */
  readonly startedByNpm: boolean;
  /** The organisation running this service and how to reach it about personal data (/privacy, /terms). */
  readonly publisher: { readonly name?: string | undefined; readonly contact?: string | undefined };
  readonly observability: {
    readonly logLevel: string;
    /** Application Insights: spans are exported there (src/observability/azure-monitor.ts). */
    readonly applicationInsightsConnectionString?: string | undefined;
  };
}

/** Where the decision log's key and anchor live: never in the database they protect. */
export interface DecisionLogConfig {
  /** The key itself (base64), or the key file beside the data folder (created on first start, mode 0600). */
  readonly key: { readonly kind: 'value'; readonly base64: string } | { readonly kind: 'file'; readonly path: string };
  /** The append-only anchor file; absent: heads are not anchored (deleting the newest entries with the head rewound goes unseen). */
  readonly anchorFile?: string | undefined;
}

export interface TeamsConfig {
  /** Absent: local mode — no Bot Framework authentication, loopback only, no Graph. */
  readonly credentials?:
    { readonly appId: string; readonly appPassword: string; readonly appTenantId?: string | undefined } | undefined;
  /** The Entra app used for Graph and single sign-on; the bot's own registration unless given separately. */
  readonly graphApp?:
    | { readonly clientId: string; readonly clientSecret: string; readonly allowedTenants: readonly string[] }
    | undefined;
  readonly localPackId: string;
  /** Local mode: the organisation the Outlook add-in's local sign-in belongs to. */
  readonly localTenantId?: string | undefined;
  readonly publicUrl: string;
  readonly notificationMailbox?: string | undefined;
  readonly ssoConnection?: string | undefined;
  readonly appIdUri?: string | undefined;
  readonly graphBaseUrl: string;
  readonly authorityHost: string;
  /** Where the keys that sign Bot Framework's tokens are published (default: the public cloud's). */
  readonly botOpenIdMetadataUrl?: string | undefined;
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
    database: e.DATABASE_URL
      ? { kind: 'server' as const, url: e.DATABASE_URL }
      : { kind: 'embedded' as const, dataDir: resolve(e.SAFEGUARD_DATA_DIR) },
    extraPackDirs: e.SAFEGUARD_PACKS_DIR
      ? e.SAFEGUARD_PACKS_DIR.split(':')
          .filter(Boolean)
          .map((d) => resolve(d))
      : [],
    teams: teamsConfig(e),
    reminderSweepSeconds: e.REMINDER_SWEEP_SECONDS,
    writeLimit: { perMinute: e.SAFEGUARD_WRITES_PER_MINUTE, burst: e.SAFEGUARD_WRITE_BURST },
    decisionLog: decisionLogConfig(e),
    databaseTimeouts: Object.freeze({
      connectMs: e.DATABASE_CONNECT_TIMEOUT_SECONDS * 1000,
      statementMs: e.DATABASE_STATEMENT_TIMEOUT_SECONDS * 1000,
      idleInTransactionMs: e.DATABASE_IDLE_IN_TRANSACTION_SECONDS * 1000,
      keepAliveMs: e.DATABASE_KEEPALIVE_SECONDS * 1000,
      readinessMs: e.READINESS_TIMEOUT_SECONDS * 1000,
    }),
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_SECONDS * 1000,
    startedByNpm: e.npm_lifecycle_event !== undefined,
    publisher: { name: e.SAFEGUARD_ORGANISATION_NAME, contact: e.SAFEGUARD_PRIVACY_CONTACT },
    observability: {
      logLevel: e.LOG_LEVEL,
      applicationInsightsConnectionString: e.APPLICATIONINSIGHTS_CONNECTION_STRING,
    },
  });
}

/**
 * Embedded database: key file and anchor beside the data folder (data/decision-log.key and
 * data/decision-log.anchor for data/db). A PostgreSQL server in production needs the key given
 * (from a key vault), and an anchor if one is wanted (on storage database administrators cannot write).
 */
function decisionLogConfig(e: z.output<typeof envSchema>): DecisionLogConfig {
  const beside = dirname(resolve(e.SAFEGUARD_DATA_DIR));
  const embedded = !e.DATABASE_URL;
  if (!e.SAFEGUARD_DECISION_LOG_KEY && !embedded && e.MICROSOFT_APP_ID) {
    throw new ConfigError(
      "SAFEGUARD_DECISION_LOG_KEY: required with DATABASE_URL in production (the decision log's HMAC key, kept outside the database: openssl rand -base64 32)",
    );
  }
  return {
    key: e.SAFEGUARD_DECISION_LOG_KEY
      ? { kind: 'value', base64: e.SAFEGUARD_DECISION_LOG_KEY }
      : { kind: 'file', path: join(beside, 'decision-log.key') },
    anchorFile: e.SAFEGUARD_DECISION_LOG_ANCHOR
      ? resolve(e.SAFEGUARD_DECISION_LOG_ANCHOR)
      : embedded
        ? join(beside, 'decision-log.anchor')
        : undefined,
  };
}

function teamsConfig(e: z.output<typeof envSchema>): TeamsConfig {
  if (e.MICROSOFT_APP_ID && !e.MICROSOFT_APP_PASSWORD)
    throw new ConfigError("MICROSOFT_APP_PASSWORD: required with MICROSOFT_APP_ID (the bot's client secret)");
  if (Boolean(e.SAFEGUARD_TLS_CERT) !== Boolean(e.SAFEGUARD_TLS_KEY))
    throw new ConfigError('SAFEGUARD_TLS_CERT and SAFEGUARD_TLS_KEY: give both (PEM files) to serve HTTPS, or neither');
  const credentials =
    e.MICROSOFT_APP_ID && e.MICROSOFT_APP_PASSWORD
      ? { appId: e.MICROSOFT_APP_ID, appPassword: e.MICROSOFT_APP_PASSWORD, appTenantId: e.MICROSOFT_APP_TENANT_ID }
      : undefined;
  // Local mode trusts anyone who can reach the port: refuse to offer it beyond this machine.
  if (!credentials && !['127.0.0.1', 'localhost', '::1'].includes(e.HOST)) {
    throw new ConfigError(
      `HOST: ${e.HOST} is not this machine; without MICROSOFT_APP_ID the bot runs unauthenticated (local mode), which is allowed on 127.0.0.1 only`,
    );
  }
  return {
    credentials,
    tls:
      e.SAFEGUARD_TLS_CERT && e.SAFEGUARD_TLS_KEY
        ? { certFile: e.SAFEGUARD_TLS_CERT, keyFile: e.SAFEGUARD_TLS_KEY }
        : undefined,
    graphApp: credentials && {
      clientId: credentials.appId,
      clientSecret: credentials.appPassword,
      allowedTenants: credentials.appTenantId ? [credentials.appTenantId] : [],
    },
    localPackId: e.SAFEGUARD_LOCAL_PACK,
    localTenantId: e.SAFEGUARD_LOCAL_TENANT,
    publicUrl:
      e.SAFEGUARD_PUBLIC_URL ??
      `${e.SAFEGUARD_TLS_CERT ? 'https' : 'http'}://${e.HOST === '127.0.0.1' ? 'localhost' : e.HOST}:${e.PORT}`,
    notificationMailbox: e.SAFEGUARD_NOTIFICATION_MAILBOX,
    ssoConnection: e.BOT_SSO_CONNECTION,
    appIdUri: e.SAFEGUARD_APP_ID_URI,
    graphBaseUrl: e.GRAPH_BASE_URL,
    authorityHost: e.ENTRA_AUTHORITY_HOST,
    botOpenIdMetadataUrl: e.BOT_OPENID_METADATA_URL,
  };
}

/** What `npm run package` reads (build/package.ts): the app registration and the public address, checked as the server checks them. */
export interface PackageConfig {
  readonly appId?: string | undefined;
  readonly publicUrl?: string | undefined;
}

export function loadPackageConfig(env: NodeJS.ProcessEnv = process.env): PackageConfig {
  const parsed = envSchema.pick({ MICROSOFT_APP_ID: true, SAFEGUARD_PUBLIC_URL: true }).safeParse(emptyAsMissing(env));
  if (!parsed.success)
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
  return Object.freeze({ appId: parsed.data.MICROSOFT_APP_ID, publicUrl: parsed.data.SAFEGUARD_PUBLIC_URL });
}

function emptyAsMissing(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''),
  );
}

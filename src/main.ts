/**
 * The composition root: the one place that wires adapters to the use cases (DESIGN.md). Beside it,
 * composition.ts (which this module owns) opens the app itself — packs, decision-log key,
 * database, the use cases' dependencies — for the server and the `safeguard` CLI alike.
 *
 * `npm start` runs this file: it reads the config, opens the app and starts the product — the
 * Teams bot, Graph and Entra ID sign-in when an app registration is configured, the reminder
 * scheduler, the REST API, the add-in's and tab's files and the HTTP server — and stops cleanly on
 * SIGTERM/SIGINT/SIGHUP within a bound (releasing the embedded database's lock; graceful-stop.ts).
 * The tests start the product through `startProduct`, so they run what ships.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, realpathSync } from 'node:fs';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { Configuration } from '@azure/msal-node';
import { ADDIN_PATHS, TAB_ENTITY_ID } from '../addin/shared/addin-names.js';
import { createBotAdapter } from '../bot/bot-adapter.js';
import { createBotEndpoint } from '../bot/bot-endpoint.js';
import type { SsoTokens } from '../bot/bot-services.js';
import { createReminderCardsNotifier } from '../bot/reminder-cards-notifier.js';
import { SafeguardingBot } from '../bot/safeguarding-bot.js';
import { SendThrottle } from '../bot/send-throttle.js';
import { createTeamsMessenger } from '../bot/teams-messenger.js';
import { createApiAuthenticator, type TokenVerifier } from './api/api-auth.js';
import { ensureLocalTenant } from './app/tenants.js';
import { produceDueBoardReports } from './app/reports/board-reports.js';
import { errorKind, installTelemetry, telemetry } from './app/telemetry.js';
import type { AppDeps, ManagerDirectory } from './app/ports.js';
import { storeManagerDirectory } from './app/directory/store-manager-directory.js';
import { createWriteLimiter, type WriteLimiter } from './app/write-limiter.js';
import { createBotFrameworkTokenVerifier } from './auth/bot-framework-token-verifier.js';
import { createEntraTokenVerifier } from './auth/entra-token-verifier.js';
import { createMsalTokenSource } from './auth/msal-token-source.js';
import { openApp, type AppHandle } from './composition.js';
import {
  BOT_OPENID_METADATA_URL,
  ConfigError,
  DEFAULT_WRITE_LIMIT,
  loadConfig,
  type Config,
  type TeamsConfig,
} from './config.js';
import { postgresOutboxLag } from './db/postgres-outbox-lag.js';
import { createPostgresReminderQueue } from './db/postgres-reminder-queue.js';
import { SafeguardingError } from './domain/shared/errors.js';
import { createGraphManagerDirectory } from './graph/graph-manager-directory.js';
import { createGraphOutlookMail } from './graph/graph-outlook-mail.js';
import { createGraphGroupMembership } from './graph/graph-group-membership.js';
import { GROUP_MEMBERSHIP_TTL_MS, withCachedGroupMembership } from './app/people/cached-group-membership.js';
import { roleHoldersWithGroups } from './app/people/role-holders.js';
import { startReminderScheduler, type ReminderScheduler } from './scheduler/reminder-scheduler.js';
import { startBoardReportScheduler, type BoardReportScheduler } from './scheduler/board-report-scheduler.js';
import type { EdgePolicy } from './server/edge-policy.js';
import { atMost, stopGracefully } from './server/graceful-stop.js';
import { createHttpServer, type BotRoute } from './server/http-server.js';
import { legalPages } from './server/legal-pages.js';
import { loadWebAssets, type Asset } from './server/web-assets.js';
import { startAzureMonitor } from './observability/azure-monitor.js';
import { createPinoTelemetry } from './observability/pino-telemetry.js';

// JSON log lines and spans from the first line on. Embedded in a test or a benchmark, the product
// logs warnings and errors only (a line per request would drown their output); serve() installs
// the configured level (LOG_LEVEL, info by default) for the server itself.
installTelemetry(createPinoTelemetry({ level: 'warn' }));

export interface RunningProduct {
  readonly server: Server;
  readonly scheduler: ReminderScheduler;
  /** Produces the Board's reports at each period's end (the sweep sends them). */
  readonly reports: BoardReportScheduler;
  readonly localMode: boolean;
  /** Stops accepting, lets requests under way and the reminder sweep finish (cut after `graceMs`). */
  close(graceMs?: number): Promise<void>;
}

export interface StartOptions {
  /** Extra MSAL `auth` settings per tenant (where Entra's discovery endpoint is not reachable). */
  readonly msalAuthOverrides?: ((tenantId: string) => Partial<Configuration['auth']>) | undefined;
  readonly workerId?: string | undefined;
  /** Bot Connector throttle settings (tests shorten the waits). */
  readonly throttle?: { maxWaitMs?: number; maxRetries?: number } | undefined;
  /** The reminder lease (tests shorten it). */
  readonly reminderLeaseMs?: number | undefined;
}

type ProductConfig = Pick<Config, 'teams' | 'reminderSweepSeconds'> & Partial<Pick<Config, 'writeLimit' | 'publisher'>>;

/** The product on an opened app, not yet listening: the caller chooses the port. */
export function startProduct(app: AppHandle, config: ProductConfig, options: StartOptions = {}): RunningProduct {
  const t = config.teams;
  // One bucket per person for REST writes and bot turns alike; this instance's count only.
  const writeLimiter = createWriteLimiter(config.writeLimit ?? DEFAULT_WRITE_LIMIT, () => Date.now());
  const cloud = t.graphApp ? microsoftCloud(t, app.deps, options) : undefined;
  // Roles mapped to Entra groups are read through Graph, so only with an app registration.
  const deps: AppDeps = cloud ? { ...app.deps, groupMembership: cloud.groupMembership } : app.deps;
  const managers = cloud?.managers ?? storeManagerDirectory(deps.store);
  const teams = teamsBot(t, deps, managers, cloud, writeLimiter, options);
  const scheduler = startReminderScheduler(
    { app: deps, queue: createPostgresReminderQueue(app.database.db), notifier: teams.notifier, managers },
    {
      workerId: options.workerId ?? `server-${randomUUID()}`,
      leaseMs: options.reminderLeaseMs,
      intervalMs: config.reminderSweepSeconds * 1000,
      onError: (error) =>
        telemetry.error(`safeguard: reminder sweep failed (${errorKind(error)})`, { error: errorKind(error) }),
    },
  );
  // The Board's reports, once a period's first working day has begun (issue 10); the sweep sends them.
  const reports = startBoardReportScheduler(() => produceDueBoardReports(deps), {
    intervalMs: config.reminderSweepSeconds * 1000,
    onError: (error) =>
      telemetry.error(`safeguard: board reports failed (${errorKind(error)})`, { error: errorKind(error) }),
  });
  const api = {
    app: deps,
    managers,
    authenticate: createApiAuthenticator(cloud?.verifyUser),
    writeLimiter,
    mail: cloud?.mail,
  };
  let assets: Promise<ReadonlyMap<string, Asset>> | undefined;
  // The add-in's and the tab's files (dist/web/, or built from sources), loaded on first request.
  const addinAssets = () =>
    (assets ??= loadWebAssets({
      publicUrl: t.publicUrl,
      localTenant: t.credentials ? undefined : t.localTenantId,
      localMode: !t.credentials,
    }));
  const tls = t.tls && { cert: readFileSync(t.tls.certFile), key: readFileSync(t.tls.keyFile) };
  const outboxLag = postgresOutboxLag(app.database.db);
  const served = { packs: app.packs, database: app.database, outboxLag: () => outboxLag(deps.clock.now()) };
  const server = createHttpServer(
    served,
    { bot: teams.endpoint, api, addinAssets, pages: legalPages(config.publisher) },
    { tls, ...edgePolicy(t) },
  );
  return {
    server,
    scheduler,
    reports,
    localMode: !t.credentials,
    close: (graceMs = 5000) => closeGracefully(server, scheduler, graceMs, reports),
  };
}

/** With an app registration: the manager chain and mail through Graph, and Entra ID tokens checked for the REST API and single sign-on. */
function microsoftCloud(t: TeamsConfig, deps: AppDeps, options: StartOptions) {
  const g = t.graphApp;
  if (!g) throw new Error('microsoftCloud needs an app registration');
  const tokens = createMsalTokenSource({
    clientId: g.clientId,
    clientSecret: g.clientSecret,
    authorityHost: t.authorityHost,
    authOverrides: options.msalAuthOverrides,
  });
  const verifyUser: TokenVerifier = createEntraTokenVerifier({
    clientId: g.clientId,
    applicationIdUri: t.appIdUri,
    authorityHost: t.authorityHost,
    allowedTenants: g.allowedTenants,
  });
  const sso: SsoTokens = {
    connectionName: t.ssoConnection ?? '',
    resourceUri: t.appIdUri ?? `api://${g.clientId}`,
    verify: (token) => verifyUser(token).catch(() => undefined),
  };
  return {
    managers: createGraphManagerDirectory(deps.store, t.graphBaseUrl, tokens, () => deps.clock.now()),
    mail: createGraphOutlookMail({ graphBaseUrl: t.graphBaseUrl, tokens, notificationMailbox: t.notificationMailbox }),
    groupMembership: withCachedGroupMembership(createGraphGroupMembership(t.graphBaseUrl, tokens), {
      ttlMs: GROUP_MEMBERSHIP_TTL_MS,
      now: () => performance.now(),
    }),
    sso,
    verifyUser,
  };
}

/**
 * The Teams side: the adapter (Bot Framework tokens checked whenever an app id is configured), the
 * proactive messenger with its throttle, the bot, its endpoint and the reminder-card notifier.
 */
function teamsBot(
  t: TeamsConfig,
  deps: AppDeps,
  managers: ManagerDirectory,
  cloud: ReturnType<typeof microsoftCloud> | undefined,
  writeLimiter: WriteLimiter,
  options: StartOptions,
) {
  const c = t.credentials;
  const adapter = createBotAdapter(c);
  const messenger = createTeamsMessenger({
    adapter,
    appId: c?.appId ?? '',
    store: deps.store,
    mail: cloud?.mail,
    throttle: new SendThrottle(options.throttle),
    appLink: t.publicUrl,
    now: () => deps.clock.now(),
  });
  const bot = new SafeguardingBot({
    app: deps,
    managers,
    messenger,
    mail: cloud?.mail,
    sso: cloud?.sso,
    localMode: !c,
    localPackId: t.localPackId,
  });
  // With an app id, every request's token is checked; there is no way to run one without a checker.
  const checkToken =
    c &&
    createBotFrameworkTokenVerifier({ appId: c.appId, metadataUrl: t.botOpenIdMetadataUrl ?? BOT_OPENID_METADATA_URL });
  const endpoint: BotRoute = createBotEndpoint({ adapter, bot, checkToken, writeLimiter });
  return {
    endpoint,
    notifier: createReminderCardsNotifier({
      store: deps.store,
      packs: deps.packs,
      managers,
      messenger,
      tab: { appId: c?.appId, entityId: TAB_ENTITY_ID, webUrl: `${t.publicUrl}${ADDIN_PATHS.tab}` },
      roleHolders: (tenantId, roleIds) => roleHoldersWithGroups(deps, tenantId, roleIds),
    }),
  };
}

/**
 * No new connections; idle keep-alive ones (browsers keep them open) close now, requests under
 * way may finish, and past the grace period their connections are cut.
 */
async function closeGracefully(
  server: Server,
  scheduler: ReminderScheduler,
  graceMs: number,
  reports?: BoardReportScheduler,
): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  // A keep-alive connection whose request finishes stays open until its idle timeout (5 s): close each as soon as it falls idle.
  const idle = setInterval(() => server.closeIdleConnections(), 50);
  const cut = setTimeout(() => server.closeAllConnections(), graceMs);
  try {
    await Promise.all([scheduler.stop(), reports?.stop(), closed]);
  } finally {
    clearInterval(idle);
    clearTimeout(cut);
  }
}

/**
 * Local mode answers only requests addressed to this machine; HSTS once browsers reach the server
 * over https (TLS here or an https public address), except on a loopback name, where it would pin
 * every other local development server on that name to https too.
 */
function edgePolicy(t: TeamsConfig): EdgePolicy {
  const publicUrl = new URL(t.publicUrl);
  const loopbackName = ['localhost', '127.0.0.1', '[::1]'].includes(publicUrl.hostname);
  return {
    loopbackOnly: !t.credentials,
    strictTransport: (Boolean(t.tls) || publicUrl.protocol === 'https:') && !loopbackName,
    publicOrigin: publicUrl.origin,
  };
}

/** The server: listens on the configured port until stopped. */
async function serve(): Promise<void> {
  const config = loadConfig();
  installTelemetry(createPinoTelemetry({ level: config.observability.logLevel }));
  await startAzureMonitor(config.observability.applicationInsightsConnectionString, telemetry);
  let product: RunningProduct | undefined;
  const opening = openApp(config, config.databaseTimeouts);
  // Half the time for requests and the reminder sweep, then the database is closed (and the data
  // folder's lock released) whatever they are still waiting for. A stop during start-up waits
  // for the database to finish opening, then closes it.
  const stopping = stopGracefully(
    async () => {
      if (product)
        await atMost(product.close(config.shutdownTimeoutMs / 4), config.shutdownTimeoutMs / 2, 'stopping the server');
      await (await opening.catch(() => undefined))?.close();
    },
    { timeoutMs: config.shutdownTimeoutMs, watchParent: config.startedByNpm },
  );
  const app = await opening;
  if (!config.teams.credentials) await ensureLocalAddinTenant(app, config);
  if (stopping.requested) return;
  product = startProduct(app, config);
  const running = product;
  running.server.listen(config.port, config.host, () => {
    const where =
      config.database.kind === 'embedded'
        ? `embedded PostgreSQL in ${config.database.dataDir}`
        : 'PostgreSQL server (DATABASE_URL)';
    telemetry.info(
      `safeguard: listening on http://${config.host}:${config.port} with ${app.packs.all().length} protocol packs and ${where}`,
    );
    telemetry.info(
      `safeguard: bot endpoint ${config.teams.publicUrl}/api/messages; Outlook add-in ${config.teams.publicUrl}/addin/taskpane.html`,
    );
    if (running.localMode) {
      telemetry.warn(
        'safeguard: LOCAL MODE — no MICROSOFT_APP_ID, so Bot Framework authentication is OFF and Microsoft Graph is not used.',
      );
      telemetry.warn(
        `safeguard: only this machine can reach it; new Teams organisations get the "${config.teams.localPackId}" pack. Chat with it using the Microsoft 365 Agents Playground (see README).`,
      );
    }
  });
}

/** Local mode: the organisation the Outlook add-in's local sign-in names exists from the start. */
function ensureLocalAddinTenant(app: AppHandle, config: Config): Promise<void> {
  return ensureLocalTenant(app.deps, config.teams.localTenantId ?? 'local', config.teams.localPackId);
}

/** Run as a program (`node dist/main.js`, `tsx src/main.ts`), not imported (the tests, the benchmarks). */
function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  serve().catch((error: unknown) => {
    // Known errors carry a message written for people; anything else is reported without detail.
    const message = error instanceof ConfigError || error instanceof SafeguardingError ? error.message : String(error);
    telemetry.error(`safeguard: cannot start: ${message}`);
    process.exit(1);
  });
}

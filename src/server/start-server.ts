/**
 * Puts the server together from an opened app: the Teams bot (with Graph and single sign-on when
 * an app registration is configured), the reminder scheduler, and the HTTP routes. `main.ts`
 * and the end-to-end tests both start the product through here, so tests run what ships.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { Configuration } from '@azure/msal-node';
import { createTeamsBot } from '../../bot/create-teams-bot.js';
import type { SsoTokens } from '../../bot/bot-services.js';
import type { ManagerDirectory, OutlookMail } from '../app/ports.js';
import { storeManagerDirectory } from '../app/store-manager-directory.js';
import { createWriteLimiter } from '../app/write-limiter.js';
import { createApiAuthenticator, type TokenVerifier } from '../api/api-auth.js';
import { createBotFrameworkTokenVerifier } from '../auth/bot-framework-token-verifier.js';
import { createEntraTokenVerifier } from '../auth/entra-token-verifier.js';
import { createMsalTokenSource } from '../auth/msal-token-source.js';
import type { AppHandle } from '../composition.js';
import { BOT_OPENID_METADATA_URL, DEFAULT_WRITE_LIMIT, type Config, type TeamsConfig } from '../config.js';
import { createPostgresReminderQueue } from '../db/postgres-reminder-queue.js';
import { createGraphManagerDirectory } from '../graph/graph-manager-directory.js';
import { createGraphOutlookMail } from '../graph/graph-outlook-mail.js';
import { startReminderScheduler, type ReminderScheduler } from '../scheduler/reminder-scheduler.js';
import type { EdgePolicy } from './edge-policy.js';
import { createHttpServer } from './http-server.js';
import { legalPages } from './legal-pages.js';
import { loadWebAssets, type Asset } from './web-assets.js';

export interface RunningProduct {
  readonly server: Server;
  readonly scheduler: ReminderScheduler;
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

export function startProduct(app: AppHandle, config: Pick<Config, 'teams' | 'reminderSweepSeconds'> & Partial<Pick<Config, 'writeLimit' | 'publisher'>>, options: StartOptions = {}): RunningProduct {
  const t = config.teams;
  const deps = app.deps;
  // One bucket per person for REST writes and bot turns alike; this instance's count only.
  const writeLimiter = createWriteLimiter(config.writeLimit ?? DEFAULT_WRITE_LIMIT, () => Date.now());
  let managers: ManagerDirectory = storeManagerDirectory(deps.store);
  let mail: OutlookMail | undefined;
  let sso: SsoTokens | undefined;
  let verifyUser: TokenVerifier | undefined;
  if (t.graphApp) {
    const g = t.graphApp;
    const tokens = createMsalTokenSource({ clientId: g.clientId, clientSecret: g.clientSecret, authorityHost: t.authorityHost, authOverrides: options.msalAuthOverrides });
    managers = createGraphManagerDirectory(deps.store, t.graphBaseUrl, tokens, () => deps.clock.now());
    mail = createGraphOutlookMail({ graphBaseUrl: t.graphBaseUrl, tokens, notificationMailbox: t.notificationMailbox });
    const verify = createEntraTokenVerifier({ clientId: g.clientId, applicationIdUri: t.appIdUri, authorityHost: t.authorityHost, allowedTenants: g.allowedTenants });
    sso = { connectionName: t.ssoConnection ?? '', resourceUri: t.appIdUri ?? `api://${g.clientId}`, verify: (token) => verify(token).catch(() => undefined) };
    verifyUser = verify;
  }
  const checkToken = t.credentials && createBotFrameworkTokenVerifier({ appId: t.credentials.appId, metadataUrl: t.botOpenIdMetadataUrl ?? BOT_OPENID_METADATA_URL });
  const bot = createTeamsBot({ app: deps, managers, mail, sso, credentials: t.credentials, localPackId: t.localPackId, appLink: t.publicUrl, throttle: options.throttle, checkToken, writeLimiter });
  const scheduler = startReminderScheduler(
    { app: deps, queue: createPostgresReminderQueue(app.database.db), notifier: bot.notifier, managers },
    { workerId: options.workerId ?? `server-${randomUUID()}`, leaseMs: options.reminderLeaseMs, intervalMs: config.reminderSweepSeconds * 1000, onError: (error) => console.error(`safeguard: reminder sweep failed (${error instanceof Error ? error.name : 'unknown error'})`) },
  );
  const api = { app: deps, managers, authenticate: createApiAuthenticator(verifyUser), writeLimiter };
  let assets: Promise<ReadonlyMap<string, Asset>> | undefined;
  // The add-in's and the tab's files (dist/web/, or built from sources), loaded on first request.
  const addinAssets = () => (assets ??= loadWebAssets({ publicUrl: t.publicUrl, localTenant: t.credentials ? undefined : t.localTenantId, localMode: !t.credentials }));
  const tls = t.tls && { cert: readFileSync(t.tls.certFile), key: readFileSync(t.tls.keyFile) };
  const server = createHttpServer(app, { bot: bot.endpoint, api, addinAssets, pages: legalPages(config.publisher) }, { tls, ...edgePolicy(t) });
  return {
    server, scheduler, localMode: !t.credentials,
    async close(graceMs = 5000) {
      // No new connections; idle keep-alive ones (browsers keep them open) close now, requests
      // under way may finish, and past the grace period their connections are cut.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // A keep-alive connection whose request finishes stays open until its idle timeout (5 s):
      // close each as soon as it falls idle.
      const idle = setInterval(() => server.closeIdleConnections(), 50);
      const cut = setTimeout(() => server.closeAllConnections(), graceMs);
      try {
        await Promise.all([scheduler.stop(), closed]);
      } finally {
        clearInterval(idle);
        clearTimeout(cut);
      }
    },
  };
}

/**
 * Local mode answers only requests addressed to this machine; HSTS once browsers reach the server
 * over https (TLS here or an https public address), except on a loopback name, where it would pin
 * every other local development server on that name to https too.
 */
function edgePolicy(t: TeamsConfig): EdgePolicy {
  const publicUrl = new URL(t.publicUrl);
  const loopbackName = ['localhost', '127.0.0.1', '[::1]'].includes(publicUrl.hostname);
  return { loopbackOnly: !t.credentials, strictTransport: (Boolean(t.tls) || publicUrl.protocol === 'https:') && !loopbackName, publicOrigin: publicUrl.origin };
}

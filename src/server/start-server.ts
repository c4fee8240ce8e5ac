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
import { createApiAuthenticator, type TokenVerifier } from '../api/api-auth.js';
import { createEntraTokenVerifier } from '../auth/entra-token-verifier.js';
import { createMsalTokenSource } from '../auth/msal-token-source.js';
import type { AppHandle } from '../composition.js';
import type { Config } from '../config.js';
import { createPostgresReminderQueue } from '../db/postgres-reminder-queue.js';
import { createGraphManagerDirectory } from '../graph/graph-manager-directory.js';
import { createGraphOutlookMail } from '../graph/graph-outlook-mail.js';
import { startReminderScheduler, type ReminderScheduler } from '../scheduler/reminder-scheduler.js';
import { createHttpServer } from './http-server.js';
import { legalPages } from './legal-pages.js';
import { loadWebAssets, type Asset } from './web-assets.js';

export interface RunningProduct {
  readonly server: Server;
  readonly scheduler: ReminderScheduler;
  readonly localMode: boolean;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Extra MSAL `auth` settings per tenant (where Entra's discovery endpoint is not reachable). */
  readonly msalAuthOverrides?: ((tenantId: string) => Partial<Configuration['auth']>) | undefined;
  readonly workerId?: string | undefined;
  /** Bot Connector throttle settings (tests shorten the waits). */
  readonly throttle?: { maxWaitMs?: number; maxRetries?: number } | undefined;
}

export function startProduct(app: AppHandle, config: Pick<Config, 'teams' | 'reminderSweepSeconds'> & Partial<Pick<Config, 'publisher'>>, options: StartOptions = {}): RunningProduct {
  const t = config.teams;
  const deps = app.deps;
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
  const bot = createTeamsBot({ app: deps, managers, mail, sso, credentials: t.credentials, localPackId: t.localPackId, appLink: t.publicUrl, throttle: options.throttle });
  const scheduler = startReminderScheduler(
    { app: deps, queue: createPostgresReminderQueue(app.database.db), notifier: bot.notifier, managers },
    { workerId: options.workerId ?? `server-${randomUUID()}`, intervalMs: config.reminderSweepSeconds * 1000, onError: (error) => console.error(`safeguard: reminder sweep failed (${error instanceof Error ? error.name : 'unknown error'})`) },
  );
  const api = { app: deps, managers, authenticate: createApiAuthenticator(verifyUser) };
  let assets: Promise<ReadonlyMap<string, Asset>> | undefined;
  // The add-in's and the tab's files (dist/web/, or built from sources), loaded on first request.
  const addinAssets = () => (assets ??= loadWebAssets({ publicUrl: t.publicUrl, localTenant: t.credentials ? undefined : t.localTenantId, localMode: !t.credentials }));
  const tls = t.tls && { cert: readFileSync(t.tls.certFile), key: readFileSync(t.tls.keyFile) };
  const server = createHttpServer(app, { bot: bot.endpoint, api, addinAssets, pages: legalPages(config.publisher) }, tls);
  return {
    server, scheduler, localMode: !t.credentials,
    async close() {
      await scheduler.stop();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections(); // browsers keep connections open; a stop must not wait for them
      await closed;
    },
  };
}

/**
 * The composition root of the server: reads config, opens the app, starts the bot, the reminder
 * scheduler and the HTTP routes, and shuts down cleanly on SIGTERM/SIGINT/SIGHUP, within a bound
 * (releasing the embedded database's lock; see graceful-stop.ts).
 */
import { ConfigError, loadConfig, type Config } from './config.js';
import { openApp, type AppHandle } from './composition.js';
import { SafeguardingError } from './domain/shared/errors.js';
import { atMost, stopGracefully } from './server/graceful-stop.js';
import { startProduct, type RunningProduct } from './server/start-server.js';

async function main(): Promise<void> {
  const config = loadConfig();
  let product: RunningProduct | undefined;
  const opening = openApp(config, config.databaseTimeouts);
  // Half the time for requests and the reminder sweep, then the database is closed (and the data
  // folder's lock released) whatever they are still waiting for. A stop during start-up waits
  // for the database to finish opening, then closes it.
  const stopping = stopGracefully(async () => {
    if (product) await atMost(product.close(config.shutdownTimeoutMs / 4), config.shutdownTimeoutMs / 2, 'stopping the server');
    await (await opening.catch(() => undefined))?.close();
  }, { timeoutMs: config.shutdownTimeoutMs, watchParent: config.startedByNpm });
  const app = await opening;
  if (!config.teams.credentials) await ensureLocalTenant(app, config);
  if (stopping.requested) return;
  product = startProduct(app, config);
  const running = product;
  running.server.listen(config.port, config.host, () => {
    const where = config.database.kind === 'embedded' ? `embedded PostgreSQL in ${config.database.dataDir}` : 'PostgreSQL server (DATABASE_URL)';
    console.log(`safeguard: listening on http://${config.host}:${config.port} with ${app.packs.all().length} protocol packs and ${where}`);
    console.log(`safeguard: bot endpoint ${config.teams.publicUrl}/api/messages; Outlook add-in ${config.teams.publicUrl}/addin/taskpane.html`);
    if (running.localMode) {
      console.warn('safeguard: LOCAL MODE — no MICROSOFT_APP_ID, so Bot Framework authentication is OFF and Microsoft Graph is not used.');
      console.warn(`safeguard: only this machine can reach it; new Teams organisations get the "${config.teams.localPackId}" pack. Chat with it using the Microsoft 365 Agents Playground (see README).`);
    }
  });
}

/** Local mode: the organisation the Outlook add-in's local sign-in names exists from the start. */
async function ensureLocalTenant(app: AppHandle, config: Config): Promise<void> {
  const id = config.teams.localTenantId ?? 'local';
  if (!(await app.deps.store.getTenant(id))) await app.deps.store.createTenant({ id, name: 'Local organisation', packId: config.teams.localPackId, emailDomains: [] });
}

main().catch((error: unknown) => {
  // Known errors carry a message written for people; anything else is reported without detail.
  const message = error instanceof ConfigError || error instanceof SafeguardingError ? error.message : String(error);
  console.error(`safeguard: cannot start: ${message}`);
  process.exit(1);
});

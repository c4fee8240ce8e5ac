/**
 * The composition root of the server: reads config, opens the app, starts the bot, the reminder
 * scheduler and the HTTP routes, and shuts down cleanly on SIGINT/SIGTERM (releasing the embedded
 * database's lock).
 */
import { ConfigError, loadConfig, type Config } from './config.js';
import { openApp, type AppHandle } from './composition.js';
import { SafeguardingError } from './domain/shared/errors.js';
import { startProduct } from './server/start-server.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await openApp(config, config.databaseTimeouts);
  if (!config.teams.credentials) await ensureLocalTenant(app, config);
  const product = startProduct(app, config);
  product.server.listen(config.port, config.host, () => {
    const where = config.database.kind === 'embedded' ? `embedded PostgreSQL in ${config.database.dataDir}` : 'PostgreSQL server (DATABASE_URL)';
    console.log(`safeguard: listening on http://${config.host}:${config.port} with ${app.packs.all().length} protocol packs and ${where}`);
    console.log(`safeguard: bot endpoint ${config.teams.publicUrl}/api/messages; Outlook add-in ${config.teams.publicUrl}/addin/taskpane.html`);
    if (product.localMode) {
      console.warn('safeguard: LOCAL MODE — no MICROSOFT_APP_ID, so Bot Framework authentication is OFF and Microsoft Graph is not used.');
      console.warn(`safeguard: only this machine can reach it; new Teams organisations get the "${config.teams.localPackId}" pack. Chat with it using the Microsoft 365 Agents Playground (see README).`);
    }
  });
  const stop = (signal: string) => {
    console.log(`safeguard: ${signal} received, shutting down`);
    void product.close().then(() => app.close()).then(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
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

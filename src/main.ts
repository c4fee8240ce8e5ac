/**
 * The composition root of the server: reads config, opens the app, listens, and shuts down
 * cleanly on SIGINT/SIGTERM (releasing the embedded database's lock).
 */
import { ConfigError, loadConfig } from './config.js';
import { openApp } from './composition.js';
import { SafeguardingError } from './domain/shared/errors.js';
import { createHttpServer } from './server/http-server.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await openApp(config);
  const server = createHttpServer(app);
  server.listen(config.port, config.host, () => {
    const where = config.database.kind === 'embedded' ? `embedded PostgreSQL in ${config.database.dataDir}` : 'PostgreSQL server (DATABASE_URL)';
    console.log(`safeguard: listening on http://${config.host}:${config.port} with ${app.packs.all().length} protocol packs and ${where}`);
  });
  const stop = (signal: string) => {
    console.log(`safeguard: ${signal} received, shutting down`);
    server.close(() => void app.close().then(() => process.exit(0)));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  // Known errors carry a message written for people; anything else is reported without detail.
  const message = error instanceof ConfigError || error instanceof SafeguardingError ? error.message : String(error);
  console.error(`safeguard: cannot start: ${message}`);
  process.exit(1);
});

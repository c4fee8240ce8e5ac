/**
 * The HTTP process: liveness, readiness, the protocol packs in use, and the Bot Framework
 * endpoint (`POST /api/messages`).
 */
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { sql } from 'kysely';
import type { BotEndpoint } from '../../bot/bot-endpoint.js';
import { handleApi, type ApiDeps } from '../api/api-router.js';
import type { AppHandle } from '../composition.js';
import type { StaticPage } from './legal-pages.js';
import type { Asset } from './web-assets.js';

export interface Routes {
  readonly bot?: BotEndpoint | undefined;
  readonly api?: ApiDeps | undefined;
  /** The Outlook add-in's files, built on first request. */
  readonly addinAssets?: (() => Promise<ReadonlyMap<string, Asset>>) | undefined;
  /** Fixed pages by path (the privacy statement and terms of use). */
  readonly pages?: ReadonlyMap<string, StaticPage> | undefined;
}

export function createHttpServer(app: AppHandle, routes: Routes = {}, tls?: { cert: Buffer; key: Buffer }): Server {
  const listener: RequestListener = (req, res) => {
    handle(app, routes, req, res).catch((error: unknown) => {
      // The error's kind only: messages may carry case data, which never goes to logs.
      console.error(`safeguard: ${req.method ?? ''} request failed (${error instanceof Error ? error.name : 'unknown error'})`);
      if (!res.headersSent) send(res, 500, { error: 'INTERNAL', message: 'Something went wrong; nothing was changed.' });
      else res.end();
    });
  };
  return tls ? createHttpsServer(tls, listener) : createServer(listener);
}

async function handle(app: AppHandle, routes: Routes, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (path === '/api/messages' && routes.bot) return routes.bot.handle(req, res);
  if (routes.addinAssets && (path.startsWith('/addin/') || path.startsWith('/tab/') || path === '/.well-known/microsoft-officeaddins-allowed.json') && req.method === 'GET') {
    const asset = (await routes.addinAssets()).get(path);
    if (asset) {
      // Teams shows the tab in a frame: only Teams and Microsoft 365 may frame it.
      const frame = path.startsWith('/tab/') ? { 'content-security-policy': "frame-ancestors 'self' https://teams.microsoft.com https://*.teams.microsoft.com https://*.office.com https://*.cloud.microsoft" } : {};
      res.writeHead(200, { 'content-type': asset.contentType, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff', ...frame });
      return void res.end(asset.body);
    }
  }
  const page = req.method === 'GET' ? routes.pages?.get(path) : undefined;
  if (page) return void res.writeHead(200, page.headers).end(page.body);
  if (path.startsWith('/api/') && path !== '/api/packs' && routes.api && (await handleApi(routes.api, req, res, path))) return;
  if (req.method !== 'GET') return send(res, 405, { error: 'METHOD_NOT_ALLOWED', message: `${req.method ?? ''} is not supported here` });
  switch (path) {
    case '/healthz':
      return send(res, 200, { status: 'ok' });
    case '/readyz':
      return send(res, (await databaseAnswers(app)) ? 200 : 503, { database: app.database.target });
    case '/api/packs':
      return send(res, 200, app.packs.all().map((p) => ({ id: p.id, organisation: p.organisation.name, nation: p.nation, board: p.board.name, stages: p.escalation.stages.length })));
    default:
      return send(res, 404, { error: 'NOT_FOUND', message: `no route ${path}` });
  }
}

async function databaseAnswers(app: AppHandle): Promise<boolean> {
  try {
    await sql`select 1`.execute(app.database.db);
    return true;
  } catch {
    return false;
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

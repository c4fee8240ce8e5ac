/**
 * The HTTP process: liveness, readiness, the protocol packs in use, the Bot Framework endpoint
 * (`POST /api/messages`), the REST API and the add-in's and tab's files — each request first
 * through the edge policy (edge-policy.ts: headers, Host in local mode, JSON-only writes). Bodies
 * are read, JSON written and errors mapped to HTTP in one place (src/api/http-json.ts). What it
 * serves is handed in by the composition root (src/main.ts): this module wires nothing.
 */
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import { handleApi, type ApiDeps } from '../api/api-router.js';
import { HttpError, readJson, sendError, sendJson } from '../api/http-json.js';
import type { ProtocolPack } from '../domain/protocol/pack-schema.js';
import { baseHeaders, pagePolicy, refusal, type EdgePolicy } from './edge-policy.js';
import type { StaticPage } from './legal-pages.js';
import { sendAsset } from './asset-responses.js';
import { logged } from './request-log.js';
import type { Asset } from './web-assets.js';

/** What the server reports on: the packs in use, whether the database answers, and the outbox's lag. */
export interface ServedApp {
  readonly packs: { all(): readonly ProtocolPack[] };
  readonly database: { readonly target: string; answers(): Promise<boolean> };
  /** Pending reminders past due and the oldest one's wait in seconds (reported by /readyz, never a reason to refuse). */
  readonly outboxLag?: (() => Promise<{ readonly due: number; readonly oldestDueSeconds: number }>) | undefined;
}

/** The Bot Framework endpoint (bot/bot-endpoint.ts): takes the parsed activity, says what to answer. */
export interface BotRoute {
  /** The largest body read for it; a longer one is refused with 413. */
  readonly maxBodyBytes: number;
  handle(request: { readonly authorization?: string | undefined; readonly body: unknown }): Promise<{
    readonly status: number;
    readonly body?: unknown;
    readonly headers?: Readonly<Record<string, string>> | undefined;
  }>;
}

export interface Routes {
  readonly bot?: BotRoute | undefined;
  readonly api?: ApiDeps | undefined;
  /** The Outlook add-in's and the tab's files, loaded on first request. */
  readonly addinAssets?: (() => Promise<ReadonlyMap<string, Asset>>) | undefined;
  /** Fixed pages by path (the privacy statement and terms of use). */
  readonly pages?: ReadonlyMap<string, StaticPage> | undefined;
}

export interface ServerOptions extends EdgePolicy {
  readonly tls?: { cert: Buffer; key: Buffer } | undefined;
}

export function createHttpServer(app: ServedApp, routes: Routes = {}, options: ServerOptions = {}): Server {
  const { tls, ...policy } = options;
  const listener: RequestListener = (req, res) => {
    baseHeaders(res, policy);
    void logged(req, res, () =>
      handle(app, routes, policy, req, res).catch((error: unknown) =>
        sendError(res, error, `${req.method ?? ''} request`),
      ),
    );
  };
  const server = tls ? createHttpsServer(tls, listener) : createServer(listener);
  server.on('clientError', answerClientError);
  return server;
}

/**
 * Requests Node refuses before our code runs (headers or URL too large, malformed HTTP) get a
 * JSON answer like every other refusal, instead of Node's bare status line.
 */
function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const [status, reason] =
    error.code === 'HPE_HEADER_OVERFLOW' ? [431, 'Request Header Fields Too Large'] : [400, 'Bad Request'];
  const body = JSON.stringify(
    status === 431
      ? { error: 'REQUEST.HEADERS_TOO_LARGE', message: 'The request line or headers are too large.' }
      : { error: 'REQUEST.MALFORMED', message: 'The request is not valid HTTP.' },
  );
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

async function handle(
  app: ServedApp,
  routes: Routes,
  policy: EdgePolicy,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  const refused = refusal(req, path, policy);
  if (refused) return sendJson(res, refused.status, { error: refused.error, message: refused.message });
  if (path === '/api/messages' && routes.bot) return answerBot(routes.bot, req, res);
  if (
    routes.addinAssets &&
    (path.startsWith('/addin/') ||
      path.startsWith('/tab/') ||
      path === '/.well-known/microsoft-officeaddins-allowed.json') &&
    req.method === 'GET'
  ) {
    const asset = (await routes.addinAssets()).get(path);
    if (asset) {
      const csp = pagePolicy(path, asset.contentType, policy);
      return sendAsset(req, res, asset, csp ? { 'content-security-policy': csp } : {});
    }
  }
  const page = req.method === 'GET' ? routes.pages?.get(path) : undefined;
  if (page) return void res.writeHead(200, page.headers).end(page.body);
  if (path.startsWith('/api/') && path !== '/api/packs' && routes.api && (await handleApi(routes.api, req, res, path)))
    return;
  if (req.method !== 'GET')
    return sendJson(res, 405, { error: 'METHOD_NOT_ALLOWED', message: `${req.method ?? ''} is not supported here` });
  switch (path) {
    case '/healthz':
      return sendJson(res, 200, { status: 'ok' });
    case '/readyz':
      return (await app.database.answers())
        ? sendJson(res, 200, {
            database: app.database.target,
            ...(app.outboxLag ? { outbox: await outboxLagOf(app.outboxLag) } : {}),
          })
        : sendJson(res, 503, {
            database: app.database.target,
            error: 'DATABASE.UNAVAILABLE',
            message: 'The database is not answering.',
          });
    case '/api/packs':
      return sendJson(
        res,
        200,
        app.packs.all().map((p) => ({
          id: p.id,
          organisation: p.organisation.name,
          nation: p.nation,
          board: p.board.name,
          stages: p.escalation.stages.length,
        })),
      );
    default:
      return sendJson(res, 404, { error: 'NOT_FOUND', message: `no route ${path}` });
  }
}

/** The lag, or that it could not be read: the database answered, so readiness does not hang on it. */
async function outboxLagOf(
  lag: NonNullable<ServedApp['outboxLag']>,
): Promise<{ due: number; oldestDueSeconds: number } | { error: string }> {
  return lag().catch(() => ({ error: 'OUTBOX.UNAVAILABLE' }));
}

/** POST /api/messages: the activity read here (JSON only, at most the bot's limit), answered as the bot says. */
async function answerBot(bot: BotRoute, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    if (req.method !== 'POST') throw new HttpError(405, 'METHOD_NOT_ALLOWED', 'The bot endpoint accepts POST only.');
    const body = await readJson(req, { maxBytes: bot.maxBodyBytes, refusalCode: 'BAD_ACTIVITY' });
    const answer = await bot.handle({ authorization: req.headers.authorization, body });
    sendJson(res, answer.status, answer.body, answer.headers);
  } catch (error) {
    sendError(res, error, 'bot turn');
  }
}

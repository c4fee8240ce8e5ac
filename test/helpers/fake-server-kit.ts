/**
 * Plumbing shared by the fake Microsoft services (fake-bot-connector, fake-entra, fake-graph):
 * start a loopback HTTP or HTTPS server on a free port, read a request body, answer JSON, close
 * without waiting for keep-alive sockets. HTTPS uses the test-only certificate in
 * test/fixtures/tls (trusted by the test run through NODE_EXTRA_CA_CERTS=test/fixtures/tls/ca.pem),
 * because the Graph client only attaches `Authorization` for https hosts and MSAL only talks https.
 */
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

export type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export interface RunningServer {
  readonly port: number;
  close(): Promise<void>;
}

const TLS_DIR = new URL('../fixtures/tls/', import.meta.url);

/** Starts `handler` on 127.0.0.1 (a free port); a handler that throws answers 500 instead of crashing. */
export async function listen(handler: Handler, tls: boolean): Promise<RunningServer> {
  if (tls) assertTestCaTrusted();
  const safe = (req: IncomingMessage, res: ServerResponse): void => {
    handler(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { code: 'FakeServerError', message: String(error) } });
      else res.end();
    });
  };
  const server: Server = tls
    ? createHttpsServer(
        { cert: readFileSync(new URL('server.pem', TLS_DIR)), key: readFileSync(new URL('server-key.pem', TLS_DIR)) },
        safe,
      )
    : createHttpServer(safe);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** Node reads NODE_EXTRA_CA_CERTS once at start-up, so a missing test CA can only be reported, not fixed. */
function assertTestCaTrusted(): void {
  const extra = process.env['NODE_EXTRA_CA_CERTS'];
  const ca = readFileSync(new URL('ca.pem', TLS_DIR), 'utf8').trim();
  let trusted: boolean;
  try {
    trusted = extra !== undefined && readFileSync(extra, 'utf8').includes(ca);
  } catch {
    trusted = false;
  }
  if (!trusted) {
    throw new Error(
      `The HTTPS fakes need NODE_EXTRA_CA_CERTS=test/fixtures/tls/ca.pem when node starts (it is ${extra ?? 'unset'}).`,
    );
  }
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Parses a JSON object body; anything else (empty, form data, arrays) gives `{}`. */
export function parseJsonObject(text: string): Record<string, unknown> {
  if (!text) return {};
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  contentType = 'application/json; charset=utf-8',
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Length': 0, ...headers });
  res.end();
}

/** Splits a request path into URL-decoded segments (ids with ':' ';' '@' arrive percent-encoded). */
export function pathSegments(url: string | undefined): string[] {
  const path = (url ?? '/').split('?')[0] ?? '/';
  return path
    .split('/')
    .filter((segment) => segment.length > 0)
    .map((segment) => decodeURIComponent(segment));
}

/** Polls `read` until it returns a value (not undefined) or `timeoutMs` passes. */
export async function pollUntil<T>(read: () => T | undefined, timeoutMs: number, describe: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms: ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

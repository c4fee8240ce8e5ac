/**
 * Each HTTP request's id, span and closing log line. The id is the caller's `x-request-id` (when
 * it is a plain token), else the trace id of its W3C `traceparent`, else a new one; it is sent
 * back in `x-request-id` and carried by every log line written while the request is handled.
 * What is logged of a request: method, route, status and duration. The route is its path with
 * every segment that is not a fixed word replaced by `:id`, since a path may hold a case reference;
 * queries, headers and bodies are never logged.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { telemetry } from '../app/telemetry.js';

const PLAIN_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const TRACEPARENT = /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}$/;

export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  if (typeof given === 'string' && PLAIN_ID.test(given)) return given;
  const traceparent = req.headers['traceparent'];
  const traceId = typeof traceparent === 'string' ? TRACEPARENT.exec(traceparent.trim())?.[1] : undefined;
  return traceId ?? randomUUID();
}

/** `/api/people/3f2…/consent` → `/api/people/:id/consent`. */
export function routeOf(url: string | undefined): string {
  const path = new URL(url ?? '/', 'http://localhost').pathname;
  return path
    .split('/')
    .map((segment) => (segment === '' || /^[a-z][a-z-]{0,39}(\.[a-z]{1,5})?$/.test(segment) ? segment : ':id'))
    .join('/');
}

/** Runs `handle` with the request's id on every log line and in a span; one line when the response ends. */
export function logged(req: IncomingMessage, res: ServerResponse, handle: () => Promise<void>): Promise<void> {
  const requestId = requestIdOf(req);
  res.setHeader('x-request-id', requestId);
  const route = routeOf(req.url);
  const method = req.method ?? '';
  const started = performance.now();
  return telemetry.withContext({ requestId }, () => {
    res.once('close', () =>
      telemetry.info('http request', {
        requestId, // explicit: a 'close' listener does not run in the request's context
        method,
        route,
        status: res.statusCode,
        ms: Math.round(performance.now() - started),
      }),
    );
    return telemetry.span(
      `HTTP ${method} ${route}`,
      { 'http.request.method': method, 'http.route': route, 'safeguard.request_id': requestId },
      handle,
    );
  });
}

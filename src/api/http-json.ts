/**
 * JSON over node:http for the REST API: bodies read with a size limit, and the one place that
 * maps errors to HTTP — a known domain error becomes a 4xx with its code and message, anything
 * else a generic 500 that leaks nothing.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SafeguardingError } from '../domain/shared/errors.js';

const MAX_BODY_BYTES = 512 * 1024;

export class HttpError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
    this.name = 'HttpError';
  }
}

export async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'REQUEST.TOO_LARGE', 'The request body is too large.');
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return {};
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'REQUEST.NOT_JSON', 'The request body is not JSON.');
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

const STATUS_BY_CODE: Record<string, number> = {
  'VALIDATION.INVALID': 400, 'PACK.INVALID': 400, 'RECORD.NOT_FOUND': 404, 'ESCALATION.INVALID_TRANSITION': 409,
  'RECORD.CONFLICT': 409, 'ACCESS.FORBIDDEN': 403, 'DATABASE.LOCKED': 503, 'DATABASE.UNAVAILABLE': 503,
};

export function sendError(res: ServerResponse, error: unknown): void {
  if (error instanceof HttpError) return sendJson(res, error.status, { error: error.code, message: error.message });
  if (error instanceof SafeguardingError) {
    return sendJson(res, STATUS_BY_CODE[error.code] ?? 400, { error: error.code, message: error.message, ...('problems' in error.details ? { problems: error.details.problems } : {}) });
  }
  // The error's kind only: messages may carry case data, which never goes to logs.
  console.error(`safeguard: API request failed (${error instanceof Error ? error.name : 'unknown error'})`);
  sendJson(res, 500, { error: 'INTERNAL', message: 'Something went wrong; nothing was changed.' });
}

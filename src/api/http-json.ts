/**
 * JSON over node:http for the REST API: bodies read with a size limit, and the one place that
 * maps errors to HTTP — a known domain error becomes a 4xx with its code and message, anything
 * else a generic 500 that leaks nothing.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SafeguardingError } from '../domain/shared/errors.js';
import { sendCompressible } from './http-compression.js';

const MAX_BODY_BYTES = 512 * 1024;

export class HttpError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly headers: Readonly<Record<string, string>> = {}) {
    super(message);
    this.name = 'HttpError';
  }
}

export async function readJson(req: IncomingMessage): Promise<unknown> {
  const body = await readLimited(req);
  if (body.length === 0) return {};
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new HttpError(400, 'REQUEST.NOT_JSON', 'The request body is not JSON.');
  }
}

/** After a 413: how much more of the body is read and thrown away, and for how long, before the connection is cut. */
const DRAIN_BYTES = 1024 * 1024;
const DRAIN_MS = 10_000;

/**
 * The body, up to MAX_BODY_BYTES. Over that: 413 with `Connection: close`, and the rest of the
 * body is drained (within a bound) so the answer reaches the client and its next request goes
 * on a fresh connection instead of waiting behind bytes nobody reads.
 */
function readLimited(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      req.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) return void chunks.push(chunk);
      stop();
      discardRest(req);
      reject(new HttpError(413, 'REQUEST.TOO_LARGE', 'The request body is too large.', { connection: 'close' }));
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks));
    };
    const onError = (error: Error) => {
      stop();
      reject(error);
    };
    const onClose = () => onError(new Error('the client went away before sending the whole body'));
    req.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}

function discardRest(req: IncomingMessage): void {
  let discarded = 0;
  const cut = () => req.socket.destroy();
  const timer = setTimeout(cut, DRAIN_MS).unref();
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > DRAIN_BYTES) cut();
  });
  req.once('end', () => clearTimeout(timer)).once('error', () => clearTimeout(timer));
  req.resume();
}

/** Compressed (brotli or gzip) when the client accepts it and the body is 1 KiB or more. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendCompressible(res, status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers }, JSON.stringify(body) ?? '');
}

const STATUS_BY_CODE: Record<string, number> = {
  'VALIDATION.INVALID': 400, 'PACK.INVALID': 400, 'RECORD.NOT_FOUND': 404, 'ESCALATION.INVALID_TRANSITION': 409,
  'RECORD.CONFLICT': 409, 'ACCESS.FORBIDDEN': 403, 'DATABASE.LOCKED': 503, 'DATABASE.UNAVAILABLE': 503,
};

export function sendError(res: ServerResponse, error: unknown): void {
  if (error instanceof HttpError) return sendJson(res, error.status, { error: error.code, message: error.message }, { ...error.headers });
  if (error instanceof SafeguardingError) {
    return sendJson(res, STATUS_BY_CODE[error.code] ?? 400, { error: error.code, message: error.message, ...('problems' in error.details ? { problems: error.details.problems } : {}) });
  }
  // The error's kind only: messages may carry case data, which never goes to logs.
  console.error(`safeguard: API request failed (${error instanceof Error ? error.name : 'unknown error'})`);
  sendJson(res, 500, { error: 'INTERNAL', message: 'Something went wrong; nothing was changed.' });
}

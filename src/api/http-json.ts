/**
 * JSON over node:http, for every route of the server (the REST API, the bot endpoint, health):
 * the one body reader (with a size limit), the one JSON writer, and the one place that maps
 * errors to HTTP — a known domain error becomes a 4xx with its code and message, anything else a
 * generic 500 that leaks nothing.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SafeguardingError } from '../domain/shared/errors.js';
import { MAX_REQUEST_BYTES } from './client.js';
import { sendCompressible } from './http-compression.js';
import { errorKind, telemetry } from '../app/telemetry.js';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export interface ReadOptions {
  /** The largest body taken (default: the REST API's, MAX_REQUEST_BYTES). */
  readonly maxBytes?: number | undefined;
  /** The code of a refusal (default: REQUEST.TOO_LARGE, REQUEST.NOT_JSON, REQUEST.INCOMPLETE by cause). */
  readonly refusalCode?: string | undefined;
}

/** The body parsed as JSON (`{}` when empty); refused with an HttpError when too large (413), not JSON or cut short (400). */
export async function readJson(req: IncomingMessage, options: ReadOptions = {}): Promise<unknown> {
  const body = await readLimited(req, options.maxBytes ?? MAX_REQUEST_BYTES, options.refusalCode);
  if (body.length === 0) return {};
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new HttpError(400, options.refusalCode ?? 'REQUEST.NOT_JSON', 'The request body is not JSON.');
  }
}

/** After a 413: how much more of the body is read and thrown away, and for how long, before the connection is cut. */
const DRAIN_BYTES = 1024 * 1024;
const DRAIN_MS = 10_000;

/**
 * The body, up to `maxBytes`. Over that: 413 with `Connection: close`, and the rest of the
 * body is drained (within a bound) so the answer reaches the client and its next request goes
 * on a fresh connection instead of waiting behind bytes nobody reads.
 */
function readLimited(req: IncomingMessage, maxBytes: number, refusalCode: string | undefined): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      req.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) return void chunks.push(chunk);
      stop();
      discardRest(req);
      reject(
        new HttpError(413, refusalCode ?? 'REQUEST.TOO_LARGE', 'The request body is too large.', {
          connection: 'close',
        }),
      );
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks));
    };
    // The client went away (or the connection failed) before sending the whole body: nothing to act on.
    const onError = () => {
      stop();
      reject(new HttpError(400, refusalCode ?? 'REQUEST.INCOMPLETE', 'The request body ended early.'));
    };
    const onClose = onError;
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

/** Answers `body` as JSON, never cached; an undefined body answers with no content; compressed (brotli or gzip) when the client accepts it and the body is 1 KiB or more. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  if (body === undefined) return void res.writeHead(status, { 'cache-control': 'no-store', ...headers }).end();
  sendCompressible(
    res,
    status,
    { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
    JSON.stringify(body),
  );
}

const STATUS_BY_CODE: Record<string, number> = {
  'VALIDATION.INVALID': 400,
  'PACK.INVALID': 400,
  'RECORD.NOT_FOUND': 404,
  'ESCALATION.INVALID_TRANSITION': 409,
  'RECORD.CONFLICT': 409,
  'ACCESS.FORBIDDEN': 403,
  'DATABASE.LOCKED': 503,
  'DATABASE.UNAVAILABLE': 503,
  'SERVICE.UNAVAILABLE': 503,
};

/**
 * The one last-resort mapper: answers `error` (an HttpError or a domain error as its 4xx/503,
 * anything else as a generic 500, logged as "`what` failed" with the error's kind only). After
 * the headers went out, the response is only ended.
 */
export function sendError(res: ServerResponse, error: unknown, what = 'API request'): void {
  if (error instanceof HttpError)
    return answer(res, error.status, { error: error.code, message: error.message }, error.headers);
  if (error instanceof SafeguardingError) {
    return answer(res, STATUS_BY_CODE[error.code] ?? 400, {
      error: error.code,
      message: error.message,
      ...('problems' in error.details ? { problems: error.details.problems } : {}),
    });
  }
  // The error's kind only: messages may carry case data, which never goes to logs.
  telemetry.error(`safeguard: ${what} failed (${errorKind(error)})`, { error: errorKind(error) });
  answer(res, 500, { error: 'INTERNAL', message: 'Something went wrong; nothing was changed.' });
}

function answer(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  if (res.headersSent) return void res.end();
  sendJson(res, status, body, headers);
}

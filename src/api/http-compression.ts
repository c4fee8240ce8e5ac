/**
 * Compressed answers: which content coding a client accepts (`Accept-Encoding`), and JSON bodies
 * sent compressed on the fly. Brotli when the client takes it (≈ 20 % smaller than gzip on our
 * JSON), else gzip; bodies under 1 KiB go as they are (compressing them saves less than the
 * header costs).
 *
 * On the fly, brotli runs at quality 4: it compresses a 50 KB answer in about a millisecond on
 * zlib's thread pool, and still beats gzip. The add-in's and tab's files are compressed once, at
 * full quality (src/server/asset-responses.ts).
 */
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream';
import { constants, createBrotliCompress, createGzip, type BrotliOptions } from 'node:zlib';

export type ContentCoding = 'br' | 'gzip';

/** Smaller bodies are sent uncompressed. */
export const COMPRESS_FROM_BYTES = 1024;

/** Our order of preference among codings the client accepts equally. */
const PREFERENCE: readonly ContentCoding[] = ['br', 'gzip'];

/**
 * The coding to answer with, or undefined for none (identity), from an `Accept-Encoding` header
 * (RFC 9110 §12.5.3): the highest q-value wins, ties go to brotli; `q=0` refuses a coding, `*`
 * stands for any coding not named.
 *
 * @example
 * acceptedCoding('gzip, deflate, br') // 'br'
 * acceptedCoding('br;q=0.5, gzip')    // 'gzip'
 */
export function acceptedCoding(header: string | readonly string[] | undefined): ContentCoding | undefined {
  if (header === undefined) return undefined;
  const weights = new Map<string, number>();
  for (const part of (typeof header === 'string' ? header : header.join(',')).split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    if (name === '') continue;
    const q = params.map((p) => /^\s*q\s*=\s*([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    const weight = q === undefined ? 1 : Number(q);
    weights.set(name === 'x-gzip' ? 'gzip' : name, Number.isFinite(weight) ? weight : 0);
  }
  let best: ContentCoding | undefined;
  let bestWeight = 0;
  for (const coding of PREFERENCE) {
    const weight = weights.get(coding) ?? weights.get('*') ?? 0;
    if (weight > bestWeight) [best, bestWeight] = [coding, weight];
  }
  return best;
}

/**
 * Sends `body` with `headers`, compressed when the request accepts it and the body is 1 KiB or
 * more: streamed through zlib to the socket, without a Content-Length. Every answer carries
 * `Vary: Accept-Encoding`, so a cache in between keeps the variants apart.
 */
export function sendCompressible(
  res: ServerResponse,
  status: number,
  headers: OutgoingHttpHeaders,
  body: string | Buffer,
): void {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  const coding = bytes.length >= COMPRESS_FROM_BYTES ? acceptedCoding(res.req.headers['accept-encoding']) : undefined;
  const varied = { ...headers, vary: 'Accept-Encoding' };
  if (!coding || res.req.method === 'HEAD') return void res.writeHead(status, varied).end(bytes);
  res.writeHead(status, { ...varied, 'content-encoding': coding });
  const encoder = coding === 'br' ? createBrotliCompress(brotliOnTheFly(bytes.length)) : createGzip({ level: 6 });
  // A client that goes away mid-answer ends the pipeline with an error: nothing more to do.
  pipeline(encoder, res, () => undefined);
  encoder.end(bytes);
}

function brotliOnTheFly(size: number): BrotliOptions {
  return {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 4,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: size,
    },
  };
}

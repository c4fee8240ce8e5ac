/**
 * How the add-in's and tab's files are sent: compressed (brotli or gzip, whichever the client
 * takes; made once at full quality, by `npm run build` or on first request) and cached.
 *
 * Caching. Outlook and Teams load the pages from fixed addresses that the manifests name
 * (`/addin/taskpane.html`, `/addin/on-send.js`, `/tab/`…), so those can never be cached as
 * unchanging: they are sent with `Cache-Control: no-cache` and an `ETag` (a digest of the bytes),
 * and a client that has them answers with `If-None-Match` and gets an empty 304 until a new
 * version is deployed. The scripts and stylesheets those pages load are referenced with their
 * digest in the URL (`taskpane.js?v=<digest>`, see web-assets.ts), and an address with the
 * current digest is cached for a year as immutable: after the first visit the task pane and the
 * tab load them without asking the server at all.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { acceptedCoding, COMPRESS_FROM_BYTES, type ContentCoding } from '../api/http-compression.js';

export interface Asset {
  readonly contentType: string;
  readonly body: Buffer;
  /** A digest of `body`: the ETag, and the version in the URLs the pages load it from. */
  readonly version: string;
  /** `body` compressed with `coding`, or undefined where that does not pay. Compressed at most once. */
  encoded(coding: ContentCoding): Promise<Buffer | undefined>;
}

export const CODINGS: readonly ContentCoding[] = ['br', 'gzip'];

/** The file name suffix of a precompressed copy (`tab.js.br`, `tab.js.gz`). */
export const CODING_SUFFIX: Readonly<Record<ContentCoding, string>> = { br: '.br', gzip: '.gz' };

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

/**
 * @param prebuilt copies of `body` compressed by the build (dist/web/*.br, *.gz), used as they are.
 */
export function makeAsset(
  contentType: string,
  body: Buffer,
  prebuilt: Partial<Record<ContentCoding, Buffer>> = {},
): Asset {
  const made = new Map<ContentCoding, Promise<Buffer | undefined>>();
  const worthIt = isCompressible(contentType) && body.length >= COMPRESS_FROM_BYTES;
  return {
    contentType,
    body,
    version: createHash('sha256').update(body).digest('base64url').slice(0, 16),
    encoded(coding) {
      if (!worthIt) return Promise.resolve(undefined);
      let encoded = made.get(coding);
      if (!encoded) {
        const ready = prebuilt[coding];
        encoded = (ready ? Promise.resolve(ready) : compressFully(body, coding)).then((bytes) =>
          bytes.length < body.length ? bytes : undefined,
        );
        made.set(coding, encoded);
      }
      return encoded;
    },
  };
}

export function isCompressible(contentType: string): boolean {
  return /^(text\/|application\/json)/.test(contentType);
}

/** Full quality: a file compressed once is sent many times. On zlib's thread pool, not the event loop. */
export async function compressFully(body: Buffer, coding: ContentCoding): Promise<Buffer> {
  if (coding === 'gzip') return promisify(gzip)(body, { level: constants.Z_BEST_COMPRESSION });
  return promisify(brotliCompress)(body, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
    },
  });
}

/**
 * Answers a GET for `asset`: 304 when the client's `If-None-Match` names this version, else the
 * body, compressed when the client accepts it. `headers` are added (the page's CSP).
 */
export async function sendAsset(
  req: IncomingMessage,
  res: ServerResponse,
  asset: Asset,
  headers: OutgoingHttpHeaders = {},
): Promise<void> {
  const coding = acceptedCoding(req.headers['accept-encoding']);
  const encoded = coding ? await asset.encoded(coding) : undefined;
  const common: OutgoingHttpHeaders = {
    ...headers,
    'cache-control': requestedVersion(req) === asset.version ? IMMUTABLE : REVALIDATE,
    etag: `"${asset.version}${encoded && coding ? `-${coding}` : ''}"`,
    ...(isCompressible(asset.contentType) ? { vary: 'Accept-Encoding' } : {}),
  };
  if (namesVersion(req.headers['if-none-match'], asset.version)) return void res.writeHead(304, common).end();
  const body = encoded ?? asset.body;
  res.writeHead(200, {
    ...common,
    'content-type': asset.contentType,
    'content-length': body.length,
    ...(encoded && coding ? { 'content-encoding': coding } : {}),
  });
  res.end(body);
}

function requestedVersion(req: IncomingMessage): string | null {
  return new URL(req.url ?? '/', 'http://localhost').searchParams.get('v');
}

/**
 * Whether `If-None-Match` names this version in any coding: a client holding the gzip copy may
 * ask from a browser that now takes brotli, and the content is the same (weak comparison, as
 * RFC 9110 §13.1.2 asks for this header).
 */
function namesVersion(header: string | undefined, version: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => {
    const opaque = tag.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
    return opaque === version || CODINGS.some((coding) => opaque === `${version}-${coding}`);
  });
}

/**
 * What every response carries and what every request must show before it is handled:
 * - headers: no referrer, no MIME sniffing, HSTS when the server is reached over https, and a
 *   Content-Security-Policy on the pages Outlook and Teams show (scripts only from this server
 *   and, on the add-in's pages, Office.js from Microsoft's CDN; framed only by Teams, Outlook
 *   and Microsoft 365);
 * - local mode (no sign-in, loopback only): the Host header must name this machine and port, so
 *   a web page on a rebinding DNS name cannot read or write through the user's browser;
 * - writes to the API are JSON only, so a cross-site form or `text/plain` post (sent without a
 *   CORS preflight) is refused before anything is read.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface EdgePolicy {
  /** Local mode: answer only requests addressed to 127.0.0.1, localhost or [::1] on this port. */
  readonly loopbackOnly?: boolean | undefined;
  /** Served over https (TLS here, or an https public address in front): browsers must keep to https. */
  readonly strictTransport?: boolean | undefined;
  /** Where the add-in's on-send script calls (the public address), besides the page's own origin. */
  readonly publicOrigin?: string | undefined;
}

/** Where Teams, Outlook and Microsoft 365 show the tab and the add-in (Microsoft's published frame-ancestors list). */
const M365_HOSTS =
  'https://teams.microsoft.com https://*.teams.microsoft.com https://*.microsoft365.com https://*.office.com https://*.office365.com https://*.cloud.microsoft';
/** Office.js must be loaded from Microsoft's CDN (it loads its host-specific parts from there too). */
const OFFICE_CDN = 'https://appsforoffice.microsoft.com';
/** teams-js reads its list of valid host origins from here (validDomains.json). */
const TEAMS_JS_CDN = 'https://res.cdn.office.net';

export function baseHeaders(res: ServerResponse, policy: EdgePolicy): void {
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('x-content-type-options', 'nosniff');
  if (policy.strictTransport) res.setHeader('strict-transport-security', 'max-age=31536000');
}

/** The Content-Security-Policy of a page served under /addin/ or /tab/; undefined for anything that is not a page. */
export function pagePolicy(path: string, contentType: string, policy: EdgePolicy): string | undefined {
  if (!contentType.startsWith('text/html')) return undefined;
  const self = ["'self'", ...(policy.publicOrigin ? [policy.publicOrigin] : [])].join(' ');
  const common = [
    `default-src 'self'`,
    `img-src 'self' data:`,
    `object-src 'none'`,
    `base-uri 'none'`,
    `form-action 'self'`,
    `frame-ancestors 'self' ${M365_HOSTS}`,
  ];
  if (path.startsWith('/addin/')) {
    // Office.js sets inline styles (OfficeDev/office-js#1687) and may open frames from its CDN.
    return [
      ...common,
      `script-src 'self' ${OFFICE_CDN}`,
      `style-src 'self' 'unsafe-inline'`,
      `connect-src ${self}`,
      `frame-src 'self' ${OFFICE_CDN}`,
    ].join('; ');
  }
  // The tab bundles teams-js, which talks to Teams by postMessage and fetches the list of
  // Microsoft's host origins from its CDN; nothing else loads from elsewhere.
  return [...common, `script-src 'self'`, `style-src 'self'`, `connect-src ${self} ${TEAMS_JS_CDN}`].join('; ');
}

/** A reason to refuse the request before routing it, or undefined. */
export function refusal(
  req: IncomingMessage,
  path: string,
  policy: EdgePolicy,
): { status: number; error: string; message: string } | undefined {
  if (policy.loopbackOnly && !addressedToThisMachine(req)) {
    return {
      status: 421,
      error: 'HOST.NOT_LOCAL',
      message:
        'In local mode the server answers only requests addressed to 127.0.0.1, localhost or [::1] on its own port.',
    };
  }
  if (path.startsWith('/api/') && path !== '/api/packs' && WRITES.has(req.method ?? '') && !isJson(req)) {
    return { status: 415, error: 'REQUEST.NOT_JSON', message: 'Send the request body as application/json.' };
  }
  return undefined;
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function isJson(req: IncomingMessage): boolean {
  return /^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '');
}

function addressedToThisMachine(req: IncomingMessage): boolean {
  const host = (req.headers.host ?? '').toLowerCase();
  const port = req.socket.localPort;
  const names = ['127.0.0.1', 'localhost', '[::1]'];
  const defaultPort = 'encrypted' in req.socket ? 443 : 80;
  return names.some((name) => host === `${name}:${port}` || (port === defaultPort && host === name));
}

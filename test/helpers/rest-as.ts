/**
 * The REST API as one person calls it (local-mode token) over real HTTP to a running harness:
 * status, headers, the raw text and — when the answer is JSON — its body, typed by the caller.
 *
 * @example
 * const res = await restAs<MyWorkView>(h, sam)('GET', '/api/my-work');
 */
import { localToken } from '../../src/api/client.js';
import { CONTOSO_TENANT, type BotHarness } from './bot-harness.js';

export interface RestAnswer<Body> {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The parsed JSON answer; undefined when it is not JSON (a CSV, an empty 204). */
  readonly body: Body;
}

export function restAs<Body = Record<string, unknown>>(
  h: BotHarness,
  user: { readonly aadObjectId: string; readonly name: string },
  tenantId: string = CONTOSO_TENANT,
): (method: string, path: string, body?: unknown) => Promise<RestAnswer<Body>> {
  const base = h.endpoint.replace('/api/messages', '');
  const token = localToken({ tid: tenantId, oid: user.aadObjectId, name: user.name });
  return async (method, path, body) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const isJson = (res.headers.get('content-type') ?? '').startsWith('application/json');
    return { status: res.status, headers: res.headers, text, body: (isJson ? JSON.parse(text) : undefined) as Body };
  };
}

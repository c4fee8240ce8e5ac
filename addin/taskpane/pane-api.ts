/// <reference lib="dom" />
/**
 * The task pane's calls to the server (same origin: the server serves the pane). Signs in with
 * Office single sign-on; in local mode only, with the local token the server then accepts.
 */
import type { EscalationSummary } from '../../src/api/contract.js';
import { localToken } from '../shared/local-token.js';

export interface PaneConfig { readonly localTenant?: string | undefined }
export class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly body: unknown) {
    super(message);
  }
}

export type { EscalationSummary };

export function createPaneApi(config: PaneConfig, office: { getToken(): Promise<string>; user(): { emailAddress: string; displayName: string } }) {
  const token = () => (config.localTenant ? Promise.resolve(localToken(config.localTenant, office.user().emailAddress, office.user().displayName)) : office.getToken());
  return async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const response = await fetch(path, { method, headers: { authorization: `Bearer ${await token()}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const json: unknown = await response.json().catch(() => undefined);
    if (!response.ok) throw new ApiError(response.status, (json as { message?: string } | undefined)?.message ?? `The server answered ${response.status}.`, json);
    return json as T;
  };
}

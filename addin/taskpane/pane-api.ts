/**
 * The task pane's client of the REST API (same origin: the server serves the pane), signed in
 * with Office single sign-on, or in local mode only with the local token the server then accepts.
 */
import { createApiClient, localToken, type ApiClient } from '../../src/api/client.js';

export interface PaneConfig {
  readonly localTenant?: string | undefined;
}

export interface OfficeIdentity {
  getToken(): Promise<string>;
  user(): { emailAddress: string; displayName: string };
}

export function createPaneApi(config: PaneConfig, office: OfficeIdentity): ApiClient {
  const local = config.localTenant;
  const token = local
    ? () =>
        Promise.resolve(localToken({ tid: local, oid: office.user().emailAddress, name: office.user().displayName }))
    : () => office.getToken();
  return createApiClient({ token });
}

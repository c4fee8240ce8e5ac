/**
 * Tokens for Microsoft Graph from Entra ID with MSAL: app-only (client credentials) for the
 * directory and notification mail, and on-behalf-of a signed-in user (their SSO token) for a
 * draft in their own mailbox. One confidential client per tenant, so each organisation's tokens
 * come from its own authority and MSAL's cache keeps them apart.
 */
import { ConfidentialClientApplication, type Configuration } from '@azure/msal-node';

export interface MsalOptions {
  readonly clientId: string;
  readonly clientSecret: string;
  /** https://login.microsoftonline.com in the public cloud. */
  readonly authorityHost: string;
  /** Extra `auth` settings per tenant (e.g. pre-fetched metadata where discovery is not reachable). */
  readonly authOverrides?: ((tenantId: string) => Partial<Configuration['auth']>) | undefined;
}

/** App-only and on-behalf-of tokens; src/graph declares the same shape for what it needs (its token-source.ts). */
export interface TokenSource {
  appToken(tenantId: string): Promise<string>;
  onBehalfOf(tenantId: string, userAssertion: string, scopes: readonly string[]): Promise<string>;
}

const GRAPH_DEFAULT_SCOPE = 'https://graph.microsoft.com/.default';

export function createMsalTokenSource(options: MsalOptions): TokenSource {
  const clients = new Map<string, ConfidentialClientApplication>();
  const clientFor = (tenantId: string) => {
    let client = clients.get(tenantId);
    if (!client) {
      const authority = `${options.authorityHost}/${tenantId}`;
      client = new ConfidentialClientApplication({
        auth: {
          clientId: options.clientId,
          clientSecret: options.clientSecret,
          authority,
          knownAuthorities: [new URL(options.authorityHost).host],
          ...options.authOverrides?.(tenantId),
        },
      });
      clients.set(tenantId, client);
    }
    return client;
  };
  return {
    async appToken(tenantId) {
      const result = await clientFor(tenantId).acquireTokenByClientCredential({ scopes: [GRAPH_DEFAULT_SCOPE] });
      if (!result?.accessToken) throw new Error('Entra ID returned no app token');
      return result.accessToken;
    },
    async onBehalfOf(tenantId, userAssertion, scopes) {
      const result = await clientFor(tenantId).acquireTokenOnBehalfOf({
        oboAssertion: userAssertion,
        scopes: [...scopes],
      });
      if (!result?.accessToken) throw new Error('Entra ID returned no on-behalf-of token');
      return result.accessToken;
    },
  };
}

/**
 * What the Graph adapters need to call Graph: an app-only token for a tenant, or one on behalf of
 * a signed-in user. Declared here, by the adapters that use it, so src/graph imports nothing from
 * src/auth: the composition root (src/main.ts) hands them the MSAL token source
 * (src/auth/msal-token-source.ts), which has this shape.
 */
export interface TokenSource {
  appToken(tenantId: string): Promise<string>;
  onBehalfOf(tenantId: string, userAssertion: string, scopes: readonly string[]): Promise<string>;
}

/**
 * A Microsoft Graph client that asks for its token per request. The Graph client attaches the
 * Authorization header only for https hosts it knows (graph.microsoft.com, or `customHosts`),
 * so a sovereign cloud or a test stand-in must be listed.
 */
import { Client } from '@microsoft/microsoft-graph-client';

export function createGraphClient(baseUrl: string, token: () => Promise<string>): Client {
  // The Graph client matches customHosts on the hostname alone (no port).
  const host = new URL(baseUrl).hostname;
  return Client.init({
    baseUrl: baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`,
    defaultVersion: 'v1.0',
    customHosts: new Set([host]),
    authProvider: (done) => {
      token().then(
        (t) => done(null, t),
        (error: unknown) => done(error, null),
      );
    },
  });
}

/**
 * A stand-in for login.microsoftonline.com (Microsoft Entra ID) over HTTPS, so the real
 * @azure/msal-node and jose code paths run offline: OpenID discovery, instance discovery, the
 * JWKS, and the v2 token endpoint for client credentials and on-behalf-of. Tokens are RS256 JWTs
 * signed with a key pair made at start; `mintUserToken` makes the SSO token Teams / Office would
 * hand our app. Its issuer is `https://127.0.0.1:PORT/{tid}/v2.0`: as in every Microsoft cloud,
 * tokens are issued from the authority host the server is configured with (ENTRA_AUTHORITY_HOST).
 * It also stands in for Bot Framework's token service: `mintBotFrameworkToken` signs what Teams'
 * channel sends a bot, and `botOpenIdMetadataUrl` is the metadata to check it against.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errors, exportJWK, generateKeyPair, jwtVerify, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import { listen, pathSegments, readBody, sendJson } from './fake-server-kit.js';

export interface UserTokenClaims {
  tid: string;
  oid: string;
  name?: string;
  preferred_username?: string;
  aud: string;
  scp?: string;
  expiresInSeconds?: number;
  /** Seconds from now the token becomes valid (`nbf`); default a minute ago. */
  notBeforeInSeconds?: number;
  issuer?: string;
  /** The client that asked for the token (Teams desktop is 1fec8e78-bce4-4aaf-ab1b-5451cc387264). */
  azp?: string;
  /** Any further claims, added last. */
  extra?: Record<string, unknown>;
}

export interface BotFrameworkTokenClaims {
  appId: string;
  serviceUrl: string;
  expiresInSeconds?: number;
  /** Seconds from now the token becomes valid (negative: already valid). */
  notBeforeInSeconds?: number;
  extra?: Record<string, unknown>;
}

export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';

export interface TokenRequestRecord {
  tenant: string;
  grantType: string;
  clientId: string;
  scope: string;
  /** `sub` / `oid` of the OBO assertion, when it verified. */
  assertionSubject?: string;
  assertionOid?: string;
  status: number;
  at: number;
}

/** The `auth` fields to spread into an msal-node configuration so it makes no discovery calls. */
export interface MsalAuthOptions {
  authority: string;
  knownAuthorities: string[];
  authorityMetadata: string;
  cloudDiscoveryMetadata: string;
}

export interface FakeEntra {
  /** https://127.0.0.1:PORT */
  readonly url: string;
  /** 127.0.0.1:PORT — for msal's `knownAuthorities`. */
  readonly host: string;
  readonly kid: string;
  readonly tokenRequests: TokenRequestRecord[];
  /** Every GET (discovery documents, keys) — shows whether msal / jose went to the network. */
  readonly discoveryRequests: string[];
  /** Client secrets to check; a client id not listed here is accepted with any credential. */
  readonly clientSecrets: Map<string, string>;
  /** App roles put into client-credentials tokens, by client id. */
  readonly appRoles: Map<string, string[]>;
  /** What `…/.default` stands for in an on-behalf-of token's `scp`. */
  consentedScopes: string[];
  mintUserToken(claims: UserTokenClaims): Promise<string>;
  /** Same header (kid) and claims, signed with a key this server never published. */
  mintWithForeignKey(claims: UserTokenClaims): Promise<string>;
  /** An app-only token (client credentials) for `aud`, as another application in the tenant could get one. */
  mintAppToken(claims: { tid: string; aud: string; clientId: string; roles?: string[] }): Promise<string>;
  /** What Bot Framework's channel sends a bot: issuer api.botframework.com, audience the bot's app id. */
  mintBotFrameworkToken(claims: BotFrameworkTokenClaims, key?: 'published' | 'foreign'): Promise<string>;
  /** The OpenID metadata document whose keys check `mintBotFrameworkToken` (BOT_OPENID_METADATA_URL). */
  readonly botOpenIdMetadataUrl: string;
  jwksUrl(tenant: string): string;
  issuer(tenant: string): string;
  openIdConfiguration(tenant: string): Record<string, unknown>;
  msalAuthOptions(tenant: string): MsalAuthOptions;
  /** Verifies a token this server signed (any audience); throws like jose does. */
  verify(token: string): Promise<JWTPayload>;
  close(): Promise<void>;
}

export const GRAPH_RESOURCE = 'https://graph.microsoft.com';
const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** A stable GUID derived from a string (e.g. a service principal's object id from its client id). */
function guidFrom(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** 'https://graph.microsoft.com/Mail.Send' → resource + 'Mail.Send'; a bare 'Mail.Send' is Graph's. */
function splitScope(scope: string): { resource: string; name: string } {
  const slash = scope.lastIndexOf('/');
  return slash > 0 && scope.includes('://')
    ? { resource: scope.slice(0, slash), name: scope.slice(slash + 1) }
    : { resource: GRAPH_RESOURCE, name: scope };
}

export async function startFakeEntra(): Promise<FakeEntra> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const foreign = await generateKeyPair('RS256');
  const kid = randomBytes(20).toString('base64url');
  const publicJwk = await exportJWK(publicKey);
  const tokenRequests: TokenRequestRecord[] = [];
  const discoveryRequests: string[] = [];
  const clientSecrets = new Map<string, string>();
  const appRoles = new Map<string, string[]>();
  let url = '';
  let host = '';

  const issuer = (tenant: string): string =>
    `${url}/${['common', 'organizations', 'consumers'].includes(tenant) ? '{tenantid}' : tenant}/v2.0`;

  const sign = (
    payload: JWTPayload,
    key: CryptoKey,
    expiresInSeconds: number,
    notBeforeInSeconds = -60,
  ): Promise<string> => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      ...payload,
      iat: now,
      nbf: now + notBeforeInSeconds,
      exp: now + expiresInSeconds,
      uti: randomBytes(16).toString('base64url'),
    })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid })
      .sign(key);
  };

  const userPayload = (c: UserTokenClaims): JWTPayload => ({
    aud: c.aud,
    iss: c.issuer ?? issuer(c.tid),
    tid: c.tid,
    oid: c.oid,
    sub: createHash('sha256').update(`${c.oid}|${c.aud}`).digest('base64url').slice(0, 43),
    ver: '2.0',
    ...(c.name === undefined ? {} : { name: c.name }),
    ...(c.preferred_username === undefined ? {} : { preferred_username: c.preferred_username }),
    ...(c.scp === undefined ? {} : { scp: c.scp }),
    ...(c.azp === undefined ? {} : { azp: c.azp, azpacr: '0' }),
    ...c.extra,
  });

  const fake: FakeEntra = {
    get url() {
      return url;
    },
    get host() {
      return host;
    },
    kid,
    tokenRequests,
    discoveryRequests,
    clientSecrets,
    appRoles,
    consentedScopes: ['Mail.ReadWrite', 'Mail.Send', 'User.Read', 'User.ReadBasic.All'],
    mintUserToken: (claims) =>
      sign(userPayload(claims), privateKey, claims.expiresInSeconds ?? 3600, claims.notBeforeInSeconds),
    mintWithForeignKey: (claims) =>
      sign(userPayload(claims), foreign.privateKey, claims.expiresInSeconds ?? 3600, claims.notBeforeInSeconds),
    mintAppToken: (c) =>
      sign(
        {
          aud: c.aud,
          iss: issuer(c.tid),
          tid: c.tid,
          oid: guidFrom(c.clientId),
          sub: guidFrom(c.clientId),
          azp: c.clientId,
          azpacr: '1',
          idtyp: 'app',
          roles: c.roles ?? [],
          ver: '2.0',
        },
        privateKey,
        3600,
      ),
    mintBotFrameworkToken: (c, key = 'published') =>
      sign(
        { iss: BOT_FRAMEWORK_ISSUER, aud: c.appId, serviceurl: c.serviceUrl, ...c.extra },
        key === 'published' ? privateKey : foreign.privateKey,
        c.expiresInSeconds ?? 3600,
        c.notBeforeInSeconds,
      ),
    get botOpenIdMetadataUrl() {
      return `${url}/botframework.com/v1/.well-known/openidconfiguration`;
    },
    jwksUrl: (tenant) => `${url}/${tenant}/discovery/v2.0/keys`,
    issuer,
    openIdConfiguration: (tenant) => ({
      token_endpoint: `${url}/${tenant}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${url}/${tenant}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: issuer(tenant),
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${GRAPH_RESOURCE}/oidc/userinfo`,
      authorization_endpoint: `${url}/${tenant}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${url}/${tenant}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${url}/${tenant}/oauth2/v2.0/logout`,
      claims_supported: [
        'sub',
        'iss',
        'aud',
        'exp',
        'iat',
        'auth_time',
        'acr',
        'nonce',
        'preferred_username',
        'name',
        'tid',
        'ver',
        'at_hash',
        'c_hash',
        'email',
      ],
      tenant_region_scope: 'EU',
      cloud_instance_name: 'microsoftonline.com',
      cloud_graph_host_name: 'graph.windows.net',
      msgraph_host: 'graph.microsoft.com',
      rbac_url: 'https://pas.windows.net',
    }),
    msalAuthOptions: (tenant) => ({
      authority: `${url}/${tenant}`,
      knownAuthorities: [host],
      authorityMetadata: JSON.stringify(fake.openIdConfiguration(tenant)),
      cloudDiscoveryMetadata: JSON.stringify(instanceDiscovery()),
    }),
    verify: async (token) => (await jwtVerify(token, publicKey, { algorithms: ['RS256'] })).payload,
    close: () => server.close(),
  };

  const instanceDiscovery = (): Record<string, unknown> => ({
    tenant_discovery_endpoint: `${url}/common/v2.0/.well-known/openid-configuration`,
    'api-version': '1.1',
    metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
  });

  /** The error shape Entra answers with (AADSTS codes, trace and correlation ids). */
  const oauthError = (res: ServerResponse, status: number, error: string, code: number, description: string): void => {
    const traceId = randomUUID();
    const correlationId = randomUUID();
    const timestamp = new Date()
      .toISOString()
      .replace('T', ' ')
      .replace(/\.\d+Z$/, 'Z');
    sendJson(res, status, {
      error,
      error_description: `AADSTS${code}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `${url}/error?code=${code}`,
    });
  };

  const token = async (req: IncomingMessage, res: ServerResponse, tenant: string): Promise<void> => {
    const form = new URLSearchParams(await readBody(req));
    const grantType = form.get('grant_type') ?? '';
    const clientId = form.get('client_id') ?? '';
    const scope = form.get('scope') ?? '';
    const record: TokenRequestRecord = { tenant, grantType, clientId, scope, status: 200, at: Date.now() };
    tokenRequests.push(record);
    const fail = (status: number, error: string, code: number, description: string): void => {
      record.status = status;
      oauthError(res, status, error, code, description);
    };
    if (!clientId)
      return fail(
        400,
        'invalid_request',
        900144,
        "The request body must contain the following parameter: 'client_id'.",
      );
    const expectedSecret = clientSecrets.get(clientId);
    if (expectedSecret !== undefined && form.get('client_secret') !== expectedSecret) {
      return fail(401, 'invalid_client', 7000215, 'Invalid client secret provided.');
    }
    const requested = scope.split(' ').filter((s) => s && !OIDC_SCOPES.has(s));
    const resource = splitScope(requested[0] ?? `${GRAPH_RESOURCE}/.default`).resource;
    const expiresIn = 3599;

    if (grantType === 'client_credentials') {
      if (requested.length !== 1 || !requested[0]?.endsWith('/.default')) {
        return fail(
          400,
          'invalid_scope',
          1002012,
          `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
        );
      }
      const accessToken = await sign(
        {
          aud: resource,
          iss: issuer(tenant),
          tid: tenant,
          oid: guidFrom(clientId),
          sub: guidFrom(clientId),
          azp: clientId,
          azpacr: '1',
          idtyp: 'app',
          roles: appRoles.get(clientId) ?? [],
          ver: '2.0',
        },
        privateKey,
        expiresIn,
      );
      sendJson(res, 200, {
        token_type: 'Bearer',
        expires_in: expiresIn,
        ext_expires_in: expiresIn,
        access_token: accessToken,
      });
      return;
    }

    if (grantType === JWT_BEARER && form.get('requested_token_use') === 'on_behalf_of') {
      let user: JWTPayload;
      try {
        user = (await jwtVerify(form.get('assertion') ?? '', publicKey, { algorithms: ['RS256'] })).payload;
      } catch (error) {
        if (error instanceof errors.JWTExpired)
          return fail(400, 'invalid_grant', 500133, 'Assertion is not within its valid time range.');
        return fail(
          400,
          'invalid_grant',
          50013,
          `Assertion failed signature validation. [Reason - ${error instanceof Error ? error.message : String(error)}]`,
        );
      }
      const audiences = Array.isArray(user.aud) ? user.aud : [user.aud];
      if (!audiences.includes(clientId) && !audiences.some((a) => a?.endsWith(`/${clientId}`))) {
        return fail(
          400,
          'invalid_grant',
          50013,
          `Assertion audience does not match the Client app presenting the assertion. The audience in the assertion was '${String(user.aud)}' and the expected audience is '${clientId}'.`,
        );
      }
      record.assertionSubject = String(user.sub);
      record.assertionOid = String(user['oid']);
      const names = requested
        .map((s) => splitScope(s).name)
        .flatMap((n) => (n === '.default' ? fake.consentedScopes : [n]));
      const tid = String(user['tid']);
      const accessToken = await sign(
        {
          aud: resource,
          iss: issuer(tid),
          tid,
          oid: user['oid'],
          sub: user.sub,
          ...(user['name'] === undefined ? {} : { name: user['name'] }),
          ...(user['preferred_username'] === undefined ? {} : { preferred_username: user['preferred_username'] }),
          azp: clientId,
          azpacr: '1',
          scp: [...new Set(names)].join(' '),
          ver: '2.0',
        },
        privateKey,
        expiresIn,
      );
      sendJson(res, 200, {
        token_type: 'Bearer',
        scope: requested.join(' '),
        expires_in: expiresIn,
        ext_expires_in: expiresIn,
        access_token: accessToken,
      });
      return;
    }
    fail(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grantType}'.`);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const segments = pathSegments(req.url);
    const path = segments.join('/');
    const tenant = segments[0] ?? '';
    if (req.method === 'GET') discoveryRequests.push(req.url ?? '');
    if (req.method === 'GET' && path === `${tenant}/v2.0/.well-known/openid-configuration`) {
      sendJson(res, 200, fake.openIdConfiguration(tenant));
    } else if (req.method === 'GET' && path === 'botframework.com/v1/.well-known/openidconfiguration') {
      // Bot Framework's document names the issuer its tokens carry and where its keys are.
      sendJson(res, 200, {
        issuer: BOT_FRAMEWORK_ISSUER,
        jwks_uri: `${url}/botframework.com/discovery/v2.0/keys`,
        id_token_signing_alg_values_supported: ['RS256'],
      });
    } else if (req.method === 'GET' && path === 'common/discovery/instance') {
      sendJson(res, 200, instanceDiscovery());
    } else if (req.method === 'GET' && path === `${tenant}/discovery/v2.0/keys`) {
      // Bot Framework's keys say which channels they sign for (`endorsements`).
      const endorsed =
        tenant === 'botframework.com' ? { endorsements: ['msteams', 'webchat'] } : { issuer: issuer(tenant) };
      sendJson(res, 200, { keys: [{ ...publicJwk, kid, use: 'sig', ...endorsed }] });
    } else if (req.method === 'POST' && path === `${tenant}/oauth2/v2.0/token`) {
      await token(req, res, tenant);
    } else {
      sendJson(res, 404, { error: 'not_found', error_description: `No route for ${req.method} ${req.url}` });
    }
  };

  const server = await listen(handle, true);
  host = `127.0.0.1:${server.port}`;
  url = `https://${host}`;
  return fake;
}

/**
 * Who is calling the REST API. With an app registration: an Entra ID token from Office or Teams
 * single sign-on, verified (signature, issuer, audience, tenant, validity, and a person's
 * delegated `access_as_user` token, never an app-only one). In local mode only: a local token
 * naming the tenant and user, so the add-in and tab can be tried without Entra ID — refused
 * whenever the server is not in local mode.
 */
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import type { Caller } from '../app/ports.js';
import { LOCAL_TOKEN_PREFIX } from './client.js';
import { HttpError } from './http-json.js';

export type TokenVerifier = (token: string) => Promise<{ tenantId: string; userId: string; name: string }>;

/** A local-mode token's claims (development only; built by `localToken` in client.ts). */
const localClaims = z
  .object({ tid: z.string().min(1).max(64), oid: z.string().min(1).max(64), name: z.string().min(1).max(200) })
  .strict();

export function createApiAuthenticator(verify: TokenVerifier | undefined): (req: IncomingMessage) => Promise<Caller> {
  return async (req) => {
    const header = req.headers.authorization ?? '';
    const token = /^Bearer (.+)$/.exec(header)?.[1];
    if (!token) throw new HttpError(401, 'AUTH.MISSING', 'Sign in first: the request has no bearer token.');
    if (!verify) return fromLocalToken(token);
    if (token.startsWith(LOCAL_TOKEN_PREFIX))
      throw new HttpError(
        401,
        'AUTH.LOCAL_TOKEN_REFUSED',
        'Local tokens are accepted only when the server runs in local mode.',
      );
    try {
      const user = await verify(token);
      return { tenantId: user.tenantId, userId: user.userId, name: user.name };
    } catch (error) {
      throw new HttpError(401, ...refusalOf(error));
    }
  };
}

/**
 * Why a token was refused, for the caller: the verifier's own code and message when it says
 * (an app-only token, a missing scope), else a generic one. Never the token's contents.
 */
function refusalOf(error: unknown): [code: string, message: string] {
  const e = error as { code?: unknown; message?: unknown } | undefined;
  if (typeof e?.code === 'string' && /^AUTH\.[A-Z_]+$/.test(e.code) && typeof e.message === 'string')
    return [e.code, e.message];
  return [
    'AUTH.INVALID_TOKEN',
    'The sign-in token is not valid here (expired, for another app, or not from Entra ID).',
  ];
}

function fromLocalToken(token: string): Caller {
  if (!token.startsWith(LOCAL_TOKEN_PREFIX))
    throw new HttpError(401, 'AUTH.INVALID_TOKEN', 'In local mode the API takes a local token (see the README).');
  try {
    const claims = localClaims.parse(
      JSON.parse(Buffer.from(token.slice(LOCAL_TOKEN_PREFIX.length), 'base64url').toString('utf8')),
    );
    return { tenantId: claims.tid, userId: claims.oid, name: claims.name };
  } catch {
    throw new HttpError(401, 'AUTH.INVALID_TOKEN', 'The local token is malformed.');
  }
}

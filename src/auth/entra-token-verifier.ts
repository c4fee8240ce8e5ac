/**
 * Checks a user's Entra ID token (Teams or Office single sign-on) against Entra's published
 * signing keys: signature (RS256 only), issuer of the token's own tenant (v2.0), audience (our
 * app), expiry, and the tenant and user claims we scope every record by.
 */
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';

export interface EntraVerifierOptions {
  readonly clientId: string;
  /** Also accepted as audience, e.g. api://example.org/<client id> from the app registration. */
  readonly applicationIdUri?: string | undefined;
  readonly authorityHost: string;
  /** Restricts sign-in to these tenants; empty: any tenant (a multi-tenant app). */
  readonly allowedTenants?: readonly string[] | undefined;
}

export interface VerifiedUser {
  readonly tenantId: string;
  readonly userId: string;
  readonly name: string;
  readonly username?: string | undefined;
}

export class TokenRejectedError extends Error {
  override readonly name = 'TokenRejectedError';
}

export function createEntraTokenVerifier(options: EntraVerifierOptions): (token: string) => Promise<VerifiedUser> {
  // Entra publishes one key set for all tenants; the issuer check ties a token to its tenant.
  const keys: JWTVerifyGetKey = createRemoteJWKSet(new URL(`${options.authorityHost}/common/discovery/v2.0/keys`));
  const audience = [options.clientId, `api://${options.clientId}`, ...(options.applicationIdUri ? [options.applicationIdUri] : [])];
  return async (token) => {
    const tid = unverifiedTenant(token);
    try {
      const { payload } = await jwtVerify(token, keys, { algorithms: ['RS256'], audience, issuer: `https://login.microsoftonline.com/${tid}/v2.0`, requiredClaims: ['tid', 'oid', 'exp'] });
      if (payload.tid !== tid) throw new TokenRejectedError('tenant does not match issuer');
      if (options.allowedTenants?.length && !options.allowedTenants.includes(tid)) throw new TokenRejectedError('tenant not allowed');
      return { tenantId: tid, userId: String(payload.oid), name: String(payload.name ?? 'Colleague'), username: typeof payload.preferred_username === 'string' ? payload.preferred_username : undefined };
    } catch (error) {
      throw error instanceof TokenRejectedError ? error : new TokenRejectedError('token rejected', { cause: error });
    }
  };
}

/** The tenant a token claims, to pick the issuer to check against (verified by jwtVerify after). */
function unverifiedTenant(token: string): string {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { tid?: unknown };
    if (typeof payload.tid === 'string' && /^[0-9a-f-]{36}$/i.test(payload.tid)) return payload.tid;
  } catch {
    // fall through
  }
  throw new TokenRejectedError('token has no tenant');
}

/**
 * Checks a user's Entra ID token (Teams or Office single sign-on) against Entra's published
 * signing keys: signature (RS256 only), issuer of the token's own tenant (v2.0) on the configured
 * authority host (national clouds issue from their own host), audience (our app), validity
 * window, and that it is a *delegated* token — a signed-in user who consented to our
 * `access_as_user` scope. App-only tokens (client credentials: `idtyp: app`, `roles` and no
 * `scp`) name no person and are refused, whatever roles they carry.
 */
import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';

export interface EntraVerifierOptions {
  readonly clientId: string;
  /** Also accepted as audience, e.g. api://example.org/<client id> from the app registration. */
  readonly applicationIdUri?: string | undefined;
  /** https://login.microsoftonline.com in the public cloud; the issuer host too. */
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

/** The scope Office and Teams single sign-on ask for (the app registration's "Expose an API"). */
export const USER_SCOPE = 'access_as_user';
/** How far apart our clock and Entra's may be (seconds) for `nbf` and `exp`. */
export const CLOCK_SKEW_SECONDS = 300;

export type TokenRejection = 'AUTH.INVALID_TOKEN' | 'AUTH.APP_TOKEN_REFUSED' | 'AUTH.SCOPE_MISSING';

/** `message` is written for the caller: it never repeats the token's contents. */
export class TokenRejectedError extends Error {
  override readonly name = 'TokenRejectedError';
  constructor(
    readonly code: TokenRejection,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

const INVALID = 'The sign-in token is not valid here (expired, for another app, or not from Entra ID).';

export function createEntraTokenVerifier(options: EntraVerifierOptions): (token: string) => Promise<VerifiedUser> {
  const host = new URL(options.authorityHost).origin;
  // Entra publishes one key set for all tenants; the issuer check ties a token to its tenant.
  const keys: JWTVerifyGetKey = createRemoteJWKSet(new URL(`${host}/common/discovery/v2.0/keys`));
  const audience = [
    options.clientId,
    `api://${options.clientId}`,
    ...(options.applicationIdUri ? [options.applicationIdUri] : []),
  ];
  return async (token) => {
    const tid = unverifiedTenant(token);
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        algorithms: ['RS256'],
        audience,
        issuer: `${host}/${tid}/v2.0`,
        requiredClaims: ['tid', 'oid', 'exp'],
        clockTolerance: CLOCK_SKEW_SECONDS,
      }));
    } catch (error) {
      throw new TokenRejectedError('AUTH.INVALID_TOKEN', INVALID, { cause: error });
    }
    if (payload.tid !== tid) throw new TokenRejectedError('AUTH.INVALID_TOKEN', INVALID);
    if (options.allowedTenants?.length && !options.allowedTenants.includes(tid))
      throw new TokenRejectedError('AUTH.INVALID_TOKEN', INVALID);
    assertDelegatedUser(payload);
    return {
      tenantId: tid,
      userId: String(payload.oid),
      name: typeof payload.name === 'string' ? payload.name : 'Colleague',
      username: typeof payload.preferred_username === 'string' ? payload.preferred_username : undefined,
    };
  };
}

/** A person signed in and consented to `access_as_user`; an application acting for itself never passes. */
function assertDelegatedUser(payload: JWTPayload): void {
  if (payload.idtyp === 'app' || (payload.scp === undefined && payload.roles !== undefined)) {
    throw new TokenRejectedError(
      'AUTH.APP_TOKEN_REFUSED',
      "This API takes a signed-in person's token (Office or Teams single sign-on); application tokens are refused.",
    );
  }
  if (typeof payload.scp !== 'string' || !payload.scp.split(' ').includes(USER_SCOPE)) {
    throw new TokenRejectedError(
      'AUTH.SCOPE_MISSING',
      `The sign-in token was not issued for this app's "${USER_SCOPE}" scope.`,
    );
  }
}

/** The tenant a token claims, to pick the issuer to check against (verified by jwtVerify after). */
function unverifiedTenant(token: string): string {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      tid?: unknown;
    };
    if (typeof payload.tid === 'string' && /^[0-9a-f-]{36}$/i.test(payload.tid)) return payload.tid;
  } catch {
    // fall through
  }
  throw new TokenRejectedError('AUTH.INVALID_TOKEN', INVALID);
}

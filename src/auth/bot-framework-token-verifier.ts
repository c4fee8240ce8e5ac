/**
 * Checks the token Bot Framework's channel (Teams) sends with every activity, the way
 * botbuilder's channel validation does — issuer api.botframework.com, audience our app id,
 * RS256 signature by a key from Bot Framework's OpenID metadata that is endorsed for the
 * activity's channel, validity window (5 minutes of clock skew), and the `serviceurl` claim
 * equal to the activity's serviceUrl — with two differences that keep bad tokens cheap:
 *
 * - checks that need no keys come first (header, algorithm, issuer, audience, times), so most
 *   forgeries are refused without any network call;
 * - the metadata and keys are fetched once and kept (refreshed daily, or when an unknown key id
 *   arrives, at most every few minutes); a failed refresh keeps the last good keys. Only while
 *   they have never been fetched is a token that passed the first checks answered "unavailable".
 */
import { decodeJwt, decodeProtectedHeader, importJWK, jwtVerify, type JWK, type JWTPayload } from 'jose';

export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';
const CLOCK_SKEW_SECONDS = 300;
const KEYS_MAX_AGE_MS = 24 * 60 * 60 * 1000;
/** Unknown key id or unreachable service: not asked again sooner than this. */
const RETRY_AFTER_MS = 5 * 60 * 1000;
const UNREACHABLE_RETRY_MS = 10 * 1000;
const FETCH_TIMEOUT_MS = 5000;

export type ChannelTokenVerdict =
  | { readonly kind: 'valid'; readonly claims: JWTPayload }
  /** `reason` names the check that failed (for the log); it never carries the token's contents. */
  | { readonly kind: 'rejected'; readonly reason: string }
  | { readonly kind: 'unavailable' };

export interface BotFrameworkVerifierOptions {
  readonly appId: string;
  readonly metadataUrl: string;
  readonly now?: (() => number) | undefined;
}

export type ChannelTokenVerifier = (
  authorization: string | undefined,
  activity: { readonly serviceUrl: string; readonly channelId?: string | undefined },
) => Promise<ChannelTokenVerdict>;

type BotKey = JWK & { readonly kid: string; readonly endorsements?: unknown };

export function createBotFrameworkTokenVerifier(options: BotFrameworkVerifierOptions): ChannelTokenVerifier {
  const now = options.now ?? Date.now;
  const keys = keyCache(options.metadataUrl, now);
  return async (authorization, activity) => {
    const token = /^Bearer ([\w-]+\.[\w-]+\.[\w-]*)$/.exec(authorization ?? '')?.[1];
    if (!token) return rejected('no bearer JWT');
    const problem = precheck(token, options.appId, activity.serviceUrl, now() / 1000);
    if (problem) return rejected(problem);
    const { kid } = decodeProtectedHeader(token);
    const found = await keys.find(String(kid));
    if (found.kind === 'unavailable') return found;
    if (!found.key) return rejected('unknown signing key');
    if (!endorsed(found.key, activity.channelId)) return rejected('key not endorsed for this channel');
    try {
      const { payload } = await jwtVerify(token, await importJWK(found.key, 'RS256'), {
        algorithms: ['RS256'],
        issuer: BOT_FRAMEWORK_ISSUER,
        audience: options.appId,
        clockTolerance: CLOCK_SKEW_SECONDS,
        requiredClaims: ['exp'],
        currentDate: new Date(now()),
      });
      return { kind: 'valid', claims: payload };
    } catch {
      return rejected('signature or claims');
    }
  };
}

const rejected = (reason: string): ChannelTokenVerdict => ({ kind: 'rejected', reason });

/** Everything that can be checked without keys; the reason, or undefined when the token may be genuine. */
function precheck(token: string, appId: string, serviceUrl: string, nowSeconds: number): string | undefined {
  let header: ReturnType<typeof decodeProtectedHeader>;
  let claims: JWTPayload;
  try {
    header = decodeProtectedHeader(token);
    claims = decodeJwt(token);
  } catch {
    return 'not a JWT';
  }
  if (header.alg !== 'RS256') return 'algorithm is not RS256';
  if (typeof header.kid !== 'string' || !header.kid) return 'no key id';
  if (claims.iss !== BOT_FRAMEWORK_ISSUER) return 'issuer is not Bot Framework';
  if (!(Array.isArray(claims.aud) ? claims.aud : [claims.aud]).includes(appId)) return 'audience is not this bot';
  if (typeof claims.exp !== 'number' || claims.exp < nowSeconds - CLOCK_SKEW_SECONDS) return 'expired';
  if (typeof claims.nbf === 'number' && claims.nbf > nowSeconds + CLOCK_SKEW_SECONDS) return 'not valid yet';
  if (claims['serviceurl'] !== serviceUrl) return 'serviceUrl does not match the token';
  return undefined;
}

/** A key that lists channels signs only for those (Bot Framework's `endorsements`). */
function endorsed(key: BotKey, channelId: string | undefined): boolean {
  const endorsements = key.endorsements;
  if (!Array.isArray(endorsements) || endorsements.length === 0) return true;
  return channelId !== undefined && endorsements.includes(channelId);
}

interface KeyLookup {
  find(kid: string): Promise<{ kind: 'available'; key: BotKey | undefined } | { kind: 'unavailable' }>;
}

function keyCache(metadataUrl: string, now: () => number): KeyLookup {
  let keys: BotKey[] | undefined;
  let fetchedAt = 0;
  let attemptedAt = Number.NEGATIVE_INFINITY;
  let inFlight: Promise<void> | undefined;

  const refresh = (): Promise<void> =>
    (inFlight ??= (async () => {
      attemptedAt = now();
      try {
        keys = await fetchKeys(metadataUrl);
        fetchedAt = now();
      } catch {
        // Unreachable or malformed: keep the last good keys; callers see "unavailable" only if there are none.
      } finally {
        inFlight = undefined;
      }
    })());

  return {
    async find(kid) {
      const sinceAttempt = now() - attemptedAt;
      const stale = !keys || now() - fetchedAt > KEYS_MAX_AGE_MS;
      if (stale && sinceAttempt > (keys ? RETRY_AFTER_MS : UNREACHABLE_RETRY_MS)) await refresh();
      else if (inFlight) await inFlight;
      if (!keys) return { kind: 'unavailable' };
      let key = keys.find((k) => k.kid === kid);
      if (!key && now() - attemptedAt > RETRY_AFTER_MS) {
        await refresh(); // Bot Framework rolled its keys
        key = keys.find((k) => k.kid === kid);
      }
      return { kind: 'available', key };
    },
  };
}

async function fetchKeys(metadataUrl: string): Promise<BotKey[]> {
  const metadata = (await getJson(metadataUrl)) as { jwks_uri?: unknown };
  if (typeof metadata.jwks_uri !== 'string') throw new Error('metadata without jwks_uri');
  const set = (await getJson(metadata.jwks_uri)) as { keys?: unknown };
  if (!Array.isArray(set.keys)) throw new Error('key set without keys');
  return set.keys.filter(
    (k): k is BotKey =>
      typeof k === 'object' && k !== null && typeof (k as BotKey).kid === 'string' && (k as BotKey).kty === 'RSA',
  );
}

async function getJson(url: string): Promise<unknown> {
  const response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.json();
}

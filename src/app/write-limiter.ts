/**
 * How often one person may write (REST POST/PUT/PATCH/DELETE, bot messages and card actions):
 * a token bucket per tenant and user, in this process's memory. `burst` writes may come at once;
 * the bucket then refills at `perMinute`. A refused write says when the next one will be taken.
 *
 * Each server instance keeps its own buckets, so behind a load balancer with N instances a
 * person may write up to N times the limit; the limit is a brake on floods (a script posting
 * "send anyway" justifications, a stuck client), not an exact quota.
 *
 * @example
 * const limiter = createWriteLimiter({ perMinute: 60, burst: 20 }, () => Date.now());
 * const verdict = limiter.take({ tenantId: 't', userId: 'u' });
 * if (verdict.kind === 'refused') answer429(verdict.retryAfterSeconds);
 */
import type { Caller } from './ports.js';

export interface WriteLimit {
  readonly perMinute: number;
  readonly burst: number;
}

export type WriteVerdict =
  { readonly kind: 'allowed' } | { readonly kind: 'refused'; readonly retryAfterSeconds: number };

export interface WriteLimiter {
  take(who: Pick<Caller, 'tenantId' | 'userId'>): WriteVerdict;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** Buckets remembered at most; the longest-untouched are forgotten first (a full bucket loses nothing). */
const MAX_BUCKETS = 50_000;
const ALLOWED: WriteVerdict = { kind: 'allowed' };

/** `now` in milliseconds; `perMinute: 0` turns the limit off. */
export function createWriteLimiter(limit: WriteLimit, now: () => number): WriteLimiter {
  const buckets = new Map<string, Bucket>();
  const perMs = limit.perMinute / 60_000;
  return {
    take(who) {
      if (limit.perMinute <= 0) return ALLOWED;
      const key = `${who.tenantId}\u0000${who.userId}`;
      const at = now();
      const previous = buckets.get(key);
      const tokens = previous ? Math.min(limit.burst, previous.tokens + (at - previous.at) * perMs) : limit.burst;
      buckets.delete(key); // re-inserted last: Map order is then least recently used first
      if (buckets.size >= MAX_BUCKETS) buckets.delete(buckets.keys().next().value as string);
      if (tokens >= 1) {
        buckets.set(key, { tokens: tokens - 1, at });
        return ALLOWED;
      }
      buckets.set(key, { tokens, at });
      return { kind: 'refused', retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / perMs / 1000)) };
    },
  };
}

/**
 * The write limiter's arithmetic, with the clock as an input: a burst at once, then the refill
 * rate, a Retry-After that is honest, and one person's bucket never touching another's.
 */
import { createWriteLimiter } from '../../../src/app/write-limiter.js';

const sam = { tenantId: 't1', userId: 'sam' };
const tess = { tenantId: 't1', userId: 'tess' };

test('a burst goes through at once; the next write waits for the refill and is told how long', () => {
  let now = 0;
  const limiter = createWriteLimiter({ perMinute: 60, burst: 20 }, () => now);
  const verdicts = Array.from({ length: 21 }, () => limiter.take(sam).kind);
  expect(verdicts.filter((v) => v === 'allowed')).toHaveLength(20);
  expect(limiter.take(sam)).toEqual({ kind: 'refused', retryAfterSeconds: 1 });
  now += 1000; // one write a second at 60 a minute
  expect(limiter.take(sam).kind).toBe('allowed');
  expect(limiter.take(sam).kind).toBe('refused');
  now += 60_000; // a quiet minute refills up to the burst, not beyond
  expect(Array.from({ length: 25 }, () => limiter.take(sam).kind).filter((v) => v === 'allowed')).toHaveLength(20);
});

test('slow limits give a longer Retry-After; other people and other organisations are unaffected', () => {
  const limiter = createWriteLimiter({ perMinute: 2, burst: 1 }, () => 0);
  expect(limiter.take(sam).kind).toBe('allowed');
  expect(limiter.take(sam)).toEqual({ kind: 'refused', retryAfterSeconds: 30 });
  expect(limiter.take(tess).kind).toBe('allowed');
  expect(limiter.take({ tenantId: 't2', userId: 'sam' }).kind).toBe('allowed');
});

test('0 a minute turns the limit off', () => {
  const limiter = createWriteLimiter({ perMinute: 0, burst: 1 }, () => 0);
  expect(Array.from({ length: 100 }, () => limiter.take(sam).kind)).toEqual(Array(100).fill('allowed'));
});

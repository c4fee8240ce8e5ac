/**
 * Recognising PostgreSQL's expected refusals (by SQLSTATE, the same on a server and on PGlite),
 * so an adapter can turn them into the domain's errors instead of a 500.
 */

/** 23505: an insert or update hit a unique constraint. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

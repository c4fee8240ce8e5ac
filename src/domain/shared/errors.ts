/**
 * The product's error tree. Every expected failure has a stable `code` (shown to users and
 * mapped to 4xx at the HTTP edge) and always keeps its `cause`.
 */
export abstract class SafeguardingError extends Error {
  abstract readonly code: string;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(message: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.details = Object.freeze({ ...details });
  }
}

/** Input that fails a schema or a business precondition. */
export class ValidationError extends SafeguardingError {
  readonly code = 'VALIDATION.INVALID';
}

/** A protocol pack that does not match the pack format. */
export class PackError extends SafeguardingError {
  readonly code = 'PACK.INVALID';
}

/** A record that does not exist for this tenant (never says whether it exists elsewhere). */
export class NotFoundError extends SafeguardingError {
  readonly code = 'RECORD.NOT_FOUND';
}

/** A transition the state machine does not allow from the current state. */
export class TransitionError extends SafeguardingError {
  readonly code = 'ESCALATION.INVALID_TRANSITION';
}

/** Someone else changed the record first (optimistic concurrency). */
export class ConflictError extends SafeguardingError {
  readonly code = 'RECORD.CONFLICT';
}

/** The embedded database folder is held by another process. */
export class DataFolderLockedError extends SafeguardingError {
  readonly code = 'DATABASE.LOCKED';
}

/** A service the request needs is not configured or not reachable (e.g. Graph in local mode). */
export class ServiceUnavailableError extends SafeguardingError {
  readonly code = 'SERVICE.UNAVAILABLE';
}

/** The caller may not do this (e.g. act on a reminder card addressed to someone else). */
export class ForbiddenError extends SafeguardingError {
  readonly code = 'ACCESS.FORBIDDEN';
}

/**
 * The database did not answer: a lost or refused connection, a timeout, a server shutting down.
 * `outcome` says whether the change asked for may have been saved anyway (the connection was lost
 * while a commit or a single-statement write was under way), so nobody is told "nothing was
 * changed" when that is not known.
 */
export class DatabaseUnavailableError extends SafeguardingError {
  readonly code = 'DATABASE.UNAVAILABLE';
}

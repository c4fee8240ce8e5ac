/**
 * How far reminder delivery is behind, for /readyz: the pending reminders already past due, and
 * how long the oldest of them has waited. A sweeper that stopped, or cannot keep up, shows here
 * before anyone misses a reminder. Across organisations (an operator's figure, no case data).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';

export interface OutboxLag {
  /** Pending reminders whose time has come. */
  readonly due: number;
  /** Seconds since the oldest of them fell due; 0 when none is due. */
  readonly oldestDueSeconds: number;
}

/** Uses the partial index on pending reminders by due time (reminders_due). */
export function postgresOutboxLag(db: Kysely<Database>): (now: Date) => Promise<OutboxLag> {
  return async (now) => {
    const { rows } = await sql<{ due: string; oldest: Date | string | null }>`
      SELECT count(*) AS due, min(due_at) AS oldest FROM reminders WHERE status = 'pending' AND due_at <= ${now}`.execute(
      db,
    );
    const row = rows[0];
    const oldest = row?.oldest ? new Date(row.oldest).getTime() : undefined;
    return {
      due: Number(row?.due ?? 0),
      oldestDueSeconds: oldest === undefined ? 0 : Math.max(0, Math.round((now.getTime() - oldest) / 1000)),
    };
  };
}

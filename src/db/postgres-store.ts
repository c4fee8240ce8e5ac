/**
 * The Store port on PostgreSQL (PGlite embedded, or a server): one Kysely instance, the same SQL.
 */
import type { Kysely } from 'kysely';
import type { Store } from '../app/ports.js';
import { telemetry } from '../app/telemetry.js';
import { postgresAccessLog } from './postgres-access-log.js';
import { postgresBoardReports } from './postgres-board-reports.js';
import { postgresDirectory } from './postgres-directory.js';
import { postgresDecisionLog } from './postgres-decision-log.js';
import { postgresEscalationRecords } from './postgres-escalation-records.js';
import { postgresEscalationThemes } from './postgres-escalation-themes.js';
import { postgresEscalations } from './postgres-escalations.js';
import { postgresGovernance } from './postgres-governance.js';
import { postgresMyWork } from './postgres-my-work.js';
import { postgresRecords } from './postgres-records.js';
import { postgresReminders } from './postgres-reminders.js';
import type { Database } from './schema.js';

/**
 * @example const store = createPostgresStore(handle.db)
 */
export function createPostgresStore(db: Kysely<Database>): Store {
  // Inside a transaction every query must use it: PGlite has a single session, and waiting for
  // a second connection while holding a transaction would hang.
  const inTransaction = <T>(work: (db: Kysely<Database>) => Promise<T>): Promise<T> =>
    db.isTransaction ? work(db) : telemetry.span('db transaction', {}, () => db.transaction().execute(work));
  return {
    inTransaction: (work) => inTransaction((trx) => work(createPostgresStore(trx))),
    ...postgresRecords(db),
    ...postgresDirectory(db),
    ...postgresAccessLog(db),
    ...postgresDecisionLog(db, inTransaction),
    ...postgresEscalations(db, inTransaction),
    ...postgresEscalationRecords(db),
    ...postgresEscalationThemes(db),
    ...postgresReminders(db, inTransaction),
    ...postgresBoardReports(db),
    ...postgresGovernance(db),
    ...postgresMyWork(db),
  };
}

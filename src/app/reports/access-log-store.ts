/** The append-only access log (information governance). A port of the Store (src/app/ports.ts), beside the use cases that need it. */
import type { AccessLogEntry } from '../ports.js';

export interface AccessLogStore {
  appendAccessLog(entry: AccessLogEntry): Promise<void>;
  /** Newest first, at most `limit`; only the person's when `personId` is given. */
  listAccessLog(tenantId: string, filter: { personId?: string | undefined; limit: number }): Promise<AccessLogEntry[]>;
}

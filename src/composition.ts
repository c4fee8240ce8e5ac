/**
 * Opens the app: the packs, the decision-log key, the database and the use cases' dependencies on
 * it. Part of the composition root (src/main.ts owns it): the server's main.ts and the `safeguard`
 * CLI both open the app here, so both run the same rules on the same store; nothing else wires
 * adapters.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { DEFAULT_LOOKUP_TTL_MS, withCachedLookups } from './app/cached-lookups.js';
import { sealLegacyDecisionLogs } from './app/sharing/decision-log.js';
import type { AppDeps, DecisionAnchor } from './app/ports.js';
import { createSenderDetectors } from './app/sharing/sender-detectors.js';
import { createUkCalendar } from './calendar/date-holidays-source.js';
import type { Config, DecisionLogConfig } from './config.js';
import { decodeDecisionLogKey, loadOrCreateKeyFile } from './crypto/decision-log-key.js';
import { fileDecisionAnchor } from './crypto/file-decision-anchor.js';
import { nodeHmacSha256 } from './crypto/node-hmac.js';
import { nodeSha256 } from './crypto/node-sha256.js';
import { openDatabase, type DatabaseHandle, type DatabaseTimeouts } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { createPostgresStore } from './db/postgres-store.js';
import type { Database } from './db/schema.js';
import type { WorkingDayCalendar } from './domain/calendar/working-day-calendar.js';
import type { ProtocolPack } from './domain/protocol/pack-schema.js';
import type { Clock } from './domain/shared/time.js';
import { loadPacks, type PackRegistry } from './packs/pack-registry.js';

export const systemClock: Clock = { now: () => new Date() };

export interface AppHandle {
  readonly deps: AppDeps;
  readonly packs: PackRegistry;
  readonly database: DatabaseHandle<Database>;
  close(): Promise<void>;
}

/** The calendar of a pack: its nation's bank holidays, its closure days and its working hours. */
export function calendarForPack(): (pack: ProtocolPack) => WorkingDayCalendar {
  const calendars = new Map<string, WorkingDayCalendar>();
  return (pack) => {
    let calendar = calendars.get(pack.id);
    if (!calendar) {
      const { start, end, closureDays } = pack.workingDay;
      calendar = createUkCalendar(pack.nation, { closureDays, workingDayStart: start, workingDayEnd: end });
      calendars.set(pack.id, calendar);
    }
    return calendar;
  };
}

/** The decision log's key and anchor, as opened from the configuration. */
export interface DecisionLogIntegrity {
  readonly key: Uint8Array;
  readonly anchor?: DecisionAnchor | undefined;
}

/**
 * `integrity` defaults to a random key and no anchor: right for tests and benchmarks, whose
 * databases live no longer than the process. `openApp` always passes the configured key.
 */
export function buildDeps(
  db: Kysely<Database>,
  packs: PackRegistry,
  clock: Clock = systemClock,
  integrity: DecisionLogIntegrity = { key: randomBytes(32) },
): AppDeps {
  return {
    store: withCachedLookups(createPostgresStore(db), { ttlMs: DEFAULT_LOOKUP_TTL_MS, now: () => performance.now() }),
    packs,
    calendarFor: calendarForPack(),
    clock,
    newId: randomUUID,
    sha256: nodeSha256,
    decisionMac: nodeHmacSha256(integrity.key),
    decisionAnchor: integrity.anchor,
    senderDetectors: createSenderDetectors(),
  };
}

export async function openDecisionLogIntegrity(config: DecisionLogConfig): Promise<DecisionLogIntegrity> {
  const key =
    config.key.kind === 'value'
      ? decodeDecisionLogKey(config.key.base64, 'SAFEGUARD_DECISION_LOG_KEY')
      : await loadOrCreateKeyFile(config.key.path);
  return { key, anchor: config.anchorFile ? fileDecisionAnchor(config.anchorFile) : undefined };
}

/**
 * Loads the packs and the decision-log key, opens and migrates the database, seals decision logs
 * written before keyed chaining, and builds the use cases' dependencies. `timeouts` bound a
 * serving process's database (see DatabaseTimeouts); the CLI runs without.
 */
export async function openApp(
  config: Pick<Config, 'extraPackDirs' | 'database' | 'decisionLog'>,
  timeouts?: DatabaseTimeouts,
): Promise<AppHandle> {
  const packs = await loadPacks({ extraDirs: config.extraPackDirs });
  const integrity = await openDecisionLogIntegrity(config.decisionLog);
  if (timeouts && config.database.kind === 'server') await migrateUnbounded(config.database);
  const database = await openDatabase<Database>(config.database, { timeouts });
  try {
    await migrateToLatest(database.db); // a no-op when migrateUnbounded has run
    const deps = buildDeps(database.db, packs, systemClock, integrity);
    await sealLegacyDecisionLogs(deps);
    return { deps, packs, database, close: () => database.close() };
  } catch (error) {
    await database.close();
    throw error;
  }
}

/** A migration may rightly take longer than a request's statement timeout: run it on a pool of its own. */
async function migrateUnbounded(target: Config['database']): Promise<void> {
  const database = await openDatabase<Database>(target);
  try {
    await migrateToLatest(database.db);
  } finally {
    await database.close();
  }
}

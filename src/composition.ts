/**
 * Wires adapters to the use cases. Shared by the server (`main.ts`) and the CLI, so both run the
 * same rules on the same store.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AppDeps } from './app/ports.js';
import { createUkCalendar } from './calendar/date-holidays-source.js';
import type { Config } from './config.js';
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

export function buildDeps(db: Kysely<Database>, packs: PackRegistry, clock: Clock = systemClock): AppDeps {
  return { store: createPostgresStore(db), packs, calendarFor: calendarForPack(), clock, newId: randomUUID, sha256: nodeSha256 };
}

/**
 * Loads the packs, opens and migrates the database, and builds the use cases' dependencies.
 * `timeouts` bound a serving process's database (see DatabaseTimeouts); the CLI runs without.
 */
export async function openApp(config: Config, timeouts?: DatabaseTimeouts): Promise<AppHandle> {
  const packs = await loadPacks({ extraDirs: config.extraPackDirs });
  if (timeouts && config.database.kind === 'server') await migrateUnbounded(config.database);
  const database = await openDatabase<Database>(config.database, { timeouts });
  try {
    await migrateToLatest(database.db); // a no-op when migrateUnbounded has run
  } catch (error) {
    await database.close();
    throw error;
  }
  return { deps: buildDeps(database.db, packs), packs, database, close: () => database.close() };
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

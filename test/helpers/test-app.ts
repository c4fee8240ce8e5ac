/**
 * A whole application core on a fresh test database: real packs, real calendar, real store,
 * and a clock the test sets.
 */
import type { AppDeps, Caller } from '../../src/app/ports.js';
import { buildDeps } from '../../src/composition.js';
import type { Database } from '../../src/db/schema.js';
import type { Clock } from '../../src/domain/shared/time.js';
import { loadPacks, type PackRegistry } from '../../src/packs/pack-registry.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export class TestClock implements Clock {
  private current: Date;
  constructor(iso: string) {
    this.current = new Date(iso);
  }
  now(): Date {
    return new Date(this.current);
  }
  set(iso: string): void {
    this.current = new Date(iso);
  }
}

export interface TestApp {
  readonly deps: AppDeps;
  readonly clock: TestClock;
  readonly packs: PackRegistry;
  readonly database: TestDatabase<Database>;
  /** Creates an organisation following `packId` and returns a caller inside it. */
  tenant(id: string, packId: string, user?: { userId: string; name: string }): Promise<Caller>;
  destroy(): Promise<void>;
}

export async function createTestApp(now = '2026-11-25T10:00:00Z'): Promise<TestApp> {
  const database = await createTestDatabase<Database>();
  const packs = await loadPacks({});
  const clock = new TestClock(now);
  const deps = buildDeps(database.db, packs, clock);
  return {
    deps,
    clock,
    packs,
    database,
    async tenant(id, packId, user = { userId: `${id}-user`, name: 'Sam Practitioner' }) {
      await deps.store.createTenant({ id, name: `${id} organisation`, packId, emailDomains: [`${id}.example.org`] });
      return { tenantId: id, ...user };
    },
    destroy: () => database.destroy(),
  };
}

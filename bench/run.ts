/**
 * Benchmarks (printing figures, never asserting): working-day arithmetic, decision-log
 * verification, and appending decisions to the embedded database.
 * Run: npm run bench
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createUkCalendar } from '../src/calendar/date-holidays-source.js';
import { nodeHmacSha256 } from '../src/crypto/node-hmac.js';
import { nodeSha256 } from '../src/crypto/node-sha256.js';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { createPostgresStore } from '../src/db/postgres-store.js';
import type { Database } from '../src/db/schema.js';
import { chainNext, verifyChain, type ChainedEntry } from '../src/domain/sharing/decision-chain.js';
import { isoDate } from '../src/domain/shared/time.js';

function time(label: string, count: number, work: () => void): void {
  const start = process.hrtime.bigint();
  work();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  console.log(
    `${label.padEnd(48)} ${count.toLocaleString('en-GB').padStart(9)} in ${ms.toFixed(1).padStart(8)} ms  (${((ms * 1000) / count).toFixed(2)} µs each)`,
  );
}

const calendar = createUkCalendar('england-and-wales');
time('addWorkingDays(+10) from each day of 2025–2027', 1095, () => {
  for (let i = 0; i < 1095; i += 1)
    calendar.addWorkingDays(isoDate(new Date(Date.UTC(2025, 0, 1 + i)).toISOString().slice(0, 10)), 10);
});
time('sameWorkingDayDeadline', 10_000, () => {
  for (let i = 0; i < 10_000; i += 1) calendar.sameWorkingDayDeadline(new Date(Date.UTC(2026, 0, 1) + i * 3_600_000));
});

const crypto = { sha256: nodeSha256, mac: nodeHmacSha256(randomBytes(32)) };
const entries: ChainedEntry[] = [];
time('chain 100,000 decisions (HMAC each)', 100_000, () => {
  for (let i = 0; i < 100_000; i += 1)
    entries.push(
      chainNext(crypto, entries.at(-1), {
        tenantId: 't',
        id: `${i}`,
        personId: 'p',
        reference: `outlook:${i}`,
        recordedAt: new Date(i).toISOString(),
        record: { decision: 'share', reasons: `r${i}` },
      }),
    );
});
time('verify 100,000 decisions', 100_000, () => {
  if (verifyChain(crypto, entries).kind !== 'intact') throw new Error('chain broken');
});

const database = await openDatabase<Database>({ kind: 'embedded', dataDir: 'memory' });
await migrateToLatest(database.db);
const store = createPostgresStore(database.db);
await store.createTenant({ id: 't', name: 'bench', packId: 'tameside', emailDomains: [] });
const personId = randomUUID();
await store.createPerson({ tenantId: 't', id: personId, caseReference: 'B-1', displayName: 'Bench' }, 'bench');
const appends = 2000;
const start = process.hrtime.bigint();
for (let i = 0; i < appends; i += 1)
  await store.appendDecision(
    't',
    { id: randomUUID(), personId, recordedAt: new Date().toISOString(), record: { i } },
    crypto,
  );
const ms = Number(process.hrtime.bigint() - start) / 1e6;
console.log(
  `${'append decisions to embedded PostgreSQL'.padEnd(48)} ${appends.toLocaleString('en-GB').padStart(9)} in ${ms.toFixed(1).padStart(8)} ms  (${(ms / appends).toFixed(2)} ms each)`,
);
console.log(`peak RSS ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB`);
await database.close();

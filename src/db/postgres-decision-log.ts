/**
 * The hash-chained decision log in PostgreSQL. Appending locks the tenant's chain head row, so
 * concurrent appends from any number of server instances queue and the chain never forks.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { DecisionLogEntry, Store } from '../app/ports.js';
import { chainNext, GENESIS_HASH, type ChainVersion } from '../domain/sharing/decision-chain.js';
import type { Database, SharingDecisionsTable } from './schema.js';

type DecisionPart = Pick<
  Store,
  | 'appendDecision'
  | 'pageDecisions'
  | 'pageOutsideProtocolDecisions'
  | 'findDecisionByReference'
  | 'listDecisionsByReference'
  | 'getChainHead'
  | 'lastLegacyEntry'
  | 'getLegacySeal'
  | 'createLegacySeal'
>;

export function postgresDecisionLog(
  db: Kysely<Database>,
  inTransaction: <T>(work: (db: Kysely<Database>) => Promise<T>) => Promise<T>,
): DecisionPart {
  return {
    appendDecision: (tenantId, content, crypto) =>
      inTransaction(async (trx) => {
        await trx
          .insertInto('decision_chain_heads')
          .values({ tenant_id: tenantId, seq: 0, hash: GENESIS_HASH })
          .onConflict((oc) => oc.column('tenant_id').doNothing())
          .execute();
        const head = await trx
          .selectFrom('decision_chain_heads')
          .select(['seq', 'hash'])
          .where('tenant_id', '=', tenantId)
          .forUpdate()
          .executeTakeFirstOrThrow();
        const entry = chainNext(crypto, head.seq === 0 ? undefined : head, {
          tenantId,
          id: content.id,
          personId: content.personId,
          reference: content.reference,
          recordedAt: content.recordedAt,
          record: content.record,
        });
        await trx
          .insertInto('sharing_decisions')
          .values({
            tenant_id: tenantId,
            seq: entry.seq,
            id: entry.id,
            person_id: entry.personId,
            recorded_at: entry.recordedAt,
            payload: entry.payload,
            prev_hash: entry.prevHash,
            hash: entry.hash,
            reference: entry.reference ?? null,
            version: entry.version,
          })
          .execute();
        await trx
          .updateTable('decision_chain_heads')
          .set({ seq: entry.seq, hash: entry.hash })
          .where('tenant_id', '=', tenantId)
          .execute();
        return entry;
      }),
    async pageDecisions(tenantId, afterSeq, limit) {
      const rows = await db
        .selectFrom('sharing_decisions')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('seq', '>', afterSeq)
        .orderBy('seq')
        .limit(limit)
        .execute();
      return rows.map(toEntry);
    },
    async pageOutsideProtocolDecisions(tenantId, beforeSeq, limit) {
      // The predicate of the partial index sharing_decisions_outside_protocol (014), word for word.
      let query = db
        .selectFrom('sharing_decisions')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where(sql<boolean>`strpos(payload, '"kind":"outside-protocol"') > 0`);
      if (beforeSeq !== undefined) query = query.where('seq', '<', beforeSeq);
      const rows = await query.orderBy('seq', 'desc').limit(limit).execute();
      return rows.map(toEntry);
    },
    async findDecisionByReference(tenantId, reference) {
      const row = await db
        .selectFrom('sharing_decisions')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('reference', '=', reference)
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row && toEntry(row);
    },
    async listDecisionsByReference(tenantId, reference, limit) {
      const rows = await db
        .selectFrom('sharing_decisions')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('reference', '=', reference)
        .orderBy('seq', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toEntry);
    },
    async getChainHead(tenantId) {
      return db
        .selectFrom('decision_chain_heads')
        .select(['seq', 'hash'])
        .where('tenant_id', '=', tenantId)
        .executeTakeFirst();
    },
    async lastLegacyEntry(tenantId) {
      return db
        .selectFrom('sharing_decisions')
        .select(['seq', 'hash'])
        .where('tenant_id', '=', tenantId)
        .where('version', '=', 1)
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst();
    },
    async getLegacySeal(tenantId) {
      const row = await db
        .selectFrom('decision_chain_seals')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .executeTakeFirst();
      return row && { tenantId: row.tenant_id, legacySeq: row.legacy_seq, legacyHash: row.legacy_hash, mac: row.mac };
    },
    async createLegacySeal(seal, at) {
      await db
        .insertInto('decision_chain_seals')
        .values({
          tenant_id: seal.tenantId,
          legacy_seq: seal.legacySeq,
          legacy_hash: seal.legacyHash,
          mac: seal.mac,
          sealed_at: at,
        })
        .onConflict((oc) => oc.column('tenant_id').doNothing())
        .execute();
    },
  };
}

export function toEntry(r: Selectable<SharingDecisionsTable>): DecisionLogEntry {
  return {
    tenantId: r.tenant_id,
    seq: r.seq,
    id: r.id,
    personId: r.person_id,
    reference: r.reference ?? undefined,
    recordedAt: r.recorded_at.toISOString(),
    payload: r.payload,
    prevHash: r.prev_hash,
    hash: r.hash,
    version: r.version as ChainVersion,
  };
}

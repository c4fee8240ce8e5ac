/**
 * Escalations in PostgreSQL: the aggregate as JSON plus the columns that lists and sweeps filter
 * on, and every transition in the append-only `escalation_events`. Updates are optimistic: a
 * change made against an older version is refused with a ConflictError, never overwritten.
 */
import { sql, type Kysely } from 'kysely';
import type { EscalationFilter, Store } from '../app/ports.js';
import type { Escalation } from '../domain/escalation/escalation.js';
import { nextDeadline } from '../domain/escalation/escalation.js';
import type { EscalationTransition } from '../domain/escalation/escalation-events.js';
import { ConflictError } from '../domain/shared/errors.js';
import type { Database } from './schema.js';

type EscalationPart = Pick<
  Store,
  | 'createEscalation'
  | 'updateEscalation'
  | 'getEscalation'
  | 'listEscalations'
  | 'pageEscalations'
  | 'escalationHistory'
>;

export function postgresEscalations(
  db: Kysely<Database>,
  inTransaction: <T>(work: (db: Kysely<Database>) => Promise<T>) => Promise<T>,
): EscalationPart {
  return {
    createEscalation: (esc, transition) =>
      inTransaction(async (trx) => {
        await trx
          .insertInto('escalations')
          .values({
            tenant_id: esc.tenantId,
            id: esc.id,
            person_id: esc.personId,
            pack_id: esc.packId,
            opened_at: esc.openedAt,
            raised_by: esc.raisedBy.userId ?? esc.raisedBy.name,
            other_agency: esc.otherAgency.name,
            ...columnsOf(esc, transition.at),
          })
          .execute();
        await insertTransition(trx, esc.tenantId, 1, transition);
      }),
    updateEscalation: (esc, expectedVersion, transition) =>
      inTransaction(async (trx) => {
        const result = await trx
          .updateTable('escalations')
          .set(columnsOf(esc, transition.at))
          .where('tenant_id', '=', esc.tenantId)
          .where('id', '=', esc.id)
          .where('version', '=', expectedVersion)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) !== 1) {
          throw new ConflictError('Someone else updated this escalation first: reload it and try again.', {
            escalationId: esc.id,
            expectedVersion,
          });
        }
        const last = await trx
          .selectFrom('escalation_events')
          .select((eb) => eb.fn.max('seq').as('seq'))
          .where('tenant_id', '=', esc.tenantId)
          .where('escalation_id', '=', esc.id)
          .executeTakeFirstOrThrow();
        await insertTransition(trx, esc.tenantId, Number(last.seq ?? 0) + 1, transition);
      }),
    async getEscalation(tenantId, id) {
      const row = await db
        .selectFrom('escalations')
        .select('data')
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row?.data as Escalation | undefined;
    },
    async listEscalations(tenantId, filter = {}) {
      const rows = await filtered(db, tenantId, filter).orderBy('opened_at').orderBy('id').execute();
      return rows.map((r) => r.data as Escalation);
    },
    async pageEscalations(tenantId, filter, after, limit) {
      let query = filtered(db, tenantId, filter);
      if (after)
        query = query.where(sql<boolean>`(opened_at, id) > (${after.openedAt}::timestamptz, ${after.id}::uuid)`);
      const rows = await query.orderBy('opened_at').orderBy('id').limit(limit).execute();
      return rows.map((r) => r.data as Escalation);
    },
    async escalationHistory(tenantId, id) {
      const rows = await db
        .selectFrom('escalation_events')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('escalation_id', '=', id)
        .orderBy('seq')
        .execute();
      return rows.map((r): EscalationTransition => ({
        escalationId: r.escalation_id,
        kind: r.kind as EscalationTransition['kind'],
        at: r.at.toISOString(),
        actor: { id: r.actor_id, name: r.actor_name },
        fromState: r.from_state,
        toState: r.to_state,
        fromStage: r.from_stage,
        toStage: r.to_stage,
        payload: r.payload,
      }));
    },
  };
}

/** The organisation's escalations matching `filter` (every condition an indexed column, but the team's addressee). */
function filtered(db: Kysely<Database>, tenantId: string, filter: EscalationFilter) {
  let query = db.selectFrom('escalations').select('data').where('tenant_id', '=', tenantId);
  if (filter.state) query = query.where('state', '=', filter.state);
  if (filter.raisedBy) query = query.where('raised_by', '=', filter.raisedBy);
  if (filter.personId) query = query.where('person_id', '=', filter.personId);
  const team = filter.team;
  if (team) {
    // Addressed to the manager now: the current stage's record names them (escalation.ts currentStage).
    query = query.where(sql<boolean>`(raised_by = ANY(${[...team.members]}::text[]) OR EXISTS (
      SELECT 1 FROM jsonb_array_elements(data -> 'stages') AS s
       WHERE (s ->> 'number')::int = stage AND s -> 'escalatedTo' ->> 'userId' = ${team.manager}))`);
  }
  return query;
}

function columnsOf(esc: Escalation, updatedAt: string) {
  const closedAt = esc.state === 'open' ? null : (esc.outcome?.at ?? null);
  return {
    state: esc.state,
    stage: esc.stage,
    risk_level: esc.riskLevel,
    closed_at: closedAt,
    next_deadline_at: nextDeadline(esc)?.dueAt ?? null,
    data: JSON.stringify(esc),
    version: esc.version,
    updated_at: updatedAt,
  };
}

async function insertTransition(
  db: Kysely<Database>,
  tenantId: string,
  seq: number,
  t: EscalationTransition,
): Promise<void> {
  await db
    .insertInto('escalation_events')
    .values({
      tenant_id: tenantId,
      escalation_id: t.escalationId,
      seq,
      kind: t.kind,
      actor_id: t.actor.id,
      actor_name: t.actor.name,
      at: t.at,
      from_state: t.fromState,
      to_state: t.toState,
      from_stage: t.fromStage,
      to_stage: t.toStage,
      payload: JSON.stringify(t.payload),
    })
    .execute();
}

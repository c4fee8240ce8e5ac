/**
 * A manager acting on an escalation card (Universal Actions): record the discussion held,
 * resolve, or escalate to the next stage — routed to the actor's line manager from the
 * directory (Graph manager chain) or to a colleague named on the card. Only the manager
 * responsible now may act; a click on a stale card changes nothing and says so.
 */
import type { z } from 'zod';
import { UNKNOWN_CASE } from '../../src/app/case-references.js';
import { actOnEscalation } from '../../src/app/escalations.js';
import { entitledViewers, responsibleFor } from '../../src/app/escalation-access.js';
import { routedEscalation } from '../../src/app/escalation-queries.js';
import { londonInstant } from '../../src/domain/calendar/london-time.js';
import type { Escalation, Party } from '../../src/domain/escalation/escalation.js';
import type { EscalationEvent } from '../../src/domain/escalation/escalation-events.js';
import { produceEscalationRecord } from '../../src/domain/escalation/escalation-record.js';
import { ConflictError, TransitionError, ValidationError } from '../../src/domain/shared/errors.js';
import type { IsoDate, WallTime } from '../../src/domain/shared/time.js';
import type { debriefData, escalateData, recordDiscussionData, resolveData } from '../card-data.js';
import { debriefCard, escalationCard, messageCard } from '../cards/escalation-cards.js';
import { loadEscalation, view } from './escalation-flow.js';
import type { FlowContext } from './flow-context.js';

type Versioned = { escalationId: string; version: number };

/** Checks the caller may act, applies the event against the version on the card, and answers with the new state. */
async function act(ctx: FlowContext, data: Versioned, event: (e: Escalation) => Promise<EscalationEvent>, done: string) {
  const current = await loadEscalation(ctx, data.escalationId);
  const responsible = await responsibleFor(ctx.services.app.store, ctx.services.managers, ctx.tenant.pack, current);
  if (!responsible.some((u) => u.userId === ctx.caller.userId)) {
    const names = responsible.map((u) => u.displayName).join(', ') || 'the manager responsible';
    return view(ctx, current, `Only ${names} can act on this escalation now. Nothing was changed.`);
  }
  try {
    const updated = await actOnEscalation(ctx.services.app, ctx.caller, current.id, await event(current), data.version);
    if (updated.state !== 'open') await afterEnd(ctx, updated);
    return view(ctx, updated, done);
  } catch (error) {
    const latest = await loadEscalation(ctx, data.escalationId);
    if (error instanceof ConflictError) return view(ctx, latest, 'This card was out of date: someone had already acted on it. Here is the escalation now; nothing was changed.');
    if (error instanceof TransitionError) return view(ctx, latest, `${error.message} Nothing was changed.`);
    if (error instanceof ValidationError) return view(ctx, latest, error.message);
    throw error;
  }
}

export function recordDiscussion(ctx: FlowContext, d: z.output<typeof recordDiscussionData>) {
  return act(ctx, d, async () => ({
    kind: 'record-discussion', heldAt: londonInstant(d.heldOn as IsoDate, d.heldAt.slice(0, 5) as WallTime).toISOString(),
    parties: partiesOf(d.parties), notes: d.notes,
  }), 'Discussion recorded.');
}

export function resolve(ctx: FlowContext, d: z.output<typeof resolveData>) {
  const agreedActions = d.actionDescription && d.actionDue ? [{ description: d.actionDescription, owner: d.actionOwner ?? 'Not named', dueOn: d.actionDue as IsoDate }] : [];
  return act(ctx, d, async () => ({ kind: 'resolve', summary: d.summary, agreedActions }), 'Resolved. The Record of Escalation went to the Board, and the practitioner is asked about a de-brief.');
}

export function escalate(ctx: FlowContext, d: z.output<typeof escalateData>) {
  return act(ctx, d, (e) => routedEscalation(ctx.services.app, ctx.services.managers, ctx.caller, e, { reason: d.reason, riskEscalated: d.riskEscalated || undefined, escalateTo: d.escalateTo || undefined }),
    'Escalated. The next manager has been told and will be reminded before each deadline.');
}

function partiesOf(text: string): Party[] {
  return text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean).map((line) => {
    const [name = line, role = 'Not stated', agency = 'Not stated'] = line.split(',').map((p) => p.trim());
    return { name, role, agency };
  });
}

/**
 * At the end (Stockport s.4 and Appendix Two): the Record of Escalation is added to the record
 * and sent to the Board's roles, and the practitioner is asked about a de-brief.
 */
async function afterEnd(ctx: FlowContext, e: Escalation): Promise<void> {
  const { app, messenger, managers } = ctx.services;
  const pack = ctx.tenant.pack;
  const person = await app.store.getPerson(e.tenantId, e.personId);
  const caseReference = person?.caseReference ?? UNKNOWN_CASE;
  const record = person && produceEscalationRecord(pack, e, person);
  let latest = e;
  if (record) latest = await actOnEscalation(app, ctx.caller, e.id, { kind: 'add-note', text: `${record.subject ?? 'Record of Escalation'}\n\n${record.body}` });
  const viewers = await entitledViewers(app.store, managers, pack, latest);
  const boardCard = escalationCard(pack, latest, { caseReference, details: false, canAct: false, refreshUserIds: viewers, headline: `Record of Escalation: ${caseReference}` });
  for (const holder of await app.store.roleHolders(e.tenantId, pack.board.escalationRecordsTo)) {
    await messenger.sendCard(e.tenantId, holder, boardCard, { subject: `Record of Escalation ${caseReference}`, text: `The escalation ${caseReference} has ended; its Record of Escalation is in the safeguarding app.`, reference: `${e.id}:record:${holder.userId}` });
  }
  const raiserId = e.raisedBy.userId;
  if (raiserId) {
    const raiser = (await app.store.getDirectoryUser(e.tenantId, raiserId)) ?? { tenantId: e.tenantId, userId: raiserId, displayName: e.raisedBy.name, email: e.raisedBy.email };
    await messenger.sendCard(e.tenantId, raiser, debriefCard(latest, caseReference, pack.escalation.debrief?.wording), { subject: `De-brief for ${caseReference}`, text: 'Your escalation has ended: please record whether a de-brief was held.', reference: `${e.id}:debrief` });
  }
}

export async function recordDebrief(ctx: FlowContext, d: z.output<typeof debriefData>) {
  const e = await loadEscalation(ctx, d.escalationId);
  if (e.raisedBy.userId !== ctx.caller.userId) return view(ctx, e, 'Only the practitioner who raised the escalation records its de-brief.');
  try {
    await actOnEscalation(ctx.services.app, ctx.caller, e.id, { kind: 'record-debrief', held: d.held === 'true', notes: d.notes, generalIssues: d.generalIssues });
    return messageCard('De-brief recorded', d.generalIssues ? 'Thank you. The general issues you noted will be reported to the Board.' : 'Thank you.');
  } catch (error) {
    if (error instanceof TransitionError) return messageCard('Not recorded', error.message);
    throw error;
  }
}

/** An overdue agreed action: mark it done, or raise an escalation from it (Tameside s.3). */
import type { z } from 'zod';
import { NotFoundError } from '../../src/domain/shared/errors.js';
import type { actionRef } from '../card-data.js';
import { messageCard } from '../cards/escalation-cards.js';
import { escalationForm } from './escalation-flow.js';
import type { FlowContext } from './flow-context.js';

async function loadAction(ctx: FlowContext, id: string) {
  const action = await ctx.services.app.store.getAgreedAction(ctx.caller.tenantId, id);
  if (!action) throw new NotFoundError('No such agreed action in your organisation.');
  return action;
}

export async function markDone(ctx: FlowContext, d: z.output<typeof actionRef>) {
  const action = await loadAction(ctx, d.actionId);
  const changed = await ctx.services.app.store.completeAgreedAction(ctx.caller.tenantId, action.id, ctx.services.app.clock.now().toISOString());
  return messageCard(changed ? 'Marked done' : 'Already closed', changed ? `"${action.description}" is recorded as done.` : `"${action.description}" was already ${action.status}; nothing was changed.`);
}

export async function escalateFromAction(ctx: FlowContext, d: z.output<typeof actionRef>) {
  const { store } = ctx.services.app;
  const action = await loadAction(ctx, d.actionId);
  const discussion = action.sourceKind === 'phone-discussion' ? await store.getPhoneDiscussion(ctx.caller.tenantId, action.sourceId) : undefined;
  const person = discussion?.personId ? await store.getPerson(ctx.caller.tenantId, discussion.personId) : undefined;
  const other = discussion?.participants.find((p) => p.userId !== ctx.caller.userId);
  return escalationForm(ctx, { caseReference: person?.caseReference, agency: other?.agency, details: `Agreed action not done: ${action.description} (owner ${action.owner}, due ${action.dueOn}).` });
}

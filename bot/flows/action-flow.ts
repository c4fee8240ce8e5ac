/** An overdue agreed action: mark it done, or raise an escalation from it (Tameside s.3). */
import type { z } from 'zod';
import { escalationPrefillFromAction, markAgreedActionDone } from '../../src/app/phone/agreed-actions.js';
import type { actionRef } from '../card-data.js';
import { messageCard } from '../cards/escalation-cards.js';
import { escalationForm } from './escalation-flow.js';
import type { FlowContext } from './flow-context.js';

export async function markDone(ctx: FlowContext, d: z.output<typeof actionRef>) {
  const { action, changed } = await markAgreedActionDone(ctx.services.app, ctx.caller, d.actionId);
  return messageCard(
    changed ? 'Marked done' : 'Already closed',
    changed
      ? `"${action.description}" is recorded as done.`
      : `"${action.description}" was already ${action.status}; nothing was changed.`,
  );
}

export async function escalateFromAction(ctx: FlowContext, d: z.output<typeof actionRef>) {
  return escalationForm(ctx, await escalationPrefillFromAction(ctx.services.app, ctx.caller, d.actionId));
}

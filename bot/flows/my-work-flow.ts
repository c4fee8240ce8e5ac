/** "My work" in chat: the card, and a call's confirmation email marked sent from it. */
import type { z } from 'zod';
import { markConfirmationSent, myWork } from '../../src/app/my-work/my-work.js';
import type { discussionRef } from '../card-data.js';
import { myWorkCard } from '../cards/my-work-card.js';
import type { FlowContext } from './flow-context.js';

export async function myWorkFlow(ctx: FlowContext) {
  return myWorkCard(await myWork(ctx.services.app, ctx.services.managers, ctx.caller));
}

/** Marks it sent and answers with the refreshed list, where it no longer shows. */
export async function confirmationSent(ctx: FlowContext, d: z.output<typeof discussionRef>) {
  await markConfirmationSent(ctx.services.app, ctx.caller, d.discussionId);
  return myWorkFlow(ctx);
}

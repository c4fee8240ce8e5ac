/**
 * Tell my line manager (Speak Out and seAp engagement protocols: a conflict of interest "should be
 * declared to the line manager", harassment and incidents reported): the report goes to the
 * manager as a card in Teams, or by email when Teams cannot reach them.
 */
import type { z } from 'zod';
import type { reportData } from '../card-data.js';
import { lineManagerReportCard, lineManagerReportFormCard } from '../cards/action-cards.js';
import { messageCard } from '../cards/escalation-cards.js';
import type { FlowContext } from './flow-context.js';

export async function sendLineManagerReport(ctx: FlowContext, data: z.output<typeof reportData>) {
  const { managers, messenger } = ctx.services;
  const manager = await managers.managerOf(ctx.caller.tenantId, ctx.caller.userId);
  if (!manager) return lineManagerReportFormCard(ctx.tenant.pack, 'I do not know your line manager yet: ask your administrator to record it (safeguard directory set-user … --manager), then try again.');
  const card = lineManagerReportCard(data.kind, ctx.caller.name, data.details, data.caseReference);
  const sent = await messenger.sendCard(ctx.caller.tenantId, manager, card, {
    subject: `A report from ${ctx.caller.name}`, text: `${ctx.caller.name} has sent you a report in Teams.`, reference: `report:${ctx.services.app.newId()}`,
  });
  return messageCard('Sent', `Your report went to ${manager.displayName} ${sent.via === 'teams' ? 'in Teams' : 'by email'}.`);
}

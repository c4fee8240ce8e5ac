/**
 * Tell my line manager (Speak Out and seAp engagement protocols): the card's form calls the same
 * use case as the REST API; the report is kept and delivered through the outbox (Teams, else email).
 */
import type { z } from 'zod';
import { reportToLineManager } from '../../src/app/reports/line-manager-reports.js';
import { ValidationError } from '../../src/domain/shared/errors.js';
import type { reportData } from '../card-data.js';
import { lineManagerReportFormCard } from '../cards/action-cards.js';
import { messageCard } from '../cards/escalation-cards.js';
import type { FlowContext } from './flow-context.js';

export async function sendLineManagerReport(ctx: FlowContext, data: z.output<typeof reportData>) {
  try {
    const report = await reportToLineManager(ctx.services.app, ctx.services.managers, ctx.caller, data);
    return messageCard(
      'Recorded and sent',
      `Your report is recorded and goes to ${report.manager.name} in Teams (or by email if Teams cannot reach them).`,
    );
  } catch (error) {
    if (error instanceof ValidationError) return lineManagerReportFormCard(ctx.tenant.pack, error.message);
    throw error;
  }
}

/**
 * The router for `Action.Execute` verbs: each verb's data is parsed with its schema, then handed
 * to its flow. Bad data is answered with a clear card-level error and changes nothing.
 */
import type { AdaptiveCardInvokeResponse } from 'botbuilder';
import type { z } from 'zod';
import { SafeguardingError } from '../src/domain/shared/errors.js';
import * as data from './card-data.js';
import type { AdaptiveCard } from './cards/card-kit.js';
import { helpCard } from './cards/help-card.js';
import { lineManagerReportFormCard } from './cards/action-cards.js';
import { messageCard } from './cards/escalation-cards.js';
import { consentLookupCard } from './cards/sharing-cards.js';
import { cardResponse, errorResponse } from './invoke-response.js';
import { escalateFromAction, markDone } from './flows/action-flow.js';
import {
  addNote,
  changeRisk,
  concludeUnresolved,
  escalate,
  escalateOnRisk,
  recordDebrief,
  recordSignature,
  recordDiscussion,
  resolve,
  withdraw,
} from './flows/escalation-actions.js';
import {
  escalationForm,
  loadEscalation,
  myEscalations,
  raise,
  teamEscalations,
  view,
} from './flows/escalation-flow.js';
import type { FlowContext } from './flows/flow-context.js';
import { confirmationSent, myWorkFlow } from './flows/my-work-flow.js';
import { createDraft, logCall, phoneForm } from './flows/phone-flow.js';
import { sendLineManagerReport } from './flows/report-flow.js';
import { lookUpConsent, recordDecision } from './flows/sharing-flow.js';
import { errorKind, telemetry } from '../src/app/telemetry.js';

type Answer = AdaptiveCard | AdaptiveCardInvokeResponse;
interface Route<S extends z.ZodType> {
  readonly schema: S;
  readonly run: (ctx: FlowContext, input: z.output<S>) => Answer | Promise<Answer>;
}
const route = <S extends z.ZodType>(schema: S, run: Route<S>['run']): Route<z.ZodType> =>
  ({ schema, run }) as unknown as Route<z.ZodType>;
const none = data.noData;

export const ROUTES: Readonly<Record<string, Route<z.ZodType>>> = {
  'open.help': route(none, (ctx) => helpCard(ctx.tenant.pack)),
  'open.phone': route(none, (ctx) => phoneForm(ctx)),
  'open.consent': route(none, () => consentLookupCard()),
  'open.escalation': route(none, (ctx) => escalationForm(ctx)),
  'open.report': route(none, (ctx) => lineManagerReportFormCard(ctx.tenant.pack)),
  'list.mine': route(data.listPageData, myEscalations),
  'list.team': route(data.listPageData, teamEscalations),
  'list.work': route(none, myWorkFlow),
  'phone.confirmationSent': route(data.discussionRef, confirmationSent),
  'phone.log': route(data.phoneLogData, logCall),
  'phone.draft': route(data.discussionRef, createDraft),
  'consent.lookup': route(data.consentLookupData, lookUpConsent),
  'sharing.record': route(data.sharingRecordData, recordDecision),
  'escalation.raise': route(data.escalationRaiseData, raise),
  'escalation.refresh': route(data.escalationRef, async (ctx, d) =>
    view(ctx, await loadEscalation(ctx, d.escalationId)),
  ),
  'escalation.recordDiscussion': route(data.recordDiscussionData, recordDiscussion),
  'escalation.resolve': route(data.resolveData, resolve),
  'escalation.escalate': route(data.escalateData, escalate),
  'escalation.debrief': route(data.debriefData, recordDebrief),
  'escalation.recordSignature': route(data.signatureData, recordSignature),
  'escalation.escalateOnRisk': route(data.escalateOnRiskData, escalateOnRisk),
  'escalation.changeRisk': route(data.changeRiskData, changeRisk),
  'escalation.concludeUnresolved': route(data.concludeData, concludeUnresolved),
  'escalation.withdraw': route(data.withdrawData, withdraw),
  'escalation.addNote': route(data.noteData, addNote),
  'action.done': route(data.actionRef, markDone),
  'action.escalate': route(data.actionRef, escalateFromAction),
  'report.send': route(data.reportData, sendLineManagerReport),
};

export async function runCardAction(ctx: FlowContext, verb: string, raw: unknown): Promise<AdaptiveCardInvokeResponse> {
  // Own keys only: a verb such as "constructor" must not find Object.prototype's.
  const handler = Object.hasOwn(ROUTES, verb) ? ROUTES[verb] : undefined;
  if (!handler)
    return errorResponse(
      400,
      'CARD.UNKNOWN_ACTION',
      `This card action (${verb.slice(0, 60)}) is not known. Type "help" for what I can do.`,
    );
  const parsed = handler.schema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ');
    return cardResponse(messageCard('Please check the form', `${problems}. Nothing was saved.`));
  }
  try {
    const answer = await handler.run(ctx, parsed.data);
    return 'statusCode' in answer ? answer : cardResponse(answer);
  } catch (error) {
    if (error instanceof SafeguardingError)
      return cardResponse(messageCard('Not done', `${error.message} Nothing was changed.`));
    // Teams needs an answer to every card action: a failed turn would otherwise reach it as an
    // empty 501. The error's kind only is logged: messages may carry case data.
    telemetry.error(`safeguard: card action ${verb} failed (${errorKind(error)})`, { verb, error: errorKind(error) });
    return errorResponse(500, 'INTERNAL', 'Something went wrong on our side. Please try again.');
  }
}

/**
 * Log a phone discussion (Tameside 2.3.2): store it with its agreed actions, show the
 * confirmation email for review, then create it as a draft in the user's Outlook through Graph,
 * acting for the user (on-behalf-of their single sign-on token).
 */
import type { z } from 'zod';
import { callerAsParty } from '../../src/app/escalations/escalations.js';
import { findPersonForCaller } from '../../src/app/people/person-access.js';
import {
  createConfirmationDraft,
  logPhoneDiscussion,
  ownPhoneDiscussion,
} from '../../src/app/phone/phone-discussions.js';
import { londonInstant } from '../../src/domain/calendar/london-time.js';
import type { IsoDate, WallTime } from '../../src/domain/shared/time.js';
import type { AdaptiveCardInvokeResponse } from 'botbuilder';
import type { discussionRef, phoneLogData } from '../card-data.js';
import { MAX_ACTION_ROWS, phoneConfirmationCard, phoneFormCard } from '../cards/phone-cards.js';
import { cardResponse, errorResponse, loginRequest } from '../invoke-response.js';
import { todayInLondon, type FlowContext } from './flow-context.js';

export function phoneForm(ctx: FlowContext, problem?: string) {
  const { date, time } = todayInLondon(ctx.services.app.clock.now());
  return phoneFormCard(date, time, problem);
}

export async function logCall(ctx: FlowContext, data: z.output<typeof phoneLogData>) {
  const { app } = ctx.services;
  const person = data.caseReference
    ? await findPersonForCaller(app, ctx.caller, data.caseReference, 'read-person')
    : undefined;
  if (data.caseReference && !person)
    return phoneForm(ctx, `No person with case reference ${data.caseReference} in your organisation.`);
  const actions = actionsOf(data);
  if (typeof actions === 'string') return phoneForm(ctx, actions);
  const sender = await callerAsParty(app, ctx.caller, data.myRole, ctx.tenant.tenant.name);
  const other = {
    name: data.otherName,
    role: data.otherRole,
    agency: data.otherAgency,
    email: data.otherEmail || undefined,
  };
  const record = await logPhoneDiscussion(app, ctx.caller, sender, {
    personId: person?.id,
    occurredAt: londonInstant(data.date, data.time.slice(0, 5) as WallTime).toISOString(),
    participants: [sender, other],
    concerns: data.concerns,
    consentBasis: data.consentBasis,
    agreedActions: actions,
    riskLevel: data.riskLevel,
  });
  return phoneConfirmationCard(record, { kind: ctx.services.mail ? 'none' : 'unavailable' });
}

/** The filled action rows, or what is missing (an action needs its owner and date to be followed up). */
function actionsOf(
  data: z.output<typeof phoneLogData>,
): { description: string; owner: string; dueOn: IsoDate }[] | string {
  const actions = [];
  for (let i = 0; i < MAX_ACTION_ROWS; i += 1) {
    const field = (name: string) => data[`action${i}${name}` as keyof typeof data];
    const description = field('Description');
    if (!description) continue;
    const owner = field('Owner');
    const dueOn = field('Due');
    if (!owner || !dueOn) return `Agreed action ${i + 1} needs who will do it and by when.`;
    actions.push({ description, owner, dueOn: dueOn as IsoDate });
  }
  return actions;
}

export async function createDraft(
  ctx: FlowContext,
  data: z.output<typeof discussionRef>,
): Promise<AdaptiveCardInvokeResponse> {
  const { app, mail, sso } = ctx.services;
  const discussion = await ownPhoneDiscussion(app, ctx.caller, data.discussionId);
  if (!mail || !sso) return cardResponse(phoneConfirmationCard(discussion, { kind: 'unavailable' }));
  if (!ctx.userToken)
    return loginRequest(sso.connectionName, sso.resourceUri, 'Sign in to create the draft in Outlook');
  const who = await sso.verify(ctx.userToken);
  if (!who || who.tenantId !== ctx.caller.tenantId || who.userId !== ctx.caller.userId)
    return errorResponse(
      401,
      'SSO.REJECTED',
      'The sign-in could not be verified for the user acting on this card; no draft was created.',
    );
  const draft = await createConfirmationDraft(app, mail, ctx.caller, discussion.id, ctx.userToken);
  return cardResponse(phoneConfirmationCard(discussion, { kind: 'created', webLink: draft.webLink }));
}

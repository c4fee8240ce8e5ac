/**
 * Raising an escalation and the views of it (Tameside s.3, Stockport s.1–2): the card shows the
 * details only to the people involved and the buttons only to the manager responsible now.
 */
import type { z } from 'zod';
import {
  findEscalation,
  pageWithCaseReferences,
  viewEscalation,
} from '../../src/app/escalations/escalation-queries.js';
import { findPersonForCaller } from '../../src/app/people/person-access.js';
import { callerAsParty, raiseEscalation } from '../../src/app/escalations/escalations.js';
import { parseInput, raiseEscalationSchema } from '../../src/app/inputs.js';
import { londonInstant } from '../../src/domain/calendar/london-time.js';
import type { Escalation } from '../../src/domain/escalation/escalation.js';
import { ValidationError } from '../../src/domain/shared/errors.js';
import { wallTime } from '../../src/domain/shared/time.js';
import { processAnswersOf, type escalationRaiseData, type listPageData } from '../card-data.js';
import {
  escalationCard,
  escalationFormCard,
  escalationListCard,
  NO_PROCESS,
  type EscalationListItem,
} from '../cards/escalation-cards.js';
import { todayInLondon, type FlowContext } from './flow-context.js';

export function escalationForm(
  ctx: FlowContext,
  prefill: { caseReference?: string; agency?: string; details?: string } = {},
  problem?: string,
) {
  return escalationFormCard(ctx.tenant.pack, todayInLondon(ctx.services.app.clock.now()).date, prefill, problem);
}

export async function raise(ctx: FlowContext, d: z.output<typeof escalationRaiseData>) {
  const { app } = ctx.services;
  const person = await findPersonForCaller(app, ctx.caller, d.caseReference, 'read-person');
  if (!person)
    return escalationForm(
      ctx,
      { agency: d.otherAgency, details: d.natureDetails },
      `No person with case reference ${d.caseReference} in your organisation.`,
    );
  try {
    // The same schema as the REST API: the raiser is the caller (raiseEscalation sets it), never a form field.
    const me = await callerAsParty(app, ctx.caller, d.myRole, d.myAgency);
    const escalation = await raiseEscalation(
      app,
      ctx.caller,
      parseInput(raiseEscalationSchema, {
        personId: person.id,
        raiserRole: d.myRole,
        raiserAgency: d.myAgency,
        otherAgency: {
          name: d.otherAgency,
          contact: { name: d.otherName, role: d.otherRole, agency: d.otherAgency, email: d.otherEmail || undefined },
        },
        natures: (d.natures ?? '').split(',').filter(Boolean),
        natureDetails: d.natureDetails,
        outcomeSought: d.outcomeSought,
        outcomeSoughtBy: d.outcomeSoughtBy,
        riskLevel: d.riskLevel,
        adultView: adultViewOf(d),
        process:
          d.process && d.process !== NO_PROCESS
            ? { id: d.process, answers: processAnswersOf(d, d.process) }
            : undefined,
        stage1Discussion:
          d.stage1Date && d.stage1Notes
            ? {
                heldAt: londonInstant(d.stage1Date, d.stage1Time || wallTime('12:00')).toISOString(),
                parties: [me],
                notes: d.stage1Notes,
              }
            : undefined,
      }),
    );
    return view(ctx, escalation, 'Raised. The manager responsible is reminded before each deadline.');
  } catch (error) {
    if (error instanceof ValidationError)
      return escalationForm(
        ctx,
        { caseReference: d.caseReference, agency: d.otherAgency, details: d.natureDetails },
        error.message,
      );
    throw error;
  }
}

function adultViewOf(d: z.output<typeof escalationRaiseData>) {
  if (d.adultView) return { kind: 'given' as const, view: d.adultView, by: d.adultViewBy };
  if (d.adultViewNotAskedReason) return { kind: 'not-asked' as const, reason: d.adultViewNotAskedReason };
  return undefined;
}

/** The card for this caller, from the one access rule: details if entitled, a button per action allowed. */
export async function view(ctx: FlowContext, e: Escalation, message?: string) {
  const { access, caseReference, records } = await viewEscalation(
    ctx.services.app,
    ctx.services.managers,
    ctx.caller,
    e,
  );
  return escalationCard(ctx.tenant.pack, e, {
    caseReference,
    details: access.canRead,
    actions: access.actions,
    records,
    refreshUserIds: access.viewers,
    message,
  });
}

export function loadEscalation(ctx: FlowContext, escalationId: string): Promise<Escalation> {
  return findEscalation(ctx.services.app, ctx.caller, escalationId);
}

export async function myEscalations(ctx: FlowContext, page: z.output<typeof listPageData> = {}) {
  return listPage(ctx, 'mine', 'My escalations', 'list.mine', page);
}

/** Escalations raised by the caller's team, and those whose current stage is addressed to the caller. */
export async function teamEscalations(ctx: FlowContext, page: z.output<typeof listPageData> = {}) {
  return listPage(ctx, 'team', "My team's escalations", 'list.team', page);
}

/** Escalations on a card a page at a time (oldest opened first), with "More" for the page after. */
export const LIST_CARD_PAGE = 10;

async function listPage(
  ctx: FlowContext,
  scope: 'mine' | 'team',
  title: string,
  verb: string,
  page: z.output<typeof listPageData>,
) {
  const after = page.afterOpenedAt && page.afterId ? { openedAt: page.afterOpenedAt, id: page.afterId } : undefined;
  const { items, next } = await pageWithCaseReferences(ctx.services.app, ctx.caller, scope, after, LIST_CARD_PAGE);
  return escalationListCard(
    ctx.tenant.pack,
    after ? `${title} (continued)` : title,
    bySoonestDeadline(items),
    next && { verb, data: { afterOpenedAt: next.openedAt, afterId: next.id } },
  );
}

/** Soonest deadline first: what the manager should look at next. */
function bySoonestDeadline(items: readonly EscalationListItem[]): EscalationListItem[] {
  const firstDeadline = (e: Escalation) => e.stages.at(-1)?.deadlines[0]?.dueAt ?? '';
  return [...items].sort((a, b) => firstDeadline(a.escalation).localeCompare(firstDeadline(b.escalation)));
}

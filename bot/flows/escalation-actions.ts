/**
 * Acting on an escalation card (Universal Actions): each verb parses its form into the same event
 * the REST API takes and calls the same use case (`actAsResponsible`): the access rule decides
 * who may, and the change is stored with every consequence — records, notices through the outbox,
 * reminders. Nothing is sent from here. A click on a stale card changes nothing and says so.
 */
import { partiesFromLines } from '../../src/domain/escalation/parties-text.js';
import type { z } from 'zod';
import { actAsResponsible, viewEscalation } from '../../src/app/escalations/escalation-queries.js';
import type { EscalationEventInput } from '../../src/app/inputs.js';
import { londonInstant } from '../../src/domain/calendar/london-time.js';
import type { Escalation, Party } from '../../src/domain/escalation/escalation.js';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  TransitionError,
  ValidationError,
} from '../../src/domain/shared/errors.js';
import type { WallTime } from '../../src/domain/shared/time.js';
import type * as data from '../card-data.js';
import type { AdaptiveCard } from '../cards/card-kit.js';
import { messageCard } from '../cards/escalation-cards.js';
import { loadEscalation, view } from './escalation-flow.js';
import type { FlowContext } from './flow-context.js';
import { roleLabels } from '../../src/domain/protocol/role-labels.js';

type Versioned = { escalationId: string; version?: number | undefined };

/** Applies the event as the caller against the version on the card, and answers with the escalation as it now is. */
async function act(ctx: FlowContext, d: Versioned, event: EscalationEventInput, done: string | AdaptiveCard) {
  try {
    const updated = await actAsResponsible(
      ctx.services.app,
      ctx.services.managers,
      ctx.caller,
      d.escalationId,
      event,
      d.version,
    );
    return typeof done === 'string' ? view(ctx, updated, done) : done;
  } catch (error) {
    const latest = await loadEscalation(ctx, d.escalationId);
    if (error instanceof ConflictError)
      return view(
        ctx,
        latest,
        'This card was out of date: someone had already acted on it. Here is the escalation now; nothing was changed.',
      );
    if (error instanceof ForbiddenError || error instanceof TransitionError)
      return view(ctx, latest, `${error.message} Nothing was changed.`);
    // Not entitled to the details (REST answers 404): the card they hold says who acts, and no more.
    if (error instanceof NotFoundError)
      return view(
        ctx,
        latest,
        `Only ${await ownersOf(ctx, latest)} can act on this escalation now. Nothing was changed.`,
      );
    if (error instanceof ValidationError) return view(ctx, latest, error.message);
    throw error;
  }
}

export function recordDiscussion(ctx: FlowContext, d: z.output<typeof data.recordDiscussionData>) {
  const heldAt = londonInstant(d.heldOn, d.heldAt.slice(0, 5) as WallTime).toISOString();
  return act(
    ctx,
    d,
    { kind: 'record-discussion', heldAt, parties: partiesOf(d.parties), notes: d.notes },
    'Discussion recorded.',
  );
}

export function resolve(ctx: FlowContext, d: z.output<typeof data.resolveData>) {
  const agreedActions =
    d.actionDescription && d.actionDue
      ? [{ description: d.actionDescription, owner: d.actionOwner ?? 'Not named', dueOn: d.actionDue }]
      : [];
  return act(
    ctx,
    d,
    { kind: 'resolve', summary: d.summary, agreedActions },
    'Resolved. Everyone the protocol names will be told.',
  );
}

export function escalate(ctx: FlowContext, d: z.output<typeof data.escalateData>) {
  return act(
    ctx,
    d,
    {
      kind: 'escalate',
      reason: d.reason,
      riskEscalated: d.riskEscalated || undefined,
      escalateTo: d.escalateTo || undefined,
      toStage: d.toStage,
      exceptionalCircumstances: d.exceptionalCircumstances,
      mediator:
        d.mediatorName || d.mediatorEmail
          ? { name: d.mediatorName ?? '', agency: d.mediatorAgency ?? 'Independent', email: d.mediatorEmail ?? '' }
          : undefined,
    },
    'Escalated. Whoever is responsible for the next stage will be told, and reminded before each deadline.',
  );
}

export function escalateOnRisk(ctx: FlowContext, d: z.output<typeof data.escalateOnRiskData>) {
  return act(
    ctx,
    d,
    { kind: 'escalate', reason: d.riskReason, riskEscalated: true },
    'Escalated because risk has escalated. The stage owners will be told.',
  );
}

export function changeRisk(ctx: FlowContext, d: z.output<typeof data.changeRiskData>) {
  return act(
    ctx,
    d,
    { kind: 'change-risk', riskLevel: d.newRiskLevel, reason: d.changeReason },
    `Risk level changed to ${d.newRiskLevel}.`,
  );
}

export function concludeUnresolved(ctx: FlowContext, d: z.output<typeof data.concludeData>) {
  return act(
    ctx,
    d,
    { kind: 'conclude-unresolved', summary: d.concludeSummary, outstandingConcerns: d.outstandingConcerns },
    'Concluded unresolved, with the outstanding concerns recorded.',
  );
}

export function withdraw(ctx: FlowContext, d: z.output<typeof data.withdrawData>) {
  return act(ctx, d, { kind: 'withdraw', reason: d.withdrawReason }, 'Withdrawn.');
}

export function addNote(ctx: FlowContext, d: z.output<typeof data.noteData>) {
  return act(ctx, d, { kind: 'add-note', text: d.noteText }, 'Note added.');
}

export function recordSignature(ctx: FlowContext, d: z.output<typeof data.signatureData>) {
  return act(
    ctx,
    d,
    { kind: 'record-signature', side: d.side, name: d.signatoryName, role: d.signatoryRole, signedOn: d.signedOn },
    'Signature recorded.',
  );
}

export function recordDebrief(ctx: FlowContext, d: z.output<typeof data.debriefData>) {
  const board = ctx.tenant.pack.board;
  const issues = board.copyEscalationNotices
    ? `Thank you. The general issues you noted go to the ${board.shortName} Business Manager.`
    : 'Thank you. The general issues you noted are kept with the escalation.';
  const gaps = ctx.tenant.pack.escalation.policyGaps;
  const said = [
    d.generalIssues ? issues : 'Thank you.',
    ...(gaps && d.policyGaps
      ? [`The gaps in policies and procedures you noted go to the ${roleLabels(ctx.tenant.pack, gaps.toRoles)}.`]
      : []),
  ];
  const thanks = messageCard('De-brief recorded', said.join(' '));
  return act(
    ctx,
    d,
    {
      kind: 'record-debrief',
      held: d.held === 'true',
      notes: d.notes,
      generalIssues: d.generalIssues,
      policyGaps: d.policyGaps,
    },
    thanks,
  );
}

async function ownersOf(ctx: FlowContext, e: Escalation): Promise<string> {
  const { access } = await viewEscalation(ctx.services.app, ctx.services.managers, ctx.caller, e);
  return access.owners.map((u) => u.displayName).join(', ') || 'the manager responsible';
}

/** The card's quick path: a part left out is recorded as "Not stated" rather than refused. */
function partiesOf(text: string): Party[] {
  return partiesFromLines(text).map((p) => ({
    ...p,
    role: p.role || 'Not stated',
    agency: p.agency || 'Not stated',
  }));
}

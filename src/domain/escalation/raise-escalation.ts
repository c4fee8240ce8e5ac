/**
 * Raising an escalation: the fields the protocols ask for, checked against the pack, and the
 * first stage started with its deadlines.
 */
import { ValidationError } from '../shared/errors.js';
import type { Escalation, EscalationDetails } from './escalation.js';
import type { Actor, EscalationTransition } from './escalation-events.js';
import type { MachineContext } from './escalation-machine.js';
import { riskResponseDue, stageOf, startStage } from './escalation-machine.js';
import { processProblems, routeOf } from './specific-processes.js';

export type RaiseEscalationInput = EscalationDetails;

export type RaiseResult =
  | { readonly kind: 'raised'; readonly escalation: Escalation; readonly transition: EscalationTransition }
  | { readonly kind: 'invalid'; readonly error: ValidationError };

/**
 * Builds a new escalation at stage 1, or explains what is missing.
 * @example raiseEscalation(ctx, input, actor, now)
 */
export function raiseEscalation(
  packCtx: MachineContext,
  input: RaiseEscalationInput,
  actor: Actor,
  at: Date,
): RaiseResult {
  const problems = [...raiseProblems(packCtx, input), ...processProblems(packCtx.pack, input.process)];
  if (problems.length > 0) return { kind: 'invalid', error: new ValidationError(problems.join(' '), { problems }) };
  // A specific process with a route of its own starts on its own first stage (Stockport s.3).
  const ctx = { ...packCtx, pack: routeOf(packCtx.pack, input) };
  // Stage 1 starts when it is raised and is addressed to no one: who acts there comes from the
  // pack's access rule (the raiser's line manager, and the raiser where the pack says so), never
  // from a person named in the request, such as the other agency's contact.
  const first = startStage(ctx, stageOf(ctx.pack, 1), at, { escalatedBy: input.raisedBy });
  const stages = input.stage1Discussion ? [{ ...first, discussions: [input.stage1Discussion] }] : [first];
  const escalation: Escalation = {
    ...input,
    packId: ctx.pack.id,
    riskResponseDueAt: riskResponseDue(ctx, input.riskLevel, at),
    state: 'open',
    stage: 1,
    stages,
    notes: [],
    openedAt: at.toISOString(),
    version: 1,
  };
  const transition: EscalationTransition = {
    escalationId: input.id,
    kind: 'raise',
    at: at.toISOString(),
    actor,
    fromState: null,
    toState: 'open',
    fromStage: null,
    toStage: 1,
    payload: input,
  };
  return { kind: 'raised', escalation, transition };
}

/** A kind of disagreement the pack does not list, described in the details. */
export const OTHER_NATURE = 'other';

function raiseProblems(ctx: MachineContext, input: RaiseEscalationInput): string[] {
  const { pack } = ctx;
  const problems: string[] = [];
  // The pack's kinds are examples (Stockport s.1 "Examples of concerns may include"): `other`,
  // described in the details, is always allowed, and so is none at all.
  const known = new Set([...pack.escalation.disagreementNatures.map((n) => n.id), OTHER_NATURE]);
  const unknown = input.natures.filter((n) => !known.has(n));
  if (unknown.length > 0)
    problems.push(
      `Unknown kind of disagreement for the ${pack.organisation.shortName} protocol: ${unknown.join(', ')}.`,
    );
  if (!input.natureDetails.trim()) problems.push('Say clearly what is being escalated.');
  if (!input.outcomeSought.trim()) problems.push('Say what outcome is sought.');
  const timescale = pack.escalation.timescaleRequired;
  if (timescale && !input.outcomeSoughtBy)
    problems.push(
      `Say by when the outcome is sought: "${timescale.wording}" (${pack.organisation.shortName} protocol, ${timescale.citation.section}).`,
    );
  // Stockport s.3 and Appendix One: ask the adult's view before escalating.
  if (pack.escalation.beforeEscalating.askAdultView && !input.adultView) {
    problems.push(
      "Record the adult's (or their representative's) view before escalating, or why it could not be asked.",
    );
  }
  return problems;
}

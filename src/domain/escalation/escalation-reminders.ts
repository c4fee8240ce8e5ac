/**
 * The reminders an escalation needs now, derived from its deadlines. Recomputed after every
 * transition: the store keeps those still planned, cancels the rest, and never deletes a sent one.
 */
import { londonDateOf, londonInstant } from '../calendar/london-time.js';
import type { Escalation } from './escalation.js';
import { currentStage, deadlineMet } from './escalation.js';
import type { MachineContext } from './escalation-machine.js';
import { stageOf } from './escalation-machine.js';

/**
 * `stage-transfer` is not a message: at a deadline whose pack says `onMissed: escalate` the
 * sweeper moves the escalation on (Tameside stage 3: "If within 10 working days, a resolution has
 * not been achieved then responsibility will transfer to the responsible Assistant Directors").
 */
export const REMINDER_KINDS = [
  'deadline-approaching',
  'deadline-reached',
  'risk-response-due',
  'action-overdue',
  'stage-transfer',
] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

export interface ReminderPlan {
  /** Stable across recomputation, so a reminder is planned — and sent — once. */
  readonly key: string;
  readonly kind: ReminderKind;
  readonly dueAt: string;
  /** The escalation stage reminded of; 0 for a reminder outside an escalation. */
  readonly stage: number;
  readonly deadlineId?: string | undefined;
  /** Pack role ids of the stage's parties (who should act). */
  readonly audienceRoles: readonly string[];
  /** The named person the stage was escalated to, when known. */
  readonly audienceUserId?: string | undefined;
}

/**
 * Reminders for an open escalation: at the start of the working day a stage deadline falls on,
 * at the deadline itself, and at the risk-response limit (Tameside 2.3.3). None once it has ended.
 */
export function remindersFor(ctx: MachineContext, escalation: Escalation): ReminderPlan[] {
  if (escalation.state !== 'open') return [];
  const stage = currentStage(escalation);
  const audienceRoles = stageOf(ctx.pack, stage.number).parties;
  const audience = { stage: stage.number, audienceRoles, audienceUserId: stage.escalatedTo?.userId };
  const plans: ReminderPlan[] = stage.deadlines
    .filter((d) => !deadlineMet(stage, d))
    .flatMap((d) => {
      const due = new Date(d.dueAt);
      const morning = londonInstant(londonDateOf(due), ctx.calendar.workingDayStart);
      const base = `${escalation.id}:stage-${stage.number}:${d.id}`;
      return [
        {
          ...audience,
          key: `${base}:approaching`,
          kind: 'deadline-approaching' as const,
          dueAt: morning.toISOString(),
          deadlineId: d.id,
        },
        // Where the pack moves the escalation on at the deadline, that (and the new owner's notice) replaces the "deadline reached" card.
        d.onMissed === 'escalate' && nextStageExists(ctx, stage.number)
          ? { ...audience, key: `${base}:transfer`, kind: 'stage-transfer' as const, dueAt: d.dueAt, deadlineId: d.id }
          : {
              ...audience,
              key: `${base}:reached`,
              kind: 'deadline-reached' as const,
              dueAt: d.dueAt,
              deadlineId: d.id,
            },
      ];
    });
  if (escalation.riskResponseDueAt && !escalation.riskResponseMetAt) {
    const key = `${escalation.id}:risk-${escalation.riskLevel}:${escalation.riskResponseDueAt}`;
    plans.push({ ...audience, key, kind: 'risk-response-due', dueAt: escalation.riskResponseDueAt });
  }
  return plans;
}

function nextStageExists(ctx: MachineContext, stage: number): boolean {
  return ctx.pack.escalation.stages.some((s) => s.number === stage + 1);
}

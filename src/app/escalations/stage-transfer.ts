/**
 * When a stage's deadline passes and the pack says `onMissed: escalate`, the escalation moves on
 * by itself: Tameside stage 3, "If within 10 working days, a resolution has not been achieved then
 * responsibility will transfer to the responsible Assistant Directors"; Stockport stage three, "No
 * longer than 10 working days". The outbox's sweeper calls this at the deadline; the change is
 * the ordinary escalation use case (so the new owner is told through the outbox, reminders are
 * planned), attributed to the protocol's timescale rather than to a person.
 */
import { currentStage } from '../../domain/escalation/escalation.js';
import { ownedByRoles, stageOf } from '../../domain/escalation/escalation-machine.js';
import { actOnEscalation } from './escalations.js';
import type { AppDeps, Caller, ManagerDirectory, StoredReminder } from '../ports.js';
import { routeOf } from '../../domain/escalation/specific-processes.js';
import { tenantContext } from '../tenant-context.js';

/** The actor of a transfer the protocol's timescale made. */
export const PROTOCOL_ACTOR_ID = 'protocol-timescale';

/** Moves the escalation on if it is still at the stage the deadline was for; false when it had moved on (nothing to do). */
export async function transferOnMissedDeadline(
  deps: AppDeps,
  managers: ManagerDirectory,
  reminder: StoredReminder,
): Promise<boolean> {
  const e = await deps.store.getEscalation(reminder.tenantId, reminder.subjectId);
  if (!e || e.state !== 'open' || e.stage !== reminder.stage) return false;
  const { pack: tenantPack, tenant } = await tenantContext(deps, reminder.tenantId);
  const pack = routeOf(tenantPack, e);
  const stage = currentStage(e);
  const deadline = stage.deadlines.find((d) => d.id === reminder.deadlineId);
  const next = stageOf(pack, e.stage + 1);
  // The owner of the next line of management: the current owner's own line manager; at a Board stage, its role holders.
  const owner =
    stage.escalatedTo?.userId && !ownedByRoles(next)
      ? await managers.managerOf(e.tenantId, stage.escalatedTo.userId)
      : undefined;
  const role = pack.roles.find((r) => r.id === next.parties[0])?.label ?? next.name;
  const protocol: Caller = {
    tenantId: e.tenantId,
    userId: PROTOCOL_ACTOR_ID,
    name: `${pack.organisation.shortName} protocol timescale`,
  };
  const citation = deadline
    ? pack.escalation.stages.find((s) => s.number === e.stage)?.deadlines.find((d) => d.id === deadline.id)?.citation
        .section
    : undefined;
  await actOnEscalation(
    deps,
    protocol,
    e.id,
    {
      kind: 'escalate',
      reason: `${deadline?.label ?? 'The stage deadline'} passed without a resolution: responsibility transfers to stage ${next.number} (${next.name})${citation ? ` — ${citation}` : ''}.`,
      escalatedTo: owner && {
        name: owner.displayName,
        role,
        agency: tenant.name,
        userId: owner.userId,
        email: owner.email,
      },
    },
    e.version,
  );
  return true;
}

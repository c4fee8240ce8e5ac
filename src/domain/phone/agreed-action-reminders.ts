/**
 * An agreed action from a phone discussion (the brief email of Tameside 2.3.2 confirms "the
 * discussions held", with what was agreed in them) is followed up: if it is still open when its due working day ends, the practitioner
 * who logged it is reminded and offered to escalate (Tameside s.3: disagreements that are not
 * resolved by practitioners are escalated).
 */
import type { WorkingDayCalendar } from '../calendar/working-day-calendar.js';
import type { ReminderPlan } from '../escalation/escalation-reminders.js';
import type { IsoDate } from '../shared/time.js';

export function agreedActionReminder(
  calendar: WorkingDayCalendar,
  action: { id: string; dueOn: IsoDate },
  remindUserId: string,
): ReminderPlan {
  const day = calendar.addWorkingDays(action.dueOn, 0);
  return {
    key: `${action.id}:overdue`,
    kind: 'action-overdue',
    dueAt: calendar.endOfWorkingDay(day).toISOString(),
    stage: 0,
    audienceRoles: [],
    audienceUserId: remindUserId,
  };
}

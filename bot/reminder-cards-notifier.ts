/**
 * Turns a due reminder into a card for its recipient and sends it through the messenger. The
 * card names the case reference, stage and deadline only; the details load through the refresh
 * for the people entitled to see them.
 */
import { entitledViewers } from '../src/app/escalation-access.js';
import type { ManagerDirectory, PackLookup, Store } from '../src/app/ports.js';
import type { ReminderNotice, ReminderNotifier } from '../src/app/reminder-notices.js';
import type { Messenger } from './bot-services.js';
import { actionOverdueCard } from './cards/action-cards.js';
import { execute } from './cards/card-kit.js';
import { escalationCard, londonText } from './cards/escalation-cards.js';

const HEADLINES = {
  'deadline-approaching': 'Deadline today', 'deadline-reached': 'Deadline reached', 'risk-response-due': 'Risk response due', 'action-overdue': 'Agreed action overdue',
} as const;

export function createReminderCardsNotifier(deps: { store: Store; packs: PackLookup; managers: ManagerDirectory; messenger: Messenger }): ReminderNotifier {
  return {
    async notify({ reminder, recipient, subject }: ReminderNotice) {
      const reference = `${reminder.key}:${recipient.userId}`;
      if (subject.kind === 'agreed-action') {
        return deps.messenger.sendCard(reminder.tenantId, recipient, actionOverdueCard(subject.action), {
          subject: 'An agreed action is overdue', text: `An action agreed in a phone discussion was due on ${subject.action.dueOn} and is not marked done.`, reference,
        });
      }
      const e = subject.escalation;
      const pack = deps.packs.get(e.packId);
      const viewers = await entitledViewers(deps.store, deps.managers, pack, e);
      const base = escalationCard(pack, e, {
        caseReference: subject.caseReference, details: false, canAct: false, refreshUserIds: [...new Set([recipient.userId, ...viewers])],
        headline: `${HEADLINES[reminder.kind]}: escalation ${subject.caseReference}`,
      });
      const card = { ...base, actions: [execute('Open and act', 'escalation.refresh', { escalationId: e.id })] };
      return deps.messenger.sendCard(reminder.tenantId, recipient, card, {
        subject: `${HEADLINES[reminder.kind]}: escalation ${subject.caseReference}`,
        text: `Escalation ${subject.caseReference} is at stage ${e.stage}; ${HEADLINES[reminder.kind].toLowerCase()} (${londonText(reminder.dueAt)}). Open the safeguarding app in Teams to act.`, reference,
      });
    },
  };
}

/**
 * Logging a phone discussion between professionals and composing the brief email that confirms
 * it (Tameside 2.3.2). The discussion and its agreed actions are stored together.
 *
 * Tameside 2.3.3: "Notification and communication of any concerns regarding an individual who is
 * believed to be at increasing risk should be held within 48 hours … Where there is potential
 * imminent risk to an individual, discussion should be held the same working day." A discussion
 * that logs increasing or imminent risk starts that clock where the pack has one for the level: an
 * action of the recorder's, due at the limit, reminded then through the outbox. The next discussion
 * recorded about the same person is the communication held: it meets every clock still running.
 */
import type { Party } from '../../domain/escalation/escalation.js';
import { agreedActionReminder } from '../../domain/phone/agreed-action-reminders.js';
import { riskResponseDue, riskResponseFor } from '../../domain/escalation/escalation-machine.js';
import { londonDateOf } from '../../domain/calendar/london-time.js';
import { composeConfirmationEmail } from '../../domain/phone/phone-discussion.js';
import type { LogPhoneDiscussionInput } from '../inputs.js';
import { noteAccess, personForCaller } from '../people/person-access.js';
import { NotFoundError, ServiceUnavailableError } from '../../domain/shared/errors.js';
import type { AppDeps, Caller, OutlookMail, PhoneDiscussionRecord } from '../ports.js';
import { tenantContext } from '../tenant-context.js';

export async function logPhoneDiscussion(
  deps: AppDeps,
  caller: Caller,
  sender: Party,
  input: LogPhoneDiscussionInput,
): Promise<PhoneDiscussionRecord> {
  const { pack, calendar } = await tenantContext(deps, caller.tenantId);
  const at = deps.clock.now();
  const person = input.personId
    ? await personForCaller(deps, caller, input.personId, 'log-phone-discussion')
    : undefined;
  const confirmation = composeConfirmationEmail(pack, { ...input, caseReference: person?.caseReference }, sender);
  const now = at.toISOString();
  const id = deps.newId();
  // Tameside 2.3.3: increasing or imminent risk starts the clock for communicating the concern.
  const rule = input.riskLevel && input.riskLevel !== 'standard' ? riskResponseFor(pack, input.riskLevel) : undefined;
  const riskDueAt = rule && input.riskLevel ? riskResponseDue({ pack, calendar }, input.riskLevel, at) : undefined;
  const riskAction =
    rule && riskDueAt
      ? {
          description: `Communicate the concern about ${input.riskLevel ?? ''} risk: "${rule.wording}" (${rule.citation.section})`,
          owner: caller.name,
          dueOn: londonDateOf(new Date(riskDueAt)),
          tenantId: caller.tenantId,
          id: deps.newId(),
          sourceKind: 'phone-discussion' as const,
          sourceId: id,
          status: 'open' as const,
          remindUserId: caller.userId,
        }
      : undefined;
  const record: PhoneDiscussionRecord = {
    ...input,
    tenantId: caller.tenantId,
    id,
    confirmation,
    recordedBy: caller.name,
    recordedById: caller.userId,
    recordedAt: now,
    riskResponse:
      riskAction && riskDueAt && input.riskLevel
        ? { level: input.riskLevel, dueAt: riskDueAt, actionId: riskAction.id }
        : undefined,
  };
  const actions = input.agreedActions.map((a) => ({
    ...a,
    tenantId: caller.tenantId,
    id: deps.newId(),
    sourceKind: 'phone-discussion' as const,
    sourceId: record.id,
    status: 'open' as const,
    remindUserId: caller.userId,
  }));
  await deps.store.inTransaction(async (store) => {
    // This discussion is the communication of any concern still awaiting it: those clocks stop.
    if (person)
      for (const actionId of await store.openRiskResponses(caller.tenantId, person.id))
        await store.completeAgreedAction(caller.tenantId, actionId, now);
    await store.createPhoneDiscussion(record);
    if (person) await noteAccess(deps, store, caller, person.id, 'log-phone-discussion');
    await store.createAgreedActions(actions, now);
    for (const action of actions) {
      await store.planReminders(
        caller.tenantId,
        { kind: 'agreed-action', id: action.id },
        [agreedActionReminder(calendar, action, caller.userId)],
        deps.newId,
        now,
      );
    }
    if (riskAction && riskDueAt) {
      await store.createAgreedActions([riskAction], now);
      // Reminded at the limit itself (48 hours; the end of the working day), not the day's end.
      await store.planReminders(
        caller.tenantId,
        { kind: 'agreed-action', id: riskAction.id },
        [{ ...agreedActionReminder(calendar, riskAction, caller.userId), dueAt: riskDueAt }],
        deps.newId,
        now,
      );
    }
  });
  return record;
}

/** The discussion, for the person who logged it (their confirmation email is theirs to send). */
export async function ownPhoneDiscussion(
  deps: AppDeps,
  caller: Caller,
  discussionId: string,
): Promise<PhoneDiscussionRecord> {
  const discussion = await deps.store.getPhoneDiscussion(caller.tenantId, discussionId);
  // Someone else's is "not found": never whether it exists.
  if (!discussion || (discussion.recordedById && discussion.recordedById !== caller.userId))
    throw new NotFoundError('No such phone discussion of yours in your organisation.');
  return discussion;
}

/**
 * Creates the confirmation email (Tameside 2.3.2) as a draft in the caller's own Outlook mailbox,
 * acting for them with their token (on-behalf-of), so they review and send it themselves.
 */
export async function createConfirmationDraft(
  deps: AppDeps,
  mail: OutlookMail | undefined,
  caller: Caller,
  discussionId: string,
  userAssertion: string,
): Promise<{ id: string; webLink?: string | undefined }> {
  const discussion = await ownPhoneDiscussion(deps, caller, discussionId);
  if (!mail)
    throw new ServiceUnavailableError(
      'Outlook drafts need the server to be connected to Microsoft 365 (Graph); copy the email from the confirmation instead.',
    );
  return mail.createDraftAs(userAssertion, caller.tenantId, discussion.confirmation);
}

/**
 * Logging a phone discussion between professionals and composing the brief email that confirms
 * it (Tameside 2.3.2). The discussion and its agreed actions are stored together.
 */
import type { Party } from '../../domain/escalation/escalation.js';
import { agreedActionReminder } from '../../domain/phone/agreed-action-reminders.js';
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
  const person = input.personId
    ? await personForCaller(deps, caller, input.personId, 'log-phone-discussion')
    : undefined;
  const confirmation = composeConfirmationEmail(pack, { ...input, caseReference: person?.caseReference }, sender);
  const now = deps.clock.now().toISOString();
  const record: PhoneDiscussionRecord = {
    ...input,
    tenantId: caller.tenantId,
    id: deps.newId(),
    confirmation,
    recordedBy: caller.name,
    recordedById: caller.userId,
    recordedAt: now,
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

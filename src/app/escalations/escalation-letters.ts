/**
 * A letter an escalation produced (County Durham Appendices 1–3), created as a draft in the
 * caller's own Outlook, addressed to the other agency's contact, for them to check and send.
 */
import { NotFoundError, ServiceUnavailableError } from '../../domain/shared/errors.js';
import { escalationForViewer } from './escalation-queries.js';
import type { AppDeps, Caller, ManagerDirectory, OutlookMail } from '../ports.js';

export async function letterAsDraft(
  deps: AppDeps,
  managers: ManagerDirectory,
  mail: OutlookMail | undefined,
  caller: Caller,
  escalationId: string,
  recordId: string,
  userAssertion: string,
): Promise<{ id: string; webLink?: string | undefined }> {
  const { escalation } = await escalationForViewer(deps, managers, caller, escalationId);
  const record = await deps.store.getEscalationRecord(caller.tenantId, recordId);
  if (!record || record.escalationId !== escalation.id) throw new NotFoundError('No such record of this escalation.');
  if (!mail)
    throw new ServiceUnavailableError(
      'Outlook drafts need the server to be connected to Microsoft 365 (Graph); print the letter from the tab instead.',
    );
  const to = escalation.otherAgency.contact.email ? [escalation.otherAgency.contact.email] : [];
  return mail.createDraftAs(userAssertion, caller.tenantId, {
    to,
    subject: record.subject ?? record.title,
    body: record.body,
  });
}

/**
 * What a due reminder is about and who must hear of it. The sweeper builds a notice per
 * recipient; a chat adapter (Teams, with email as fallback) delivers it.
 */
import type { Escalation } from '../domain/escalation/escalation.js';
import { UNKNOWN_CASE } from './case-references.js';
import { responsibleFor } from './escalation-access.js';
import type { AgreedActionRecord, DirectoryUser, ManagerDirectory, PackLookup, StoredReminder, Store } from './ports.js';

export type ReminderSubject =
  | { readonly kind: 'escalation'; readonly escalation: Escalation; readonly caseReference: string }
  | { readonly kind: 'agreed-action'; readonly action: AgreedActionRecord };

export interface ReminderNotice {
  readonly reminder: StoredReminder;
  readonly recipient: DirectoryUser;
  readonly subject: ReminderSubject;
}

export interface NoticeDelivery {
  readonly via: 'teams' | 'email';
  /** The Teams activity id or the Graph message id, so a resend can be recognised. */
  readonly ref: string;
}

export interface ReminderNotifier {
  notify(notice: ReminderNotice): Promise<NoticeDelivery>;
}

/** A failure worth retrying (throttled, service unavailable); `retryAfterMs` from `Retry-After`. */
export class TransientDeliveryError extends Error {
  constructor(message: string, readonly retryAfterMs?: number, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransientDeliveryError';
  }
}

/** The subject of a reminder if it still needs one; undefined when it has moved on (cancel). */
export async function subjectStillDue(store: Store, reminder: StoredReminder): Promise<ReminderSubject | undefined> {
  if (reminder.subjectKind === 'agreed-action') {
    const action = await store.getAgreedAction(reminder.tenantId, reminder.subjectId);
    return action?.status === 'open' ? { kind: 'agreed-action', action } : undefined;
  }
  const escalation = await store.getEscalation(reminder.tenantId, reminder.subjectId);
  if (!escalation || escalation.state !== 'open' || escalation.stage !== reminder.stage) return undefined;
  const person = await store.getPerson(reminder.tenantId, escalation.personId);
  return { kind: 'escalation', escalation, caseReference: person?.caseReference ?? UNKNOWN_CASE };
}

/**
 * Who is reminded: the named person the reminder is for, else whoever is responsible for the
 * escalation's current stage, and — so a reminder is never addressed to nobody — the raiser.
 */
export async function recipientsOf(deps: { store: Store; managers: ManagerDirectory; packs: PackLookup }, reminder: StoredReminder, subject: ReminderSubject): Promise<DirectoryUser[]> {
  const { store } = deps;
  const tenantId = reminder.tenantId;
  if (reminder.audienceUserId) return [await userOrStub(store, tenantId, reminder.audienceUserId)];
  if (subject.kind === 'agreed-action') return [];
  const e = subject.escalation;
  const responsible = await responsibleFor(store, deps.managers, deps.packs.get(e.packId), e);
  if (responsible.length > 0) return responsible;
  return e.raisedBy.userId ? [await userOrStub(store, tenantId, e.raisedBy.userId, e.raisedBy.name, e.raisedBy.email)] : [];
}

async function userOrStub(store: Store, tenantId: string, userId: string, name = 'Colleague', email?: string): Promise<DirectoryUser> {
  return (await store.getDirectoryUser(tenantId, userId)) ?? { tenantId, userId, displayName: name, email };
}

/**
 * What a due outbox item (a reminder or a notice) is about and who must hear of it. The sweeper
 * builds a message per recipient; a chat adapter (Teams, with email as fallback) delivers it.
 */
import type { Escalation } from '../../domain/escalation/escalation.js';
import { isNoticeKind, ROLE_NOTICE_KINDS, type NoticeKind } from '../../domain/escalation/escalation-notices.js';
import { UNKNOWN_CASE } from '../people/case-references.js';
import { responsibleFor } from '../escalations/escalation-access.js';
import { roleHoldersWithGroups } from '../people/role-holders.js';
import type { KeptBoardReport } from '../reports/board-report-store.js';
import type {
  AgreedActionRecord,
  DirectoryUser,
  GroupMembership,
  EscalationRecord,
  LineManagerReportRecord,
  ManagerDirectory,
  PackLookup,
  StoredReminder,
  Store,
} from '../ports.js';

export type ReminderSubject =
  /** A reminder of a deadline, or a notice of a transition (the item's `kind` says which). */
  | {
      readonly kind: 'escalation';
      readonly escalation: Escalation;
      readonly caseReference: string;
      readonly record?: EscalationRecord | undefined;
    }
  | { readonly kind: 'agreed-action'; readonly action: AgreedActionRecord }
  | { readonly kind: 'line-manager-report'; readonly report: LineManagerReportRecord }
  /** A period's Board report, kept at the period's end (board-reports.ts). */
  | { readonly kind: 'board-report'; readonly report: KeptBoardReport };

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
  constructor(
    message: string,
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TransientDeliveryError';
  }
}

/**
 * The subject of an item if it still needs sending; undefined when it has moved on (cancel). A
 * deadline reminder or a stage owner's notice lapses once the escalation has left that stage; the
 * Board's copy of a record is always sent; a de-brief prompt lapses once the de-brief is recorded.
 */
export async function subjectStillDue(store: Store, reminder: StoredReminder): Promise<ReminderSubject | undefined> {
  if (reminder.subjectKind === 'agreed-action') {
    const action = await store.getAgreedAction(reminder.tenantId, reminder.subjectId);
    return action?.status === 'open' ? { kind: 'agreed-action', action } : undefined;
  }
  if (reminder.subjectKind === 'board-report') {
    const report = await store.getBoardReport(reminder.tenantId, reminder.subjectId);
    return report && { kind: 'board-report', report };
  }
  if (reminder.subjectKind === 'line-manager-report') {
    const report = await store.getLineManagerReport(reminder.tenantId, reminder.subjectId);
    return report && { kind: 'line-manager-report', report };
  }
  const escalation = await store.getEscalation(reminder.tenantId, reminder.subjectId);
  if (!escalation) return undefined;
  const caseReference = async () =>
    (await store.getPerson(reminder.tenantId, escalation.personId))?.caseReference ?? UNKNOWN_CASE;
  if (reminder.kind === 'record-to-board') {
    const record = reminder.recordId
      ? await store.getEscalationRecord(reminder.tenantId, reminder.recordId)
      : undefined;
    return record && { kind: 'escalation', escalation, caseReference: await caseReference(), record };
  }
  if (reminder.kind === 'mediation-referral')
    return escalation.state === 'open'
      ? { kind: 'escalation', escalation, caseReference: await caseReference() }
      : undefined;
  if (
    reminder.kind === 'outcome-to-other-agency' ||
    reminder.kind === 'correspondence-copy' ||
    reminder.kind === 'stage-to-other-agency' ||
    reminder.kind === 'discussion-confirmation'
  ) {
    // A copy is of what happened at the time: always sent, with the record it copies if any.
    const record = reminder.recordId
      ? await store.getEscalationRecord(reminder.tenantId, reminder.recordId)
      : undefined;
    return { kind: 'escalation', escalation, caseReference: await caseReference(), record };
  }
  if (reminder.kind === 'notice-to-board' || reminder.kind === 'debrief-issues' || reminder.kind === 'policy-gaps')
    return { kind: 'escalation', escalation, caseReference: await caseReference() };
  if (reminder.kind === 'debrief-prompt')
    return escalation.debrief ? undefined : { kind: 'escalation', escalation, caseReference: await caseReference() };
  if (escalation.state !== 'open' || escalation.stage !== reminder.stage) return undefined;
  return { kind: 'escalation', escalation, caseReference: await caseReference() };
}

/**
 * Who hears of it: the named person the item is for; the line manager a report went to; the
 * Board's role holders for a record; else whoever is responsible for the escalation's current
 * stage (but not the person whose act caused a notice), and — so a deadline reminder is never
 * addressed to nobody — the raiser.
 */
export async function recipientsOf(
  deps: {
    store: Store;
    managers: ManagerDirectory;
    packs: PackLookup;
    groupMembership?: GroupMembership | undefined;
  },
  reminder: StoredReminder,
  subject: ReminderSubject,
): Promise<DirectoryUser[]> {
  const { store } = deps;
  const tenantId = reminder.tenantId;
  if (reminder.audienceEmail) return [externalRecipient(tenantId, reminder.audienceEmail, reminder.audienceName)];
  if (reminder.audienceUserId) return [await userOrStub(store, tenantId, reminder.audienceUserId)];
  if (subject.kind === 'line-manager-report')
    return [await userOrStub(store, tenantId, subject.report.manager.userId, subject.report.manager.name)];
  if (subject.kind === 'agreed-action') return [];
  // Role holders include the members of the Entra groups the roles are mapped to.
  if (subject.kind === 'board-report') return roleHoldersWithGroups(deps, tenantId, reminder.audienceRoles);
  if (ROLE_NOTICE_KINDS.includes(reminder.kind as NoticeKind))
    return roleHoldersWithGroups(deps, tenantId, reminder.audienceRoles);
  const e = subject.escalation;
  if (isNoticeKind(reminder.kind)) {
    const owners = await ownersOf(deps, e);
    return owners.filter((u) => u.userId !== reminder.actorUserId);
  }
  const responsible = await ownersOf(deps, e);
  if (responsible.length > 0) return responsible;
  return e.raisedBy.userId
    ? [await userOrStub(store, tenantId, e.raisedBy.userId, e.raisedBy.name, e.raisedBy.email)]
    : [];
}

/** Who is responsible now; a role's holders include its Entra groups' members (a Board stage's owners, say). */
function ownersOf(deps: Parameters<typeof recipientsOf>[0], e: Escalation): Promise<DirectoryUser[]> {
  const pack = deps.packs.get(e.packId);
  return responsibleFor(deps.store, deps.managers, pack, e, (tenantId, roleIds) =>
    roleHoldersWithGroups(deps, tenantId, roleIds),
  );
}

async function userOrStub(
  store: Store,
  tenantId: string,
  userId: string,
  name = 'Colleague',
  email?: string,
): Promise<DirectoryUser> {
  return (await store.getDirectoryUser(tenantId, userId)) ?? { tenantId, userId, displayName: name, email };
}

/** Prefix of the id given to someone outside the organisation, reached by email only. */
export const EXTERNAL_USER = 'external:';

function externalRecipient(tenantId: string, email: string, name = 'Colleague'): DirectoryUser {
  return { tenantId, userId: `${EXTERNAL_USER}${email.toLowerCase()}`, displayName: name, email };
}

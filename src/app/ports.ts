/**
 * What the use cases need from the world. Adapters (src/db, src/calendar, src/packs) implement
 * these; the use cases never import an adapter. Every read or change of case data takes the
 * caller's tenant id: nothing crosses organisations.
 */
import type { WorkingDayCalendar } from '../domain/calendar/working-day-calendar.js';
import type { Escalation } from '../domain/escalation/escalation.js';
import type { ReminderKind, ReminderPlan } from '../domain/escalation/escalation-reminders.js';
import type { NoticeKind } from '../domain/escalation/escalation-notices.js';
import type { ConfirmationEmail } from '../domain/phone/phone-discussion.js';
import type { AgreedAction, Party } from '../domain/escalation/escalation.js';
import type { ProtocolPack } from '../domain/protocol/pack-schema.js';
import type { RiskLevel } from '../domain/shared/risk-level.js';
import type { ChainedEntry, Mac, Sha256 } from '../domain/sharing/decision-chain.js';
import type { Clock, IsoDate } from '../domain/shared/time.js';
import type { SenderDetectors } from './sharing/sender-detectors.js';
import type { TenantStore } from './tenant-store.js';
import type { PeopleStore } from './people/people-store.js';
import type { DecisionLogStore } from './sharing/decision-log-store.js';
import type { AccessLogStore } from './reports/access-log-store.js';
import type { PhoneStore } from './phone/phone-store.js';
import type { EscalationStore } from './escalations/escalation-store.js';
import type { OutboxStore } from './outbox/outbox-store.js';
import type { DirectoryStore } from './directory/directory-store.js';
import type { ConversationStore } from './directory/conversation-store.js';
import type { BoardReportStore } from './reports/board-report-store.js';
import type { RoleGroupStore } from './people/role-group-store.js';
import type { AuditStore } from './governance/audit-store.js';
import type { MyWorkStore } from './my-work/my-work-store.js';

export interface TenantRecord {
  readonly id: string;
  readonly name: string;
  readonly packId: string;
  /**
   * The pack whose information-sharing rules the organisation follows, when not `packId`'s: packs
   * combine, e.g. Stockport's escalation policy (which names no sharing rules) with another
   * organisation's sharing protocol.
   */
  readonly sharingPackId?: string | undefined;
  readonly emailDomains: readonly string[];
  /** The Outlook on-send check: `soft-block` lets the user send anyway; `block` waits for a decision. */
  readonly sendMode?: 'soft-block' | 'block' | undefined;
}

export interface PersonRecord {
  readonly tenantId: string;
  readonly id: string;
  readonly caseReference: string;
  readonly displayName: string;
  readonly dateOfBirth?: IsoDate | undefined;
}

export type DecisionLogEntry = ChainedEntry;

/** What kind of access to a person's records an access-log entry notes. */
export const ACCESS_ACTIONS = [
  'register-person',
  'read-person',
  'read-consent',
  'record-consent',
  'record-decision',
  'log-phone-discussion',
  'raise-escalation',
  'read-access-log',
  'review-decision',
] as const;
export type AccessAction = (typeof ACCESS_ACTIONS)[number];
/** Where the caller came from: the REST API (add-in, tab), the Teams bot, or the command line. */
export type Surface = 'api' | 'teams' | 'cli' | 'unknown';

/** One read or change of a person's records (append-only; information-governance accountability). */
export interface AccessLogEntry {
  readonly tenantId: string;
  readonly id: string;
  readonly at: string;
  readonly userId: string;
  readonly userName: string;
  readonly personId: string;
  readonly action: AccessAction;
  readonly surface: Surface;
  /** `refused`: the caller asked for a person they have no need to know about (answered "not found"). */
  readonly outcome: 'allowed' | 'refused';
}

/**
 * A record of each decision-log head kept outside the database (an append-only file), so that
 * deleting the newest entries, or the whole log, is found by the verifier.
 */
export interface DecisionAnchor {
  /** Where the anchor is kept, for messages ("file /srv/safeguard/decision-log.anchor"). */
  readonly where: string;
  /** Appends the head after a committed append; never throws (a failure is logged by the adapter). */
  record(point: AnchorPoint): Promise<void>;
  /** The anchored head with the highest seq for the tenant, if any. */
  latest(tenantId: string): Promise<AnchorPoint | undefined>;
}

export interface AnchorPoint {
  readonly tenantId: string;
  readonly seq: number;
  readonly hash: string;
  readonly at: string;
}

export interface PhoneDiscussionRecord {
  readonly tenantId: string;
  readonly id: string;
  readonly personId?: string | undefined;
  readonly occurredAt: string;
  readonly participants: readonly Party[];
  readonly concerns: string;
  readonly consentBasis: string;
  readonly agreedActions: readonly AgreedAction[];
  readonly confirmation: ConfirmationEmail;
  readonly recordedBy: string;
  /** The recorder's user id (absent on records made before it was kept). */
  readonly recordedById?: string | undefined;
  readonly recordedAt: string;
  /**
   * A concern about increasing or imminent risk logged in the discussion (Tameside 2.3.3): when
   * its communication falls due, and the action that tracks it (done once communicated).
   */
  readonly riskResponse?: { readonly level: RiskLevel; readonly dueAt: string; readonly actionId: string } | undefined;
}

export interface AgreedActionRecord extends AgreedAction {
  readonly tenantId: string;
  readonly id: string;
  readonly sourceKind: 'phone-discussion' | 'escalation';
  readonly sourceId: string;
  readonly status: 'open' | 'done' | 'cancelled';
  /** The practitioner reminded when the action passes its date undone. */
  readonly remindUserId?: string | undefined;
}

export interface SendOverride {
  readonly tenantId: string;
  readonly id: string;
  readonly reference: string;
  readonly userId: string;
  readonly userName: string;
  readonly justification: string;
  readonly createdAt: string;
}

/** A member of the organisation as the directory knows them (Entra object id). */
export interface DirectoryUser {
  readonly tenantId: string;
  readonly userId: string;
  readonly displayName: string;
  readonly email?: string | undefined;
  /** Set by an administrator (or learnt from Graph); wins over Graph's manager chain. */
  readonly managerUserId?: string | undefined;
}

export interface EscalationFilter {
  readonly state?: Escalation['state'] | undefined;
  readonly raisedBy?: string | undefined;
  readonly personId?: string | undefined;
  /** A manager's team view: raised by one of `members`, or addressed now (current stage) to `manager`. */
  readonly team?: { readonly members: readonly string[]; readonly manager: string } | undefined;
}

/** Counts behind the Board's themes (natures by id; `undefined` for escalations with none). */
export interface EscalationThemeCounts {
  readonly open: number;
  readonly overdue: number;
  readonly byStage: readonly { readonly stage: number; readonly count: number }[];
  readonly byNature: readonly { readonly nature: string | undefined; readonly count: number }[];
  readonly byAgency: readonly { readonly agency: string; readonly count: number }[];
  readonly ended: readonly { readonly state: string; readonly count: number }[];
}

/** Where a keyset page of escalations ends: the last row's opening time and id. */
export interface EscalationCursor {
  readonly openedAt: string;
  readonly id: string;
}

/** What an outbox item is about. */
export type OutboxSubjectKind = 'escalation' | 'agreed-action' | 'line-manager-report' | 'board-report';

/**
 * One item of the durable outbox: a reminder (due at a deadline) or a notice (due at once),
 * written in the transaction of the change that caused it.
 */
export interface StoredReminder extends Omit<ReminderPlan, 'kind'> {
  readonly kind: ReminderKind | NoticeKind;
  readonly tenantId: string;
  readonly id: string;
  readonly subjectKind: OutboxSubjectKind;
  /** Who caused a notice (never told of their own act). */
  readonly actorUserId?: string | undefined;
  /** The escalation record a notice carries (the Board's copy). */
  readonly recordId?: string | undefined;
  /** Someone outside the organisation, reached by email only (the other agency's contact). */
  readonly audienceEmail?: string | undefined;
  readonly audienceName?: string | undefined;
  readonly subjectId: string;
  readonly status: 'pending' | 'sent' | 'cancelled' | 'failed';
  readonly attempts: number;
  readonly deliveredVia?: string | undefined;
}

/** A record an escalation produced (Stockport Appendix Two's Record of Escalation): append-only. */
export interface EscalationRecord {
  readonly tenantId: string;
  readonly id: string;
  readonly escalationId: string;
  readonly templateId: string;
  readonly title: string;
  readonly subject?: string | undefined;
  /** Plain text, line breaks kept. */
  readonly body: string;
  /** The transition that produced it: an ending (the Record of Escalation) or an escalation (a letter). */
  readonly transition: 'resolve' | 'conclude-unresolved' | 'withdraw' | 'escalate';
  readonly producedAt: string;
}

/** A report to one's line manager (Speak Out, seAp): kept, then delivered through the outbox. */
export interface LineManagerReportRecord {
  readonly tenantId: string;
  readonly id: string;
  readonly kind: string;
  readonly details: string;
  readonly caseReference?: string | undefined;
  readonly reporter: { readonly userId: string; readonly name: string };
  /** The line manager it is for (the first recipient). */
  readonly manager: { readonly userId: string; readonly name: string };
  /** Everyone it goes to. */
  readonly recipients: readonly { readonly userId: string; readonly name: string }[];
  /** The example kind chosen (a conflict of interest's: "abuse of trust"…). */
  readonly example?: string | undefined;
  /** The member of staff a complaint is about. */
  readonly aboutUserId?: string | undefined;
  readonly createdAt: string;
}

/**
 * Everything the use cases keep, as one object with one transaction; its ports per concept are
 * declared beside the use cases that need them (tenant-store.ts, people-store.ts, …), and the
 * chat adapter's conversation references are its own (conversation-store.ts).
 */
export interface Store
  extends
    TenantStore,
    PeopleStore,
    DecisionLogStore,
    AccessLogStore,
    PhoneStore,
    EscalationStore,
    OutboxStore,
    DirectoryStore,
    ConversationStore,
    BoardReportStore,
    RoleGroupStore,
    AuditStore,
    MyWorkStore {
  /** Runs `work` in one transaction: all of it is stored, or none of it. */
  inTransaction<T>(work: (store: Store) => Promise<T>): Promise<T>;
}

/** A reminder claimed by one sweeper for a while (its lease); nobody else sends it meanwhile. */
export interface ClaimedReminder extends StoredReminder {
  readonly claimedBy: string;
  /** Recipients already reached on an earlier attempt, so a retry never repeats them. */
  readonly delivered: readonly ReminderDelivery[];
}

export interface ReminderDelivery {
  readonly userId: string;
  readonly via: 'teams' | 'email' | 'none';
  readonly ref: string;
}

/** The durable reminder queue, across tenants (only the sweeper uses it). */
export interface ReminderQueue {
  /** Claims up to `limit` due reminders for `workerId` until `leaseUntil`; rows claimed elsewhere are skipped. */
  claimDue(now: Date, limit: number, workerId: string, leaseUntil: Date): Promise<ClaimedReminder[]>;
  /**
   * Keeps, durably, the recipients reached so far, before the next is sent: a crash then repeats
   * at most the one message in flight. False when the claim is no longer this worker's.
   */
  recordDelivery(reminder: ClaimedReminder, deliveries: readonly ReminderDelivery[]): Promise<boolean>;
  /** The heartbeat: extends this worker's claims that are still open. */
  renewLeases(reminders: readonly ClaimedReminder[], leaseUntil: Date): Promise<void>;
  /** Gives claims back at once (the server is stopping), keeping their partial deliveries; they were not attempted. */
  release(reminders: readonly ClaimedReminder[]): Promise<void>;
  markSent(reminder: ClaimedReminder, deliveries: readonly ReminderDelivery[], at: Date): Promise<void>;
  /** Keeps the partial deliveries and makes the reminder due again at `retryAt`. */
  retryLater(
    reminder: ClaimedReminder,
    deliveries: readonly ReminderDelivery[],
    retryAt: Date,
    errorKind: string,
  ): Promise<void>;
  markFailed(reminder: ClaimedReminder, deliveries: readonly ReminderDelivery[], errorKind: string): Promise<void>;
  cancel(reminder: ClaimedReminder): Promise<void>;
  /** Closes, in one statement, claims that need no message (their subject moved on or nobody is left to tell). */
  cancelMany(reminders: readonly ClaimedReminder[]): Promise<void>;
  /**
   * What a batch of claims is about, read with one query per table (escalations, their people,
   * the directory users named in them and those users' line managers) rather than per reminder.
   */
  loadSubjects(reminders: readonly ClaimedReminder[]): Promise<OutboxSubjects>;
}

/** The rows a batch of claimed reminders refers to; a key asked for but absent was not found. */
export interface OutboxSubjects {
  readonly escalations: readonly Escalation[];
  readonly people: readonly PersonRecord[];
  readonly users: readonly DirectoryUser[];
  /** The directory user ids asked for (found or not), per tenant: `${tenantId} ${userId}`. */
  readonly usersAsked: readonly string[];
}

/** Mail through the organisation's Microsoft 365 (Graph); absent when the server runs without Graph. */
export interface OutlookMail {
  /** Creates a draft in the signed-in user's mailbox, acting for them with their token (on-behalf-of). */
  createDraftAs(
    userAssertion: string,
    tenantId: string,
    email: ConfirmationEmail,
  ): Promise<{ readonly id: string; readonly webLink?: string | undefined }>;
  /** Sends a notification from the organisation's configured mailbox; `reference` goes in a header so a resend can be recognised. */
  sendNotification(tenantId: string, to: string, subject: string, html: string, reference: string): Promise<void>;
}

/** Who someone's line manager is (Microsoft Graph's manager chain in production). */
export interface ManagerDirectory {
  managerOf(tenantId: string, userId: string): Promise<DirectoryUser | undefined>;
  /** A colleague by email address (user principal name), to escalate to someone named on a card. */
  findByEmail(tenantId: string, email: string): Promise<DirectoryUser | undefined>;
}

export interface PackLookup {
  get(packId: string): ProtocolPack;
}

/** Everything a use case may use; built once in the composition root. */
export interface AppDeps {
  readonly store: Store;
  readonly packs: PackLookup;
  readonly calendarFor: (pack: ProtocolPack) => WorkingDayCalendar;
  readonly clock: Clock;
  readonly newId: () => string;
  readonly sha256: Sha256;
  /** HMAC-SHA-256 with the decision-log key, held outside the database (SAFEGUARD_DECISION_LOG_KEY or the key file). */
  readonly decisionMac: Mac;
  /** Where each decision-log head is anchored outside the database; absent when none is configured. */
  readonly decisionAnchor?: DecisionAnchor | undefined;
  /** The on-send check's compiled caseloads, one per sender; without it each check compiles anew. */
  readonly senderDetectors?: SenderDetectors | undefined;
  /** Entra group membership (Microsoft Graph), for roles mapped to groups; absent in local mode. */
  readonly groupMembership?: GroupMembership | undefined;
}

/**
 * Which of the given Entra groups a user is a member of, directly or through nested groups.
 * Throws when it cannot tell (Graph unreachable, refused): never guesses.
 */
export interface GroupMembership {
  memberGroups(tenantId: string, userId: string, groupIds: readonly string[]): Promise<readonly string[]>;
  /** The users in the groups, directly or through nested groups (who a notice to a role reaches). */
  membersOf(tenantId: string, groupIds: readonly string[]): Promise<readonly DirectoryUser[]>;
}

/** Who is acting, inside which organisation. */
export interface Caller {
  readonly tenantId: string;
  readonly userId: string;
  readonly name: string;
  /** Which surface the call came through, for the access log. */
  readonly surface?: Surface | undefined;
}

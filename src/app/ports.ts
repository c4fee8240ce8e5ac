/**
 * What the use cases need from the world. Adapters (src/db, src/calendar, src/packs) implement
 * these; the use cases never import an adapter. Every read or change of case data takes the
 * caller's tenant id: nothing crosses organisations.
 */
import type { WorkingDayCalendar } from '../domain/calendar/working-day-calendar.js';
import type { ConsentRecord } from '../domain/consent/consent.js';
import type { Escalation } from '../domain/escalation/escalation.js';
import type { EscalationTransition } from '../domain/escalation/escalation-events.js';
import type { ReminderKind, ReminderPlan } from '../domain/escalation/escalation-reminders.js';
import type { NoticeKind, NoticePlan } from '../domain/escalation/escalation-notices.js';
import type { ConfirmationEmail } from '../domain/phone/phone-discussion.js';
import type { AgreedAction, Party } from '../domain/escalation/escalation.js';
import type { ProtocolPack } from '../domain/protocol/pack-schema.js';
import type { ChainCrypto, ChainedEntry, LegacySeal, Mac, Sha256 } from '../domain/sharing/decision-chain.js';
import type { Clock, IsoDate } from '../domain/shared/time.js';
import type { SenderDetectors } from './sender-detectors.js';

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
export type OutboxSubjectKind = 'escalation' | 'agreed-action' | 'line-manager-report';

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

export interface Store {
  /** Runs `work` in one transaction: all of it is stored, or none of it. */
  inTransaction<T>(work: (store: Store) => Promise<T>): Promise<T>;

  createTenant(tenant: TenantRecord): Promise<void>;
  /** Sets (or, with undefined, clears) the tenant's sharing pack; false when there is no such tenant. */
  setTenantSharingPack(tenantId: string, packId: string | undefined): Promise<boolean>;
  getTenant(tenantId: string): Promise<TenantRecord | undefined>;
  listTenants(): Promise<TenantRecord[]>;

  createPerson(person: PersonRecord, createdBy: string): Promise<void>;
  getPerson(tenantId: string, personId: string): Promise<PersonRecord | undefined>;
  /** The case references of these people (of this organisation; unknown ids are left out), in one query. */
  caseReferencesOf(tenantId: string, personIds: readonly string[]): Promise<Map<string, string>>;
  findPersonByCaseReference(tenantId: string, caseReference: string): Promise<PersonRecord | undefined>;

  appendConsent(record: ConsentRecord): Promise<void>;
  listConsent(tenantId: string, personId: string): Promise<ConsentRecord[]>;

  /** Appends to the tenant's hash chain (keyed, current rule); concurrent appends queue, never fork the chain. */
  appendDecision(
    tenantId: string,
    entry: { id: string; personId: string; recordedAt: string; record: unknown; reference?: string | undefined },
    crypto: ChainCrypto,
  ): Promise<DecisionLogEntry>;
  /** The latest decision made for `reference` (e.g. an Outlook message), if any. */
  findDecisionByReference(tenantId: string, reference: string): Promise<DecisionLogEntry | undefined>;
  /** Decisions made for `reference`, newest first, at most `limit`. */
  listDecisionsByReference(tenantId: string, reference: string, limit: number): Promise<DecisionLogEntry[]>;
  /** The tenant's chain head row (seq 0 before the first entry), if one was ever written. */
  getChainHead(tenantId: string): Promise<{ seq: number; hash: string } | undefined>;
  /** The newest entry written under the old unkeyed rule (version 1), if any. */
  lastLegacyEntry(tenantId: string): Promise<{ seq: number; hash: string } | undefined>;
  getLegacySeal(tenantId: string): Promise<LegacySeal | undefined>;
  /** Writes the tenant's seal unless one exists (append-only; two instances starting at once keep the first). */
  createLegacySeal(seal: LegacySeal, at: string): Promise<void>;
  /** "Send anyway" with a justification (soft-block mode); append-only. */
  createSendOverride(o: SendOverride): Promise<void>;
  /** The latest "send anyway" this user justified for `reference`. */
  findSendOverride(tenantId: string, reference: string, userId: string): Promise<SendOverride | undefined>;
  /**
   * Whether the user registered the person or recorded a consent, decision or phone discussion
   * about them, or raised an escalation about them (need to know; escalation routing is checked in the app).
   */
  isInvolvedWithPerson(tenantId: string, personId: string, userId: string): Promise<boolean>;
  appendAccessLog(entry: AccessLogEntry): Promise<void>;
  /** Newest first, at most `limit`; only the person's when `personId` is given. */
  listAccessLog(tenantId: string, filter: { personId?: string | undefined; limit: number }): Promise<AccessLogEntry[]>;
  /** People registered by this user (their caseload, as far as this product knows it). */
  listPeopleRegisteredBy(tenantId: string, userId: string, limit: number): Promise<PersonRecord[]>;
  /** Changes whenever the people registered by this user change (a cheap check before reusing a compiled caseload). */
  caseloadStamp(tenantId: string, userId: string): Promise<string>;
  /** Entries with seq > `afterSeq`, in order, at most `limit`. */
  pageDecisions(tenantId: string, afterSeq: number, limit: number): Promise<DecisionLogEntry[]>;

  createPhoneDiscussion(record: PhoneDiscussionRecord): Promise<void>;
  getPhoneDiscussion(tenantId: string, id: string): Promise<PhoneDiscussionRecord | undefined>;
  createAgreedActions(actions: readonly AgreedActionRecord[], createdAt: string): Promise<void>;
  listAgreedActions(tenantId: string, sourceId: string): Promise<AgreedActionRecord[]>;

  createEscalation(escalation: Escalation, transition: EscalationTransition): Promise<void>;
  /** Saves `escalation` if the stored one is still at `expectedVersion`; else throws ConflictError. */
  updateEscalation(escalation: Escalation, expectedVersion: number, transition: EscalationTransition): Promise<void>;
  getEscalation(tenantId: string, id: string): Promise<Escalation | undefined>;
  listEscalations(tenantId: string, filter?: EscalationFilter): Promise<Escalation[]>;
  /** At most `limit` escalations after `after` in (openedAt, id) order: keyset pages, constant memory. */
  pageEscalations(
    tenantId: string,
    filter: EscalationFilter,
    after: EscalationCursor | undefined,
    limit: number,
  ): Promise<Escalation[]>;
  escalationHistory(tenantId: string, id: string): Promise<EscalationTransition[]>;
  /** The Board's themes counted in the database: open ones by stage, nature and agency; ended since `since` by state. */
  escalationThemeCounts(tenantId: string, now: string, since: string): Promise<EscalationThemeCounts>;

  /** Makes the pending reminders of a subject exactly `plans`: new ones added, dropped ones cancelled, sent ones kept. */
  planReminders(
    tenantId: string,
    subject: { kind: 'escalation' | 'agreed-action'; id: string },
    plans: readonly ReminderPlan[],
    newId: () => string,
    at: string,
  ): Promise<void>;
  listReminders(tenantId: string, subjectId: string): Promise<StoredReminder[]>;
  /** Adds notices to the outbox, due at `at`; a notice already planned (same key) is not added twice. */
  enqueueNotices(
    tenantId: string,
    subject: { kind: OutboxSubjectKind; id: string },
    notices: readonly NoticePlan[],
    newId: () => string,
    at: string,
  ): Promise<void>;

  createEscalationRecord(record: EscalationRecord): Promise<void>;
  /** Oldest first. */
  listEscalationRecords(tenantId: string, escalationId: string): Promise<EscalationRecord[]>;
  /** The records of several escalations at once (a page of an export), oldest first. */
  listEscalationRecordsOf(tenantId: string, escalationIds: readonly string[]): Promise<EscalationRecord[]>;
  getEscalationRecord(tenantId: string, id: string): Promise<EscalationRecord | undefined>;
  createLineManagerReport(report: LineManagerReportRecord): Promise<void>;
  getLineManagerReport(tenantId: string, id: string): Promise<LineManagerReportRecord | undefined>;

  getAgreedAction(tenantId: string, id: string): Promise<AgreedActionRecord | undefined>;
  /** Marks an open action done; false when it was not open (already done or cancelled). */
  completeAgreedAction(tenantId: string, id: string, at: string): Promise<boolean>;

  /** Adds or refreshes a user; a stored manager is kept unless `user.managerUserId` is given. */
  upsertDirectoryUser(user: DirectoryUser, at: string): Promise<void>;
  getDirectoryUser(tenantId: string, userId: string): Promise<DirectoryUser | undefined>;
  /** Users whose recorded line manager is `managerUserId` (a manager's team). */
  listReports(tenantId: string, managerUserId: string): Promise<DirectoryUser[]>;
  findDirectoryUserByEmail(tenantId: string, email: string): Promise<DirectoryUser | undefined>;
  assignRole(tenantId: string, roleId: string, userId: string, at: string): Promise<void>;
  /** Ends a role assignment; false when the user did not hold the role. */
  revokeRole(tenantId: string, roleId: string, userId: string): Promise<boolean>;
  /** Holders of any of `roleIds`, in role order. */
  roleHolders(tenantId: string, roleIds: readonly string[]): Promise<DirectoryUser[]>;

  /** Opaque to the core: the chat adapter's address for reaching a user proactively. */
  saveConversationReference(tenantId: string, userId: string, reference: object, at: string): Promise<void>;
  getConversationReference(tenantId: string, userId: string): Promise<object | undefined>;
  /** The chat service address last seen for the organisation, to open new conversations there. */
  tenantServiceUrl(tenantId: string): Promise<string | undefined>;
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
}

/** Who is acting, inside which organisation. */
export interface Caller {
  readonly tenantId: string;
  readonly userId: string;
  readonly name: string;
  /** Which surface the call came through, for the access log. */
  readonly surface?: Surface | undefined;
}

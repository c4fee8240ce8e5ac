/**
 * What the use cases need from the world. Adapters (src/db, src/calendar, src/packs) implement
 * these; the use cases never import an adapter. Every read or change of case data takes the
 * caller's tenant id: nothing crosses organisations.
 */
import type { WorkingDayCalendar } from '../domain/calendar/working-day-calendar.js';
import type { ConsentRecord } from '../domain/consent/consent.js';
import type { Escalation } from '../domain/escalation/escalation.js';
import type { EscalationTransition } from '../domain/escalation/escalation-events.js';
import type { ReminderPlan } from '../domain/escalation/escalation-reminders.js';
import type { ConfirmationEmail } from '../domain/phone/phone-discussion.js';
import type { AgreedAction, Party } from '../domain/escalation/escalation.js';
import type { ProtocolPack } from '../domain/protocol/pack-schema.js';
import type { ChainedEntry, Sha256 } from '../domain/sharing/decision-chain.js';
import type { Clock, IsoDate } from '../domain/shared/time.js';

export interface TenantRecord {
  readonly id: string;
  readonly name: string;
  readonly packId: string;
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

export interface DecisionLogEntry extends ChainedEntry {
  readonly personId: string;
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
}

export interface StoredReminder extends ReminderPlan {
  readonly tenantId: string;
  readonly id: string;
  readonly subjectKind: 'escalation' | 'agreed-action';
  readonly subjectId: string;
  readonly status: 'pending' | 'sent' | 'cancelled' | 'failed';
  readonly attempts: number;
  readonly deliveredVia?: string | undefined;
}

export interface Store {
  /** Runs `work` in one transaction: all of it is stored, or none of it. */
  inTransaction<T>(work: (store: Store) => Promise<T>): Promise<T>;

  createTenant(tenant: TenantRecord): Promise<void>;
  getTenant(tenantId: string): Promise<TenantRecord | undefined>;
  listTenants(): Promise<TenantRecord[]>;

  createPerson(person: PersonRecord, createdBy: string): Promise<void>;
  getPerson(tenantId: string, personId: string): Promise<PersonRecord | undefined>;
  findPersonByCaseReference(tenantId: string, caseReference: string): Promise<PersonRecord | undefined>;

  appendConsent(record: ConsentRecord): Promise<void>;
  listConsent(tenantId: string, personId: string): Promise<ConsentRecord[]>;

  /** Appends to the tenant's hash chain; concurrent appends queue, never fork the chain. */
  appendDecision(tenantId: string, entry: { id: string; personId: string; recordedAt: string; record: unknown; reference?: string | undefined }, sha256: Sha256): Promise<DecisionLogEntry>;
  /** The latest decision made for `reference` (e.g. an Outlook message), if any. */
  findDecisionByReference(tenantId: string, reference: string): Promise<DecisionLogEntry | undefined>;
  /** "Send anyway" with a justification (soft-block mode); append-only. */
  createSendOverride(o: SendOverride): Promise<void>;
  findSendOverride(tenantId: string, reference: string): Promise<SendOverride | undefined>;
  /** People registered by this user (their caseload, as far as this product knows it). */
  listPeopleRegisteredBy(tenantId: string, userId: string, limit: number): Promise<PersonRecord[]>;
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
  escalationHistory(tenantId: string, id: string): Promise<EscalationTransition[]>;

  /** Makes the pending reminders of a subject exactly `plans`: new ones added, dropped ones cancelled, sent ones kept. */
  planReminders(tenantId: string, subject: { kind: 'escalation' | 'agreed-action'; id: string }, plans: readonly ReminderPlan[], newId: () => string, at: string): Promise<void>;
  listReminders(tenantId: string, subjectId: string): Promise<StoredReminder[]>;

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
  retryLater(reminder: ClaimedReminder, deliveries: readonly ReminderDelivery[], retryAt: Date, errorKind: string): Promise<void>;
  markFailed(reminder: ClaimedReminder, deliveries: readonly ReminderDelivery[], errorKind: string): Promise<void>;
  cancel(reminder: ClaimedReminder): Promise<void>;
}

/** Mail through the organisation's Microsoft 365 (Graph); absent when the server runs without Graph. */
export interface OutlookMail {
  /** Creates a draft in the signed-in user's mailbox, acting for them with their token (on-behalf-of). */
  createDraftAs(userAssertion: string, tenantId: string, email: ConfirmationEmail): Promise<{ readonly id: string; readonly webLink?: string | undefined }>;
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
}

/** Who is acting, inside which organisation. */
export interface Caller {
  readonly tenantId: string;
  readonly userId: string;
  readonly name: string;
}

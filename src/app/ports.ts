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
  appendDecision(tenantId: string, entry: { id: string; personId: string; recordedAt: string; record: unknown }, sha256: Sha256): Promise<DecisionLogEntry>;
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

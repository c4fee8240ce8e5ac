/** Phone discussions and the agreed actions followed up from them (and from escalations). A port of the Store (src/app/ports.ts), beside the use cases that need it. */
import type { AgreedActionRecord, PhoneDiscussionRecord } from '../ports.js';

export interface PhoneStore {
  createPhoneDiscussion(record: PhoneDiscussionRecord): Promise<void>;
  getPhoneDiscussion(tenantId: string, id: string): Promise<PhoneDiscussionRecord | undefined>;
  /** The open actions tracking the communication of risk concerns logged about a person (Tameside 2.3.3). */
  openRiskResponses(tenantId: string, personId: string): Promise<string[]>;
  createAgreedActions(actions: readonly AgreedActionRecord[], createdAt: string): Promise<void>;
  listAgreedActions(tenantId: string, sourceId: string): Promise<AgreedActionRecord[]>;
  getAgreedAction(tenantId: string, id: string): Promise<AgreedActionRecord | undefined>;
  /** Marks an open action done; false when it was not open (already done or cancelled). */
  completeAgreedAction(tenantId: string, id: string, at: string): Promise<boolean>;
}

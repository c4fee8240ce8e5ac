/** What "My work" reads about one person's own work. A port of the Store (src/app/ports.ts), beside the use case. */
import type { AgreedActionRecord, PhoneDiscussionRecord } from '../ports.js';

export interface MyWorkStore {
  /** Phone discussions this user logged whose confirmation email they have not marked sent, oldest first. */
  listUnconfirmedPhoneDiscussions(tenantId: string, userId: string, limit: number): Promise<PhoneDiscussionRecord[]>;
  /** Records that the confirmation email was sent; false when it was already marked. */
  markConfirmationSent(tenantId: string, discussionId: string, userId: string, at: string): Promise<boolean>;
  /** Open agreed actions this user is reminded of, by due date. */
  listOpenAgreedActionsFor(tenantId: string, userId: string, limit: number): Promise<AgreedActionRecord[]>;
  /**
   * People this user works with (registered them, recorded their consent or a phone discussion
   * about them, raised an escalation about them) who have a consent record expiring between two
   * London days, inclusive.
   */
  peopleWithConsentExpiring(tenantId: string, userId: string, fromDay: string, toDay: string): Promise<string[]>;
}

/** People, their consent register and who is involved with them (need to know). A port of the Store (src/app/ports.ts), beside the use cases that need it. */
import type { ConsentRecord } from '../../domain/consent/consent.js';
import type { PersonRecord } from '../ports.js';

/** Where a page of a caseload ended: the registration time and id of its last person. */
export interface PersonCursor {
  readonly createdAt: string;
  readonly id: string;
}

export interface PeopleStore {
  createPerson(person: PersonRecord, createdBy: string): Promise<void>;
  getPerson(tenantId: string, personId: string): Promise<PersonRecord | undefined>;
  /** The case references of these people (of this organisation; unknown ids are left out), in one query. */
  caseReferencesOf(tenantId: string, personIds: readonly string[]): Promise<Map<string, string>>;
  findPersonByCaseReference(tenantId: string, caseReference: string): Promise<PersonRecord | undefined>;
  appendConsent(record: ConsentRecord): Promise<void>;
  listConsent(tenantId: string, personId: string): Promise<ConsentRecord[]>;
  /**
   * Whether the user registered the person or recorded a consent, decision or phone discussion
   * about them, or raised an escalation about them (need to know; escalation routing is checked in the app).
   */
  isInvolvedWithPerson(tenantId: string, personId: string, userId: string): Promise<boolean>;
  /** People registered by this user (their caseload, as far as this product knows it). */
  listPeopleRegisteredBy(tenantId: string, userId: string, limit: number): Promise<PersonRecord[]>;
  /** The same, a page at a time: newest first, after `after` (the last of the page before), each with its keyset. */
  pagePeopleRegisteredBy(
    tenantId: string,
    userId: string,
    after: PersonCursor | undefined,
    limit: number,
  ): Promise<{ readonly person: PersonRecord; readonly key: PersonCursor }[]>;
  /** Changes whenever the people registered by this user change (a cheap check before reusing a compiled caseload). */
  caseloadStamp(tenantId: string, userId: string): Promise<string>;
}

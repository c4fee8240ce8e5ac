/**
 * Registering a person (minimum identifying data) and keeping their consent register.
 */
import type { ConsentAnswer, ConsentRecord } from '../domain/consent/consent.js';
import { consentFor } from '../domain/consent/consent.js';
import { londonDateOf } from '../domain/calendar/london-time.js';
import type { RecordConsentInput, RegisterPersonInput } from './inputs.js';
import type { AppDeps, Caller, PersonRecord } from './ports.js';
import { requirePerson, tenantContext } from './tenant-context.js';

export async function registerPerson(deps: AppDeps, caller: Caller, input: RegisterPersonInput): Promise<PersonRecord> {
  await tenantContext(deps, caller.tenantId);
  const person: PersonRecord = { tenantId: caller.tenantId, id: deps.newId(), ...input };
  await deps.store.createPerson(person, caller.userId);
  return person;
}

/** Appends a consent record; a withdrawal or change is a new record, never an edit. */
export async function recordConsent(deps: AppDeps, caller: Caller, input: RecordConsentInput): Promise<ConsentRecord> {
  await requirePerson(deps.store, caller.tenantId, input.personId);
  const record: ConsentRecord = { ...input, id: deps.newId(), tenantId: caller.tenantId, recordedBy: caller.name, recordedAt: deps.clock.now().toISOString() };
  await deps.store.appendConsent(record);
  return record;
}

/** What the register says today about sharing this person's information with `agency`. */
export async function checkConsent(deps: AppDeps, caller: Caller, personId: string, agency: string): Promise<ConsentAnswer> {
  await requirePerson(deps.store, caller.tenantId, personId);
  const records = await deps.store.listConsent(caller.tenantId, personId);
  return consentFor(records, { agency, on: londonDateOf(deps.clock.now()) });
}

/**
 * Registering a person (minimum identifying data) and keeping their consent register. Only users
 * with a need to know read or add to a person's records (person-access.ts); each read and change
 * is in the access log.
 */
import type { ConsentAnswer, ConsentRecord } from '../domain/consent/consent.js';
import { consentFor } from '../domain/consent/consent.js';
import { londonDateOf } from '../domain/calendar/london-time.js';
import { dateOfBirthProblem } from '../domain/people/date-of-birth.js';
import { ConflictError, NotFoundError, ValidationError } from '../domain/shared/errors.js';
import type { RecordConsentInput, RegisterPersonInput } from './inputs.js';
import { findPersonForCaller, noteAccess, personForCaller } from './person-access.js';
import type { AppDeps, Caller, PersonRecord } from './ports.js';
import { tenantContext } from './tenant-context.js';

export async function registerPerson(deps: AppDeps, caller: Caller, input: RegisterPersonInput): Promise<PersonRecord> {
  await tenantContext(deps, caller.tenantId);
  const problem = input.dateOfBirth && dateOfBirthProblem(input.dateOfBirth, londonDateOf(deps.clock.now()));
  if (problem) throw new ValidationError(problem, { problems: [problem] });
  // Says nothing about the person already registered: the caller may have no need to know them.
  if (await deps.store.findPersonByCaseReference(caller.tenantId, input.caseReference)) {
    throw new ConflictError('A person with this case reference is already registered.');
  }
  const person: PersonRecord = { tenantId: caller.tenantId, id: deps.newId(), ...input };
  await deps.store.inTransaction(async (store) => {
    await store.createPerson(person, caller.userId);
    await noteAccess(deps, store, caller, person.id, 'register-person');
  });
  return person;
}

/** The person with this case reference, if the caller has a need to know them; else not found. */
export async function lookUpPerson(deps: AppDeps, caller: Caller, caseReference: string): Promise<PersonRecord> {
  const person = await findPersonForCaller(deps, caller, caseReference, 'read-person');
  if (!person) throw new NotFoundError('No person with that case reference in your organisation.');
  return person;
}

/** Appends a consent record; a withdrawal or change is a new record, never an edit. */
export async function recordConsent(deps: AppDeps, caller: Caller, input: RecordConsentInput): Promise<ConsentRecord> {
  await personForCaller(deps, caller, input.personId, 'record-consent');
  const record: ConsentRecord = { ...input, id: deps.newId(), tenantId: caller.tenantId, recordedBy: caller.name, recordedById: caller.userId, recordedAt: deps.clock.now().toISOString() };
  await deps.store.inTransaction(async (store) => {
    await store.appendConsent(record);
    await noteAccess(deps, store, caller, input.personId, 'record-consent');
  });
  return record;
}

/** The person's consent register and its answer for `agency` today (one read, logged once). */
export async function consentRegister(deps: AppDeps, caller: Caller, personId: string, agency: string): Promise<{ answer: ConsentAnswer; register: ConsentRecord[] }> {
  await personForCaller(deps, caller, personId, 'read-consent');
  const register = await deps.store.listConsent(caller.tenantId, personId);
  return { answer: consentFor(register, { agency, on: londonDateOf(deps.clock.now()) }), register };
}

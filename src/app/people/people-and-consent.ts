/**
 * Registering a person (minimum identifying data) and keeping their consent register. Only users
 * with a need to know read or add to a person's records (person-access.ts); each read and change
 * is in the access log.
 */
import type { ConsentAnswer, ConsentRecord } from '../../domain/consent/consent.js';
import { consentFor } from '../../domain/consent/consent.js';
import { londonDateOf } from '../../domain/calendar/london-time.js';
import { ageOn, dateOfBirthProblem } from '../../domain/people/date-of-birth.js';
import type { ProtocolPack } from '../../domain/protocol/pack-schema.js';
import { ConflictError, NotFoundError, ValidationError } from '../../domain/shared/errors.js';
import type { RecordConsentInput, RegisterPersonInput } from '../inputs.js';
import { findPersonForCaller, noteAccess, personForCaller } from './person-access.js';
import type { AppDeps, Caller, PersonRecord } from '../ports.js';
import { tenantContext } from '../tenant-context.js';

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

/**
 * Appends a consent record; a withdrawal or change is a new record, never an edit. The tenant's
 * sharing pack adds its own questions: whether the person was told the limits of confidentiality
 * (Speak Out, seAp), and capacity presumed only from the age its seed gives (Durham 3.30).
 */
export async function recordConsent(deps: AppDeps, caller: Caller, input: RecordConsentInput): Promise<ConsentRecord> {
  const { sharingPack } = await tenantContext(deps, caller.tenantId);
  const person = await personForCaller(deps, caller, input.personId, 'record-consent');
  const problem = consentRecordProblem(
    sharingPack,
    input,
    person.dateOfBirth && ageOn(person.dateOfBirth, londonDateOf(deps.clock.now())),
  );
  if (problem) throw new ValidationError(problem, { problems: [problem] });
  const record: ConsentRecord = {
    ...input,
    id: deps.newId(),
    tenantId: caller.tenantId,
    recordedBy: caller.name,
    recordedById: caller.userId,
    recordedAt: deps.clock.now().toISOString(),
  };
  await deps.store.inTransaction(async (store) => {
    await store.appendConsent(record);
    await noteAccess(deps, store, caller, input.personId, 'record-consent');
  });
  return record;
}

/** The person's consent register and its answer for `agency` today (one read, logged once). */
export async function consentRegister(
  deps: AppDeps,
  caller: Caller,
  personId: string,
  agency: string,
): Promise<{ answer: ConsentAnswer; register: ConsentRecord[] }> {
  await personForCaller(deps, caller, personId, 'read-consent');
  const register = await deps.store.listConsent(caller.tenantId, personId);
  return { answer: consentFor(register, { agency, on: londonDateOf(deps.clock.now()) }), register };
}

function consentRecordProblem(
  pack: ProtocolPack,
  input: RecordConsentInput,
  age: number | undefined,
): string | undefined {
  const limits = pack.consent?.confidentialityLimits;
  if (limits && input.status === 'given' && input.informedOfLimits === undefined) {
    return `informedOfLimits: say whether the person was told what cannot be kept confidential (${pack.organisation.shortName}, ${limits.citation.section})`;
  }
  const presumed = pack.consent?.capacityPresumed;
  if (
    presumed &&
    input.status === 'given' &&
    input.capacity.kind === 'presumed' &&
    age !== undefined &&
    age < presumed.fromAge
  ) {
    return `capacity: the person is ${age} by the date of birth recorded; capacity is presumed only from ${presumed.fromAge} (${pack.organisation.shortName}, ${presumed.citation.section}): record an assessment`;
  }
  return undefined;
}

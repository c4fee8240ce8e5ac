/**
 * Loads what every use case needs about the caller's organisation: its record, its protocol
 * pack and its working-day calendar.
 */
import type { WorkingDayCalendar } from '../domain/calendar/working-day-calendar.js';
import type { ProtocolPack } from '../domain/protocol/pack-schema.js';
import { NotFoundError } from '../domain/shared/errors.js';
import type { AppDeps, PersonRecord, Store, TenantRecord } from './ports.js';

export interface TenantContext {
  readonly tenant: TenantRecord;
  readonly pack: ProtocolPack;
  /** The pack every sharing path reads (consent, bases, checks, records): the tenant's sharing pack, else `pack`. */
  readonly sharingPack: ProtocolPack;
  readonly calendar: WorkingDayCalendar;
}

export async function tenantContext(
  deps: AppDeps,
  tenantId: string,
  store: Store = deps.store,
): Promise<TenantContext> {
  const context = await findTenantContext(deps, tenantId, store);
  if (!context) throw new NotFoundError('This organisation is not set up yet.', { tenantId });
  return context;
}

/** The organisation's context, or undefined when it is not set up (one read of its record). */
export async function findTenantContext(
  deps: AppDeps,
  tenantId: string,
  store: Store = deps.store,
): Promise<TenantContext | undefined> {
  const tenant = await store.getTenant(tenantId);
  if (!tenant) return undefined;
  const pack = deps.packs.get(tenant.packId);
  const sharingPack = tenant.sharingPackId ? deps.packs.get(tenant.sharingPackId) : pack;
  return { tenant, pack, sharingPack, calendar: deps.calendarFor(pack) };
}

/** The person, if they belong to the caller's organisation; otherwise not found (never "elsewhere"). */
export async function requirePerson(store: Store, tenantId: string, personId: string): Promise<PersonRecord> {
  const person = await store.getPerson(tenantId, personId);
  if (!person) throw new NotFoundError('No such person in this organisation.', { personId });
  return person;
}

/** The organisations (tenants) and their packs. A port of the Store (src/app/ports.ts), beside the use cases that need it. */
import type { TenantRecord } from './ports.js';

export interface TenantStore {
  createTenant(tenant: TenantRecord): Promise<void>;
  /** Sets (or, with undefined, clears) the tenant's sharing pack; false when there is no such tenant. */
  setTenantSharingPack(tenantId: string, packId: string | undefined): Promise<boolean>;
  getTenant(tenantId: string): Promise<TenantRecord | undefined>;
  listTenants(): Promise<TenantRecord[]>;
}

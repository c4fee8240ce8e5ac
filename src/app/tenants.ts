/**
 * Setting up an organisation where the product does it by itself (local mode): the tenant the
 * add-in's local sign-in names, and a Teams organisation seen for the first time. One place, so
 * both make the same tenant.
 */
import type { AppDeps } from './ports.js';

/** Creates the tenant with the local pack unless it exists; two callers at once both end with it. */
export async function ensureLocalTenant(deps: Pick<AppDeps, 'store'>, tenantId: string, packId: string): Promise<void> {
  if (await deps.store.getTenant(tenantId)) return;
  // Two first messages at once may both try; the loser's insert fails and the tenant exists.
  await deps.store
    .createTenant({ id: tenantId, name: 'Local organisation', packId, emailDomains: [] })
    .catch(async (error: unknown) => {
      if (!(await deps.store.getTenant(tenantId))) throw error;
    });
}

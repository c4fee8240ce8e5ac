/**
 * The Store with its per-request look-ups cached per organisation for a short time: the
 * organisation's record, a directory user, the holders of pack roles (issue 12: each bot turn
 * read the tenant twice, each escalation card the role holders again).
 *
 * Changes made through this store forget what they change at once (and again when their
 * transaction ends, so a read racing the commit cannot keep the old value). Changes made by
 * another instance or the CLI are seen after `ttlMs` at most — which is why the time is short.
 * Reads inside a transaction are never cached: they may see uncommitted rows.
 */
import type { DirectoryUser, Store, TenantRecord } from './ports.js';
import { TtlCache, type TtlCacheOptions } from './ttl-cache.js';

/** Long enough to absorb a burst of turns, short enough that another instance's change shows soon. */
export const DEFAULT_LOOKUP_TTL_MS = 10_000;

export function withCachedLookups(store: Store, options: TtlCacheOptions): Store {
  const tenants = new TtlCache<TenantRecord | undefined>(options);
  const users = new TtlCache<DirectoryUser | undefined>(options);
  const roles = new TtlCache<DirectoryUser[]>(options);
  const key = (tenantId: string, rest: string) => `${tenantId}\u0000${rest}`;
  const forget = {
    tenant: (tenantId: string) => tenants.delete(tenantId),
    user: (tenantId: string, userId: string) => {
      users.delete(key(tenantId, userId));
      // Role holders carry the users' names and e-mail addresses.
      roles.deletePrefix(key(tenantId, ''));
    },
    roles: (tenantId: string) => roles.deletePrefix(key(tenantId, '')),
  };

  /** A transaction's store: uncached reads, and writes that forget now and after the transaction. */
  const inTransaction: Store['inTransaction'] = async (work) => {
    const later: (() => void)[] = [];
    const forgetting = (trx: Store): Store => ({
      ...trx,
      inTransaction: (inner) => trx.inTransaction((t) => inner(forgetting(t))),
      ...writesThatForget(
        trx,
        (f) => {
          f();
          later.push(f);
        },
        forget,
      ),
    });
    try {
      return await store.inTransaction((trx) => work(forgetting(trx)));
    } finally {
      for (const f of later) f();
    }
  };

  return {
    ...store,
    inTransaction,
    ...writesThatForget(store, (f) => f(), forget),
    getTenant: (tenantId) =>
      tenants.get(
        tenantId,
        () => store.getTenant(tenantId),
        (t) => t !== undefined,
      ),
    getDirectoryUser: (tenantId, userId) =>
      users.get(key(tenantId, userId), () => store.getDirectoryUser(tenantId, userId)),
    // Copies, so a caller sorting or changing the list cannot change the cached one.
    roleHolders: async (tenantId, roleIds) => [
      ...(await roles.get(key(tenantId, roleIds.join('\u0001')), () => store.roleHolders(tenantId, roleIds))),
    ],
  };
}

type Forget = {
  tenant(tenantId: string): void;
  user(tenantId: string, userId: string): void;
  roles(tenantId: string): void;
};

/** The writes that change a cached look-up, each followed by `after(forget …)`. */
function writesThatForget(
  store: Store,
  after: (f: () => void) => void,
  forget: Forget,
): Pick<Store, 'createTenant' | 'setTenantSharingPack' | 'upsertDirectoryUser' | 'assignRole' | 'revokeRole'> {
  return {
    async setTenantSharingPack(...args) {
      try {
        return await store.setTenantSharingPack(...args);
      } finally {
        after(() => forget.tenant(args[0]));
      }
    },
    async createTenant(tenant) {
      try {
        await store.createTenant(tenant);
      } finally {
        after(() => forget.tenant(tenant.id));
      }
    },
    async upsertDirectoryUser(user, at) {
      await store.upsertDirectoryUser(user, at);
      after(() => forget.user(user.tenantId, user.userId));
    },
    async assignRole(tenantId, roleId, userId, at) {
      await store.assignRole(tenantId, roleId, userId, at);
      after(() => forget.roles(tenantId));
    },
    async revokeRole(tenantId, roleId, userId) {
      const revoked = await store.revokeRole(tenantId, roleId, userId);
      after(() => forget.roles(tenantId));
      return revoked;
    },
  };
}

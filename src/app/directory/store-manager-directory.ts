/**
 * Line managers as the organisation's own records know them (set by an administrator or learnt
 * earlier from Graph). The Graph adapter falls back to this, and it is all there is in local mode.
 */
import type { ManagerDirectory, Store } from '../ports.js';

export function storeManagerDirectory(store: Store): ManagerDirectory {
  return {
    async managerOf(tenantId, userId) {
      const user = await store.getDirectoryUser(tenantId, userId);
      if (!user?.managerUserId) return undefined;
      // The manager may not have used the app yet: known by id only until they do.
      return (
        (await store.getDirectoryUser(tenantId, user.managerUserId)) ?? {
          tenantId,
          userId: user.managerUserId,
          displayName: 'Line manager',
        }
      );
    },
    findByEmail: (tenantId, email) => store.findDirectoryUserByEmail(tenantId, email),
  };
}

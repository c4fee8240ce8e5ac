/**
 * The sweep's view of the store and the line-manager directory over a batch read ahead
 * (ReminderQueue.loadSubjects): the lookups that deciding "still due?" and "to whom?" make per
 * item are answered from the batch, and anything the batch did not cover goes to the real store.
 * The rules themselves (reminder-notices.ts, escalation-access.ts) are unchanged.
 */
import type { DirectoryUser, ManagerDirectory, OutboxSubjects, Store } from '../ports.js';

const keyOf = (tenantId: string, id: string) => `${tenantId} ${id}`;

export interface Prefetched {
  readonly store: Store;
  readonly managers: ManagerDirectory;
}

export function prefetched(store: Store, managers: ManagerDirectory, batch: OutboxSubjects): Prefetched {
  const escalations = new Map(batch.escalations.map((e) => [keyOf(e.tenantId, e.id), e]));
  const people = new Map(batch.people.map((p) => [keyOf(p.tenantId, p.id), p]));
  const users = new Map(batch.users.map((u) => [keyOf(u.tenantId, u.userId), u]));
  const usersAsked = new Set(batch.usersAsked);
  const getDirectoryUser = async (tenantId: string, userId: string): Promise<DirectoryUser | undefined> => {
    const key = keyOf(tenantId, userId);
    return users.get(key) ?? (usersAsked.has(key) ? undefined : store.getDirectoryUser(tenantId, userId));
  };
  const view: Store = {
    ...store,
    getEscalation: async (tenantId, id) => escalations.get(keyOf(tenantId, id)) ?? store.getEscalation(tenantId, id),
    getPerson: async (tenantId, id) => people.get(keyOf(tenantId, id)) ?? store.getPerson(tenantId, id),
    getDirectoryUser,
  };
  return {
    store: view,
    managers: {
      // As every directory does first (storeManagerDirectory): the manager the records name, else ask the real one.
      async managerOf(tenantId, userId) {
        const user = users.get(keyOf(tenantId, userId));
        if (!user?.managerUserId) return managers.managerOf(tenantId, userId);
        return (
          (await getDirectoryUser(tenantId, user.managerUserId)) ?? {
            tenantId,
            userId: user.managerUserId,
            displayName: 'Line manager',
          }
        );
      },
      findByEmail: (tenantId, email) => managers.findByEmail(tenantId, email),
    },
  };
}

/**
 * Group membership answers kept per organisation and user for a short time: every request of a
 * user holding a role through a group would otherwise ask Graph again. The key includes the
 * groups asked about, so a mapping changed (here, in another instance or on the command line)
 * asks Graph afresh at once; a membership changed in Entra is seen after `ttlMs` at most. A
 * failed look-up is never kept.
 */
import type { DirectoryUser, GroupMembership } from '../ports.js';
import { TtlCache, type TtlCacheOptions } from '../ttl-cache.js';

/** Short: a person removed from the IG lead's group should lose the audit within minutes. */
export const GROUP_MEMBERSHIP_TTL_MS = 60_000;

export function withCachedGroupMembership(membership: GroupMembership, options: TtlCacheOptions): GroupMembership {
  const cache = new TtlCache<readonly string[]>(options);
  const members = new TtlCache<readonly DirectoryUser[]>(options);
  return {
    membersOf: (tenantId, groupIds) => {
      const asked = [...new Set(groupIds)].sort();
      return members.get([tenantId, ...asked].join('\u0000'), () => membership.membersOf(tenantId, asked));
    },
    memberGroups: (tenantId, userId, groupIds) => {
      const asked = [...new Set(groupIds)].sort();
      return cache.get([tenantId, userId, ...asked].join('\u0000'), () =>
        membership.memberGroups(tenantId, userId, asked),
      );
    },
  };
}

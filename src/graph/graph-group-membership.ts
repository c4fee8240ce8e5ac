/**
 * Entra group membership through Microsoft Graph: `POST /users/{id}/checkMemberGroups` with the
 * groups mapped to roles (app-only, GroupMember.Read.All and User.Read.All). The function is
 * transitive — membership through nested groups counts — and takes at most 20 group ids per
 * request, so longer lists are asked in batches. Any failure throws: the caller grants nothing.
 * https://learn.microsoft.com/en-us/graph/api/directoryobject-checkmembergroups
 */
import type { GroupMembership } from '../app/ports.js';
import { createGraphClient } from './graph-client.js';
import type { TokenSource } from './token-source.js';

const MAX_GROUPS_PER_REQUEST = 20;

export function createGraphGroupMembership(graphBaseUrl: string, tokens: TokenSource): GroupMembership {
  return {
    async memberGroups(tenantId, userId, groupIds) {
      const client = createGraphClient(graphBaseUrl, () => tokens.appToken(tenantId));
      const found: string[] = [];
      for (let i = 0; i < groupIds.length; i += MAX_GROUPS_PER_REQUEST) {
        const answer = (await client
          .api(`/users/${encodeURIComponent(userId)}/checkMemberGroups`)
          .post({ groupIds: groupIds.slice(i, i + MAX_GROUPS_PER_REQUEST) })) as { value?: unknown };
        if (!Array.isArray(answer.value)) throw new Error('checkMemberGroups answered without a value list');
        found.push(...answer.value.filter((id): id is string => typeof id === 'string'));
      }
      // Only ids that were asked about: an answer can never grant a group nobody mapped.
      return found.filter((id) => groupIds.includes(id));
    },
  };
}

/**
 * Entra group membership through Microsoft Graph: `POST /users/{id}/checkMemberGroups` with the
 * groups mapped to roles (app-only, GroupMember.Read.All and User.Read.All). The function is
 * transitive — membership through nested groups counts — and takes at most 20 group ids per
 * request, so longer lists are asked in batches. Any failure throws: the caller grants nothing.
 * https://learn.microsoft.com/en-us/graph/api/directoryobject-checkmembergroups
 *
 * Who is in a group (to tell a role's holders): `GET /groups/{id}/transitiveMembers/microsoft.graph.user`,
 * users only, nested groups included, page by page through `@odata.nextLink`.
 * https://learn.microsoft.com/en-us/graph/api/group-list-transitivemembers
 */
import type { DirectoryUser, GroupMembership } from '../app/ports.js';
import { createGraphClient } from './graph-client.js';
import type { TokenSource } from './token-source.js';

const MAX_GROUPS_PER_REQUEST = 20;
/** A bound on a group's pages read for one notice (999 users a page). */
const MAX_MEMBER_PAGES = 20;

interface GraphUser {
  readonly id?: unknown;
  readonly displayName?: unknown;
  readonly mail?: unknown;
}

interface GraphUserPage {
  readonly value?: unknown;
  readonly '@odata.nextLink'?: string;
}

export function createGraphGroupMembership(graphBaseUrl: string, tokens: TokenSource): GroupMembership {
  return {
    async membersOf(tenantId, groupIds) {
      const client = createGraphClient(graphBaseUrl, () => tokens.appToken(tenantId));
      const found = new Map<string, DirectoryUser>();
      for (const groupId of groupIds) {
        let next: string | undefined =
          `/groups/${encodeURIComponent(groupId)}/transitiveMembers/microsoft.graph.user?$select=id,displayName,mail,userPrincipalName&$top=999`;
        for (let page = 0; next && page < MAX_MEMBER_PAGES; page += 1) {
          const answer = (await client.api(next).get()) as GraphUserPage;
          const list: unknown = answer.value;
          if (!Array.isArray(list)) throw new Error('transitiveMembers answered without a value list');
          for (const u of list as GraphUser[]) {
            if (typeof u.id !== 'string') continue;
            const email = typeof u.mail === 'string' ? u.mail : undefined;
            found.set(u.id, {
              tenantId,
              userId: u.id,
              displayName: typeof u.displayName === 'string' ? u.displayName : 'Colleague',
              ...(email ? { email } : {}),
            });
          }
          next = answer['@odata.nextLink'];
        }
      }
      return [...found.values()];
    },
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

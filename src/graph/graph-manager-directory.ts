/**
 * Line managers from Microsoft Graph's manager chain (GET /users/{id}/manager, app-only
 * User.Read.All). A manager recorded by an administrator wins; what Graph answers is remembered
 * in the directory so reminders still find the manager if Graph is briefly unreachable.
 */
import type { DirectoryUser, ManagerDirectory, Store } from '../app/ports.js';
import { storeManagerDirectory } from '../app/directory/store-manager-directory.js';
import type { TokenSource } from './token-source.js';
import { createGraphClient } from './graph-client.js';

interface GraphUser {
  readonly id: string;
  readonly displayName?: string | null;
  readonly mail?: string | null;
  readonly userPrincipalName?: string | null;
}

export function createGraphManagerDirectory(
  store: Store,
  graphBaseUrl: string,
  tokens: TokenSource,
  now: () => Date,
): ManagerDirectory {
  const recorded = storeManagerDirectory(store);
  const remember = async (tenantId: string, user: GraphUser, managerOf?: DirectoryUser): Promise<DirectoryUser> => {
    const at = now().toISOString();
    const person: DirectoryUser = {
      tenantId,
      userId: user.id,
      displayName: user.displayName ?? 'Colleague',
      email: user.mail ?? user.userPrincipalName ?? undefined,
    };
    await store.upsertDirectoryUser(person, at);
    if (managerOf) await store.upsertDirectoryUser({ ...managerOf, managerUserId: user.id }, at);
    return person;
  };
  const get = async (tenantId: string, path: string): Promise<GraphUser | undefined> => {
    try {
      return (await createGraphClient(graphBaseUrl, () => tokens.appToken(tenantId))
        .api(path)
        .select('id,displayName,mail,userPrincipalName')
        .get()) as GraphUser;
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return undefined;
      throw error;
    }
  };
  return {
    async managerOf(tenantId, userId) {
      const known = await recorded.managerOf(tenantId, userId);
      if (known) return known;
      const manager = await get(tenantId, `/users/${encodeURIComponent(userId)}/manager`);
      if (!manager) return undefined;
      const user = (await store.getDirectoryUser(tenantId, userId)) ?? { tenantId, userId, displayName: 'Colleague' };
      return remember(tenantId, manager, user);
    },
    async findByEmail(tenantId, email) {
      const known = await recorded.findByEmail(tenantId, email);
      if (known) return known;
      const user = await get(tenantId, `/users/${encodeURIComponent(email)}`);
      return user && remember(tenantId, user);
    },
  };
}

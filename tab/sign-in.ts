/**
 * Who is looking: inside Teams from its context and single sign-on; outside Teams only in local
 * mode (a developer's preview, naming the tenant and user in the address).
 */
import { app, authentication } from '@microsoft/teams-js';
import { localToken } from '../src/api/client.js';

export interface TabConfig {
  readonly localMode: boolean;
}

/** The bearer token source for the API client. */
export async function signIn(config: TabConfig): Promise<() => Promise<string>> {
  if (window.parent === window) {
    const q = new URLSearchParams(location.search);
    const tid = q.get('tenant');
    const oid = q.get('user');
    if (!config.localMode || !tid || !oid) throw new Error('Open this tab in Microsoft Teams.');
    const token = localToken({ tid, oid, name: q.get('name') ?? 'Local user' });
    return () => Promise.resolve(token);
  }
  await app.initialize();
  const context = await app.getContext();
  if (config.localMode) {
    const user = context.user;
    const token = localToken({
      tid: user?.tenant?.id ?? 'local',
      oid: user?.id ?? 'local-user',
      name: user?.displayName ?? 'Local user',
    });
    return () => Promise.resolve(token);
  }
  return () => authentication.getAuthToken();
}

/** The page a Teams deep link opened the tab at (`page.subPageId`), inside Teams only; after `signIn`. */
export async function teamsSubPage(): Promise<string | undefined> {
  if (window.parent === window) return undefined;
  return (await app.getContext()).page.subPageId;
}

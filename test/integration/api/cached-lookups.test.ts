/**
 * The organisation, directory users and role holders are cached for a few seconds (issue 12), but
 * a change made through this server shows at once: a Board role given or taken away changes what
 * the person sees on their next request, inside a transaction or not.
 */
import { localToken } from '../../../src/api/client.js';
import { startBotHarness, teamsUser, type BotHarness } from '../../helpers/bot-harness.js';

let h: BotHarness;
afterEach(() => h.close());

const bea = teamsUser('Bea Businessmanager');
const AT = '2026-11-25T10:00:00Z';

async function me(): Promise<Record<string, unknown>> {
  const res = await fetch(h.endpoint.replace('/api/messages', '/api/me'), {
    headers: { authorization: `Bearer ${localToken({ tid: h.tenantId, oid: bea.aadObjectId, name: bea.name })}` },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

test('a Board role given, then taken away, shows on the very next request', async () => {
  h = await startBotHarness({ now: AT, packId: 'tameside' });
  expect(await me()).toMatchObject({ board: false });
  expect(await me()).toMatchObject({ board: false }); // now cached
  await h.app.deps.store.assignRole(h.tenantId, 'board-business-manager', bea.aadObjectId, AT);
  expect(await me()).toMatchObject({ board: true });
  await h.app.deps.store.inTransaction((trx) => trx.revokeRole(h.tenantId, 'board-business-manager', bea.aadObjectId));
  expect(await me()).toMatchObject({ board: false });
});

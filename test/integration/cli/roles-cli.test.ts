/**
 * `safeguard roles map|list|unmap` as an administrator runs it (a real process on an embedded
 * database): roles of the organisation's pack, and ig-lead, granted to Entra groups.
 */
import { jest } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { safeguard } from '../../helpers/run-safeguard.js';

jest.setTimeout(180_000);

const GROUP = '5C1D6E2F-0000-4000-8000-00000000000A';
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'safeguard-roles-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

test('map, list and unmap a role to an Entra group; mistakes are clear', async () => {
  const env = { SAFEGUARD_DATA_DIR: join(dir, 'db') };
  expect(
    (await safeguard(['tenants', 'add', '--id', 'tameside-asc', '--name', 'Tameside', '--pack', 'tameside'], env)).code,
  ).toBe(0);
  const tenant = ['--tenant', 'tameside-asc'];
  expect(await safeguard(['roles', 'list', ...tenant], env)).toMatchObject({
    code: 0,
    stdout: 'no role is mapped to an Entra group',
  });
  expect(await safeguard(['roles', 'map', ...tenant, '--role', 'ig-lead', '--group', GROUP], env)).toMatchObject({
    code: 0,
    stdout: `members of group ${GROUP} hold ig-lead`,
  });
  expect(
    (await safeguard(['roles', 'map', ...tenant, '--role', 'board-business-manager', '--group', GROUP], env)).code,
  ).toBe(0);
  const listed = await safeguard(['roles', 'list', ...tenant], env);
  expect(listed.stdout.split('\n').map((l) => l.split('\t').slice(0, 2))).toEqual([
    ['board-business-manager', GROUP.toLowerCase()],
    ['ig-lead', GROUP.toLowerCase()],
  ]);
  const noSuchRole = await safeguard(['roles', 'map', ...tenant, '--role', 'wizard', '--group', GROUP], env);
  expect(noSuchRole).toMatchObject({ code: 1, stderr: expect.stringMatching(/no role "wizard".*team-manager/) });
  const notAGroup = await safeguard(['roles', 'map', ...tenant, '--role', 'ig-lead', '--group', 'Finance'], env);
  expect(notAGroup).toMatchObject({ code: 1, stderr: expect.stringMatching(/not an Entra group object id/) });
  expect(
    (await safeguard(['roles', 'map', '--tenant', 'nobody', '--role', 'ig-lead', '--group', GROUP], env)).code,
  ).toBe(1);

  expect((await safeguard(['roles', 'unmap', ...tenant, '--role', 'ig-lead', '--group', GROUP], env)).code).toBe(0);
  expect(await safeguard(['roles', 'unmap', ...tenant, '--role', 'ig-lead', '--group', GROUP], env)).toMatchObject({
    code: 2,
    stderr: expect.stringMatching(/is not mapped to ig-lead/),
  });
  expect((await safeguard(['roles', 'list', ...tenant], env)).stdout).not.toMatch(/ig-lead/);
});

/**
 * GET /api/people (a practitioner's own caseload) and GET /api/sharing-decisions (the IG lead's
 * review) come a page at a time, like GET /api/escalations: `{items, next}`, newest first, the
 * `next` cursor fetching the page after, with nothing repeated or skipped, and a cursor this server
 * did not give refused with 400. Through the real server and the API client the tab and add-in use.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { createApiClient, localToken } from '../../../src/api/client.js';
import type { CaseloadEntry, DecisionForReview, ListPage } from '../../../src/api/contract.js';
import { IG_LEAD_ROLE } from '../../../src/app/people/person-access.js';
import { CONTOSO_TENANT, startBotHarness, teamsUser, type BotHarness } from '../../helpers/bot-harness.js';

const OUTSIDE = {
  kind: 'outside-protocol' as const,
  name: 'UK GDPR Article 6(1)(d), vital interests',
  justification: 'Needed now',
};

let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness({ packId: 'stockport' });
});
afterAll(() => h.close());

const base = () => h.endpoint.replace('/api/messages', '');
function as(user: { aadObjectId: string; name: string }) {
  const token = localToken({ tid: CONTOSO_TENANT, oid: user.aadObjectId, name: user.name });
  return async (path: string, init: { method?: string; body?: unknown } = {}) => {
    const res = await fetch(`${base()}${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
}

/** Every page, following `next`. */
async function allPages<T>(first: (after?: string) => Promise<ListPage<T>>): Promise<T[][]> {
  const pages: T[][] = [];
  for (let after: string | undefined, n = 0; n < 20; n += 1) {
    const page = await first(after);
    pages.push([...page.items]);
    if (!page.next) return pages;
    after = page.next;
  }
  throw new Error('the pages never ended');
}

test("a practitioner's caseload, newest first, a page at a time; nobody else's people", async () => {
  const sam = as(teamsUser('Sam Practitioner'));
  const other = as(teamsUser('Olu Other'));
  for (let i = 1; i <= 5; i += 1)
    expect(
      (await sam('/api/people', { method: 'POST', body: { caseReference: `PG-${i}`, displayName: `Person ${i}` } }))
        .status,
    ).toBe(201);
  await other('/api/people', { method: 'POST', body: { caseReference: 'PG-OTHER', displayName: 'Not Sams' } });

  const pages = await allPages(async (after) => {
    const res = await sam(`/api/people?limit=2${after ? `&after=${after}` : ''}`);
    expect(res.status).toBe(200);
    return res.body as unknown as ListPage<CaseloadEntry>;
  });
  expect(pages.map((p) => p.map((e) => e.caseReference))).toEqual([['PG-5', 'PG-4'], ['PG-3', 'PG-2'], ['PG-1']]);
  // The client the tab and add-in use reads the same pages.
  const client = createApiClient({
    baseUrl: base(),
    token: async () => localToken({ tid: CONTOSO_TENANT, oid: 'nobody-yet', name: 'New' }),
  });
  expect(await client.myCaseload()).toEqual({ items: [] });
  // The lookup by case reference is unchanged.
  expect((await sam('/api/people?caseReference=PG-3')).body).toMatchObject({ caseReference: 'PG-3' });
  expect((await sam('/api/people?after=bm90LWEtY3Vyc29y')).status).toBe(400);
});

test('people registered within the same millisecond are each listed once (the keyset keeps microseconds)', async () => {
  const kim = teamsUser('Kim Keyset');
  const at = ['2026-01-01T09:00:00.000100Z', '2026-01-01T09:00:00.000300Z', '2026-01-01T09:00:00.000200Z'];
  for (const [i, createdAt] of at.entries())
    await sql`INSERT INTO people (tenant_id, id, case_reference, display_name, created_by, created_at)
              VALUES (${h.tenantId}, ${randomUUID()}, ${`US-${i}`}, 'Pat', ${kim.aadObjectId}, ${createdAt}::timestamptz)`.execute(
      h.app.database.db,
    );
  const pages = await allPages(async (after) => {
    const res = await as(kim)(`/api/people?limit=1${after ? `&after=${after}` : ''}`);
    expect(res.status).toBe(200);
    return res.body as unknown as ListPage<CaseloadEntry>;
  });
  expect(pages.map((p) => p.map((e) => e.caseReference))).toEqual([['US-1'], ['US-2'], ['US-0']]);
});

test("the IG lead's review of decisions outside the protocol, newest first, a page at a time", async () => {
  const sam = as(teamsUser('Sam Sharer'));
  const idaUser = teamsUser('Ida Governance');
  await h.app.deps.store.assignRole(h.tenantId, IG_LEAD_ROLE, idaUser.aadObjectId, '2026-11-25T10:00:00Z');
  const ida = as(idaUser);
  const person = await sam('/api/people', { method: 'POST', body: { caseReference: 'SD-1', displayName: 'Pat' } });
  const decide = (agency: string, basis: unknown) =>
    sam('/api/sharing-decisions', {
      method: 'POST',
      body: {
        decision: 'share',
        personId: person.body['id'],
        basis,
        information: 'Medication list',
        recipients: [{ name: 'Team', agency }],
        purpose: 'Treatment',
        reasons: 'Emergency',
      },
    });
  for (const agency of ['Agency 1', 'Agency 2', 'Agency 3']) expect((await decide(agency, OUTSIDE)).status).toBe(201);

  const pages = await allPages(async (after) => {
    const res = await ida(`/api/sharing-decisions?basis=outside-protocol&limit=2${after ? `&after=${after}` : ''}`);
    expect(res.status).toBe(200);
    return res.body as unknown as ListPage<DecisionForReview>;
  });
  expect(pages.map((p) => p.map((d) => d.agencies[0]))).toEqual([['Agency 3', 'Agency 2'], ['Agency 1']]);
  expect(pages.flat().every((d) => d.caseReference === 'SD-1' && d.basisName === OUTSIDE.name)).toBe(true);
  expect((await sam('/api/sharing-decisions?basis=outside-protocol')).status).toBe(403);
  expect((await ida('/api/sharing-decisions?basis=outside-protocol&after=%21%21')).status).toBe(400);
});

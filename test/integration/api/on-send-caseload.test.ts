/**
 * The on-send check keeps each sender's compiled caseload between emails (issue 12) — and never
 * misses a person because of it: someone registered here, on another instance or by the CLI is
 * matched from the very next email. Over real HTTP.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { localToken } from '../../../src/api/client.js';
import { startBotHarness, teamsUser, type BotHarness } from '../../helpers/bot-harness.js';

let h: BotHarness;
afterEach(() => h.close());

const sam = teamsUser('Sam Practitioner');
const tom = teamsUser('Tom Practitioner');

async function check(user: typeof sam, bodyText: string): Promise<Record<string, unknown>> {
  const res = await fetch(h.endpoint.replace('/api/messages', '/api/sharing-check'), {
    method: 'POST',
    headers: {
      authorization: `Bearer ${localToken({ tid: h.tenantId, oid: user.aadObjectId, name: user.name })}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ from: 'sam@contoso.example', to: ['alex@housing.example'], subject: 'Visit', bodyText }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

test('a person added to the caseload after an email was checked is matched on the next email, however they were added', async () => {
  h = await startBotHarness();
  const body = 'Visited Jane Smith and Omar Khan today about the support plan.';
  await h.app.deps.store.createPerson(
    { tenantId: h.tenantId, id: randomUUID(), caseReference: 'ASC-1', displayName: 'Jane Smith' },
    sam.aadObjectId,
  );
  expect(await check(sam, body)).toMatchObject({ decisionRequired: true, findingCounts: { 'known-person': 1 } });
  expect(await check(sam, body)).toMatchObject({ findingCounts: { 'known-person': 1 } });

  // Written by someone else (another instance, the CLI): straight into the database, not through this server.
  await sql`INSERT INTO people (tenant_id, id, case_reference, display_name, created_by) VALUES (${h.tenantId}, ${randomUUID()}, 'ASC-2', 'Omar Khan', ${sam.aadObjectId})`.execute(
    h.app.database.db,
  );
  expect(await check(sam, body)).toMatchObject({ findingCounts: { 'known-person': 2 } });

  // Each sender has their own caseload: Tom's emails match neither name.
  expect((await check(tom, body))['findingCounts']).not.toHaveProperty('known-person');
});

/**
 * `/api/sharing-check` with the largest emails it accepts, over real HTTP (security review
 * 2026-12, H3): a body of up to 400,000 characters is read in full and answered with counts and a
 * bounded list of positions; a longer one is refused at the edge with a message, and a body the
 * add-in cut to fit is treated as possibly holding identifiers.
 */
import { randomUUID } from 'node:crypto';
import { localToken } from '../../../src/api/client.js';
import { MAX_POSITIONS_PER_KIND, MAX_SCANNED_CHARACTERS } from '../../../src/domain/detection/index.js';
import { startBotHarness, teamsUser, type BotHarness } from '../../helpers/bot-harness.js';

let h: BotHarness;
afterEach(() => h.close());

const sam = teamsUser('Sam Practitioner');
const email = { from: 'sam@contoso.example', to: ['alex@housing.example'], subject: 'Chronology' };

async function check(body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(h.endpoint.replace('/api/messages', '/api/sharing-check'), {
    method: 'POST',
    headers: {
      authorization: `Bearer ${localToken({ tid: h.tenantId, oid: sam.aadObjectId, name: sam.name })}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

test('the longest body accepted, dense with postcodes and a caseload name: every one counted, 100 positions per kind kept', async () => {
  h = await startBotHarness();
  await h.app.deps.store.createPerson(
    { tenantId: h.tenantId, id: randomUUID(), caseReference: 'ASC-1', displayName: 'Jane Smith' },
    sam.aadObjectId,
  );
  const bodyText = 'Jane Smith, M1 1AE. '.repeat(MAX_SCANNED_CHARACTERS / 20);
  expect(bodyText.length).toBe(MAX_SCANNED_CHARACTERS);
  const answer = await check({ ...email, bodyText });
  expect(answer.status).toBe(200);
  expect(answer.body).toMatchObject({
    decisionRequired: true,
    truncated: false,
    findingCounts: { postcode: 20_000, 'known-person': 20_000 },
  });
  expect(answer.body['findings']).toHaveLength(2 * MAX_POSITIONS_PER_KIND);
  expect(answer.body['reasons']).toContain('Body: 20000 postcodes, 20000 names of people on the caseload.');
});

test('a longer body is refused with a message naming the limit; one the add-in cut (bodyTruncated) asks for a decision', async () => {
  h = await startBotHarness();
  const tooLong = await check({ ...email, bodyText: 'x'.repeat(MAX_SCANNED_CHARACTERS + 1) });
  expect(tooLong.status).toBe(400);
  expect(tooLong.body['message']).toMatch(/bodyText.*400000/);

  const cut = await check({ ...email, bodyText: 'See you on Tuesday.', bodyTruncated: true });
  expect(cut.status).toBe(200);
  expect(cut.body).toMatchObject({ decisionRequired: true, truncated: true, findings: [] });
  expect(cut.body['reasons']).toContainEqual(
    expect.stringMatching(/^Body: only the first 400,000 characters were checked/),
  );
});

/**
 * "My work" over real HTTP (issue 10, item 4): a practitioner and their manager each see their
 * own open escalations with the next action and deadline, the calls whose confirmation email is
 * not yet sent, their agreed actions by due date, and consents expiring in the next 30 days for
 * people they work with — and nobody else's.
 */
import type { MyWorkView } from '../../../src/api/contract.js';
import { CONTOSO_TENANT, startBotHarness, teamsUser, type BotHarness } from '../../helpers/bot-harness.js';
import { restAs } from '../../helpers/rest-as.js';

let h: BotHarness;
afterAll(() => h.close());

const sam = teamsUser('Sam Practitioner');
const tess = teamsUser('Tess Teammanager');
const tim = teamsUser('Tim Unrelated');
const hal = teamsUser('Hal Headofservice');

const api = (u: { aadObjectId: string; name: string }, tid = CONTOSO_TENANT) =>
  restAs<MyWorkView & Record<string, unknown>>(h, u, tid);

let personId: string;
let discussionId: string;
let escalationId: string;

beforeAll(async () => {
  // Wednesday 25 November 2026, 10:00 London.
  h = await startBotHarness({ packId: 'tameside', now: '2026-11-25T10:00:00Z' });
  await h.app.deps.store.upsertDirectoryUser(
    { tenantId: h.tenantId, userId: sam.aadObjectId, displayName: sam.name, managerUserId: tess.aadObjectId },
    '2026-11-01T10:00:00Z',
  );
  await h.app.deps.store.upsertDirectoryUser(
    { tenantId: h.tenantId, userId: tess.aadObjectId, displayName: tess.name, managerUserId: hal.aadObjectId },
    '2026-11-01T10:00:00Z',
  );
  await h.app.deps.store.upsertDirectoryUser(
    { tenantId: h.tenantId, userId: hal.aadObjectId, displayName: hal.name },
    '2026-11-01T10:00:00Z',
  );
  const registered = await api(sam)('POST', '/api/people', { caseReference: 'ASC-1', displayName: 'Pat Example' });
  personId = (registered.body as unknown as { id: string }).id;
  const consent = (recipients: string[], expiresOn: string) =>
    api(sam)('POST', `/api/people/${personId}/consent`, {
      status: 'given',
      information: 'Housing',
      recipients,
      capacity: { kind: 'presumed' },
      expiresOn,
    });
  h.app.clock.set('2026-11-20T10:00:00Z');
  expect((await consent(['Housing Trust'], '2026-12-05')).status).toBe(201); // in 10 days: shown
  expect((await consent(['GP Surgery'], '2027-01-04')).status).toBe(201); // in 40 days: not yet
  expect((await consent(['Police'], '2026-11-30')).status).toBe(201);
  h.app.clock.set('2026-11-21T10:00:00Z');
  expect((await consent(['Police'], '2027-06-30')).status).toBe(201); // renewed: the old one no longer counts
  h.app.clock.set('2026-11-25T10:00:00Z');

  const call = await api(sam)('POST', '/api/phone-discussions', {
    senderRole: 'Social worker',
    discussion: {
      personId,
      occurredAt: '2026-11-24T14:00:00Z',
      participants: [
        { name: sam.name, role: 'Social worker', agency: 'Contoso', userId: sam.aadObjectId },
        { name: 'Alex Officer', role: 'Housing officer', agency: 'Housing Trust', email: 'alex@housing.example' },
      ],
      concerns: 'Repairs outstanding',
      consentBasis: 'Consent given for Housing Trust',
      agreedActions: [
        { description: 'Chase the repair', owner: 'Sam', dueOn: '2026-11-23' },
        { description: 'Visit Pat', owner: 'Sam', dueOn: '2026-12-02' },
      ],
    },
  });
  expect(call.status).toBe(201);
  discussionId = (call.body as unknown as { id: string }).id;

  const raised = await api(sam)('POST', '/api/escalations', {
    personId,
    raiserRole: 'Social worker',
    otherAgency: { name: 'Housing Trust', contact: { name: 'Alex', role: 'Officer', agency: 'Housing Trust' } },
    natureDetails: 'Repairs not done',
    outcomeSought: 'Repairs done',
    outcomeSoughtBy: '2027-01-29',
    riskLevel: 'standard',
  });
  expect(raised.status).toBe(201);
  escalationId = (raised.body as unknown as { id: string }).id;
});

test("the practitioner's work: their escalation waiting for their manager, the call to confirm, actions by date, a consent expiring", async () => {
  const mine = await api(sam)('GET', '/api/my-work');
  expect(mine.status).toBe(200);
  expect(mine.body.today).toBe('2026-11-25');
  expect(mine.body.escalations).toEqual([
    expect.objectContaining({
      id: escalationId,
      caseReference: 'ASC-1',
      stage: 1,
      mine: 'raised',
      otherAgency: 'Housing Trust',
      nextAction: `Waiting for ${tess.name}.`,
    }),
  ]);
  expect(mine.body.phoneConfirmations).toEqual([
    expect.objectContaining({ id: discussionId, caseReference: 'ASC-1', to: ['alex@housing.example'] }),
  ]);
  expect(mine.body.agreedActions.map((a) => [a.description, a.dueOn, a.overdue])).toEqual([
    ['Chase the repair', '2026-11-23', true],
    ['Visit Pat', '2026-12-02', false],
  ]);
  expect(mine.body.expiringConsents).toEqual([
    expect.objectContaining({
      personId,
      caseReference: 'ASC-1',
      agencies: ['Housing Trust'],
      expiresOn: '2026-12-05',
      daysLeft: 10,
    }),
  ]);
  expect(JSON.stringify(mine.body)).not.toMatch(/Pat Example/);
});

test("the manager's work: the escalation whose stage they own, with what they may do and the deadline", async () => {
  const theirs = await api(tess)('GET', '/api/my-work');
  expect(theirs.body.escalations).toEqual([
    expect.objectContaining({
      id: escalationId,
      mine: 'owner',
      actions: expect.arrayContaining(['record-discussion', 'resolve', 'escalate']),
      nextAction: expect.stringMatching(/^Yours to act: record the discussion, .*resolve/),
    }),
  ]);
  // Sam's call, actions and consents are Sam's.
  expect(theirs.body).toMatchObject({ phoneConfirmations: [], agreedActions: [], expiringConsents: [] });
});

test('once escalated, the stage belongs to the next manager, with its deadline; the raiser sees it too', async () => {
  const detail = await api(tess)('GET', `/api/escalations/${escalationId}`);
  const version = (detail.body['summary'] as { version: number }).version;
  const escalated = await api(tess)('POST', `/api/escalations/${escalationId}/events`, {
    event: { kind: 'escalate', reason: 'No agreement at team level' },
    expectedVersion: version,
  });
  expect(escalated.status).toBe(200);
  // Tameside 3.2 stage 2: heads of service in contact within 5 working days (Wed 25 Nov → Wed 2 Dec).
  const deadline = {
    label: 'Heads of service in contact',
    dueAt: expect.stringMatching(/^2026-12-02T/),
    overdue: false,
  };
  expect((await api(hal)('GET', '/api/my-work')).body.escalations).toEqual([
    expect.objectContaining({ id: escalationId, stage: 2, mine: 'owner', deadline }),
  ]);
  expect((await api(sam)('GET', '/api/my-work')).body.escalations).toEqual([
    expect.objectContaining({
      id: escalationId,
      stage: 2,
      mine: 'raised',
      nextAction: `Waiting for ${hal.name}.`,
      deadline,
    }),
  ]);
  expect((await api(tess)('GET', '/api/my-work')).body.escalations).toEqual([]);
  // Past the deadline it is flagged overdue.
  h.app.clock.set('2026-12-03T10:00:00Z');
  expect((await api(hal)('GET', '/api/my-work')).body.escalations[0]?.deadline?.overdue).toBe(true);
  h.app.clock.set('2026-11-25T10:00:00Z');
});

test('marking the confirmation email sent takes it off the list; only its author can', async () => {
  const path = `/api/phone-discussions/${discussionId}/confirmation-sent`;
  expect((await api(tess)('POST', path)).status).toBe(404);
  expect(await api(sam)('POST', path)).toMatchObject({ status: 200, body: { sent: true, changed: true } });
  expect(await api(sam)('POST', path)).toMatchObject({ status: 200, body: { changed: false } });
  expect((await api(sam)('GET', '/api/my-work')).body.phoneConfirmations).toEqual([]);
});

test('someone unrelated, or another organisation, sees nothing of it', async () => {
  const nothing = { escalations: [], phoneConfirmations: [], agreedActions: [], expiringConsents: [] };
  expect((await api(tim)('GET', '/api/my-work')).body).toMatchObject(nothing);
  await h.app.deps.store.createTenant({ id: 'other-org', name: 'Other', packId: 'stockport', emailDomains: [] });
  expect((await api(sam, 'other-org')('GET', '/api/my-work')).body).toMatchObject(nothing);
  expect((await api(sam, 'no-such-org')('GET', '/api/my-work')).status).toBe(404);
});

/**
 * "My work" in Teams chat (issue 10, item 4), through the bot endpoint with real activity JSON:
 * typing "my work" answers with a card listing exactly what GET /api/my-work lists (one use case),
 * a valid Adaptive Card 1.5; "Mark sent" on a call takes it off the refreshed card.
 */
import { localToken } from '../../src/api/client.js';
import type { MyWorkView } from '../../src/api/contract.js';
import { cardProblems } from '../helpers/adaptive-card-validator.js';
import { cardIn, startBotHarness, teamsUser, verbsOf, visibleText, type BotHarness } from '../helpers/bot-harness.js';

let h: BotHarness;
afterAll(() => h.close());

const sam = teamsUser('Sam Practitioner');
const tess = teamsUser('Tess Teammanager');

async function rest(u: typeof sam, method: string, path: string, body?: unknown) {
  const res = await fetch(h.endpoint.replace('/api/messages', path), {
    method,
    headers: {
      authorization: `Bearer ${localToken({ tid: h.tenantId, oid: u.aadObjectId, name: u.name })}`,
      'content-type': 'application/json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return (await res.json()) as Record<string, unknown>;
}

let discussionId: string;

beforeAll(async () => {
  h = await startBotHarness({ packId: 'tameside', now: '2026-11-25T10:00:00Z' });
  for (const [u, manager] of [
    [sam, tess.aadObjectId],
    [tess, undefined],
  ] as const)
    await h.app.deps.store.upsertDirectoryUser(
      { tenantId: h.tenantId, userId: u.aadObjectId, displayName: u.name, managerUserId: manager },
      '2026-11-01T10:00:00Z',
    );
  const person = await rest(sam, 'POST', '/api/people', { caseReference: 'ASC-9', displayName: 'Pat Example' });
  const personId = person['id'] as string;
  await rest(sam, 'POST', `/api/people/${personId}/consent`, {
    status: 'given',
    information: 'Housing',
    recipients: ['Housing Trust'],
    capacity: { kind: 'presumed' },
    expiresOn: '2026-12-01',
  });
  const call = await rest(sam, 'POST', '/api/phone-discussions', {
    senderRole: 'Social worker',
    discussion: {
      personId,
      occurredAt: '2026-11-24T14:00:00Z',
      participants: [
        { name: sam.name, role: 'Social worker', agency: 'Contoso', userId: sam.aadObjectId },
        { name: 'Alex Officer', role: 'Housing officer', agency: 'Housing Trust', email: 'alex@housing.example' },
      ],
      concerns: 'Repairs outstanding',
      consentBasis: 'Consent given',
      agreedActions: [{ description: 'Chase the **repair**', owner: 'Sam', dueOn: '2026-11-23' }],
    },
  });
  discussionId = call['id'] as string;
  await rest(sam, 'POST', '/api/escalations', {
    personId,
    raiserRole: 'Social worker',
    otherAgency: { name: 'Housing Trust', contact: { name: 'Alex', role: 'Officer', agency: 'Housing Trust' } },
    natureDetails: 'Repairs not done',
    outcomeSought: 'Repairs done',
    riskLevel: 'standard',
  });
});

test('"my work" answers with a valid card listing what the REST API lists', async () => {
  const [activity] = await h.say(sam, 'my work');
  if (!activity) throw new Error('the bot did not answer');
  const card = cardIn(activity);
  expect(cardProblems(card)).toEqual([]);
  const text = visibleText(card);
  const work = (await rest(sam, 'GET', '/api/my-work')) as unknown as MyWorkView;
  for (const e of work.escalations) {
    expect(text).toContain(e.caseReference);
    expect(text).toContain(e.nextAction);
  }
  for (const p of work.phoneConfirmations) expect(text).toContain(p.subject);
  for (const a of work.agreedActions) expect(text).toContain(`OVERDUE — due ${a.dueOn}`);
  for (const c of work.expiringConsents)
    expect(text).toContain(`${c.caseReference}: Housing Trust: expires 2026-12-01 (6 days)`);
  expect(work.escalations).toHaveLength(1);
  expect(work.phoneConfirmations).toHaveLength(1);
  // Typed text is shown as typed, never as Markdown; no name of the person.
  expect(text).toContain('Chase the \\*\\*repair\\*\\*');
  expect(text).not.toContain('Pat Example');
  expect(verbsOf(card)).toEqual(
    expect.arrayContaining(['escalation.refresh', 'phone.draft', 'phone.confirmationSent', 'action.done', 'list.work']),
  );
});

test("the manager's card lists the escalation they own, and not the practitioner's call", async () => {
  const [activity] = await h.say(tess, 'My work');
  const text = visibleText(cardIn(activity as NonNullable<typeof activity>));
  expect(text).toContain('**ASC-9** — stage 1');
  expect(text).toMatch(/Yours to act: record the discussion/);
  expect(text).toContain('Every call you logged has its confirmation sent.');
});

test('"Mark sent" answers with the refreshed card, the call gone; someone else cannot mark it', async () => {
  const refused = await h.click(tess, 'phone.confirmationSent', { discussionId });
  expect(JSON.stringify(refused.body)).toMatch(/No such phone discussion of yours/);
  const card = h.cardOf(await h.click(sam, 'phone.confirmationSent', { discussionId }));
  expect(cardProblems(card)).toEqual([]);
  expect(visibleText(card)).toContain('Every call you logged has its confirmation sent.');
  expect(((await rest(sam, 'GET', '/api/my-work')) as unknown as MyWorkView).phoneConfirmations).toEqual([]);
});

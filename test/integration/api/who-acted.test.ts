/**
 * Who acted always comes from the sign-in, never from the request (security review 2026-12, H1
 * and M3): a body cannot say who raised or escalated, and naming someone — the other agency's
 * contact, a colleague — never makes them responsible. Who may act at each stage comes from the
 * pack's access rule only: Tameside 3.2 stage 1 is the team managers'; Stockport's "Stage One
 * Escalation - Professional to professional" makes the raiser a party too. Through real HTTP
 * (REST) and the bot.
 */
import { localToken } from '../../../src/api/client.js';
import {
  startBotHarness,
  teamsUser,
  verbsOf,
  visibleText,
  type BotHarness,
  type TeamsUser,
} from '../../helpers/bot-harness.js';

let h: BotHarness;
const AT = '2026-11-25T10:00:00Z';
const STOCKPORT = 'stockport-org';

const sam = teamsUser('Sam Practitioner');
const tess = teamsUser('Tess Teammanager');
const hugo = teamsUser('Hugo Headofservice');
const vic = teamsUser('Vic Colleague');
const tom = teamsUser('Tom Practitioner');
const bea = teamsUser('Bea Businessmanager');

beforeAll(async () => {
  h = await startBotHarness({ now: AT, packId: 'tameside' });
  const { store } = h.app.deps;
  await store.createTenant({
    id: STOCKPORT,
    name: 'Stockport Adult Social Care',
    packId: 'stockport',
    emailDomains: [],
  });
  for (const tenantId of [h.tenantId, STOCKPORT]) {
    const user = (u: TeamsUser, email: string, managerUserId?: string) =>
      store.upsertDirectoryUser({ tenantId, userId: u.aadObjectId, displayName: u.name, email, managerUserId }, AT);
    await user(sam, 'sam@contoso.example', tess.aadObjectId);
    await user(tom, 'tom@contoso.example', tess.aadObjectId);
    await user(tess, 'tess@contoso.example', hugo.aadObjectId);
    await user(hugo, 'hugo@contoso.example');
    await user(vic, 'vic@contoso.example');
  }
});
afterAll(() => h.close());

function as(user: TeamsUser, tid: string = h.tenantId) {
  const base = h.endpoint.replace('/api/messages', '');
  const token = localToken({ tid, oid: user.aadObjectId, name: user.name });
  return async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> }; // any: response shapes differ by route
  };
}

let cases = 0;
async function newPerson(tid: string = h.tenantId): Promise<string> {
  cases += 1;
  const res = await as(sam, tid)('POST', '/api/people', { caseReference: `WHO-${cases}`, displayName: 'Pat Example' });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

const raiseBody = (personId: string, contact: Record<string, unknown> = {}) => ({
  personId,
  raiserRole: 'Nurse',
  otherAgency: {
    name: 'Housing Trust',
    contact: { name: 'Alex Other', role: 'Officer', agency: 'Housing Trust', ...contact },
  },
  natureDetails: 'Repairs not made',
  outcomeSought: 'Repairs done',
  outcomeSoughtBy: '2027-01-29',
  riskLevel: 'standard',
  adultView: { kind: 'given', view: 'Wants repairs', by: 'adult' },
});

describe('REST', () => {
  test('an escalation is raised by the caller: a body naming someone else as raiser is refused, and the record names the caller', async () => {
    const personId = await newPerson();
    const forged = await as(sam)('POST', '/api/escalations', {
      ...raiseBody(personId),
      raisedBy: { name: vic.name, role: 'Nurse', agency: 'Contoso', userId: vic.aadObjectId },
    });
    expect(forged.status).toBe(400);
    expect(forged.body.message).toMatch(/raisedBy: is set by the server from your sign-in/);
    expect(await h.app.deps.store.listEscalations(h.tenantId, { personId })).toEqual([]);

    const raised = await as(sam)('POST', '/api/escalations', raiseBody(personId));
    expect(raised.status).toBe(201);
    expect(raised.body.raisedBy).toEqual({
      name: sam.name,
      role: 'Nurse',
      agency: 'Contoso Adult Social Care',
      email: 'sam@contoso.example',
      userId: sam.aadObjectId,
    });
    expect((await as(vic)('GET', '/api/escalations?scope=mine')).body.items).toEqual([]);
    expect((await as(sam)('GET', '/api/escalations?scope=mine')).body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: raised.body.id, raisedBy: sam.name })]),
    );
    const [history] = await h.app.deps.store.escalationHistory(h.tenantId, raised.body.id as string);
    expect(history!.actor).toEqual({ id: sam.aadObjectId, name: sam.name });
  });

  test("Tameside: naming yourself or a colleague as the other agency's contact gives no say; only the team manager acts at stage 1", async () => {
    const mine = await as(sam)('POST', '/api/escalations', raiseBody(await newPerson(), { userId: sam.aadObjectId }));
    expect(mine.status).toBe(201);
    const id = mine.body.id as string;
    expect(mine.body.stages[0].escalatedTo).toBeUndefined();
    expect((await as(sam)('GET', `/api/escalations/${id}`)).body).toMatchObject({ canAct: false });
    const resolve = { event: { kind: 'resolve', summary: 'I say it is sorted' }, expectedVersion: 1 };
    expect((await as(sam)('POST', `/api/escalations/${id}/events`, resolve)).status).toBe(403);
    expect((await as(tess)('GET', `/api/escalations/${id}`)).body).toMatchObject({ canAct: true });

    const toms = await as(sam)('POST', '/api/escalations', raiseBody(await newPerson(), { userId: tom.aadObjectId }));
    const tomsId = toms.body.id as string;
    expect((await as(tom)('GET', `/api/escalations/${tomsId}`)).status).toBe(404);
    expect((await as(tom)('POST', `/api/escalations/${tomsId}/events`, resolve)).status).toBe(404);
    expect((await h.app.deps.store.getEscalation(h.tenantId, tomsId))!.state).toBe('open');
    // Tom as a Board member may read it, still without a say.
    await h.app.deps.store.assignRole(h.tenantId, 'board-business-manager', tom.aadObjectId, AT);
    expect((await as(tom)('GET', `/api/escalations/${tomsId}`)).body).toMatchObject({ canAct: false });
  });

  test('Stockport: stage one is professional to professional, so the raiser acts too; the contact they name does not', async () => {
    const raised = await as(sam, STOCKPORT)('POST', '/api/escalations', {
      ...raiseBody(await newPerson(STOCKPORT), { userId: tom.aadObjectId }),
      natures: ['not-sharing-information'],
    });
    expect(raised.status).toBe(201);
    const id = raised.body.id as string;
    expect((await as(sam, STOCKPORT)('GET', `/api/escalations/${id}`)).body).toMatchObject({ canAct: true });
    expect((await as(tess, STOCKPORT)('GET', `/api/escalations/${id}`)).body).toMatchObject({ canAct: true });
    expect((await as(tom, STOCKPORT)('GET', `/api/escalations/${id}`)).status).toBe(404);
  });

  test('escalating is recorded as the caller: who escalated and to whom cannot be named; a colleague named by email must be in the directory', async () => {
    const raised = await as(sam)('POST', '/api/escalations', raiseBody(await newPerson()));
    const id = raised.body.id as string;
    const escalate = (event: Record<string, unknown>) =>
      as(tess)('POST', `/api/escalations/${id}/events`, {
        event: { kind: 'escalate', reason: 'No agreement', ...event },
        expectedVersion: 1,
      });

    const forgedBy = await escalate({
      escalatedBy: { name: bea.name, role: 'Business manager', agency: 'Contoso', userId: bea.aadObjectId },
    });
    expect(forgedBy).toMatchObject({
      status: 400,
      body: { message: expect.stringMatching(/escalatedBy: is set by the server/) },
    });
    const forgedTo = await escalate({
      escalatedTo: { name: vic.name, role: 'Head of service', agency: 'Contoso', userId: vic.aadObjectId },
    });
    expect(forgedTo).toMatchObject({
      status: 400,
      body: { message: expect.stringMatching(/escalatedTo: is set by the server/) },
    });
    expect(await escalate({ escalateTo: 'nobody@contoso.example' })).toMatchObject({
      status: 400,
      body: { message: expect.stringMatching(/No colleague with the email/) },
    });
    expect(await escalate({ escalateTo: 'tess@contoso.example' })).toMatchObject({
      status: 400,
      body: { message: expect.stringMatching(/cannot escalate to yourself/) },
    });
    expect((await h.app.deps.store.getEscalation(h.tenantId, id))!.version).toBe(1);

    const escalated = await escalate({ escalateTo: 'vic@contoso.example' });
    expect(escalated.status).toBe(200);
    expect(escalated.body.stages[1]).toMatchObject({
      escalatedBy: { name: tess.name, userId: tess.aadObjectId },
      escalatedTo: { name: vic.name, userId: vic.aadObjectId },
    });
    expect((await as(vic)('GET', `/api/escalations/${id}`)).body).toMatchObject({ canAct: true });
    expect((await as(tess)('GET', `/api/escalations/${id}`)).body).toMatchObject({ canAct: false });
    expect((await h.app.deps.store.escalationHistory(h.tenantId, id)).at(-1)!.actor).toEqual({
      id: tess.aadObjectId,
      name: tess.name,
    });
  });
});

describe('the bot', () => {
  test('a card cannot say who raised or escalated: the record names who clicked', async () => {
    const personId = await newPerson();
    const caseReference = (await h.app.deps.store.getPerson(h.tenantId, personId))!.caseReference;
    const raised = h.cardOf(
      await h.click(sam, 'escalation.raise', {
        caseReference,
        myRole: 'Nurse',
        myAgency: 'Contoso',
        otherAgency: 'GP surgery',
        otherName: 'Dr Who',
        otherRole: 'GP',
        natureDetails: 'Disagree on discharge',
        outcomeSought: 'Joint visit',
        outcomeSoughtBy: '2027-01-29',
        riskLevel: 'standard',
        adultView: 'Wants to go home',
        raisedBy: { name: vic.name, userId: vic.aadObjectId },
        userId: vic.aadObjectId,
      }),
    );
    expect(visibleText(raised)).toContain(`Raised by: ${sam.name} (Nurse)`);
    const [e] = await h.app.deps.store.listEscalations(h.tenantId, { personId });
    expect(e!.raisedBy.userId).toBe(sam.aadObjectId);
    const escalated = h.cardOf(
      await h.click(tess, 'escalation.escalate', {
        escalationId: e!.id,
        version: 1,
        reason: 'No agreement',
        escalatedBy: { name: bea.name, userId: bea.aadObjectId },
      }),
    );
    expect(visibleText(escalated)).toContain(`Escalated to: ${hugo.name}`);
    expect((await h.app.deps.store.getEscalation(h.tenantId, e!.id))!.stages[1]!.escalatedBy).toMatchObject({
      name: tess.name,
      userId: tess.aadObjectId,
    });
  });

  test('the colleague named as contact gets no buttons and cannot resolve on the card', async () => {
    const raised = await as(sam)('POST', '/api/escalations', raiseBody(await newPerson(), { userId: vic.aadObjectId }));
    const id = raised.body.id as string;
    const vicView = h.cardOf(await h.click(vic, 'escalation.refresh', { escalationId: id }));
    expect(verbsOf(vicView)).toEqual([]);
    expect(visibleText(vicView)).not.toContain('Repairs not made');
    const refused = h.cardOf(
      await h.click(vic, 'escalation.resolve', { escalationId: id, version: 1, summary: 'done' }),
    );
    expect(visibleText(refused)).toContain(`Only ${tess.name} can act on this escalation now. Nothing was changed.`);
    expect(verbsOf(h.cardOf(await h.click(tess, 'escalation.refresh', { escalationId: id })))).toContain(
      'escalation.resolve',
    );
  });
});

describe('lists in pages (issue 12)', () => {
  test('my and my team\'s escalations come in keyset pages: each once, oldest first, until no "next"; a made-up cursor is refused', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const person = await as(tom)('POST', '/api/people', { caseReference: `PAGE-${i}`, displayName: 'Pat Example' });
      const raised = await as(tom)('POST', '/api/escalations', raiseBody(person.body.id as string));
      expect(raised.status).toBe(201);
      ids.push(raised.body.id as string);
    }
    const pages = async (user: TeamsUser, scope: string) => {
      const seen: string[] = [];
      let after = '';
      for (let n = 0; n < 20; n += 1) {
        const page = await as(user)('GET', `/api/escalations?scope=${scope}&limit=2${after && `&after=${after}`}`);
        expect(page.status).toBe(200);
        expect(page.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...(page.body.items as { id: string }[]).map((e) => e.id));
        if (!page.body.next) return seen;
        after = page.body.next as string;
      }
      throw new Error('the pages never ended');
    };
    // The test's clock stands still: one opening time, so the keyset orders them by id.
    const inOrder = [...ids].sort();
    expect(await pages(tom, 'mine')).toEqual(inOrder);
    // Tess manages Tom: his escalations are on her team's list, each once.
    const team = await pages(tess, 'team');
    expect(team.filter((id) => ids.includes(id))).toEqual(inOrder);
    expect(new Set(team).size).toBe(team.length);
    const forged = await as(tom)('GET', '/api/escalations?scope=mine&after=bm90LWEtY3Vyc29y');
    expect(forged).toMatchObject({ status: 400, body: { error: 'VALIDATION.INVALID' } });
    expect((await as(tom)('GET', '/api/escalations?scope=mine&limit=201')).status).toBe(400);
  });
});

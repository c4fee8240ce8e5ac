/**
 * Stockport Multi-Agency Escalation Policy (004_0dc7e94071fd648b.txt) s.3 "Specific Processes":
 * dissent about the need for a Safeguarding Conference goes to ASC, then to the Head of the
 * Safeguarding Unit; dissent at a Section 42 conference to the line manager, then the Head of the
 * Safeguarding Unit; dissent at referral/enquiry follows the stages "as already outlined"; dissent
 * about a protection plan's implementation follows the stages with the Conference Chair copied
 * into all correspondence and the Review Conference to consider. Raised on the Teams card and
 * through the use cases every surface calls; delivered by the outbox. Clock: late November 2026.
 */
import { registerPerson } from '../../src/app/people/people-and-consent.js';
import { cardProblems } from '../helpers/adaptive-card-validator.js';
import { startBotHarness, teamsUser, visibleText, type BotHarness } from '../helpers/bot-harness.js';
import { startFakeEntra, type FakeEntra } from '../helpers/fake-entra.js';
import { startFakeGraph, type FakeGraph } from '../helpers/fake-graph.js';
import { organisation, type Organisation } from './escalation-organisation.js';

const PEOPLE = [
  { name: 'Sam Practitioner', manager: 'Lin Linemanager' },
  { name: 'Lin Linemanager', manager: 'Sue Seniormanager' },
  { name: 'Sue Seniormanager', manager: 'Dan Director' },
  { name: 'Dan Director' },
  { name: 'Nia Headofunit', roles: ['head-of-safeguarding-unit'] },
  { name: 'Bea Businessmanager', roles: ['lsab-business-manager'] },
];

describe('with the organisation', () => {
  let org: Organisation;
  afterEach(() => org.close());
  const start = async () => (org = await organisation('stockport', '2026-11-23T10:00:00Z', PEOPLE));

  test('s.3 conference: ASC is asked first (the raiser and their manager), then the Head of the Safeguarding Unit — not the next line manager', async () => {
    await start();
    let e = await org.raise('Sam Practitioner', {
      process: { id: 'conference-request', answers: { supportedBy: 'Dr Rae, Designated Professional' } },
    });
    expect(e.stage).toBe(1);
    expect(e.stages).toHaveLength(1);
    const first = await org.messages();
    expect(first).toEqual(expect.arrayContaining(['Lin Linemanager: For you to act on: escalation CASE-1']));
    // Stage 1 is the raiser's own request to ASC: they may act on it too.
    e = await org.act('Sam Practitioner', e, { kind: 'escalate', reason: 'ASC declined to convene a meeting' });
    expect(e.stage).toBe(2);
    expect(e.stages[1]!.escalatedTo).toBeUndefined();
    const second = await org.messages();
    expect(second).toEqual(expect.arrayContaining(['Nia Headofunit: For you to act on: escalation CASE-1']));
    expect(second.some((m) => m.startsWith('Sue Seniormanager'))).toBe(false);
    // The route has two stages: the Head of the Safeguarding Unit ends it, agreed or not.
    await expect(org.act('Nia Headofunit', e, { kind: 'escalate', reason: 'x' })).rejects.toThrow();
    const ended = await org.act('Nia Headofunit', e, {
      kind: 'conclude-unresolved',
      summary: 'Conference not convened: the plan is working',
      outstandingConcerns: 'Housing still worried',
    });
    expect(ended.state).toBe('concluded-unresolved');
  });

  test("s.3 Section 42 conference: the Chair's decision and the dissent are required; the line manager, then the Head of the Safeguarding Unit", async () => {
    await start();
    await expect(
      org.raise('Sam Practitioner', { process: { id: 's42-conference', answers: { chairDecision: 'No plan' } } }),
    ).rejects.toThrow(/answer "The dissenting views noted by the Chair"/);
    await expect(
      org.raise('Sam Practitioner', {
        process: {
          id: 's42-conference',
          answers: { chairDecision: 'No plan', dissentingViews: 'Housing', significantHarm: 'maybe' },
        },
      }),
    ).rejects.toThrow(/must be yes or no/);
    let e = await org.raise('Sam Practitioner', {
      process: {
        id: 's42-conference',
        answers: { chairDecision: 'No protection plan', dissentingViews: 'Housing dissented', significantHarm: 'yes' },
      },
    });
    expect(await org.messages()).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Lin Linemanager: For you to act on/)]),
    );
    e = await org.act('Lin Linemanager', e, { kind: 'escalate', reason: 'Adult at risk of significant harm' });
    const told = await org.messages();
    expect(told).toEqual(expect.arrayContaining([expect.stringMatching(/^Nia Headofunit: For you to act on/)]));
    expect(told.some((m) => m.startsWith('Sue Seniormanager'))).toBe(false);
    expect(e.process).toEqual({
      id: 's42-conference',
      answers: { chairDecision: 'No protection plan', dissentingViews: 'Housing dissented', significantHarm: 'yes' },
    });
  });

  test('s.3 referral/enquiry: "as already outlined" — the four stages, with the LSAB copy', async () => {
    await start();
    let e = await org.raise('Sam Practitioner', { process: { id: 'referral-enquiry', answers: {} } });
    e = await org.act('Lin Linemanager', e, { kind: 'escalate', reason: 'Referral not accepted' });
    expect(await org.messages()).toEqual(
      expect.arrayContaining([
        'Sue Seniormanager: For you to act on: escalation CASE-1',
        'Bea Businessmanager: Escalation notice: CASE-1, stage 2',
      ]),
    );
    expect(e.stages.at(-1)!.escalatedTo?.name).toBe('Sue Seniormanager');
  });

  test('a process the pack does not name, or a question it does not ask, is refused', async () => {
    await start();
    await expect(org.raise('Sam Practitioner', { process: { id: 'made-up', answers: {} } })).rejects.toThrow(
      /no specific process "made-up"/,
    );
    await expect(
      org.raise('Sam Practitioner', { process: { id: 'referral-enquiry', answers: { chairName: 'x' } } }),
    ).rejects.toThrow(/does not ask: chairName/);
  });
});

describe('with Microsoft Graph (email to the Conference Chair)', () => {
  let h: BotHarness;
  let entra: FakeEntra;
  let graph: FakeGraph;
  const sam = teamsUser('Sam Practitioner');
  const lin = teamsUser('Lin Linemanager');
  const sue = teamsUser('Sue Seniormanager');
  const dan = teamsUser('Dan Director');
  const graphUser = (u: { aadObjectId: string; name: string }, mail: string) => ({
    id: u.aadObjectId,
    displayName: u.name,
    mail,
    userPrincipalName: mail,
  });

  beforeEach(async () => {
    entra = await startFakeEntra();
    graph = await startFakeGraph(entra);
    h = await startBotHarness({
      now: '2026-11-23T10:00:00Z',
      packId: 'stockport',
      cloud: {
        entra,
        graph,
        appId: '3e1c2f4a-5b6d-4e7f-8a9b-0c1d2e3f4a5b',
        appPassword: 'secret',
        mailbox: 'safeguarding@contoso.example',
      },
    });
    graph.users.set(sam.aadObjectId, graphUser(sam, 'sam@contoso.example'));
    graph.users.set(lin.aadObjectId, graphUser(lin, 'lin@contoso.example'));
    graph.users.set(sue.aadObjectId, graphUser(sue, 'sue@contoso.example'));
    graph.managers.set(sam.aadObjectId, graphUser(lin, 'lin@contoso.example'));
    graph.users.set(dan.aadObjectId, graphUser(dan, 'dan@contoso.example'));
    graph.managers.set(lin.aadObjectId, graphUser(sue, 'sue@contoso.example'));
    graph.managers.set(sue.aadObjectId, graphUser(dan, 'dan@contoso.example'));
  });
  afterEach(async () => {
    await h.close();
    await graph.close();
    await entra.close();
  });

  const raiseForm = {
    caseReference: 'ST-7',
    myRole: 'Social worker',
    myAgency: 'Stockport ASC',
    otherAgency: 'Community Health',
    otherName: 'Alex Other',
    otherRole: 'District nurse',
    otherEmail: 'alex@health.example',
    natureDetails: 'Visits in the protection plan are not happening',
    outcomeSought: 'Visits resume this week',
    outcomeSoughtBy: '2027-01-29',
    riskLevel: 'standard',
    adultView: 'Wants the visits',
    adultViewBy: 'adult',
    process: 'protection-plan',
  };

  test("s.3 protection plan: the raise card offers the processes; the Chair's email is required there", async () => {
    for (const u of [sam, lin]) await h.say(u, 'hi');
    await registerPerson(
      h.app.deps,
      { tenantId: h.tenantId, userId: sam.aadObjectId, name: sam.name },
      {
        caseReference: 'ST-7',
        displayName: 'Pat Example',
      },
    );
    const form = h.cardOf(await h.click(sam, 'open.escalation', {}));
    expect(cardProblems(form)).toEqual([]);
    const text = JSON.stringify(form);
    expect(text).toContain('Dissent about the implementation of the Protection Plan');
    expect(text).toContain('process.protection-plan.chairEmail');
    const refused = h.cardOf(
      await h.click(sam, 'escalation.raise', { ...raiseForm, 'process.protection-plan.chairName': 'Cara Chair' }),
    );
    expect(visibleText(refused)).toMatch(/Conference Chair's email/);
  });

  test('s.3 protection plan: "The Conference Chair should be copied into all correspondence" — every notice and the outcome, by email; the Review Conference is to be considered at stage 3', async () => {
    for (const u of [sam, lin, sue, dan]) await h.say(u, 'hi');
    await registerPerson(
      h.app.deps,
      { tenantId: h.tenantId, userId: sam.aadObjectId, name: sam.name },
      {
        caseReference: 'ST-7',
        displayName: 'Pat Example',
      },
    );
    const raised = h.cardOf(
      await h.click(sam, 'escalation.raise', {
        ...raiseForm,
        'process.protection-plan.chairName': 'Cara Chair',
        'process.protection-plan.chairEmail': 'cara.chair@stockport.example',
      }),
    );
    expect(visibleText(raised)).toContain('Dissent about the implementation of the Protection Plan');
    const id = /"escalationId":"([^"]+)"/.exec(JSON.stringify(raised))![1]!;
    await h.product.scheduler.runOnce();
    const toChair = () =>
      graph.sentMail.map((m) => JSON.stringify(m)).filter((m) => m.includes('cara.chair@stockport.example'));
    expect(toChair()).toHaveLength(1);
    expect(toChair()[0]).toContain('Copy: escalation ST-7, stage 1');
    expect(toChair()[0]).toContain('The Conference Chair should be copied into all correspondence');
    expect(toChair()[0]).not.toContain('Pat Example');

    await h.click(lin, 'escalation.escalate', { escalationId: id, version: 1, reason: 'First-line managers disagree' });
    await h.product.scheduler.runOnce();
    expect(toChair()).toHaveLength(2);
    expect(toChair()[1]).toContain('stage 2');
    expect(toChair()[1]).toContain('First-line managers disagree');

    const atThree = h.cardOf(
      await h.click(sue, 'escalation.escalate', { escalationId: id, version: 2, reason: 'Still no agreement' }),
    );
    expect(visibleText(atThree)).toMatch(/reconvening the Adult at risk Protection Review Conference/);
    await h.product.scheduler.runOnce();
    expect(toChair()).toHaveLength(3);

    expect((await h.app.deps.store.getEscalation(h.tenantId, id))!.stages.at(-1)!.escalatedTo?.name).toBe(
      'Dan Director',
    );
    await h.click(dan, 'escalation.resolve', {
      escalationId: id,
      version: 3,
      summary: 'Visits resume on Monday',
    });
    await h.product.scheduler.runOnce();
    // The outcome as told to the other agency, copied to the Chair: by case reference, no name.
    expect(toChair()).toHaveLength(4);
    expect(toChair()[3]).toContain('It has been resolved at stage 3: Visits resume on Monday');
    expect(toChair()[3]).not.toContain('Pat Example');
  });
});

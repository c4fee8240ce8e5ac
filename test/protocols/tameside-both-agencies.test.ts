/**
 * Tameside Escalation and Resolution Conversations Protocol (003_9f39807ed5a4a730.txt) 3.1: "The
 * pathway promotes escalation within both/all agencies at each stage." Each stage's start —
 * raised, escalated, or straight to TASPB when risk escalates — is emailed to the other agency's
 * contact, naming the stage, so the other agency takes it to its own equivalent. Raised and acted
 * on from the Teams cards; delivered by the outbox through Microsoft Graph. Clock: late November 2026.
 */
import { registerPerson } from '../../src/app/people/people-and-consent.js';
import { startBotHarness, teamsUser, visibleText, type BotHarness } from '../helpers/bot-harness.js';
import { startFakeEntra, type FakeEntra } from '../helpers/fake-entra.js';
import { startFakeGraph, type FakeGraph } from '../helpers/fake-graph.js';

let h: BotHarness;
let entra: FakeEntra;
let graph: FakeGraph;
const sam = teamsUser('Sam Practitioner');
const tess = teamsUser('Tess Teammanager');
const hana = teamsUser('Hana Headofservice');
const bob = teamsUser('Bob Businessmanager');
const graphUser = (u: { aadObjectId: string; name: string }) => {
  const mail = `${u.name.split(' ')[0]!.toLowerCase()}@tameside.example`;
  return { id: u.aadObjectId, displayName: u.name, mail, userPrincipalName: mail };
};

beforeEach(async () => {
  entra = await startFakeEntra();
  graph = await startFakeGraph(entra);
  h = await startBotHarness({
    now: '2026-11-23T10:00:00Z',
    packId: 'tameside',
    cloud: {
      entra,
      graph,
      appId: '3e1c2f4a-5b6d-4e7f-8a9b-0c1d2e3f4a5b',
      appPassword: 'secret',
      mailbox: 'safeguarding@tameside.example',
    },
  });
  for (const u of [sam, tess, hana, bob]) graph.users.set(u.aadObjectId, graphUser(u));
  graph.managers.set(sam.aadObjectId, graphUser(tess));
  graph.managers.set(tess.aadObjectId, graphUser(hana));
  for (const u of [sam, tess, hana, bob]) await h.say(u, 'hi');
  await h.app.deps.store.assignRole(h.tenantId, 'board-business-manager', bob.aadObjectId, '2026-11-23T10:00:00Z');
  await registerPerson(
    h.app.deps,
    { tenantId: h.tenantId, userId: sam.aadObjectId, name: sam.name },
    { caseReference: 'TAM-3', displayName: 'Pat Example' },
  );
});
afterEach(async () => {
  await h.close();
  await graph.close();
  await entra.close();
});

const toOtherAgency = () =>
  graph.sentMail.map((m) => JSON.stringify(m)).filter((m) => m.includes('alex@health.example'));

async function raise(otherEmail: string): Promise<string> {
  return escalationIdIn(await raiseCard(otherEmail));
}

const escalationIdIn = (card: unknown) => /"escalationId":"([^"]+)"/.exec(JSON.stringify(card))![1]!;

async function raiseCard(otherEmail: string, extra: Record<string, string> = {}) {
  return h.cardOf(
    await h.click(sam, 'escalation.raise', {
      ...extra,
      caseReference: 'TAM-3',
      myRole: 'Social worker',
      myAgency: 'Tameside ASC',
      otherAgency: 'Community Health',
      otherName: 'Alex Other',
      otherRole: 'District nurse',
      otherEmail,
      natureDetails: 'Visits are not happening',
      outcomeSought: 'Visits resume this week',
      riskLevel: 'standard',
    }),
  );
}

test('3.1: each stage is emailed to the other agency, naming the stage and whom to reach — by case reference, never the name', async () => {
  const id = await raise('alex@health.example');
  await h.product.scheduler.runOnce();
  expect(toOtherAgency()).toHaveLength(1);
  expect(toOtherAgency()[0]).toContain('Escalation at stage 1 (our ref TAM-3)');
  expect(toOtherAgency()[0]).toContain('now at stage 1: Team managers or agency equivalent');
  expect(toOtherAgency()[0]).toContain('The pathway promotes escalation within both/all agencies at each stage.');
  expect(toOtherAgency()[0]).toContain('Tameside protocol, 3.1');
  expect(toOtherAgency()[0]).toContain('Sam Practitioner');
  expect(toOtherAgency()[0]).not.toContain('Pat Example');

  await h.click(tess, 'escalation.escalate', { escalationId: id, version: 1, reason: 'Team managers disagree' });
  await h.product.scheduler.runOnce();
  expect(toOtherAgency()).toHaveLength(2);
  expect(toOtherAgency()[1]).toContain('now at stage 2: Heads of Service or agency equivalent');
  expect(toOtherAgency()[1]).toContain('Team managers disagree');
  expect(toOtherAgency()[1]).toContain('Tess Teammanager');

  // "If at any point risk escalates": straight to stage 4, and the other agency hears of that stage.
  await h.click(hana, 'escalation.escalateOnRisk', { escalationId: id, version: 2, riskReason: 'Falls at home' });
  await h.product.scheduler.runOnce();
  expect(toOtherAgency()).toHaveLength(3);
  expect(toOtherAgency()[2]).toContain('now at stage 4: Escalation to TASPB');

  // Running the outbox again sends nothing more: one email per stage.
  await h.product.scheduler.runOnce();
  expect(toOtherAgency()).toHaveLength(3);
});

test('3.1: the form says what the email is for; without one the card says what cannot be sent, nothing is sent to the other agency, and stage 1 still reaches the team manager', async () => {
  const form = JSON.stringify(h.cardOf(await h.click(sam, 'open.escalation', {})));
  expect(form).toContain('Contact email (to send them each stage (3.1) and the outcome (3.2))');
  const raised = await raiseCard('');
  expect(visibleText(raised)).toContain(
    "Other agency email: No email for the other agency's contact: each stage (3.1) and the outcome (3.2) cannot be emailed to them, as the Tameside protocol asks.",
  );
  await h.product.scheduler.runOnce();
  expect(graph.sentMail.filter((m) => JSON.stringify(m).includes('Escalation at stage'))).toEqual([]);
  expect(h.connector.activities.some((a) => a.conversationId === `a:personal;${tess.aadObjectId}`)).toBe(true);
});

test('3.2 stages 1 and 2: "key points confirmed in writing" — each discussion recorded is emailed to the other agency, once', async () => {
  const id = await raise('alex@health.example');
  await h.product.scheduler.runOnce();
  await h.click(tess, 'escalation.recordDiscussion', {
    escalationId: id,
    version: 1,
    heldOn: '2026-11-23',
    heldAt: '11:30',
    parties: 'Tess Teammanager, Team manager, Tameside ASC\nJo Nurse, Team manager, Community Health',
    notes: 'Visits to restart on Wednesday; Jo to confirm the rota by Tuesday',
  });
  await h.product.scheduler.runOnce();
  const keyPoints = () => toOtherAgency().filter((m) => m.includes('Key points of our discussion'));
  expect(keyPoints()).toHaveLength(1);
  expect(keyPoints()[0]).toContain('Visits to restart on Wednesday; Jo to confirm the rota by Tuesday');
  expect(keyPoints()[0]).toContain('at stage 1 (Team managers or agency equivalent), between Tess Teammanager');
  expect(keyPoints()[0]).toContain('key points confirmed in writing');
  expect(keyPoints()[0]).toContain('Tameside protocol, 3.2, Stage 1');
  expect(keyPoints()[0]).not.toContain('Pat Example');
  await h.product.scheduler.runOnce();
  expect(keyPoints()).toHaveLength(1); // once

  await h.click(tess, 'escalation.escalate', { escalationId: id, version: 2, reason: 'No rota came' });
  await h.click(hana, 'escalation.recordDiscussion', {
    escalationId: id,
    version: 3,
    heldOn: '2026-11-24',
    heldAt: '09:15',
    parties: 'Hana Headofservice, Head of service, Tameside ASC',
    notes: 'Heads of service agreed a joint visit',
  });
  await h.product.scheduler.runOnce();
  expect(keyPoints()).toHaveLength(2);
  expect(keyPoints()[1]).toContain('Heads of service agreed a joint visit');
  expect(keyPoints()[1]).toContain('Key points should be confirmed in writing.');
});

test('3.2 stage 1: a discussion recorded when raising is confirmed in writing too', async () => {
  await raiseCard('alex@health.example', {
    stage1Date: '2026-11-23',
    stage1Time: '09:00',
    stage1Notes: 'Agreed to share the visit log by Friday',
  });
  await h.product.scheduler.runOnce();
  const keyPoints = toOtherAgency().filter((m) => m.includes('Key points of our discussion'));
  expect(keyPoints).toHaveLength(1);
  expect(keyPoints[0]).toContain('Agreed to share the visit log by Friday');
});

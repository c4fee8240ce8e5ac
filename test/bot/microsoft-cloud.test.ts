/**
 * The bot with Microsoft Graph and single sign-on configured, against stand-ins for Entra ID and
 * Graph that speak their wire formats: the manager chain from Graph, the confirmation email
 * created as a draft in the user's Outlook (on-behalf-of the user's SSO token), email when Teams
 * cannot reach a manager, and Teams throttling honoured.
 */
import { randomUUID } from 'node:crypto';
import { registerPerson } from '../../src/app/people/people-and-consent.js';
import {
  cardIn,
  CONTOSO_TENANT,
  startBotHarness,
  teamsUser,
  visibleText,
  type BotHarness,
} from '../helpers/bot-harness.js';
import { startFakeEntra, type FakeEntra } from '../helpers/fake-entra.js';
import { startFakeGraph, type FakeGraph } from '../helpers/fake-graph.js';

const APP_ID = '3e1c2f4a-5b6d-4e7f-8a9b-0c1d2e3f4a5b';
let h: BotHarness;
let entra: FakeEntra;
let graph: FakeGraph;

beforeEach(async () => {
  entra = await startFakeEntra();
  graph = await startFakeGraph(entra);
  h = await startBotHarness({
    now: '2026-11-25T10:00:00Z',
    packId: 'tameside',
    cloud: { entra, graph, appId: APP_ID, appPassword: 'secret', mailbox: 'safeguarding@contoso.example' },
  });
});
afterEach(async () => {
  await h.close();
  await graph.close();
  await entra.close();
});

const sam = teamsUser('Sam Practitioner');
const graphUser = (u: { aadObjectId: string; name: string }, mail: string) => ({
  id: u.aadObjectId,
  displayName: u.name,
  mail,
  userPrincipalName: mail,
});

test('"Create the draft in Outlook" asks Teams to sign in, then creates the draft in the user\'s own mailbox on their behalf', async () => {
  const caller = { tenantId: h.tenantId, userId: sam.aadObjectId, name: sam.name };
  await registerPerson(h.app.deps, caller, { caseReference: 'ASC-1', displayName: 'Pat Example' });
  await h.say(sam, 'hi');
  const review = h.cardOf(
    await h.click(sam, 'phone.log', {
      caseReference: 'ASC-1',
      date: '2026-11-25',
      time: '09:00',
      myRole: 'Nurse',
      otherName: 'Alex Other',
      otherRole: 'GP',
      otherAgency: 'Surgery',
      otherEmail: 'alex@surgery.example',
      concerns: 'Missed appointments',
      consentBasis: 'Consent given verbally today',
    }),
  );
  const discussionId = /"discussionId":"([^"]+)"/.exec(JSON.stringify(review))![1]!;

  const first = await h.click(sam, 'phone.draft', { discussionId });
  expect(first.status).toBe(401); // botbuilder answers the invoke with the response's statusCode, as Teams expects
  expect(first.body).toMatchObject({
    statusCode: 401,
    type: 'application/vnd.microsoft.activity.loginRequest',
    value: { connectionName: 'graph-sso', tokenExchangeResource: { uri: `api://${APP_ID}` } },
  });
  expect(graph.drafts).toEqual([]);

  const token = await entra.mintUserToken({
    tid: CONTOSO_TENANT,
    oid: sam.aadObjectId,
    name: sam.name,
    aud: `api://${APP_ID}`,
    scp: 'access_as_user',
  });
  const created = h.cardOf(await h.click(sam, 'phone.draft', { discussionId }, token));
  expect(visibleText(created)).toContain('The draft is in your Outlook Drafts folder');
  expect(graph.drafts).toHaveLength(1);
  expect(graph.drafts[0]).toMatchObject({
    ownerId: sam.aadObjectId,
    message: { toRecipients: [{ emailAddress: { address: 'alex@surgery.example' } }] },
  });
  expect(entra.tokenRequests.map((r) => r.grantType)).toContain('urn:ietf:params:oauth:grant-type:jwt-bearer');

  // A token minted for someone else is refused, and no draft is made.
  const other = await entra.mintUserToken({
    tid: CONTOSO_TENANT,
    oid: randomUUID(),
    aud: `api://${APP_ID}`,
    scp: 'access_as_user',
  });
  expect((await h.click(sam, 'phone.draft', { discussionId }, other)).body).toMatchObject({
    statusCode: 401,
    type: 'application/vnd.microsoft.error',
  });
  const forged = await entra.mintWithForeignKey({
    tid: CONTOSO_TENANT,
    oid: sam.aadObjectId,
    aud: `api://${APP_ID}`,
    scp: 'access_as_user',
  });
  expect((await h.click(sam, 'phone.draft', { discussionId }, forged)).body).toMatchObject({
    statusCode: 401,
    type: 'application/vnd.microsoft.error',
  });
  expect(graph.drafts).toHaveLength(1);
});

test('escalating routes to the manager from the Graph manager chain; a manager without the app gets the reminder by email', async () => {
  const tess = teamsUser('Tess Teammanager');
  const hugo = teamsUser('Hugo Headofservice');
  graph.users.set(sam.aadObjectId, graphUser(sam, 'sam@contoso.example'));
  graph.managers.set(sam.aadObjectId, graphUser(tess, 'tess@contoso.example'));
  graph.managers.set(tess.aadObjectId, graphUser(hugo, 'hugo@contoso.example'));
  h.connector.refuseMembers.add(hugo.aadObjectId); // Hugo has not installed the app
  await h.say(sam, 'hi');
  await h.say(tess, 'hi');
  const caller = { tenantId: h.tenantId, userId: sam.aadObjectId, name: sam.name };
  await registerPerson(h.app.deps, caller, { caseReference: 'ASC-2', displayName: 'Pat Example' });

  const raised = h.cardOf(
    await h.click(sam, 'escalation.raise', {
      caseReference: 'ASC-2',
      myRole: 'Social worker',
      myAgency: 'Contoso ASC',
      otherAgency: 'Housing Trust',
      otherName: 'Alex',
      otherRole: 'Officer',
      natureDetails: 'Refuses repairs',
      outcomeSought: 'Repairs',
      riskLevel: 'standard',
      adultViewNotAskedReason: 'Unwell today',
    }),
  );
  const id = /"escalationId":"([^"]+)"/.exec(JSON.stringify(raised))![1]!;
  // Tameside stage 1 is the team managers': Tess, from Graph, may act.
  const escalated = h.cardOf(
    await h.click(tess, 'escalation.escalate', {
      escalationId: id,
      version: 1,
      reason: 'No agreement between team managers',
    }),
  );
  expect(visibleText(escalated)).toContain(`Escalated to: ${hugo.name}`);
  const managerLookups = graph.requests.filter((r) => r.path.includes('/manager'));
  expect(new Set(managerLookups.map((r) => r.path.split('?')[0]))).toEqual(
    new Set([`/v1.0/users/${sam.aadObjectId}/manager`, `/v1.0/users/${tess.aadObjectId}/manager`]),
  );
  expect(managerLookups.every((r) => r.status === 200 && r.authorization?.startsWith('Bearer '))).toBe(true);

  // Hugo, the new owner of stage 2, is told; Teams answers 403 for him, so it goes by email. Tess's
  // stage-1 notice lapsed before it was sent (the escalation had moved on).
  expect(await h.product.scheduler.runOnce()).toMatchObject({ sent: 1, cancelled: 1 });
  expect(h.connector.rejected.map((r) => r.status)).toEqual([403]);
  expect(graph.sentMail).toHaveLength(1);
  expect(JSON.stringify(graph.sentMail[0])).toContain('hugo@contoso.example');
  expect(JSON.stringify(graph.sentMail[0])).not.toContain('Pat Example');

  // Five working days later the stage-2 reminder is due: by email too.
  h.app.clock.set('2026-12-02T09:00:00Z');
  expect(await h.product.scheduler.runOnce()).toMatchObject({ sent: 1 });
  expect(graph.sentMail).toHaveLength(2);
  expect(JSON.stringify(graph.sentMail[1])).toContain('hugo@contoso.example');
  const sent = (await h.app.deps.store.listReminders(h.tenantId, id)).filter((r) => r.status === 'sent');
  expect(sent.map((r) => `${r.kind} via ${r.deliveredVia}`)).toEqual([
    'stage-owner via email',
    'deadline-approaching via email',
  ]);
});

test('Teams throttling (429 with Retry-After) is waited out and the reminder delivered exactly once', async () => {
  const tess = teamsUser('Tess Teammanager');
  await h.say(sam, 'hi');
  await h.say(tess, 'hi');
  await h.app.deps.store.upsertDirectoryUser(
    { tenantId: h.tenantId, userId: sam.aadObjectId, displayName: sam.name, managerUserId: tess.aadObjectId },
    '2026-11-25T10:00:00Z',
  );
  const caller = { tenantId: h.tenantId, userId: sam.aadObjectId, name: sam.name };
  await registerPerson(h.app.deps, caller, { caseReference: 'ASC-3', displayName: 'Pat Example' });
  await h.click(sam, 'escalation.raise', {
    caseReference: 'ASC-3',
    myRole: 'Nurse',
    myAgency: 'Contoso',
    otherAgency: 'Police',
    otherName: 'PC Alex',
    otherRole: 'Officer',
    natureDetails: 'x',
    outcomeSought: 'y',
    riskLevel: 'imminent',
    adultView: 'Wants help',
    adultViewBy: 'adult',
  });
  expect(await h.product.scheduler.runOnce()).toMatchObject({ sent: 1 }); // Tess is told the stage is hers
  const tessConversation = `a:personal;${tess.aadObjectId}`;
  h.connector.failNext({ conversationId: tessConversation }, { status: 429, retryAfterSeconds: 0 }, 2);
  const before = h.connector.activities.filter((a) => a.conversationId === tessConversation).length;
  h.app.clock.set('2026-11-25T17:00:00Z'); // imminent risk: a discussion the same working day (Tameside 2.3.3)
  expect(await h.product.scheduler.runOnce()).toMatchObject({ sent: 1, retried: 0 });
  expect(h.connector.rejected.filter((r) => r.status === 429)).toHaveLength(2);
  const delivered = h.connector.activities.filter((a) => a.conversationId === tessConversation).slice(before);
  expect(delivered.map((a) => visibleText(cardIn(a)))).toEqual([
    expect.stringContaining('Risk response due: escalation ASC-3'),
  ]);
});

test('Tameside 3.2: "agreed outcomes will be recorded and shared via email" — the resolution is emailed to the other agency\'s contact through the outbox, by case reference only', async () => {
  const tess = teamsUser('Tess Teammanager');
  await h.say(sam, 'hi');
  await h.say(tess, 'hi');
  await h.app.deps.store.upsertDirectoryUser(
    { tenantId: h.tenantId, userId: sam.aadObjectId, displayName: sam.name, managerUserId: tess.aadObjectId },
    '2026-11-25T10:00:00Z',
  );
  await registerPerson(
    h.app.deps,
    { tenantId: h.tenantId, userId: sam.aadObjectId, name: sam.name },
    { caseReference: 'ASC-9', displayName: 'Pat Example' },
  );
  const raised = h.cardOf(
    await h.click(sam, 'escalation.raise', {
      caseReference: 'ASC-9',
      myRole: 'Social worker',
      myAgency: 'Contoso ASC',
      otherAgency: 'Housing Trust',
      otherName: 'Alex Other',
      otherRole: 'Officer',
      otherEmail: 'alex@housing.example',
      natureDetails: 'Refuses repairs',
      outcomeSought: 'Repairs',
      riskLevel: 'standard',
      adultViewNotAskedReason: 'Unwell today',
    }),
  );
  const id = /"escalationId":"([^"]+)"/.exec(JSON.stringify(raised))![1]!;
  await h.product.scheduler.runOnce();
  const mailBefore = graph.sentMail.length;
  await h.click(tess, 'escalation.resolve', {
    escalationId: id,
    version: 1,
    summary: 'Repairs booked for Monday',
    actionDescription: 'Repair the boiler',
    actionOwner: 'Housing Trust',
    actionDue: '2026-12-01',
  });
  expect(graph.sentMail).toHaveLength(mailBefore); // nothing sent inside the click
  await h.product.scheduler.runOnce();
  const [outcome] = graph.sentMail.slice(mailBefore);
  const mail = JSON.stringify(outcome);
  expect(mail).toContain('alex@housing.example');
  expect(mail).toContain('Outcome of the escalation (our ref ASC-9)');
  expect(mail).toContain('Repairs booked for Monday');
  expect(mail).toContain('Repair the boiler');
  expect(mail).not.toContain('Pat Example');
  expect(mail).not.toContain('Open the safeguarding app'); // someone outside the organisation
  const sent = (await h.app.deps.store.listReminders(h.tenantId, id)).filter(
    (r) => r.kind === 'outcome-to-other-agency',
  );
  expect(sent.map((r) => [r.status, r.deliveredVia])).toEqual([['sent', 'email']]);
});

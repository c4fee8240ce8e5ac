/**
 * The on-send handler as Outlook runs it: the built on-send.js, one plain script, loaded into a
 * bare JavaScript context (no DOM, no localStorage, no modules — like classic Outlook's runtime)
 * with an Outlook item from office-addin-mock, asking the real server over HTTP.
 */
import { randomUUID } from 'node:crypto';
import vm from 'node:vm';
import {
  DECISION_HEADER,
  ON_MESSAGE_SEND_ACTION,
  ON_RECIPIENTS_CHANGED_ACTION,
  OPEN_PANE_COMMAND,
} from '../../addin/shared/addin-names.js';
import { localToken } from '../../src/api/client.js';
import { loadWebAssets } from '../../src/server/web-assets.js';
import { startBotHarness, type BotHarness } from '../helpers/bot-harness.js';
import { mailboxMock, type MessageDraft } from '../helpers/office-mailbox-mock.js';

let h: BotHarness;
let script: string;
afterEach(() => h.close());

const SAM = { emailAddress: 'sam@contoso.example', displayName: 'Sam Practitioner' };
const NHS = '943 476 5919'; // valid check digit

async function setUp(sendMode: 'soft-block' | 'block' = 'soft-block', serverUrl?: string): Promise<string> {
  h = await startBotHarness();
  const tenant = `t-${randomUUID().slice(0, 8)}`;
  await h.app.deps.store.createTenant({
    id: tenant,
    name: 'Contoso',
    packId: 'county-durham',
    emailDomains: ['contoso.example'],
    sendMode,
  });
  const base = serverUrl ?? h.endpoint.replace('/api/messages', '');
  script = (await loadWebAssets({ publicUrl: base, localTenant: tenant, localMode: true }))
    .get('/addin/on-send.js')!
    .body.toString();
  return tenant;
}

/** Loads the script into a fresh bare context and presses Send. */
async function send(draft: MessageDraft) {
  const { mailbox, state } = mailboxMock(draft, SAM);
  const handlers = new Map<string, (event: unknown) => void>();
  const context = vm.createContext({
    Office: {
      actions: { associate: (name: string, fn: (e: unknown) => void) => handlers.set(name, fn) },
      context: { mailbox },
    },
    OfficeRuntime: { auth: { getAccessToken: () => Promise.reject(new Error('local mode uses local tokens')) } },
    fetch,
    setTimeout,
    clearTimeout,
    btoa,
    console,
  });
  vm.runInContext(script, context, { filename: 'on-send.js' });
  expect([...handlers.keys()].sort()).toEqual([ON_RECIPIENTS_CHANGED_ACTION, ON_MESSAGE_SEND_ACTION].sort());
  const options = await new Promise<Record<string, unknown>>((resolve) =>
    handlers.get(ON_MESSAGE_SEND_ACTION)!({ completed: resolve }),
  );
  return { options, state };
}

test('the script is one plain script: no module syntax, nothing from the DOM', async () => {
  await setUp();
  expect(script).not.toMatch(/^\s*(import|export)\s/m);
  expect(script).not.toMatch(/\b(document|window|localStorage)\./);
});

test('an NHS number to another agency is stopped with a short message and a button that opens the pane; internal mail goes', async () => {
  await setUp();
  const stopped = await send({
    to: ['alex@housing.example'],
    subject: 'Referral',
    body: `Pat's NHS number is ${NHS}.`,
  });
  expect(stopped.options).toMatchObject({
    allowEvent: false,
    commandId: OPEN_PANE_COMMAND,
    cancelLabel: 'Record a decision',
    sendModeOverride: 'promptUser',
  });
  expect(stopped.options.errorMessage).toMatch(/an address outside your organisation and contains an NHS number/);
  expect(String(stopped.options.errorMessage)).not.toContain(NHS);
  expect((stopped.options.errorMessage as string).length).toBeLessThanOrEqual(500);

  const internal = await send({ to: ['tess@contoso.example'], subject: 'Referral', body: `NHS ${NHS}` });
  expect(internal.options).toEqual({ allowEvent: true });
  expect(internal.state.headers[DECISION_HEADER]).toBe('internal');
  const harmless = await send({
    to: ['alex@housing.example'],
    subject: 'Meeting',
    body: 'See you at 10:30, call 020 7946 0958.',
  });
  expect(harmless.options).toEqual({ allowEvent: true });
  expect(harmless.state.headers[DECISION_HEADER]).toBe('not-required');
});

test('a name on the sender\'s caseload is found by the server; in block mode there is no "send anyway"', async () => {
  const tenant = await setUp('block');
  const caller = { tenantId: tenant, userId: SAM.emailAddress, name: SAM.displayName };
  await h.app.deps.store.createPerson(
    { tenantId: tenant, id: randomUUID(), caseReference: 'DUR-1', displayName: 'Patricia Example' },
    caller.userId,
  );
  const { options } = await send({
    to: ['alex@housing.example'],
    subject: 'About Patricia Example',
    body: 'Can we talk about her housing?',
  });
  expect(options).toMatchObject({
    allowEvent: false,
    errorMessage: expect.stringContaining('the name of someone on your caseload'),
  });
  expect(options).not.toHaveProperty('sendModeOverride');
});

const ALICE = { emailAddress: 'alice@contoso.example', displayName: 'Alice Advocate' };
const BOB = { emailAddress: 'bob@contoso.example', displayName: 'Bob Colleague' };

/** Presses Send on a draft as `user`, with the draft's reference saved on the item (as the pane leaves it). */
async function sendAs(user: typeof SAM, draft: MessageDraft, reference: string) {
  const { mailbox, state } = mailboxMock(draft, user);
  state.properties.set('safeguardReference', reference);
  const handlers = new Map<string, (event: unknown) => void>();
  vm.runInContext(
    script,
    vm.createContext({
      Office: {
        actions: { associate: (n: string, f: (e: unknown) => void) => handlers.set(n, f) },
        context: { mailbox },
      },
      OfficeRuntime: { auth: { getAccessToken: () => Promise.reject(new Error('local')) } },
      fetch,
      setTimeout,
      clearTimeout,
      btoa,
      console,
    }),
  );
  const options = await new Promise<Record<string, unknown>>((resolve) =>
    handlers.get(ON_MESSAGE_SEND_ACTION)!({ completed: resolve }),
  );
  return { options, state };
}

/** What the pane does: registers the person and records a decision for the draft, sending the draft as it reads it. */
async function recordDecisionAs(tenant: string, user: typeof SAM, reference: string, draft: MessageDraft) {
  const token = localToken({ tid: tenant, oid: user.emailAddress, name: user.displayName });
  const call = (path: string, body: unknown) =>
    fetch(h.endpoint.replace('/api/messages', path), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then((r) => r.json() as Promise<Record<string, unknown>>);
  const person = await call('/api/people', {
    caseReference: `DUR-${randomUUID().slice(0, 6)}`,
    displayName: 'Pat Example',
  });
  const recorded = await call('/api/sharing-decisions', {
    decision: 'share',
    personId: person.id,
    basis: { kind: 'public-interest', groundIds: ['adult-serious-harm'], capacitatedAdultRiskToSelfOnly: false },
    information: 'Address only',
    purpose: 'Rehousing',
    reasons: 'Serious harm',
    recipients: draft.to.map((email) => ({ name: email, agency: 'Housing Trust', email })),
    confirmed: ['golden-rule-7', 'golden-rule-3'], // Durham's own confirmations
    context: { channel: 'outlook', reference },
    message: {
      from: user.emailAddress,
      to: draft.to,
      cc: draft.cc ?? [],
      bcc: [],
      subject: draft.subject,
      bodyText: draft.body,
      attachmentNames: draft.attachments ?? [],
    },
  });
  expect(recorded).toMatchObject({ kind: 'allowed' });
  return (recorded as { entry: { id: string; seq: number } }).entry;
}

describe("a decision covers only its author's own message, as it was when decided (security review M4)", () => {
  const housing: MessageDraft = {
    to: ['alex@housing.example'],
    subject: 'Referral',
    body: `Pat's address is 1 High Street, NHS ${NHS}.`,
  };

  test("Alice's own send of the message she decided on goes, with the decision in a header, also after the draft was reopened", async () => {
    const tenant = await setUp();
    const entry = await recordDecisionAs(tenant, ALICE, 'outlook:alice-1', housing);
    // The draft was closed and reopened: session data is gone, the custom property (saved with the draft) remains.
    const sent = await sendAs(ALICE, { ...housing }, 'outlook:alice-1');
    expect(sent.options).toEqual({ allowEvent: true });
    expect(sent.state.headers[DECISION_HEADER]).toBe(`${entry.id}; seq=${entry.seq}`);
    // A typo fixed in the body adds no identifier: still covered, and the header says the body changed.
    const edited = await sendAs(ALICE, { ...housing, body: `${housing.body} Kind regards, Alice` }, 'outlook:alice-1');
    expect(edited.options).toEqual({ allowEvent: true });
    expect(edited.state.headers[DECISION_HEADER]).toBe(`${entry.id}; seq=${entry.seq}; body-edited`);
  });

  test("Bob reusing Alice's reference for an email to the press with identifiers is held, and learns nothing of her decision", async () => {
    const tenant = await setUp();
    await recordDecisionAs(tenant, ALICE, 'outlook:alice-2', housing);
    const press: MessageDraft = {
      to: ['press@newspaper.example'],
      subject: 'Story',
      body: `NHS ${NHS}, born 12/03/1961, lives at M1 1AE.`,
      attachments: ['safeguarding referral.docx'],
    };
    const { options, state } = await sendAs(BOB, press, 'outlook:alice-2');
    expect(options).toMatchObject({ allowEvent: false, commandId: OPEN_PANE_COMMAND });
    expect(String(options.errorMessage)).not.toMatch(/decision for this email/);
    expect(state.headers[DECISION_HEADER]).toBeUndefined();
    // The server's answer to Bob carries no decision of Alice's.
    const answer = await fetch(h.endpoint.replace('/api/messages', '/api/sharing-check'), {
      method: 'POST',
      headers: {
        authorization: `Bearer ${localToken({ tid: tenant, oid: BOB.emailAddress, name: BOB.displayName })}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        from: BOB.emailAddress,
        to: press.to,
        subject: press.subject,
        bodyText: press.body,
        attachmentNames: press.attachments,
        reference: 'outlook:alice-2',
      }),
    }).then((r) => r.json() as Promise<Record<string, unknown>>);
    expect(answer).toMatchObject({ decisionRequired: true });
    expect(answer).not.toHaveProperty('decision');
    expect(answer).not.toHaveProperty('decisionProblems');
  });

  test('Alice adding an outside recipient the decision does not name, an attachment, or an identifier is held, saying why', async () => {
    const tenant = await setUp();
    await recordDecisionAs(tenant, ALICE, 'outlook:alice-3', housing);
    const extra = await sendAs(ALICE, { ...housing, cc: ['press@newspaper.example'] }, 'outlook:alice-3');
    expect(extra.options).toMatchObject({
      allowEvent: false,
      errorMessage: expect.stringContaining('does not name press@newspaper.example'),
    });
    const attached = await sendAs(
      ALICE,
      { ...housing, attachments: ['safeguarding referral.docx'] },
      'outlook:alice-3',
    );
    expect(attached.options).toMatchObject({
      allowEvent: false,
      errorMessage: expect.stringContaining('attachment was added'),
    });
    const more = await sendAs(
      ALICE,
      { ...housing, body: `${housing.body} Her NI number is AB 12 34 56 C.` },
      'outlook:alice-3',
    );
    expect(more.options).toMatchObject({
      allowEvent: false,
      errorMessage: expect.stringContaining('personal details that were not in it'),
    });
    // An own colleague added (inside the organisation) needs nothing new.
    expect((await sendAs(ALICE, { ...housing, cc: ['tess@contoso.example'] }, 'outlook:alice-3')).options).toEqual({
      allowEvent: true,
    });
  });

  test('"send anyway" counts only for the user who justified it', async () => {
    const tenant = await setUp();
    const post = (user: typeof SAM) =>
      fetch(h.endpoint.replace('/api/messages', '/api/send-overrides'), {
        method: 'POST',
        headers: {
          authorization: `Bearer ${localToken({ tid: tenant, oid: user.emailAddress, name: user.displayName })}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          reference: 'outlook:alice-4',
          justification: 'The recipient is our own team on a shared domain',
        }),
      });
    expect((await post(ALICE)).status).toBe(201);
    expect((await sendAs(BOB, housing, 'outlook:alice-4')).options).toMatchObject({ allowEvent: false });
    expect((await sendAs(ALICE, housing, 'outlook:alice-4')).options).toEqual({ allowEvent: true });
  });
});

test("when the server cannot be reached the local check still stops case mail, in the organisation's send mode", async () => {
  await setUp('soft-block', 'http://127.0.0.1:9'); // nothing listens there
  const { options } = await send({ to: ['alex@housing.example'], subject: 'Pat', body: `NHS ${NHS}` });
  expect(options).toMatchObject({
    allowEvent: false,
    sendModeOverride: 'promptUser',
    errorMessage: expect.stringContaining('did not answer'),
  });
});

test('soft-block: "send anyway" with a justification is kept and lets the message go; block mode refuses it', async () => {
  const tenant = await setUp();
  const post = (tid: string, body: unknown) =>
    fetch(h.endpoint.replace('/api/messages', '/api/send-overrides'), {
      method: 'POST',
      headers: {
        authorization: `Bearer ${localToken({ tid, oid: SAM.emailAddress, name: SAM.displayName })}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
    });
  expect((await post(tenant, { reference: 'outlook:draft-2', justification: 'short' })).status).toBe(400);
  const created = await post(tenant, {
    reference: 'outlook:draft-2',
    justification: 'The recipient is our own team on a shared domain',
  });
  expect(created.status).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const { mailbox, state } = mailboxMock(
    { to: ['alex@housing.example'], subject: 'Referral', body: `NHS ${NHS}` },
    SAM,
  );
  state.properties.set('safeguardReference', 'outlook:draft-2');
  const handlers = new Map<string, (event: unknown) => void>();
  vm.runInContext(
    script,
    vm.createContext({
      Office: {
        actions: { associate: (n: string, f: (e: unknown) => void) => handlers.set(n, f) },
        context: { mailbox },
      },
      OfficeRuntime: { auth: { getAccessToken: () => Promise.reject(new Error('local')) } },
      fetch,
      setTimeout,
      clearTimeout,
      btoa,
      console,
    }),
  );
  expect(await new Promise((resolve) => handlers.get(ON_MESSAGE_SEND_ACTION)!({ completed: resolve }))).toEqual({
    allowEvent: true,
  });
  expect(state.headers[DECISION_HEADER]).toBe(`sent-anyway; ${id}`);
  expect(await h.app.database.db.selectFrom('send_overrides').select(['justification', 'user_id']).execute()).toEqual([
    { justification: 'The recipient is our own team on a shared domain', user_id: SAM.emailAddress },
  ]);

  await h.app.deps.store.createTenant({
    id: 'strict',
    name: 'Strict',
    packId: 'tameside',
    emailDomains: [],
    sendMode: 'block',
  });
  expect(
    (await post('strict', { reference: 'outlook:draft-3', justification: 'I would rather not record one' })).status,
  ).toBe(403);
});

test('a long email (600,000 characters) is still checked by the server: a caseload name near the start stops it, and the unread rest is named', async () => {
  const tenant = await setUp();
  await h.app.deps.store.createPerson(
    { tenantId: tenant, id: randomUUID(), caseReference: 'DUR-3', displayName: 'Patricia Example' },
    SAM.emailAddress,
  );
  // Before: the request was over the server's 512 KiB limit (413), and the local check, which has no caseload, let it go.
  const body = `Patricia Example visited today. ${'See you on Tuesday. '.repeat(30_000)}`;
  const { options } = await send({ to: ['alex@housing.example'], subject: 'Notes', body });
  expect(options).toMatchObject({ allowEvent: false, commandId: OPEN_PANE_COMMAND });
  expect(options.errorMessage).toMatch(
    /contains the name of someone on your caseload and more text than the check can read/,
  );
  expect(options.errorMessage).not.toMatch(/did not answer/);
  // 300,000 Welsh "ŵ" are 600 KB of UTF-8: the body sent is cut further to fit the request limit.
  const welsh = await send({
    to: ['alex@housing.example'],
    subject: 'Notes',
    body: `Patricia Example. ${'ŵ'.repeat(300_000)}`,
  });
  expect(welsh.options.errorMessage).toMatch(
    /contains the name of someone on your caseload and more text than the check can read/,
  );
  expect(welsh.options.errorMessage).not.toMatch(/did not answer/);
});

/**
 * The on-send handler as Outlook runs it: the built on-send.js, one plain script, loaded into a
 * bare JavaScript context (no DOM, no localStorage, no modules — like classic Outlook's runtime)
 * with an Outlook item from office-addin-mock, asking the real server over HTTP.
 */
import { randomUUID } from 'node:crypto';
import vm from 'node:vm';
import { DECISION_HEADER, ON_MESSAGE_SEND_ACTION, ON_RECIPIENTS_CHANGED_ACTION, OPEN_PANE_COMMAND } from '../../addin/shared/addin-names.js';
import { localToken } from '../../src/api/api-auth.js';
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
  await h.app.deps.store.createTenant({ id: tenant, name: 'Contoso', packId: 'county-durham', emailDomains: ['contoso.example'], sendMode });
  const base = serverUrl ?? h.endpoint.replace('/api/messages', '');
  script = (await loadWebAssets({ publicUrl: base, localTenant: tenant, localMode: true })).get('/addin/on-send.js')!.body.toString();
  return tenant;
}

/** Loads the script into a fresh bare context and presses Send. */
async function send(draft: MessageDraft) {
  const { mailbox, state } = mailboxMock(draft, SAM);
  const handlers = new Map<string, (event: unknown) => void>();
  const context = vm.createContext({
    Office: { actions: { associate: (name: string, fn: (e: unknown) => void) => handlers.set(name, fn) }, context: { mailbox } },
    OfficeRuntime: { auth: { getAccessToken: () => Promise.reject(new Error('local mode uses local tokens')) } },
    fetch, setTimeout, clearTimeout, btoa, console,
  });
  vm.runInContext(script, context, { filename: 'on-send.js' });
  expect([...handlers.keys()].sort()).toEqual([ON_RECIPIENTS_CHANGED_ACTION, ON_MESSAGE_SEND_ACTION].sort());
  const options = await new Promise<Record<string, unknown>>((resolve) => handlers.get(ON_MESSAGE_SEND_ACTION)!({ completed: resolve }));
  return { options, state };
}

test('the script is one plain script: no module syntax, nothing from the DOM', async () => {
  await setUp();
  expect(script).not.toMatch(/^\s*(import|export)\s/m);
  expect(script).not.toMatch(/\b(document|window|localStorage)\./);
});

test('an NHS number to another agency is stopped with a short message and a button that opens the pane; internal mail goes', async () => {
  await setUp();
  const stopped = await send({ to: ['alex@housing.example'], subject: 'Referral', body: `Pat's NHS number is ${NHS}.` });
  expect(stopped.options).toMatchObject({ allowEvent: false, commandId: OPEN_PANE_COMMAND, cancelLabel: 'Record a decision', sendModeOverride: 'promptUser' });
  expect(stopped.options.errorMessage).toMatch(/an address outside your organisation and contains an NHS number/);
  expect(String(stopped.options.errorMessage)).not.toContain(NHS);
  expect((stopped.options.errorMessage as string).length).toBeLessThanOrEqual(500);

  const internal = await send({ to: ['tess@contoso.example'], subject: 'Referral', body: `NHS ${NHS}` });
  expect(internal.options).toEqual({ allowEvent: true });
  expect(internal.state.headers[DECISION_HEADER]).toBe('internal');
  const harmless = await send({ to: ['alex@housing.example'], subject: 'Meeting', body: 'See you at 10:30, call 020 7946 0958.' });
  expect(harmless.options).toEqual({ allowEvent: true });
  expect(harmless.state.headers[DECISION_HEADER]).toBe('not-required');
});

test('a name on the sender\'s caseload is found by the server; in block mode there is no "send anyway"', async () => {
  const tenant = await setUp('block');
  const caller = { tenantId: tenant, userId: SAM.emailAddress, name: SAM.displayName };
  await h.app.deps.store.createPerson({ tenantId: tenant, id: randomUUID(), caseReference: 'DUR-1', displayName: 'Patricia Example' }, caller.userId);
  const { options } = await send({ to: ['alex@housing.example'], subject: 'About Patricia Example', body: 'Can we talk about her housing?' });
  expect(options).toMatchObject({ allowEvent: false, errorMessage: expect.stringContaining('the name of someone on your caseload') });
  expect(options).not.toHaveProperty('sendModeOverride');
});

test('once a decision is recorded for the message (its reference on the item), the send goes through with the decision in a header', async () => {
  const tenant = await setUp();
  const token = localToken({ tid: tenant, oid: SAM.emailAddress, name: SAM.displayName });
  const call = (path: string, body: unknown) => fetch(h.endpoint.replace('/api/messages', path), { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json() as Promise<Record<string, unknown>>);
  const person = await call('/api/people', { caseReference: 'DUR-2', displayName: 'Pat Example' });
  const recorded = await call('/api/sharing-decisions', {
    decision: 'share', personId: person.id, basis: { kind: 'exception', exceptionId: 'adult-serious-harm' }, information: 'NHS number', purpose: 'Urgent referral', reasons: 'Serious harm',
    recipients: [{ name: 'Alex', agency: 'Housing' }], proportionality: { necessaryAndRelevantOnly: true, factDistinguishedFromOpinion: true, historicalInformationExplained: 'not-applicable', sharedSecurely: true },
    context: { channel: 'outlook', reference: 'outlook:draft-1' },
  }).catch(() => undefined);
  expect(recorded).toMatchObject({ kind: 'allowed' });
  const entry = (recorded as { entry: { id: string; seq: number } }).entry;
  // The draft was closed and reopened: session data is gone, the custom property (saved with the draft) remains.
  const { mailbox, state } = mailboxMock({ to: ['alex@housing.example'], subject: 'Referral', body: `NHS ${NHS}` }, SAM);
  void mailbox;
  state.properties.set('safeguardReference', 'outlook:draft-1');
  const handlers = new Map<string, (event: unknown) => void>();
  vm.runInContext(script, vm.createContext({
    Office: { actions: { associate: (n: string, f: (e: unknown) => void) => handlers.set(n, f) }, context: { mailbox } },
    OfficeRuntime: { auth: { getAccessToken: () => Promise.reject(new Error('local')) } }, fetch, setTimeout, clearTimeout, btoa, console,
  }));
  const options = await new Promise((resolve) => handlers.get(ON_MESSAGE_SEND_ACTION)!({ completed: resolve }));
  expect(options).toEqual({ allowEvent: true });
  expect(state.headers[DECISION_HEADER]).toBe(`${entry.id}; seq=${entry.seq}`);
});

test('when the server cannot be reached the local check still stops case mail, in the organisation\'s send mode', async () => {
  await setUp('soft-block', 'http://127.0.0.1:9'); // nothing listens there
  const { options } = await send({ to: ['alex@housing.example'], subject: 'Pat', body: `NHS ${NHS}` });
  expect(options).toMatchObject({ allowEvent: false, sendModeOverride: 'promptUser', errorMessage: expect.stringContaining('did not answer') });
});

test('soft-block: "send anyway" with a justification is kept and lets the message go; block mode refuses it', async () => {
  const tenant = await setUp();
  const post = (tid: string, body: unknown) => fetch(h.endpoint.replace('/api/messages', '/api/send-overrides'), {
    method: 'POST', headers: { authorization: `Bearer ${localToken({ tid, oid: SAM.emailAddress, name: SAM.displayName })}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  expect((await post(tenant, { reference: 'outlook:draft-2', justification: 'short' })).status).toBe(400);
  const created = await post(tenant, { reference: 'outlook:draft-2', justification: 'The recipient is our own team on a shared domain' });
  expect(created.status).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const { mailbox, state } = mailboxMock({ to: ['alex@housing.example'], subject: 'Referral', body: `NHS ${NHS}` }, SAM);
  state.properties.set('safeguardReference', 'outlook:draft-2');
  const handlers = new Map<string, (event: unknown) => void>();
  vm.runInContext(script, vm.createContext({
    Office: { actions: { associate: (n: string, f: (e: unknown) => void) => handlers.set(n, f) }, context: { mailbox } },
    OfficeRuntime: { auth: { getAccessToken: () => Promise.reject(new Error('local')) } }, fetch, setTimeout, clearTimeout, btoa, console,
  }));
  expect(await new Promise((resolve) => handlers.get(ON_MESSAGE_SEND_ACTION)!({ completed: resolve }))).toEqual({ allowEvent: true });
  expect(state.headers[DECISION_HEADER]).toBe(`sent-anyway; ${id}`);
  expect(await h.app.database.db.selectFrom('send_overrides').select(['justification', 'user_id']).execute()).toEqual([{ justification: 'The recipient is our own team on a shared domain', user_id: SAM.emailAddress }]);

  await h.app.deps.store.createTenant({ id: 'strict', name: 'Strict', packId: 'tameside', emailDomains: [], sendMode: 'block' });
  expect((await post('strict', { reference: 'outlook:draft-3', justification: 'I would rather not record one' })).status).toBe(403);
});

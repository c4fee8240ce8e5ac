/**
 * Reports to a line manager in the advocacy protocols: Speak Out (000_a742bdcb99286710.txt) and
 * seAp (001_7952fd8ae7cb4c0c.txt). Conflicts of interest are recorded with their kind; "the line
 * manager or the Director" is the reporter's choice; complaints go to the line manager of the
 * member of staff complained about (seAp: with the option to keep the next line manager informed).
 * Through the REST API (what the card's form calls too), delivered by the outbox.
 */
import { localToken } from '../../src/api/client.js';
import { organisation, type Organisation } from './escalation-organisation.js';

let org: Organisation;
afterEach(() => org.close());

const PEOPLE = [
  { name: 'Ann Advocate', manager: 'Lee Linemanager' },
  { name: 'Cal Colleague', manager: 'Max Manager' },
  { name: 'Lee Linemanager', manager: 'Nia Nextmanager' },
  { name: 'Max Manager', manager: 'Nia Nextmanager' },
  { name: 'Nia Nextmanager' },
  { name: 'Dee Director', roles: ['director', 'senior-manager'] },
];

async function report(by: string, body: Record<string, unknown>) {
  const me = org.caller(by);
  const base = org.h.endpoint.replace('/api/messages', '');
  const res = await fetch(`${base}/api/line-manager-reports`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${localToken({ tid: me.tenantId, oid: me.userId, name: me.name })}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const stored = (id: unknown) => org.h.app.deps.store.getLineManagerReport(org.h.tenantId, String(id));

test('Speak Out, Conflict of Interest: a conflict "e.g. through breaches of confidentiality, abuse of trust and personal gain" is recorded with its kind and goes to the line manager', async () => {
  org = await organisation('speak-out', '2026-11-23T10:00:00Z', PEOPLE);
  const sent = await report('Ann Advocate', {
    kind: 'conflict-of-interest',
    example: 'abuse-of-trust',
    details: 'A partner offered me a gift',
  });
  expect(sent).toMatchObject({ status: 202, body: { to: 'Lee Linemanager', status: 'queued' } });
  expect(await stored(sent.body['id'])).toMatchObject({
    kind: 'conflict-of-interest',
    example: 'abuse-of-trust',
    reporter: { name: 'Ann Advocate' },
  });
  expect(await org.messages()).toEqual(['Lee Linemanager: A conflict of interest reported by Ann Advocate']);
  expect(
    (await report('Ann Advocate', { kind: 'conflict-of-interest', example: 'divided-loyalty', details: 'x' })).status,
  ).toBe(400); // seAp's kind, not Speak Out's
});

test('Speak Out, Conflict of Interest and Incident Management: "to their line manager or the Director" is the reporter\'s choice', async () => {
  org = await organisation('speak-out', '2026-11-23T10:00:00Z', PEOPLE);
  expect((await report('Ann Advocate', { kind: 'incident', details: 'A partner fell', toSenior: true })).status).toBe(
    202,
  );
  expect(await org.messages()).toEqual(['Dee Director: An incident reported by Ann Advocate']);
  expect(
    (await report('Ann Advocate', { kind: 'harassment', details: 'x', toSenior: true })).body['message'],
  ).toContain('line manager only');
});

test('Speak Out, Service Complaints: "referred in the first instance to the line manager of the member of staff indicated" — not the reporter\'s', async () => {
  org = await organisation('speak-out', '2026-11-23T10:00:00Z', PEOPLE);
  await org.h.app.deps.store.upsertDirectoryUser(
    {
      tenantId: org.h.tenantId,
      userId: org.user('Cal Colleague').aadObjectId,
      displayName: 'Cal Colleague',
      email: 'cal@speakout.example',
    },
    '2026-11-23T10:00:00Z',
  );
  expect(
    (await report('Ann Advocate', { kind: 'complaint', details: 'A partner complains about Cal' })).body['message'],
  ).toContain('Name the member of staff');
  const sent = await report('Ann Advocate', {
    kind: 'complaint',
    details: 'A partner complains about Cal',
    aboutEmail: 'cal@speakout.example',
  });
  expect(sent.body).toMatchObject({ to: 'Max Manager' });
  expect(await org.messages()).toEqual(['Max Manager: A complaint reported by Ann Advocate']);
});

test('seAp, Service Complaints: to the line manager of the member of staff complained about, "with the option to keep the next line manager informed"; the five conflict kinds', async () => {
  org = await organisation('seap', '2026-11-23T10:00:00Z', PEOPLE);
  await org.h.app.deps.store.upsertDirectoryUser(
    {
      tenantId: org.h.tenantId,
      userId: org.user('Cal Colleague').aadObjectId,
      displayName: 'Cal Colleague',
      email: 'cal@seap.example',
    },
    '2026-11-23T10:00:00Z',
  );
  const sent = await report('Ann Advocate', {
    kind: 'complaint',
    details: 'Complaint about Cal',
    aboutEmail: 'cal@seap.example',
    informNextLineManager: true,
  });
  expect(await stored(sent.body['id'])).toMatchObject({
    recipients: [{ name: 'Max Manager' }, { name: 'Nia Nextmanager' }],
    aboutUserId: org.user('Cal Colleague').aadObjectId,
  });
  expect((await org.messages()).sort()).toEqual([
    'Max Manager: A complaint reported by Ann Advocate',
    'Nia Nextmanager: A complaint reported by Ann Advocate',
  ]);
  for (const example of [
    'breach-of-confidentiality',
    'abuse-of-trust',
    'personal-gain',
    'divided-loyalty',
    'competing-priorities',
  ]) {
    expect((await report('Ann Advocate', { kind: 'conflict-of-interest', example, details: 'x' })).status).toBe(202);
  }
});

const STOCKPORT = [
  { name: 'Sam Practitioner', manager: 'Lin Linemanager' },
  { name: 'Lin Linemanager' },
  { name: 'Gil Safeguardinglead', roles: ['safeguarding-lead'] },
];

test('Stockport s.4: a concern about another practitioner\'s practice goes to "their own line manager / Safeguarding lead", the reporter\'s choice', async () => {
  org = await organisation('stockport', '2026-11-23T10:00:00Z', STOCKPORT);
  const toManager = await report('Sam Practitioner', {
    kind: 'practice-concern',
    details: 'Visits recorded but not made',
  });
  expect(toManager).toMatchObject({ status: 202, body: { to: 'Lin Linemanager' } });
  const toLead = await report('Sam Practitioner', { kind: 'practice-concern', details: 'Again', toSenior: true });
  expect(toLead).toMatchObject({ status: 202, body: { to: 'Gil Safeguardinglead' } });
  expect((await org.messages()).sort()).toEqual([
    "Gil Safeguardinglead: A concern about another practitioner's practice reported by Sam Practitioner",
    "Lin Linemanager: A concern about another practitioner's practice reported by Sam Practitioner",
  ]);
});

test('Stockport stage one: without the status or experience to challenge, the practitioner "must seek guidance from their Safeguarding Lead" — not the line manager', async () => {
  org = await organisation('stockport', '2026-11-23T10:00:00Z', STOCKPORT);
  const asked = await report('Sam Practitioner', { kind: 'guidance-request', details: 'How do I challenge the GP?' });
  expect(asked).toMatchObject({ status: 202, body: { to: 'Gil Safeguardinglead' } });
  expect(await org.messages()).toEqual([
    'Gil Safeguardinglead: Guidance before challenging (not enough status or experience) reported by Sam Practitioner',
  ]);
});

test('Stockport: the "Tell my line manager" card offers the Stockport protocol\'s own kinds, with its words', async () => {
  org = await organisation('stockport', '2026-11-23T10:00:00Z', STOCKPORT);
  const form = JSON.stringify(org.h.cardOf(await org.h.click(org.user('Sam Practitioner'), 'open.report', {})));
  expect(form).toContain('practice-concern');
  expect(form).toContain('must seek guidance from their Safeguarding Lead');
  expect(form).not.toContain('conflict-of-interest');
});

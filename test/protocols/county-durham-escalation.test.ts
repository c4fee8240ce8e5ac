/**
 * County Durham's escalation policy (002_32f0acef193210ff.txt, "Escalation Policy for
 * Collaborative Working and Information Sharing Protocol"): stage 3 is the SAB or LSCB Board
 * representative's, whoever the senior manager's line manager is.
 */
import { createApiClient, localToken } from '../../src/api/client.js';
import { organisation, type Organisation } from './escalation-organisation.js';

let org: Organisation;
afterEach(() => org.close());

test("stage 3 goes to the SAB/LSCB Board representative, not the senior manager's line manager", async () => {
  org = await organisation('county-durham', '2026-11-23T10:00:00Z', [
    { name: 'Sam Practitioner', manager: 'Lin Linemanager' },
    { name: 'Lin Linemanager', manager: 'Sue Seniormanager' },
    { name: 'Sue Seniormanager', manager: 'Dan Director' },
    { name: 'Dan Director' },
    { name: 'Rae Representative', roles: ['board-representative'] },
  ]);
  let e = await org.raise('Sam Practitioner');
  e = await org.act('Lin Linemanager', e, { kind: 'escalate', reason: 'Operational resolution failed' });
  await org.messages();
  e = await org.act('Sue Seniormanager', e, { kind: 'escalate', reason: 'Senior managers could not agree' });
  expect(e.stage).toBe(3);
  expect(e.stages[2]!.escalatedTo).toBeUndefined();
  expect(await org.messages()).toEqual(['Rae Representative: For you to act on: escalation CASE-1']);
  expect(
    (
      await org.act('Rae Representative', e, {
        kind: 'resolve',
        summary: 'Board representative brokered agreement',
        agreedActions: [],
      })
    ).state,
  ).toBe('resolved');
  expect(await org.messages()).toEqual([]); // Durham's seed asks for no Board copy of a record and no de-brief
});

test('Appendices 1–3: each escalation produces the letter to the other agency, from the person escalating, with the Fax line; an Outlook draft needs Graph', async () => {
  org = await organisation('county-durham', '2026-11-23T10:00:00Z', [
    { name: 'Sam Practitioner', manager: 'Lin Linemanager' },
    { name: 'Lin Linemanager', manager: 'Sue Seniormanager' },
    { name: 'Sue Seniormanager' },
  ]);
  const e = await org.raise('Sam Practitioner');
  await org.act('Lin Linemanager', e, { kind: 'escalate', reason: 'Operational resolution failed' });
  const base = org.h.endpoint.replace('/api/messages', '');
  const lin = org.caller('Lin Linemanager');
  const api = createApiClient({
    baseUrl: base,
    token: async () => localToken({ tid: lin.tenantId, oid: lin.userId, name: lin.name }),
  });
  const { records } = await api.escalation(e.id);
  expect(records).toHaveLength(1);
  const [letter] = records;
  expect(letter).toMatchObject({
    transition: 'escalate',
    subject: 'Escalation: difficulties in collaborative working (our ref CASE-1)',
  });
  for (const line of [
    'Fax:',
    'Our ref: CASE-1',
    'Alex Other, Housing officer, Housing',
    'in respect of working with Pat Example',
    'Yours faithfully\n\nLin Linemanager',
  ])
    expect(letter!.body).toContain(line);
  const draft = await fetch(`${base}/api/escalations/${e.id}/records/${letter!.id}/draft`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${localToken({ tid: lin.tenantId, oid: lin.userId, name: lin.name })}`,
      'content-type': 'application/json',
    },
    body: '{}',
  });
  expect(draft.status).toBe(503); // local mode: no Graph; the tab prints it instead
  expect(((await draft.json()) as { message: string }).message).toContain('print the letter from the tab');
});

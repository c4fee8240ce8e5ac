/**
 * County Durham's escalation policy (002_32f0acef193210ff.txt, "Escalation Policy for
 * Collaborative Working and Information Sharing Protocol"): stage 3 is the SAB or LSCB Board
 * representative's, whoever the senior manager's line manager is.
 */
import { organisation, type Organisation } from './escalation-organisation.js';

let org: Organisation;
afterEach(() => org.close());

test('stage 3 goes to the SAB/LSCB Board representative, not the senior manager\'s line manager', async () => {
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
  expect((await org.act('Rae Representative', e, { kind: 'resolve', summary: 'Board representative brokered agreement', agreedActions: [] })).state).toBe('resolved');
  expect(await org.messages()).toEqual([]); // Durham's seed asks for no Board copy of a record and no de-brief
});

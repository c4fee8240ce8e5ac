/**
 * Tameside Escalation and Resolution Conversations Protocol (003_9f39807ed5a4a730.txt) 2.3.3,
 * outside any escalation: "Notification and communication of any concerns regarding an individual
 * who is believed to be at increasing risk should be held within 48 hours … Where there is
 * potential imminent risk to an individual, discussion should be held the same working day."
 * A phone discussion logged on the Teams card (and POST /api/phone-discussions) at increasing or
 * imminent risk starts the clock; the next discussion recorded about the person meets it; if none
 * is, the recorder is reminded at the limit through the outbox. Clock: Monday 23 November 2026.
 */
import { localToken } from '../../src/api/client.js';
import { registerPerson } from '../../src/app/people/people-and-consent.js';
import { cardProblems } from '../helpers/adaptive-card-validator.js';
import { visibleText } from '../helpers/bot-harness.js';
import { organisation, type Organisation } from './escalation-organisation.js';

let org: Organisation;
afterEach(() => org.close());

const PEOPLE = [{ name: 'Sam Practitioner', manager: 'Lin Linemanager' }, { name: 'Lin Linemanager' }];

async function start(packId = 'tameside') {
  org = await organisation(packId, '2026-11-23T10:00:00Z', PEOPLE);
  await registerPerson(org.h.app.deps, org.caller('Sam Practitioner'), {
    caseReference: 'TM-1',
    displayName: 'Pat Example',
  });
}

const call = (riskLevel: string, time = '09:30') => ({
  caseReference: 'TM-1',
  date: '2026-11-23',
  time,
  myRole: 'Social worker',
  otherName: 'Alex Other',
  otherRole: 'GP',
  otherAgency: 'Surgery',
  concerns: 'Falls at home are more frequent',
  consentBasis: 'Consent recorded 12 Nov',
  riskLevel,
});

const remindersOf = async (kind = 'action-overdue') =>
  (await org.h.app.database.db.selectFrom('reminders').select(['kind', 'status', 'due_at']).execute())
    .filter((r) => r.kind === kind)
    .map((r) => `${r.status} ${new Date(r.due_at).toISOString()}`);

test('2.3.3 imminent risk: "discussion should be held the same working day" — the recorder is reminded at the end of it if none is logged', async () => {
  await start();
  const review = org.h.cardOf(await org.h.click(org.user('Sam Practitioner'), 'phone.log', call('imminent')));
  expect(cardProblems(review)).toEqual([]);
  expect(visibleText(review)).toMatch(/imminent risk: communicate the concern by Mon, 23 Nov 2026, 17:00/);
  expect(await remindersOf()).toEqual(['pending 2026-11-23T17:00:00.000Z']);
  org.h.app.clock.set('2026-11-23T17:00:00Z');
  expect(await org.messages()).toEqual(['Sam Practitioner: An agreed action is overdue']);
});

test('2.3.3 increasing risk: "within 48 hours", counted in hours — and met by the next discussion logged about the person', async () => {
  await start();
  await org.h.click(org.user('Sam Practitioner'), 'phone.log', call('increasing'));
  expect(await remindersOf()).toEqual(['pending 2026-11-25T10:00:00.000Z']);
  // The call to the housing officer the next day is the communication held.
  org.h.app.clock.set('2026-11-24T11:00:00Z');
  const next = org.h.cardOf(
    await org.h.click(org.user('Sam Practitioner'), 'phone.log', {
      ...call('standard', '10:30'),
      date: '2026-11-24',
      otherName: 'Dee Officer',
      otherAgency: 'Housing',
    }),
  );
  expect(visibleText(next)).toContain('Confirmation email');
  org.h.app.clock.set('2026-11-25T10:00:00Z');
  expect(await org.messages()).toEqual([]);
  expect(await remindersOf()).toEqual(['cancelled 2026-11-25T10:00:00.000Z']);
});

test('2.3.3 through the REST API: the same clock, and standard risk starts none', async () => {
  await start();
  const me = org.caller('Sam Practitioner');
  const person = (await org.h.app.deps.store.findPersonByCaseReference(me.tenantId, 'TM-1'))!;
  const post = async (riskLevel: string) => {
    const res = await fetch(`${org.h.endpoint.replace('/api/messages', '')}/api/phone-discussions`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${localToken({ tid: me.tenantId, oid: me.userId, name: me.name })}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        senderRole: 'Social worker',
        discussion: {
          personId: person.id,
          occurredAt: '2026-11-23T09:30:00Z',
          participants: [
            { name: me.name, role: 'Social worker', agency: 'ASC' },
            { name: 'Alex Other', role: 'GP', agency: 'Surgery' },
          ],
          concerns: 'Falls',
          consentBasis: 'Consent recorded 12 Nov',
          riskLevel,
        },
      }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const standard = await post('standard');
  expect(standard.status).toBe(201);
  expect(standard.body['riskResponse']).toBeUndefined();
  const imminent = await post('imminent');
  expect(imminent.body['riskResponse']).toMatchObject({ level: 'imminent', dueAt: '2026-11-23T17:00:00.000Z' });
  expect(await remindersOf()).toEqual(['pending 2026-11-23T17:00:00.000Z']);
  expect((await post('sky-high')).status).toBe(400);
});

test('a pack with no such timescale (Speak Out) starts no clock', async () => {
  await start('speak-out');
  await org.h.click(org.user('Sam Practitioner'), 'phone.log', call('imminent'));
  expect(await remindersOf()).toEqual([]);
});

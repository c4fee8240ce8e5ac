/**
 * Disputes in the advocacy protocols — Speak Out (000_a742bdcb99286710.txt) and seAp
 * (001_7952fd8ae7cb4c0c.txt), "Disputes between Agencies, Partners and other Statutory bodies": a
 * meeting first; then "refer the dispute to more senior members of each organisation, or refer to
 * independent mediation"; the agreement "recorded in writing", which goes to the other agency. No
 * Board copy and no de-brief: these seeds ask for neither.
 */
import { localToken } from '../../src/api/client.js';
import { listEscalationsFor } from '../../src/app/escalations/escalation-queries.js';
import { visibleText } from '../helpers/bot-harness.js';
import { organisation, type Organisation } from './escalation-organisation.js';

let org: Organisation;
afterEach(() => org.close());

const PEOPLE = [
  { name: 'Ann Advocate', manager: 'Lee Linemanager' },
  { name: 'Lee Linemanager' },
  { name: 'Sid Seniormember', roles: ['senior-member'] },
];

test.each(['speak-out', 'seap'])(
  '%s: stage 2 may go to independent mediation — a mediator outside the organisation, named by email, is sent the request',
  async (packId) => {
    org = await organisation(packId, '2026-11-23T10:00:00Z', PEOPLE);
    const e = await org.raise('Ann Advocate');
    await org.messages();
    await expect(
      org.act('Lee Linemanager', e, {
        kind: 'escalate',
        reason: 'x',
        mediator: { name: 'Mo Mediator', agency: 'Mediation Ltd', email: 'not-an-email' },
      }),
    ).rejects.toThrow(/email/);
    const mediated = await org.act('Lee Linemanager', e, {
      kind: 'escalate',
      reason: 'The meeting did not resolve it',
      mediator: { name: 'Mo Mediator', agency: 'Mediation Ltd', email: 'mo@mediation.example' },
    });
    expect(mediated.stages[1]).toMatchObject({
      number: 2,
      mediator: { name: 'Mo Mediator', email: 'mo@mediation.example', role: 'Independent mediator' },
    });
    const pending = await org.h.app.deps.store.listReminders(org.h.tenantId, e.id);
    expect(pending.filter((r) => r.kind === 'mediation-referral').map((r) => [r.audienceEmail, r.status])).toEqual([
      ['mo@mediation.example', 'pending'],
    ]);
    // Local mode has no mailbox: the request waits in the outbox (retried), it is not lost or sent in the click.
    await org.messages();
    expect(
      (await org.h.app.deps.store.listReminders(org.h.tenantId, e.id)).find((r) => r.kind === 'mediation-referral')
        ?.status,
    ).toBe('pending');
  },
);

test('speak-out: the agreement ends it with no Board copy and no de-brief prompt (the seed asks for neither)', async () => {
  org = await organisation('speak-out', '2026-11-23T10:00:00Z', PEOPLE);
  const e = await org.raise('Ann Advocate');
  await org.messages();
  await org.act('Lee Linemanager', e, { kind: 'resolve', summary: 'Agreed at the meeting', agreedActions: [] });
  expect(await org.messages()).toEqual([]);
  expect(await org.h.app.deps.store.listEscalationRecords(org.h.tenantId, e.id)).toEqual([]);
  const kinds = (await org.h.app.deps.store.listReminders(org.h.tenantId, e.id)).map((r) => r.kind);
  expect(kinds).toContain('outcome-to-other-agency'); // "recorded in writing", to the other agency's contact
  expect(kinds).not.toContain('debrief-prompt');
  expect(kinds).not.toContain('record-to-board');
});

const OUR_SIGNATURE = {
  kind: 'record-signature',
  side: 'ours',
  name: 'Lee',
  role: 'Manager',
  signedOn: '2026-11-23',
} as const;

test.each(['speak-out', 'seap'])(
  '%s: the agreement "once signed by both organisations, remains binding" — each signature recorded, on the card and through REST',
  async (packId) => {
    org = await organisation(packId, '2026-11-23T10:00:00Z', PEOPLE);
    const e = await org.raise('Ann Advocate');
    await expect(org.act('Lee Linemanager', e, OUR_SIGNATURE)).rejects.toThrow(); // nothing agreed yet
    const resolved = await org.act('Lee Linemanager', e, {
      kind: 'resolve',
      summary: 'Agreed at the meeting',
      agreedActions: [],
    });
    // The card offers it to the manager who resolved it, showing the agreement awaits both signatures.
    const card = org.h.cardOf(
      await org.h.click(org.user('Lee Linemanager'), 'escalation.refresh', { escalationId: e.id }),
    );
    expect(JSON.stringify(card)).toContain('escalation.recordSignature');
    expect(visibleText(card)).toContain('awaiting both signatures');
    const ours = org.h.cardOf(
      await org.h.click(org.user('Lee Linemanager'), 'escalation.recordSignature', {
        escalationId: e.id,
        version: resolved.version,
        side: 'ours',
        signatoryName: 'Lee Linemanager',
        signatoryRole: 'Team manager',
        signedOn: '2026-11-24',
      }),
    );
    expect(visibleText(ours)).toContain('awaiting the other signature');
    // The other organisation's signed copy comes back: recorded through the REST API, as the tab does.
    const me = org.caller('Ann Advocate');
    const res = await fetch(`${org.h.endpoint.replace('/api/messages', '')}/api/escalations/${e.id}/events`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${localToken({ tid: me.tenantId, oid: me.userId, name: me.name })}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        event: {
          kind: 'record-signature',
          side: 'theirs',
          name: 'Alex Other',
          role: 'Housing officer',
          signedOn: '2026-11-26',
        },
        expectedVersion: (await org.current(e)).version,
      }),
    });
    expect(res.status).toBe(200);
    const signed = await org.current(e);
    expect(signed.signatures?.map((s) => `${s.organisation}: ${s.name}`)).toEqual([
      'Adult Social Care: Lee Linemanager',
      'Housing: Alex Other',
    ]);
    const done = org.h.cardOf(
      await org.h.click(org.user('Lee Linemanager'), 'escalation.refresh', { escalationId: e.id }),
    );
    expect(visibleText(done)).toContain('signed by both organisations, binding');
    expect(JSON.stringify(done)).not.toContain('escalation.recordSignature');
  },
);

test('a protocol that does not ask for signatures (Tameside) refuses one', async () => {
  org = await organisation('tameside', '2026-11-23T10:00:00Z', [
    { name: 'Ann Advocate', manager: 'Lee Linemanager' },
    { name: 'Lee Linemanager' },
  ]);
  const e = await org.raise('Ann Advocate');
  await org.act('Lee Linemanager', e, { kind: 'resolve', summary: 'Agreed', agreedActions: [] });
  await expect(org.act('Lee Linemanager', e, OUR_SIGNATURE)).rejects.toThrow(/no longer be changed/);
});

test.each([
  ['speak-out', 'director'],
  ['seap', 'management-team'],
])(
  "%s: a line manager sees their own team's escalations, not every one — only %s, who receives the records, does (no seed gives line managers more)",
  async (packId, recordsRole) => {
    org = await organisation(packId, '2026-11-23T10:00:00Z', [
      ...PEOPLE,
      { name: 'Lyn Othermanager', roles: ['line-manager'] },
      { name: 'Dee Director', roles: [recordsRole] },
    ]);
    await org.raise('Ann Advocate');
    await expect(listEscalationsFor(org.h.app.deps, org.caller('Lyn Othermanager'), 'board')).rejects.toThrow(
      /Only the Board's roles/,
    );
    expect(await listEscalationsFor(org.h.app.deps, org.caller('Dee Director'), 'board')).toHaveLength(1);
  },
);

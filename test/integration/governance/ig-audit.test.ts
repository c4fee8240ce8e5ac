/**
 * The information-governance audit over real HTTP (issue 10, item 3): the IG lead sees every
 * sharing decision (share and not share, each basis, agency, user, channel, date), every "send
 * without a decision" with its justification and the refused decision attempts (counts), filtered
 * and paged, with the hash chain verified now; the CSV export holds exactly the stored records.
 * Nobody else — the Board included, or another organisation — sees any of it.
 */
import { sql } from 'kysely';
import type { IgAuditAnswer } from '../../../src/api/contract.js';
import { CONTOSO_TENANT, startBotHarness, teamsUser, type BotHarness } from '../../helpers/bot-harness.js';
import { restAs } from '../../helpers/rest-as.js';

let h: BotHarness;
afterAll(() => h.close());

const sam = teamsUser('Sam Practitioner');
const tom = teamsUser('Tom Therapist');
const iggy = teamsUser('Iggy Governance');
const bea = teamsUser('Bea Businessmanager');

const api = (u: { aadObjectId: string; name: string }, tid = CONTOSO_TENANT) =>
  restAs<IgAuditAnswer & Record<string, unknown>>(h, u, tid);

/** RFC 4180 rows (quoted cells may hold commas and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 1;
    } else cell += c;
  }
  return rows;
}

let personA: string;
let personB: string;

beforeAll(async () => {
  h = await startBotHarness({ packId: 'tameside', now: '2026-11-02T10:00:00Z' });
  const at = '2026-11-01T10:00:00Z';
  await h.app.deps.store.assignRole(h.tenantId, 'ig-lead', iggy.aadObjectId, at);
  await h.app.deps.store.assignRole(h.tenantId, 'board-business-manager', bea.aadObjectId, at);
  personA = (
    (await api(sam)('POST', '/api/people', { caseReference: 'ASC-1', displayName: 'Pat Example' })).body as unknown as {
      id: string;
    }
  ).id;
  personB = (
    (await api(tom)('POST', '/api/people', { caseReference: 'ASC-2', displayName: 'Lee Example' })).body as unknown as {
      id: string;
    }
  ).id;
  expect(
    (
      await api(sam)('POST', `/api/people/${personA}/consent`, {
        status: 'given',
        information: 'Housing',
        recipients: ['Housing Trust'],
        capacity: { kind: 'presumed' },
      })
    ).status,
  ).toBe(201);
  const consent = await api(sam)('GET', `/api/people/${personA}/consent?agency=Housing%20Trust`);
  const consentRecordId = (consent.body['answer'] as { record: { id: string } }).record.id;
  const base = {
    information: 'Housing needs',
    purpose: 'Rehousing',
    reasons: 'Needed to rehouse safely',
    confirmed: ['factually-correct'],
  };
  const decide = async (who: typeof sam, when: string, body: Record<string, unknown>, status = 201) => {
    h.app.clock.set(when);
    const answer = await api(who)('POST', '/api/sharing-decisions', { ...base, ...body });
    expect(answer.status).toBe(status);
  };
  // Two London days: 2 November (consent, outlook; exception, web) and 3 November (not share; outside the protocol).
  await decide(sam, '2026-11-02T09:00:00Z', {
    decision: 'share',
    personId: personA,
    basis: { kind: 'consent', consentRecordId },
    recipients: [{ name: 'Alex', agency: 'Housing Trust' }],
    context: { channel: 'outlook', reference: 'msg-1' },
  });
  await decide(sam, '2026-11-02T11:00:00Z', {
    decision: 'share',
    personId: personA,
    basis: { kind: 'exception', exceptionId: 'immediate-safeguarding' },
    recipients: [{ name: 'PC Jones', agency: 'Police' }],
    context: { channel: 'web' },
  });
  await decide(tom, '2026-11-03T09:30:00Z', {
    decision: 'not-share',
    personId: personB,
    basis: { kind: 'none' },
    recipients: [{ name: 'Desk', agency: 'POLICE' }],
    context: { channel: 'teams' },
  });
  await decide(tom, '2026-11-03T10:00:00Z', {
    decision: 'share',
    personId: personB,
    basis: { kind: 'outside-protocol', name: 'Court order', justification: 'Ordered by the family court on 1 Nov' },
    recipients: [{ name: 'Clerk', agency: 'Family Court' }],
  });
  // Refused attempts: no basis (twice, one day), and proportionality not confirmed (the next day).
  await decide(
    sam,
    '2026-11-02T12:00:00Z',
    { decision: 'share', personId: personA, basis: { kind: 'none' }, recipients: [{ name: 'X', agency: 'Police' }] },
    422,
  );
  await decide(
    sam,
    '2026-11-02T12:05:00Z',
    { decision: 'share', personId: personA, basis: { kind: 'none' }, recipients: [{ name: 'X', agency: 'Police' }] },
    422,
  );
  await decide(
    tom,
    '2026-11-03T12:00:00Z',
    {
      decision: 'share',
      personId: personB,
      basis: { kind: 'exception', exceptionId: 'immediate-safeguarding' },
      recipients: [{ name: 'X', agency: 'Police' }],
      confirmed: [],
    },
    422,
  );
  // Sends without a decision, with their justifications.
  h.app.clock.set('2026-11-02T15:00:00Z');
  expect(
    (
      await api(sam)('POST', '/api/send-overrides', {
        reference: 'msg-9',
        justification: 'Only a meeting time, no case data',
      })
    ).status,
  ).toBe(201);
  h.app.clock.set('2026-11-03T15:00:00Z');
  expect(
    (
      await api(tom)('POST', '/api/send-overrides', {
        reference: 'msg-10',
        justification: 'The person asked me to send it',
      })
    ).status,
  ).toBe(201);
  h.app.clock.set('2026-11-04T10:00:00Z');
});

const audit = (query = '') => api(iggy)('GET', `/api/ig/audit${query}`);
const seqs = (a: IgAuditAnswer) => (a.decisions ?? []).map((d) => d.seq);

test('the IG lead sees every decision with its basis, agency, user, channel and date, and the chain verified', async () => {
  const answer = await audit();
  expect(answer.status).toBe(200);
  expect(answer.body.chain).toMatchObject({ verdict: { kind: 'intact', entries: 4, headSeq: 4 } });
  expect(answer.body.decisions).toEqual([
    expect.objectContaining({
      seq: 1,
      caseReference: 'ASC-1',
      decision: 'share',
      basis: 'consent',
      agencies: ['Housing Trust'],
      decidedBy: sam.name,
      decidedByUserId: sam.aadObjectId,
      channel: 'outlook',
      recordedAt: '2026-11-02T09:00:00.000Z',
    }),
    expect.objectContaining({
      seq: 2,
      basis: 'exception',
      basisDetail: 'immediate-safeguarding',
      agencies: ['Police'],
      channel: 'web',
    }),
    expect.objectContaining({
      seq: 3,
      caseReference: 'ASC-2',
      decision: 'not-share',
      basis: 'none',
      agencies: ['POLICE'],
      decidedByUserId: tom.aadObjectId,
      channel: 'teams',
    }),
    expect.objectContaining({
      seq: 4,
      basis: 'outside-protocol',
      basisDetail: 'Court order: Ordered by the family court on 1 Nov',
      agencies: ['Family Court'],
      channel: 'unknown',
    }),
  ]);
  // Names of the people decided about never appear, only case references.
  expect(answer.text).not.toMatch(/Pat Example|Lee Example/);
  // Refused attempts: counts per reason per London day, no personal data.
  const refused = answer.body.refusedAttempts;
  const day2 = refused.filter((r) => r.day === '2026-11-02');
  expect(day2.length).toBeGreaterThan(0);
  expect(day2.every((r) => r.attempts === 2 && r.reason.startsWith('BASIS.'))).toBe(true);
  expect(
    refused.some((r) => r.day === '2026-11-03' && r.reason === 'PROPORTIONALITY.UNCONFIRMED' && r.attempts === 1),
  ).toBe(true);
  expect(JSON.stringify(refused)).not.toMatch(/ASC-|Sam|Tom|Police/);
  // Reading the audit is noted in the access log as a review of each person's decisions.
  const log = await h.app.deps.store.listAccessLog(h.tenantId, { limit: 100 });
  expect(
    log
      .filter((e) => e.userId === iggy.aadObjectId && e.action === 'review-decision')
      .map((e) => e.personId)
      .sort(),
  ).toEqual([personA, personB].sort());
});

test('filters: basis, decision, agency (any case), user, channel and London date range', async () => {
  expect(seqs((await audit('?basis=exception')).body)).toEqual([2]);
  expect(seqs((await audit('?decision=not-share')).body)).toEqual([3]);
  expect(seqs((await audit('?agency=police')).body)).toEqual([2, 3]);
  expect(seqs((await audit(`?user=${tom.aadObjectId}`)).body)).toEqual([3, 4]);
  expect(seqs((await audit('?channel=outlook')).body)).toEqual([1]);
  expect(seqs((await audit('?from=2026-11-03&to=2026-11-03')).body)).toEqual([3, 4]);
  expect(seqs((await audit('?to=2026-11-02&decision=share&agency=Police')).body)).toEqual([2]);
  const day3 = await audit('?from=2026-11-03');
  expect(day3.body.refusedAttempts.every((r) => r.day === '2026-11-03')).toBe(true);
  for (const bad of [
    '?basis=friendship',
    '?channel=fax',
    '?from=2026-13-01',
    '?from=2026-11-04&to=2026-11-01',
    '?limit=0',
    '?after=%%%',
    '?colour=red',
  ])
    expect((await audit(bad)).status).toBe(400);
});

test('keyset pages: each page follows the last, none repeats or skips a decision', async () => {
  const first = await audit('?limit=3');
  expect(seqs(first.body)).toEqual([1, 2, 3]);
  expect(first.body.next).toEqual(expect.any(String));
  const second = await audit(`?limit=3&after=${first.body.next ?? ''}`);
  expect(seqs(second.body)).toEqual([4]);
  expect(second.body.next).toBeUndefined();
  expect(second.body.chain).toBeUndefined(); // verified once, on the first page
  const filtered = await audit('?agency=police&limit=1');
  expect(seqs(filtered.body)).toEqual([2]);
  expect(seqs((await audit(`?agency=police&limit=1&after=${filtered.body.next ?? ''}`)).body)).toEqual([3]);
});

test('every "send without a decision" with its justification, filtered by user and date, paged', async () => {
  const all = await audit('?list=overrides');
  expect(all.body.overrides).toEqual([
    expect.objectContaining({
      reference: 'msg-9',
      userId: sam.aadObjectId,
      userName: sam.name,
      justification: 'Only a meeting time, no case data',
      createdAt: '2026-11-02T15:00:00.000Z',
    }),
    expect.objectContaining({
      reference: 'msg-10',
      userId: tom.aadObjectId,
      justification: 'The person asked me to send it',
    }),
  ]);
  expect((await audit(`?list=overrides&user=${tom.aadObjectId}`)).body.overrides).toHaveLength(1);
  expect((await audit('?list=overrides&to=2026-11-02')).body.overrides?.map((o) => o.reference)).toEqual(['msg-9']);
  const page = await audit('?list=overrides&limit=1');
  expect(page.body.overrides?.map((o) => o.reference)).toEqual(['msg-9']);
  const next = await audit(`?list=overrides&limit=1&after=${page.body.next ?? ''}`);
  expect(next.body.overrides?.map((o) => o.reference)).toEqual(['msg-10']);
  expect(next.body.next).toBeUndefined();
});

test('the CSV export holds exactly the stored decisions and overrides, with the same filters', async () => {
  const csv = await api(iggy)('GET', '/api/ig/audit.csv');
  expect(csv.status).toBe(200);
  expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
  expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="sharing-decisions-2026-11-04\.csv"/);
  const [header, ...rows] = parseCsv(csv.text);
  expect(header).toEqual([
    'seq',
    'recorded_at',
    'case_reference',
    'decision',
    'basis',
    'basis_detail',
    'agencies',
    'decided_by',
    'decided_by_user_id',
    'channel',
    'pack',
  ]);
  const stored = await h.app.database.db
    .selectFrom('sharing_decisions')
    .innerJoin('people', (j) =>
      j
        .onRef('people.id', '=', 'sharing_decisions.person_id')
        .onRef('people.tenant_id', '=', 'sharing_decisions.tenant_id'),
    )
    .select(['seq', 'recorded_at', 'payload', 'people.case_reference'])
    .where('sharing_decisions.tenant_id', '=', h.tenantId)
    .orderBy('seq')
    .execute();
  expect(rows).toEqual(
    stored.map((s) => {
      const p = JSON.parse(s.payload) as {
        decision: string;
        basis: { kind: string };
        recipients: { agency: string }[];
        decidedBy: string;
        decidedByUserId: string;
        context?: { channel: string };
        packId: string;
      };
      return [
        String(s.seq),
        s.recorded_at.toISOString(),
        s.case_reference,
        p.decision,
        p.basis.kind,
        expect.any(String),
        [...new Set(p.recipients.map((r) => r.agency))].join('; '),
        p.decidedBy,
        p.decidedByUserId,
        p.context?.channel ?? 'unknown',
        p.packId,
      ];
    }),
  );
  const police = parseCsv((await api(iggy)('GET', '/api/ig/audit.csv?agency=POLICE')).text);
  expect(police.slice(1).map((r) => r[0])).toEqual(['2', '3']);

  const overrides = parseCsv((await api(iggy)('GET', '/api/ig/audit.csv?list=overrides')).text);
  const storedOverrides = await h.app.database.db
    .selectFrom('send_overrides')
    .selectAll()
    .where('tenant_id', '=', h.tenantId)
    .orderBy('created_at')
    .execute();
  expect(overrides).toEqual([
    ['created_at', 'reference', 'user_name', 'user_id', 'justification'],
    ...storedOverrides.map((o) => [o.created_at.toISOString(), o.reference, o.user_name, o.user_id, o.justification]),
  ]);
});

test('nobody else sees the audit: a practitioner, the Board, another organisation (403, nothing of it)', async () => {
  for (const who of [sam, tom, bea]) {
    for (const path of ['/api/ig/audit', '/api/ig/audit?list=overrides', '/api/ig/audit.csv']) {
      const refused = await api(who)('GET', path);
      expect(refused.status).toBe(403);
      expect(refused.body).toEqual({
        error: 'ACCESS.FORBIDDEN',
        message: expect.stringMatching(/information-governance lead/),
      });
      expect(refused.text).not.toMatch(/ASC-|msg-|Housing|seq/);
    }
  }
  await h.app.deps.store.createTenant({ id: 'other-org', name: 'Other', packId: 'stockport', emailDomains: [] });
  const stranger = teamsUser('Olga Other');
  expect((await api(stranger, 'other-org')('GET', '/api/ig/audit')).status).toBe(403);
  // The IG lead of another organisation sees that organisation's audit only: empty here.
  await h.app.deps.store.assignRole('other-org', 'ig-lead', iggy.aadObjectId, '2026-11-04T10:00:00Z');
  const theirs = await api(iggy, 'other-org')('GET', '/api/ig/audit');
  expect(theirs.status).toBe(200);
  expect(theirs.body).toMatchObject({
    decisions: [],
    refusedAttempts: [],
    chain: { verdict: { kind: 'intact', entries: 0 } },
  });
  expect((await api(iggy, 'other-org')('GET', '/api/ig/audit?list=overrides')).body.overrides).toEqual([]);
});

test('a changed decision shows as the first broken link of the chain; an unreadable one is still listed', async () => {
  await h.app.database.db.transaction().execute(async (trx) => {
    await sql`SET LOCAL session_replication_role = replica`.execute(trx);
    await sql`UPDATE sharing_decisions SET payload = replace(payload, 'Police', 'Press') WHERE tenant_id = ${h.tenantId} AND seq = 2`.execute(
      trx,
    );
  });
  const answer = await audit();
  expect(answer.body.chain).toMatchObject({ verdict: { kind: 'broken', seq: 2, problem: expect.any(String) } });
  // A record altered so far it is no longer JSON is still listed (as unreadable), never a failed page.
  await h.app.database.db.transaction().execute(async (trx) => {
    await sql`SET LOCAL session_replication_role = replica`.execute(trx);
    await sql`UPDATE sharing_decisions SET payload = 'garbage' WHERE tenant_id = ${h.tenantId} AND seq = 3`.execute(
      trx,
    );
  });
  const after = await audit();
  expect(after.status).toBe(200);
  expect(after.body.decisions?.map((d) => d.decision)).toEqual(['share', 'share', 'unreadable', 'share']);
  expect(seqs((await audit('?decision=share')).body)).toEqual([1, 2, 4]);
  expect((await api(iggy)('GET', '/api/ig/audit.csv')).status).toBe(200);
});

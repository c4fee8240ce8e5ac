/**
 * Property-based fuzzing of every REST POST route (and the GET routes' paths and query strings)
 * on one real server: valid bodies mutated field by field with hostile values. Every answer is
 * 2xx or 4xx with a JSON message, never 5xx; text that was accepted is stored exactly as sent;
 * the server logs no failed request and stays healthy (security review 2026-12, M5).
 */
import fc from 'fast-check';
import { localToken } from '../../src/api/client.js';
import { raiseEscalation } from '../../src/app/escalations/escalations.js';
import { parseInput, raiseEscalationSchema } from '../../src/app/inputs.js';
import { startBotHarness, teamsUser, type BotHarness } from '../helpers/bot-harness.js';
import {
  answerProblem,
  applyMutation,
  holdsString,
  hostileValue,
  httpRequest,
  mutationOf,
  NO_WRITE_LIMIT,
  runs,
  timeLimit,
  watchServerErrors,
} from './fuzz-kit.js';

let h: BotHarness;
let errors: ReturnType<typeof watchServerErrors>;
const AT = '2026-11-25T10:00:00Z';
const sam = teamsUser('Sam Practitioner');
const tess = teamsUser('Tess Teammanager');
const caller = () => ({ tenantId: h.tenantId, userId: sam.aadObjectId, name: sam.name });

let base: string;
let token: string;
let personId: string;
let consentRecordId: string;
let escalationId: string;
let serial = 0;

function send(method: string, path: string, text?: string): Promise<{ status: number; text: string }> {
  return httpRequest(
    `${base}${path}`,
    method,
    { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    text,
  );
}

async function json(method: string, path: string, body?: unknown): Promise<any> {
  // any: fixtures read a few fields
  const res = await send(method, path, body === undefined ? undefined : JSON.stringify(body));
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
  return JSON.parse(res.text);
}

beforeAll(async () => {
  errors = watchServerErrors();
  h = await startBotHarness({ now: AT, packId: 'stockport', writeLimit: NO_WRITE_LIMIT });
  base = h.endpoint.replace('/api/messages', '');
  token = localToken({ tid: h.tenantId, oid: sam.aadObjectId, name: sam.name });
  const { store } = h.app.deps;
  await store.upsertDirectoryUser(
    {
      tenantId: h.tenantId,
      userId: sam.aadObjectId,
      displayName: sam.name,
      email: 'sam@contoso.example',
      managerUserId: tess.aadObjectId,
    },
    AT,
  );
  await store.upsertDirectoryUser(
    { tenantId: h.tenantId, userId: tess.aadObjectId, displayName: tess.name, email: 'tess@contoso.example' },
    AT,
  );
  personId = (await json('POST', '/api/people', { caseReference: 'FUZZ-0', displayName: 'Pat Example' })).id;
  consentRecordId = (
    await json('POST', `/api/people/${personId}/consent`, {
      status: 'given',
      information: 'Housing needs',
      recipients: ['Housing Trust'],
      capacity: { kind: 'presumed' },
    })
  ).id;
});
beforeEach(() => errors.lines.splice(0)); // each test answers for its own failures
afterAll(async () => {
  errors.stop();
  await h.close();
});

/** Stage 1 of an open escalation Sam may act on (Stockport: the raiser is a party); a new one once an event has moved it on. */
async function openEscalation(): Promise<{ id: string; version: number }> {
  const current = escalationId ? await h.app.deps.store.getEscalation(h.tenantId, escalationId) : undefined;
  if (current?.state === 'open' && current.stage === 1) return { id: current.id, version: current.version };
  const raised = await raiseEscalation(h.app.deps, caller(), parseInput(raiseEscalationSchema, raiseBody()));
  escalationId = raised.id;
  return { id: raised.id, version: raised.version };
}

const party = { name: 'Alex Other', role: 'Housing officer', agency: 'Housing Trust', email: 'alex@housing.example' };
const raiseBody = () => ({
  personId,
  raiserRole: 'Social worker',
  raiserAgency: 'Contoso Adult Social Care',
  otherAgency: { name: 'Housing Trust', contact: party },
  natures: ['not-sharing-information'],
  natureDetails: 'Repairs report withheld',
  outcomeSought: 'Share the report',
  outcomeSoughtBy: '2026-12-20',
  riskLevel: 'standard' as const,
  adultView: { kind: 'given' as const, view: 'Wants the repairs done', by: 'adult' as const },
  stage1Discussion: { heldAt: '2026-11-24T10:00:00Z', parties: [party], notes: 'Spoke on the phone' },
});

interface Route {
  readonly name: string;
  /** A fresh valid request: path and body. */
  request(): Promise<{ path: string; body: unknown }>;
  /** What was stored for a 2xx answer, read back from the database; undefined when nothing is stored. */
  stored?(answer: any, path: string): Promise<unknown>; // any: each route answers its own shape
}

const EVENTS = [
  { kind: 'add-note', text: 'Called the housing officer' },
  { kind: 'record-discussion', heldAt: '2026-11-25T09:00:00Z', parties: [party], notes: 'Agreed to share' },
  { kind: 'change-risk', riskLevel: 'increasing', reason: 'Damp is worse' },
  { kind: 'escalate', reason: 'No agreement', riskEscalated: false, escalateTo: 'tess@contoso.example' },
  {
    kind: 'resolve',
    summary: 'Report shared',
    agreedActions: [{ description: 'Repairs booked', owner: 'Housing Trust', dueOn: '2026-12-10' }],
  },
] as const;

const ROUTES: readonly Route[] = [
  {
    name: 'POST /api/people',
    request: async () => ({
      path: '/api/people',
      body: { caseReference: `FZ-${(serial += 1)}`, displayName: 'Pat Example', dateOfBirth: '1950-03-01' },
    }),
    stored: (a) => h.app.deps.store.getPerson(h.tenantId, a.id),
  },
  {
    name: 'POST /api/people/{id}/consent',
    request: async () => ({
      path: `/api/people/${personId}/consent`,
      body: {
        status: 'given',
        information: 'Housing needs',
        recipients: ['Housing Trust', '*'],
        expiresOn: '2027-11-01',
        notes: 'Pat agreed',
        capacity: {
          kind: 'assessed',
          outcome: 'has-capacity',
          assessedBy: 'Dr Example',
          assessedOn: '2026-11-01',
          notes: 'Understood',
        },
      },
    }),
    stored: async (a) => (await h.app.deps.store.listConsent(h.tenantId, personId)).find((r) => r.id === a.id),
  },
  {
    name: 'POST /api/escalations',
    request: async () => ({ path: '/api/escalations', body: raiseBody() }),
    stored: (a) => h.app.deps.store.getEscalation(h.tenantId, a.id),
  },
  ...EVENTS.map((event): Route => ({
    name: `POST /api/escalations/{id}/events (${event.kind})`,
    request: async () => {
      const { id, version } = await openEscalation();
      return { path: `/api/escalations/${id}/events`, body: { event, expectedVersion: version } };
    },
    // The event itself is kept in the escalation's history (a reason for a change of risk is stored nowhere else).
    stored: async (a) => ({
      escalation: await h.app.deps.store.getEscalation(h.tenantId, a.id),
      history: await h.app.deps.store.escalationHistory(h.tenantId, a.id),
    }),
  })),
  {
    name: 'POST /api/sharing-decisions',
    request: async () => ({
      path: '/api/sharing-decisions',
      body: {
        decision: 'share',
        personId,
        basis: { kind: 'consent', consentRecordId },
        information: 'Housing needs',
        recipients: [{ name: 'Alex', agency: 'Housing Trust', email: 'alex@housing.example' }],
        purpose: 'Rehousing',
        reasons: 'Pat agreed',
        involved: ['Sam'],
        context: { channel: 'outlook', reference: `msg-${(serial += 1)}` },
        confirmed: [], // Stockport's seed names no sharing checks
      },
    }),
    stored: async (a) => {
      if (a.kind !== 'allowed') return undefined;
      const entries = await h.app.deps.store.pageDecisions(h.tenantId, 0, 100_000);
      return JSON.parse(entries.find((e) => e.id === a.entry.id)!.payload);
    },
  },
  {
    name: 'POST /api/phone-discussions',
    request: async () => ({
      path: '/api/phone-discussions',
      body: {
        senderRole: 'Social worker',
        discussion: {
          personId,
          occurredAt: '2026-11-25T09:30:00Z',
          participants: [{ name: sam.name, role: 'Social worker', agency: 'Contoso', userId: sam.aadObjectId }, party],
          concerns: 'Damp',
          consentBasis: 'Consent recorded',
          agreedActions: [{ description: 'Inspect', owner: 'Alex', dueOn: '2026-11-30' }],
        },
      },
    }),
    stored: (a) => h.app.deps.store.getPhoneDiscussion(h.tenantId, a.id),
  },
  {
    name: 'POST /api/send-overrides',
    request: async () => ({
      path: '/api/send-overrides',
      body: { reference: `msg-${(serial += 1)}`, justification: 'The recipient is our own team' },
    }),
    stored: (a) => h.app.database.db.selectFrom('send_overrides').selectAll().where('id', '=', a.id).executeTakeFirst(),
  },
  {
    name: 'POST /api/sharing-check',
    request: async () => ({
      path: '/api/sharing-check',
      body: {
        from: 'sam@contoso.example',
        to: ['alex@housing.example'],
        cc: [],
        bcc: [],
        subject: 'Pat',
        bodyText: 'NHS 943 476 5919, M1 1AE',
        attachmentNames: ['referral.docx'],
        reference: `msg-${(serial += 1)}`,
      },
    }),
  },
];

/** After each property: the server answers, a valid request still works, and nothing failed inside it. */
async function expectHealthy(): Promise<void> {
  expect((await send('GET', '/healthz')).status).toBe(200);
  expect(
    (
      await send(
        'POST',
        '/api/people',
        JSON.stringify({ caseReference: `OK-${(serial += 1)}`, displayName: 'Pat Example' }),
      )
    ).status,
  ).toBe(201);
  expect(errors.lines).toEqual([]);
}

const RUNS = 40;
test.each(ROUTES.map((r) => [r.name, r] as const))(
  '%s: mutated bodies answer 2xx or 4xx with a message, and accepted text is stored as sent',
  async (_name, route) => {
    const template = (await route.request()).body;
    await fc.assert(
      fc.asyncProperty(mutationOf(template), async (mutation) => {
        const { path, body } = await route.request();
        const { text, sentString } = applyMutation(body, mutation);
        const answer = await send('POST', path, text);
        expect(answerProblem(answer.status, answer.text)).toBeUndefined();
        if (answer.status < 300 && sentString && sentString.value.trim() && route.stored) {
          const stored = await route.stored(JSON.parse(answer.text), path);
          if (stored !== undefined)
            expect([sentString.path.join('.'), holdsString(stored, sentString.value)]).toEqual([
              sentString.path.join('.'),
              true,
            ]);
        }
      }),
      { numRuns: runs(RUNS) },
    );
    await expectHealthy();
  },
  timeLimit(RUNS, 1, 150),
);

/** Percent-encodes a string's UTF-8 bytes (a lone surrogate becomes U+FFFD, as a browser would send it). */
const encode = (s: string) => [...Buffer.from(s, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
const segment = fc.oneof(
  fc.constantFrom(
    '------------------------------------',
    '00000000-0000-0000-0000-000000000000',
    'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa',
    '%00',
    '%',
    '%ff',
    '..',
    'x'.repeat(5000),
  ),
  fc.string({ maxLength: 40 }).map(encode),
);
const queryValue = fc.oneof(
  fc.constantFrom('%00', '%', '%ff%fe', '%ed%a0%80', '&&==', 'mine', 'board'),
  hostileValue.filter((v): v is string => typeof v === 'string' && v.length < 5000).map(encode),
);

test(
  'GET routes: ids and query strings of any shape answer 2xx or 4xx with a message',
  async () => {
    await fc.assert(
      fc.asyncProperty(
        segment,
        queryValue,
        fc.constantFrom(
          (s: string, q: string) => `/api/people?caseReference=${q}`,
          (s: string, q: string) => `/api/people/${s}/consent?agency=${q}`,
          (s: string) => `/api/escalations/${s}`,
          (s: string, q: string) => `/api/escalations?scope=${q}`,
          (s: string, q: string) => `/api/escalations/${s}/events?${q}`,
          (s: string, q: string) => `/api/${s}?${q}=${q}`,
        ),
        async (s, q, path) => {
          const answer = await send('GET', path(s, q));
          expect(answerProblem(answer.status, answer.text)).toBeUndefined();
        },
      ),
      { numRuns: runs(RUNS * 2) },
    );
    await expectHealthy();
  },
  timeLimit(RUNS * 2),
);

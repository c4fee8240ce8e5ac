/**
 * One workflow on every surface (issue 8): a resolution, an escalation, a conclusion and a
 * withdrawal done from a Teams card, through the REST API and from the Teams tab (headless
 * Chromium) leave the same escalation, the same records (Stockport Appendix Two's Record of
 * Escalation), the same outbox items and — once the sweeper has run — the same messages to the
 * same people (the new stage owner, the LSAB Business Manager's copy, the raiser's de-brief prompt
 * of Stockport s.4), and the same follow-up of agreed actions.
 */
import { createApiClient, localToken } from '../../src/api/client.js';
import type { EscalationEventRequest } from '../../src/api/contract.js';
import { actOnEscalation, raiseEscalation } from '../../src/app/escalations/escalations.js';
import { registerPerson } from '../../src/app/people/people-and-consent.js';
import type { Caller } from '../../src/app/ports.js';
import {
  cardIn,
  startBotHarness,
  teamsUser,
  visibleText,
  type BotHarness,
  type TeamsUser,
} from '../helpers/bot-harness.js';
import { chromiumForSuite } from '../helpers/chromium.js';
import { actInTab, openTab } from '../helpers/tab-surface.js';
import { isoDate } from '../../src/domain/shared/time.js';

const browser = chromiumForSuite();
let h: BotHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const AT = '2026-11-25T10:00:00Z';
const sam = teamsUser('Sam Practitioner');
const tess = teamsUser('Tess Teammanager');
const hugo = teamsUser('Hugo Seniormanager');
const bea = teamsUser('Bea Businessmanager');
const people = [sam, tess, hugo, bea];

type Surface = 'card' | 'rest' | 'tab';
const SURFACES: readonly Surface[] = ['card', 'rest', 'tab'];

interface Scenario {
  /** Who acts (the access rule must let them). */
  readonly actor: TeamsUser;
  /** Stages escalated through before the event (by the responsible managers, through the use case). */
  readonly startAtStage: number;
  readonly event: EscalationEventRequest;
  /** The same event as the card's form submits it. */
  readonly card: readonly [verb: string, data: Record<string, unknown>];
}

const SCENARIOS: Record<string, Scenario> = {
  resolve: {
    actor: tess,
    startAtStage: 1,
    event: {
      kind: 'resolve',
      summary: 'Agreed at the meeting',
      agreedActions: [{ description: 'Repair the boiler', owner: 'Stockport Homes', dueOn: '2026-12-02' }],
    },
    card: [
      'escalation.resolve',
      {
        summary: 'Agreed at the meeting',
        actionDescription: 'Repair the boiler',
        actionOwner: 'Stockport Homes',
        actionDue: '2026-12-02',
      },
    ],
  },
  escalate: {
    actor: tess,
    startAtStage: 1,
    event: { kind: 'escalate', reason: 'No agreement between the professionals' },
    card: ['escalation.escalate', { reason: 'No agreement between the professionals' }],
  },
  'conclude-unresolved': {
    actor: bea,
    startAtStage: 5, // the LSAB Chair, through the Business Manager: the last stage
    event: {
      kind: 'conclude-unresolved',
      summary: 'The Chair could not broker agreement',
      outstandingConcerns: 'Repairs still outstanding',
    },
    card: [
      'escalation.concludeUnresolved',
      { concludeSummary: 'The Chair could not broker agreement', outstandingConcerns: 'Repairs still outstanding' },
    ],
  },
  withdraw: {
    actor: tess,
    startAtStage: 1,
    event: { kind: 'withdraw', reason: 'Housing did the repairs' },
    card: ['escalation.withdraw', { withdrawReason: 'Housing did the repairs' }],
  },
};

const callerOf = (u: TeamsUser, tenantId: string): Caller => ({ tenantId, userId: u.aadObjectId, name: u.name });

/** A Stockport organisation: Sam's line manager is Tess, hers Hugo; Bea is the LSAB Business Manager. All have the app. */
async function organisation(): Promise<BotHarness> {
  const harness = await startBotHarness({ now: AT, packId: 'stockport' });
  const { store } = harness.app.deps;
  for (const u of people) await harness.say(u, 'hello');
  await store.upsertDirectoryUser(
    { tenantId: harness.tenantId, userId: sam.aadObjectId, displayName: sam.name, managerUserId: tess.aadObjectId },
    AT,
  );
  await store.upsertDirectoryUser(
    { tenantId: harness.tenantId, userId: tess.aadObjectId, displayName: tess.name, managerUserId: hugo.aadObjectId },
    AT,
  );
  await store.assignRole(harness.tenantId, 'lsab-business-manager', bea.aadObjectId, AT);
  return harness;
}

async function raisedAtStage(harness: BotHarness, stage: number): Promise<{ id: string; version: number }> {
  const deps = harness.app.deps;
  const person = await registerPerson(deps, callerOf(sam, harness.tenantId), {
    caseReference: 'SMBC-42',
    displayName: 'Pat Example',
    dateOfBirth: '1950-03-01' as never,
  });
  let e = await raiseEscalation(deps, callerOf(sam, harness.tenantId), {
    personId: person.id,
    raiserRole: 'Social worker',
    raiserAgency: 'Stockport Adult Social Care',
    otherAgency: {
      name: 'Stockport Homes',
      contact: { name: 'Alex Other', role: 'Housing officer', agency: 'Stockport Homes' },
    },
    natures: ['not-sharing-information'],
    natureDetails: 'Repairs report withheld',
    outcomeSought: 'Share the report',
    outcomeSoughtBy: isoDate('2027-01-29'),
    riskLevel: 'standard',
    adultView: { kind: 'given', view: 'Wants the repairs done', by: 'adult' },
  });
  while (e.stage < stage)
    e = await actOnEscalation(deps, callerOf(tess, harness.tenantId), e.id, {
      kind: 'escalate',
      reason: `Stage ${e.stage} could not agree`,
    });
  return { id: e.id, version: e.version };
}

async function act(
  harness: BotHarness,
  surface: Surface,
  s: Scenario,
  e: { id: string; version: number },
): Promise<void> {
  const base = harness.endpoint.replace('/api/messages', '');
  const as = { tenantId: harness.tenantId, userId: s.actor.aadObjectId, name: s.actor.name };
  if (surface === 'card') {
    const answer = harness.cardOf(
      await harness.click(s.actor, s.card[0], { escalationId: e.id, version: e.version, ...s.card[1] }),
    );
    expect(visibleText(answer)).not.toContain('Nothing was changed');
  } else if (surface === 'rest') {
    await createApiClient({
      baseUrl: base,
      token: async () => localToken({ tid: as.tenantId, oid: as.userId, name: as.name }),
    }).actOnEscalation(e.id, s.event, e.version);
  } else {
    const page = await openTab(browser(), base, as);
    expect(await actInTab(page, e.id, s.event)).toMatchObject({ saved: true });
  }
}

/** Everything the event left, without ids and with people by name: what must be equal on every surface. */
async function effects(harness: BotHarness, id: string) {
  const { store } = harness.app.deps;
  const name = (userId: string | undefined) => people.find((p) => p.aadObjectId === userId)?.name ?? userId;
  const mark = harness.connector.activities.length;
  const sweep = await harness.product.scheduler.runOnce();
  const e = (await store.getEscalation(harness.tenantId, id))!;
  const actions = await store.listAgreedActions(harness.tenantId, id);
  return {
    escalation: {
      state: e.state,
      stage: e.stage,
      version: e.version,
      outcome: e.outcome,
      stages: e.stages.map((s) => ({
        number: s.number,
        reason: s.reason,
        by: s.escalatedBy?.name,
        to: s.escalatedTo?.name,
      })),
    },
    history: (await store.escalationHistory(harness.tenantId, id)).map(
      (t) => `${t.kind} by ${t.actor.name}: ${t.fromStage}->${t.toStage} ${t.toState}`,
    ),
    records: (await store.listEscalationRecords(harness.tenantId, id)).map((r) => ({
      title: r.title,
      transition: r.transition,
      body: r.body,
    })),
    outbox: (await store.listReminders(harness.tenantId, id))
      .map((r) => `${r.kind} stage ${r.stage} ${r.status}${r.audienceUserId ? ` for ${name(r.audienceUserId)}` : ''}`)
      .sort(),
    agreedActions: await Promise.all(
      actions.map(async (a) => ({
        what: `${a.description} (${a.owner}, ${a.dueOn}) ${a.status}, followed up with ${name(a.remindUserId)}`,
        reminders: (await store.listReminders(harness.tenantId, a.id)).map((r) => `${r.kind} ${r.dueAt} ${r.status}`),
      })),
    ),
    sweep,
    messages: harness.connector.activities
      .slice(mark)
      .map((a) => `${name(a.conversationId.replace('a:personal;', ''))}: ${visibleText(cardIn(a)).split('\n')[0]}`)
      .sort(),
  };
}

describe.each(Object.entries(SCENARIOS))('%s', (kind, scenario) => {
  const seen = new Map<Surface, Awaited<ReturnType<typeof effects>>>();

  test.each(SURFACES)(`from the %s`, async (surface) => {
    h = await organisation();
    const e = await raisedAtStage(h, scenario.startAtStage);
    await act(h, surface, scenario, e);
    seen.set(surface, await effects(h, e.id));
  });

  test('every surface had the same effect', () => {
    expect([...seen.keys()]).toEqual(SURFACES);
    const [first, ...others] = SURFACES.map((s) => seen.get(s));
    for (const other of others) expect(other).toEqual(first);
    const result = first!;
    expect(result.history.at(-1)).toMatch(new RegExp(`^${kind} by ${scenario.actor.name}`));
    if (kind === 'escalate') {
      // The new owner of stage 2 is told; each escalation notice is copied to the LSAB Business Manager (Stockport s.5).
      expect(result.messages).toEqual([
        `${bea.name}: Escalation notice: SMBC-42, stage 1`,
        `${bea.name}: Escalation notice: SMBC-42, stage 2`,
        `${hugo.name}: For you to act on: escalation SMBC-42`,
      ]);
      expect(result.records).toEqual([]);
    } else {
      // Stockport Appendix Two: the record is produced at the end and a copy goes to the LSAB Business Manager.
      expect(result.records).toHaveLength(1);
      expect(result.records[0]!.body).toContain('Pat Example');
      expect(result.messages).toContain(`${bea.name}: Record of Escalation: SMBC-42`);
      // Stockport s.4: the raiser is asked about a de-brief after a resolution or a conclusion, not a withdrawal.
      expect(result.messages.includes(`${sam.name}: De-brief for SMBC-42`)).toBe(kind !== 'withdraw');
    }
    if (kind === 'resolve')
      expect(result.agreedActions).toEqual([
        {
          what: `Repair the boiler (Stockport Homes, 2026-12-02) open, followed up with ${tess.name}`,
          reminders: ['action-overdue 2026-12-02T17:00:00.000Z pending'],
        },
      ]);
    if (kind === 'conclude-unresolved') expect(result.records[0]!.body).toContain('Repairs still outstanding');
  });
});

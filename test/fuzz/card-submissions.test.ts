/**
 * Property-based fuzzing of every card submission (each verb in bot/card-actions.ts ROUTES) on
 * one real server: valid card data mutated field by field with hostile values. Every answer is
 * a card or an error body Teams can show — never a 5xx, an empty 501 or a failed turn — and
 * text that was accepted is stored exactly as sent (security review 2026-12, M5).
 */
import fc from 'fast-check';
import { visibleText, type CardJson } from '../helpers/bot-harness.js';
import { startBotFixtures, VERBS, type BotFixtures } from './bot-fixtures.js';
import {
  answerProblem,
  applyMutation,
  holdsString,
  mutationOf,
  runs,
  timeLimit,
  watchServerErrors,
} from './fuzz-kit.js';

let f: BotFixtures;
let errors: ReturnType<typeof watchServerErrors>;
beforeAll(async () => {
  errors = watchServerErrors();
  f = await startBotFixtures();
});
beforeEach(() => errors.lines.splice(0)); // each test answers for its own failures
afterAll(async () => {
  errors.stop();
  await f.h.close();
});

/** Where an accepted submission's text is stored, found from the answer card; undefined when nothing is stored. */
async function storedBy(verb: string, card: CardJson, sent: Record<string, unknown>): Promise<unknown> {
  const text = visibleText(card);
  const id = /"escalationId":"([0-9a-f-]{36})"/.exec(JSON.stringify(card))?.[1];
  const { store } = f.h.app.deps;
  const db = f.h.app.database.db;
  switch (verb) {
    // Every call is recorded at the test clock's instant: look through them all.
    case 'phone.log':
      return text.includes('Confirmation email') ? db.selectFrom('phone_discussions').selectAll().execute() : undefined;
    case 'escalation.raise':
    case 'escalation.recordDiscussion':
    case 'escalation.resolve':
    case 'escalation.escalate':
      return id && /Raised\.|Discussion recorded\.|Resolved\.|Escalated\./.test(text)
        ? { e: await store.getEscalation(f.h.tenantId, id), history: await store.escalationHistory(f.h.tenantId, id) }
        : undefined;
    case 'escalation.debrief':
      return text.includes('De-brief recorded')
        ? store.getEscalation(f.h.tenantId, String(sent.escalationId))
        : undefined;
    case 'sharing.record':
      return text.includes('Decision recorded')
        ? db
            .selectFrom('sharing_decisions')
            .select('payload')
            .orderBy('seq', 'desc')
            .limit(1)
            .executeTakeFirst()
            .then((r) => JSON.parse(r!.payload))
        : undefined;
    default:
      return undefined;
  }
}

/** Card fields that are ids, choices, dates or times, or are parsed (lists, "name, role, agency" lines): not stored as typed. */
const NOT_TEXT = new Set([
  'verb',
  'escalationId',
  'version',
  'discussionId',
  'actionId',
  'personId',
  'caseReference',
  'date',
  'time',
  'heldOn',
  'heldAt',
  'stage1Date',
  'stage1Time',
  'outcomeSoughtBy',
  'actionDue',
  'action0Due',
  'escalateTo',
  'basis',
  'groundIds',
  'natures',
  'parties',
  'decision',
  'riskLevel',
  'riskEscalated',
  'held',
  'adultViewBy',
  'adultViewNotAskedReason',
  'historicalInformationExplained',
  'kind',
]);

const RUNS = 20;
test.each(VERBS.map((v) => [v]))(
  '%s: mutated card data is answered with a card (or an error body), and accepted text is stored as sent',
  async (verb) => {
    const template = await f.dataFor(verb);
    await fc.assert(
      fc.asyncProperty(mutationOf(template), async (mutation) => {
        const data = await f.dataFor(verb);
        const { text, sentString } = applyMutation(data, mutation);
        // The data goes inside a valid invoke, as Teams would send it.
        const activity = JSON.stringify(f.invoke(verb, { marker: 1 })).replace('{"marker":1}', text || '""');
        const answer = await f.post(activity);
        expect(answerProblem(answer.status, answer.text)).toBeUndefined();
        if (answer.status !== 200) return;
        const body = JSON.parse(answer.text) as { statusCode: number; type: string; value: CardJson };
        expect(body.statusCode).toBeLessThan(500);
        expect([
          'application/vnd.microsoft.card.adaptive',
          'application/vnd.microsoft.error',
          'application/vnd.microsoft.activity.loginRequest',
        ]).toContain(body.type);
        if (
          body.type === 'application/vnd.microsoft.card.adaptive' &&
          sentString?.value.trim() &&
          !NOT_TEXT.has(String(sentString.path[0]))
        ) {
          const stored = await storedBy(verb, body.value, data);
          if (stored !== undefined)
            expect([sentString.path.join('.'), holdsString(stored, sentString.value)]).toEqual([
              sentString.path.join('.'),
              true,
            ]);
        }
      }),
      { numRuns: runs(RUNS) },
    );
    expect(errors.lines).toEqual([]);
    expect((await f.h.say({ aadObjectId: 'healthy-user', name: 'Healthy' }, 'help')).length).toBeGreaterThan(0);
  },
  timeLimit(RUNS, 1, 150),
);

/**
 * Property-based fuzzing of the Bot Framework endpoint on one real server: every kind of activity
 * — a message, a card action (`adaptiveCard/action`) for every verb, a conversation update, types
 * the bot does not know, and arbitrary JSON — mutated field by field with hostile values. Every
 * answer is 2xx, or 4xx with a JSON message, before botbuilder can throw; no turn fails; the
 * server stays healthy (security review 2026-12, M5).
 */
import fc from 'fast-check';
import { startBotFixtures, VERBS, type BotFixtures } from './bot-fixtures.js';
import {
  answerProblem,
  applyMutation,
  hostileValue,
  mutationOf,
  runs,
  timeLimit,
  toJsonText,
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

/** Posts raw JSON text and checks the answer: 2xx, or 4xx with a message; an invoke's answer is a card or an error body. */
async function postAndCheck(text: string): Promise<void> {
  const answer = await f.post(text);
  expect(answerProblem(answer.status, answer.text)).toBeUndefined();
  const body = (answer.text ? JSON.parse(answer.text) : undefined) as { statusCode?: number } | undefined;
  if (answer.status === 200 && body?.statusCode !== undefined) expect(body.statusCode).toBeLessThan(500);
}

async function expectHealthy(): Promise<void> {
  expect(errors.lines).toEqual([]);
  expect((await fetch(f.h.endpoint.replace('/api/messages', '/healthz'))).status).toBe(200);
  expect((await f.h.say({ aadObjectId: 'healthy-user', name: 'Healthy' }, 'help')).length).toBeGreaterThan(0);
}

const RUNS = 60;
const KINDS: readonly (readonly [string, () => Promise<Record<string, unknown>>])[] = [
  ['a message', async () => f.message()],
  ['a message with a command', async () => f.message('my escalations')],
  ['a conversation update', async () => f.conversationUpdate()],
  ['an unknown activity type', async () => ({ ...f.message(), type: 'somethingNew', value: { a: 1 } })],
  [
    'an invoke the bot does not handle',
    async () => ({ ...f.message(), type: 'invoke', name: 'task/fetch', value: {} }),
  ],
];

test.each(KINDS)(
  '%s, mutated field by field, is answered 2xx or 4xx with a message',
  async (_kind, valid) => {
    await fc.assert(
      fc.asyncProperty(mutationOf(await valid()), async (mutation) => {
        await postAndCheck(applyMutation(await valid(), mutation).text);
      }),
      { numRuns: runs(RUNS) },
    );
    await expectHealthy();
  },
  timeLimit(RUNS, 1, 150),
);

const INVOKE_RUNS = 8;
test(
  'a card action for every verb, mutated field by field (the activity and its action), is answered with a card or an error',
  async () => {
    for (const verb of VERBS) {
      await fc.assert(
        fc.asyncProperty(mutationOf(f.invoke(verb, await f.dataFor(verb))), async (mutation) => {
          await postAndCheck(applyMutation(f.invoke(verb, await f.dataFor(verb)), mutation).text);
        }),
        { numRuns: runs(INVOKE_RUNS) },
      );
    }
    await expectHealthy();
  },
  timeLimit(INVOKE_RUNS, VERBS.length, 150),
);

test(
  'arbitrary JSON, and hostile values as the whole body, are answered 2xx or 4xx with a message',
  async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue({ maxDepth: 4 }), hostileValue), async (value) => {
        await postAndCheck(toJsonText(value));
      }),
      { numRuns: runs(RUNS) },
    );
    await expectHealthy();
  },
  timeLimit(RUNS),
);

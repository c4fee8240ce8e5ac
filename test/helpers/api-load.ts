/**
 * Calls to the REST API as the Outlook add-in makes them in local mode (a local token for the
 * `local` organisation), alone or from several clients at once, recording every answer.
 */
import { localToken } from '../../src/api/client.js';

export interface Answer {
  /** The HTTP status; -1 when no answer came (connection reset, or no answer within the time allowed). */
  readonly status: number;
  readonly body: unknown;
  readonly ms: number;
}

/**
 * The read the load makes: a list, which always asks the database. (`GET /api/me` may be answered
 * from the short-lived cache of the organisation and its role holders, src/app/cached-lookups.ts,
 * so it can succeed while the database is down.)
 */
export const READ_PATH = '/api/escalations?scope=mine';

const token = localToken({ tid: 'local', oid: 'load-user', name: 'Sam Practitioner' });

export async function apiCall(
  base: string,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  timeoutMs = 30_000,
): Promise<Answer> {
  const started = Date.now();
  try {
    const response = await fetch(`${base}${path}`, {
      method,
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: text ? (JSON.parse(text) as unknown) : undefined,
      ms: Date.now() - started,
    };
  } catch {
    return { status: -1, body: undefined, ms: Date.now() - started };
  }
}

let people = 0;

/**
 * `clients` loops of reads (`READ_PATH`) and writes (`POST /api/people`), each waiting for its
 * answer before the next call, while `control(elapsedMs, answersSoFar)` (called every 50 ms) returns true.
 */
export async function runClients(
  base: string,
  clients: number,
  control: (elapsedMs: number, answers: readonly Answer[]) => Promise<boolean>,
): Promise<Answer[]> {
  const answers: Answer[] = [];
  const started = Date.now();
  let running = true;
  const client = async (n: number): Promise<void> => {
    for (let i = 0; running; i += 1) {
      people += 1;
      const call =
        i % 2 === 0
          ? apiCall(base, 'GET', READ_PATH)
          : apiCall(base, 'POST', '/api/people', { caseReference: `LOAD-${n}-${people}`, displayName: 'Pat Example' });
      answers.push(await call);
    }
  };
  const all = Promise.all(Array.from({ length: clients }, (_, n) => client(n)));
  while (running) {
    running = await control(Date.now() - started, answers);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await all;
  return answers;
}

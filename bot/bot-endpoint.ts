/**
 * POST /api/messages: the Bot Framework endpoint. Everything is checked before botbuilder sees
 * the activity, and every refusal is a short JSON answer (never botbuilder's error text):
 * - JSON only (415), at most 256 KB (413, then the connection is closed);
 * - the activity's shape, with the fields botbuilder would choke on typed (400) — a malformed
 *   body would otherwise throw inside the adapter;
 * - with an app id, the Bot Framework token (401; 503 while Bot Framework's keys have never
 *   been reachable); in local mode replies may only go to a service on this machine, so the
 *   endpoint cannot be used to make the server call elsewhere;
 * - each person's messages and card actions are rate-limited (a friendly word, not a crash).
 * A turn that fails is logged by its kind only: activities carry case data.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Activity, TurnContext } from 'botbuilder';
import { z } from 'zod';
import { isStorableText, jsonProblem, storableString } from '../src/app/input-primitives.js';
import type { WriteLimiter } from '../src/app/write-limiter.js';
import type { ChannelTokenCheck } from './bot-services.js';
import type { CheckedAdapter, TurnAuthority } from './checked-adapter.js';
import { errorResponse } from './invoke-response.js';
import type { SafeguardingBot } from './safeguarding-bot.js';
import { callerOf } from './teams-caller.js';

const MAX_BODY_BYTES = 256 * 1024;
/** After a 413: how much more is drained, and for how long, before the connection is cut. */
const DRAIN_BYTES = 1024 * 1024;
const DRAIN_MS = 10_000;
/** A person who is sending too fast is told so at most this often (the rest are refused quietly). */
const TELL_AGAIN_MS = 60_000;

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/;
const instant = z.string().refine((v) => ISO_INSTANT.test(v) && !Number.isNaN(Date.parse(v)), 'must be an ISO 8601 date and time').nullish();
/**
 * The fields botbuilder copies into its replies (where its serializer throws on a non-string) and
 * the product stores (the conversation reference, the user's name): each must be a string
 * PostgreSQL can store. Unknown fields are allowed — Teams adds fields over time — but must be
 * storable too, since the account and conversation objects are stored whole.
 */
const idString = storableString(1000);
/** Ids that become database keys (tenant, user): Entra ids are 36 characters; 200 stays well under the btree limit. */
const keyString = storableString(200);
const storableObject = <T extends z.ZodRawShape>(shape: T) => z.object(shape).passthrough().superRefine((value, ctx) => {
  const problem = jsonProblem(value, 6);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
const account = storableObject({ id: keyString.min(1, 'id is required'), name: idString.optional(), aadObjectId: keyString.optional(), role: idString.optional() });
const mention = z.object({ type: z.literal('mention'), mentioned: z.object({ id: idString }).passthrough(), text: z.string().refine((t) => t.length <= 1000 && /<at[^>]*>.*<\/at>/is.test(t), 'a mention is written <at>name</at>') }).passthrough();

const activitySchema = z.object({
  type: z.string().min(1, 'type is required').max(100),
  id: idString.optional(),
  channelId: idString.optional(),
  locale: idString.optional(),
  textFormat: idString.optional(), replyToId: idString.optional(), timestamp: instant, localTimestamp: instant, expiration: instant,
  serviceUrl: z.string().max(2000).url('serviceUrl must be a URL').refine(isStorableText, 'serviceUrl cannot be stored'),
  // botbuilder sends the conversation id as an HTTP header (x-ms-conversation-id): Bot Framework ids are printable ASCII.
  conversation: storableObject({ id: idString.min(1).regex(/^[\x21-\x7e]+$/, 'conversation.id must be printable ASCII, as Bot Framework ids are'), tenantId: keyString.optional(), conversationType: idString.optional(), isGroup: z.boolean().optional(), name: idString.optional() }),
  from: account.optional(),
  recipient: account.optional(),
  channelData: z.object({ tenant: z.object({ id: keyString }).passthrough().optional() }).passthrough().optional(),
  text: z.string().max(100_000).optional(),
  entities: z.array(z.union([mention, z.object({ type: z.string().refine((t) => t.toLowerCase() !== 'mention', 'a mention names who is mentioned') }).passthrough()])).max(100).optional(),
  membersAdded: z.array(account).max(1000).optional(),
  membersRemoved: z.array(account).max(1000).optional(),
  name: z.string().max(200).optional(),
  value: z.unknown().optional(),
}).passthrough();

const cardActionSchema = z.object({
  action: z.object({ type: z.literal('Action.Execute', { error: 'only Action.Execute is supported' }), verb: z.string().min(1).max(100), data: z.record(z.string(), z.unknown()).optional() }).passthrough(),
  trigger: z.enum(['manual', 'automatic']).optional(),
  authentication: z.object({ token: z.string().optional() }).passthrough().optional(),
}).passthrough();

export interface BotEndpoint {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

export interface BotEndpointOptions {
  readonly adapter: CheckedAdapter;
  readonly bot: SafeguardingBot;
  /** Absent: local mode (no app id; nothing to check the token against). */
  readonly checkToken?: ChannelTokenCheck | undefined;
  readonly writeLimiter?: WriteLimiter | undefined;
  readonly now?: (() => number) | undefined;
}

export function createBotEndpoint(o: BotEndpointOptions): BotEndpoint {
  const localMode = !o.checkToken;
  const toldAt = new Map<string, number>();
  const now = o.now ?? Date.now;
  return {
    async handle(req, res) {
      if (req.method !== 'POST') return json(res, 405, { error: 'METHOD_NOT_ALLOWED', message: 'The bot endpoint accepts POST only.' });
      if (!isJson(req)) return json(res, 415, { error: 'REQUEST.NOT_JSON', message: 'The bot endpoint takes an activity as application/json.' });
      const body = await readJson(req);
      if (body.kind === 'error') return json(res, body.status, { error: 'BAD_ACTIVITY', message: body.message }, body.status === 413 ? { connection: 'close' } : {});
      const problem = activityProblem(body.value, localMode);
      if (problem) return json(res, 400, { error: 'BAD_ACTIVITY', message: problem });
      const activity = withDates(body.value as Activity);
      const authority = await authorityFor(o, req, activity);
      if ('status' in authority) return json(res, authority.status, authority.body, authority.headers);
      const limited = tooFast(o, activity);
      const logic = limited ? (context: TurnContext) => slowDown(context, limited, toldAt, now()) : (context: TurnContext) => o.bot.run(context);
      try {
        const answer = await o.adapter.runTurn(authority, activity, logic);
        if (limited && activity.type !== 'invoke') return json(res, 429, { error: 'RATE_LIMITED', message: limitMessage(limited) }, { 'retry-after': String(limited) });
        const headers: Record<string, string> = limited ? { 'retry-after': String(limited) } : {};
        return answer?.body === undefined ? json(res, answer?.status ?? 200, undefined, headers) : json(res, answer.status, answer.body, headers);
      } catch (error) {
        // The kind only: botbuilder's messages echo activity fields, and activities carry case data.
        console.error(`safeguard: bot turn failed (${error instanceof Error ? error.name : 'unknown error'})`);
        if (!res.headersSent) json(res, 500, { error: 'INTERNAL', message: 'Something went wrong; nothing was changed.' });
      }
    },
  };
}

type Refusal = { status: number; body: unknown; headers?: Record<string, string> };

/** Who may run this turn: local mode's anonymous caller, or the claims of a checked Bot Framework token. */
async function authorityFor(o: BotEndpointOptions, req: IncomingMessage, activity: Activity): Promise<TurnAuthority | Refusal> {
  if (!o.checkToken) return { kind: 'local', authorization: req.headers.authorization ?? '' };
  const verdict = await o.checkToken(req.headers.authorization, activity);
  switch (verdict.kind) {
    case 'valid':
      return { kind: 'checked', claims: verdict.claims };
    case 'rejected':
      console.warn(`safeguard: bot request refused: ${verdict.reason}`);
      return { status: 401, body: { error: 'AUTH.INVALID_TOKEN', message: 'The request does not carry a valid Bot Framework token for this bot.' } };
    case 'unavailable':
      console.error('safeguard: Bot Framework\'s signing keys cannot be fetched, so bot requests cannot be checked yet (BOT_OPENID_METADATA_URL)');
      return { status: 503, body: { error: 'AUTH.KEYS_UNAVAILABLE', message: 'Bot Framework\'s signing keys cannot be fetched yet, so the request cannot be checked. Try again shortly.' }, headers: { 'retry-after': '10' } };
    default: {
      const unexpected: never = verdict;
      throw new Error(`unknown verdict ${String(unexpected)}`);
    }
  }
}

/** Seconds to wait when this person's messages and card actions come too fast; undefined when they may go on. */
function tooFast(o: BotEndpointOptions, activity: Activity): number | undefined {
  if (activity.type !== 'message' && activity.type !== 'invoke') return undefined;
  const caller = callerOf(activity);
  const verdict = caller && o.writeLimiter?.take(caller);
  return verdict?.kind === 'refused' ? verdict.retryAfterSeconds : undefined;
}

/** A card action gets Teams' error answer (shown on the card); a message a word in the chat, once a minute at most. */
async function slowDown(context: TurnContext, seconds: number, toldAt: Map<string, number>, now: number): Promise<void> {
  if (context.activity.type === 'invoke') {
    await context.sendActivity({ type: 'invokeResponse', value: { status: 429, body: errorResponse(429, 'RATE_LIMITED', limitMessage(seconds)) } });
    return;
  }
  const caller = callerOf(context.activity);
  const key = caller ? `${caller.tenantId}\u0000${caller.userId}` : '';
  if (now - (toldAt.get(key) ?? Number.NEGATIVE_INFINITY) < TELL_AGAIN_MS) return;
  if (toldAt.size >= 10_000) toldAt.clear();
  toldAt.set(key, now);
  await context.sendActivity(`${limitMessage(seconds)} Messages sent meanwhile are not acted on.`);
}

function limitMessage(seconds: number): string {
  return `You are sending changes faster than the assistant takes them; nothing was done with this one. Please wait ${seconds} second${seconds === 1 ? '' : 's'} and try again.`;
}

function activityProblem(raw: unknown, localMode: boolean): string | undefined {
  const parsed = activitySchema.safeParse(raw);
  if (!parsed.success) return parsed.error.issues.map((i) => `${i.path.join('.') || 'activity'}: ${i.message}`).join('; ');
  const activity = parsed.data;
  if ((activity.type === 'message' || activity.type === 'invoke') && !activity.from) return 'from: the sender is required';
  if (localMode && !isLoopback(activity.serviceUrl)) return 'serviceUrl: in local mode replies go only to a service on this machine';
  if (activity.type === 'invoke' && activity.name === 'adaptiveCard/action') {
    const action = cardActionSchema.safeParse(activity.value);
    if (!action.success) return action.error.issues.map((i) => `value.${i.path.join('.')}: ${i.message}`).join('; ');
  }
  return undefined;
}

/** As botbuilder's own `process` does: the instants as Dates, the original strings kept beside them. */
function withDates(activity: Activity): Activity {
  const raw = activity as unknown as Record<string, unknown>;
  for (const [field, rawField] of [['timestamp', 'rawTimestamp'], ['localTimestamp', 'rawLocalTimestamp'], ['expiration', 'rawExpiration']] as const) {
    const value = raw[field];
    if (typeof value === 'string') Object.assign(raw, { [rawField]: value, [field]: new Date(value) });
  }
  return activity;
}

function isLoopback(url: string): boolean {
  const host = new URL(url).hostname;
  return host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
}

function isJson(req: IncomingMessage): boolean {
  return /^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '');
}

type Body = { kind: 'ok'; value: unknown } | { kind: 'error'; status: number; message: string };

/** The body up to 256 KB; over that 413, the rest drained within a bound so the answer arrives and the connection closes cleanly. */
function readJson(req: IncomingMessage): Promise<Body> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => req.off('data', onData).off('end', onEnd).off('error', onGone).off('close', onGone);
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) return void chunks.push(chunk);
      stop();
      discardRest(req);
      resolve({ kind: 'error', status: 413, message: 'The activity is too large.' });
    };
    const onEnd = () => {
      stop();
      try {
        resolve({ kind: 'ok', value: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      } catch {
        resolve({ kind: 'error', status: 400, message: 'The body is not JSON.' });
      }
    };
    const onGone = () => {
      stop();
      resolve({ kind: 'error', status: 400, message: 'The body ended early.' });
    };
    req.on('data', onData).on('end', onEnd).on('error', onGone).on('close', onGone);
  });
}

function discardRest(req: IncomingMessage): void {
  let discarded = 0;
  const cut = () => req.socket.destroy();
  const timer = setTimeout(cut, DRAIN_MS).unref();
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > DRAIN_BYTES) cut();
  });
  req.once('end', () => clearTimeout(timer)).once('error', () => clearTimeout(timer));
  req.resume();
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (body === undefined) {
    res.writeHead(status, headers);
    return void res.end();
  }
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

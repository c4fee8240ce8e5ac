/**
 * POST /api/messages: the Bot Framework endpoint. The server reads the body (JSON only, at most
 * `maxBodyBytes`: 413, then the connection is closed) and hands it here; everything is checked
 * before botbuilder sees the activity, and every refusal is a short answer the server writes as
 * JSON (never botbuilder's error text):
 * - the activity's shape, with the fields botbuilder would choke on typed (400) — a malformed
 *   body would otherwise throw inside the adapter;
 * - with an app id, the Bot Framework token (401; 503 while Bot Framework's keys have never
 *   been reachable); in local mode replies may only go to a service on this machine, so the
 *   endpoint cannot be used to make the server call elsewhere;
 * - each person's messages and card actions are rate-limited (a friendly word, not a crash).
 * A turn that fails is thrown to the server, which logs its kind only (activities carry case data)
 * and answers 500.
 */
import type { Activity, TurnContext } from 'botbuilder';
import { z } from 'zod';
import { isStorableText, jsonProblem, storableString } from '../src/app/input-primitives.js';
import type { WriteLimiter } from '../src/app/write-limiter.js';
import { assertNever } from '../src/domain/shared/assert-never.js';
import type { ChannelTokenCheck } from './bot-services.js';
import type { CheckedAdapter, TurnAuthority } from './checked-adapter.js';
import { errorResponse } from './invoke-response.js';
import type { SafeguardingBot } from './safeguarding-bot.js';
import { callerOf } from './teams-caller.js';
import { telemetry } from '../src/app/telemetry.js';

const MAX_ACTIVITY_BYTES = 256 * 1024;
/** A person who is sending too fast is told so at most this often (the rest are refused quietly). */
const TELL_AGAIN_MS = 60_000;

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/;
const instant = z
  .string()
  .refine((v) => ISO_INSTANT.test(v) && !Number.isNaN(Date.parse(v)), 'must be an ISO 8601 date and time')
  .nullish();
/**
 * The fields botbuilder copies into its replies (where its serializer throws on a non-string) and
 * the product stores (the conversation reference, the user's name): each must be a string
 * PostgreSQL can store. Unknown fields are allowed — Teams adds fields over time — but must be
 * storable too, since the account and conversation objects are stored whole.
 */
const idString = storableString(1000);
/** Ids that become database keys (tenant, user): Entra ids are 36 characters; 200 stays well under the btree limit. */
const keyString = storableString(200);
const storableObject = <T extends z.ZodRawShape>(shape: T) =>
  z
    .object(shape)
    .passthrough()
    .superRefine((value, ctx) => {
      const problem = jsonProblem(value, 6);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });
const account = storableObject({
  id: keyString.min(1, 'id is required'),
  name: idString.optional(),
  aadObjectId: keyString.optional(),
  role: idString.optional(),
});
const mention = z
  .object({
    type: z.literal('mention'),
    mentioned: z.object({ id: idString }).passthrough(),
    text: z
      .string()
      .refine((t) => t.length <= 1000 && /<at[^>]*>.*<\/at>/is.test(t), 'a mention is written <at>name</at>'),
  })
  .passthrough();

const activitySchema = z
  .object({
    type: z.string().min(1, 'type is required').max(100),
    id: idString.optional(),
    channelId: idString.optional(),
    locale: idString.optional(),
    textFormat: idString.optional(),
    replyToId: idString.optional(),
    timestamp: instant,
    localTimestamp: instant,
    expiration: instant,
    serviceUrl: z
      .string()
      .max(2000)
      .url('serviceUrl must be a URL')
      .refine(isStorableText, 'serviceUrl cannot be stored'),
    // botbuilder sends the conversation id as an HTTP header (x-ms-conversation-id): Bot Framework ids are printable ASCII.
    conversation: storableObject({
      id: idString.min(1).regex(/^[\x21-\x7e]+$/, 'conversation.id must be printable ASCII, as Bot Framework ids are'),
      tenantId: keyString.optional(),
      conversationType: idString.optional(),
      isGroup: z.boolean().optional(),
      name: idString.optional(),
    }),
    from: account.optional(),
    recipient: account.optional(),
    channelData: z
      .object({ tenant: z.object({ id: keyString }).passthrough().optional() })
      .passthrough()
      .optional(),
    text: z.string().max(100_000).optional(),
    entities: z
      .array(
        z.union([
          mention,
          z
            .object({
              type: z.string().refine((t) => t.toLowerCase() !== 'mention', 'a mention names who is mentioned'),
            })
            .passthrough(),
        ]),
      )
      .max(100)
      .optional(),
    membersAdded: z.array(account).max(1000).optional(),
    membersRemoved: z.array(account).max(1000).optional(),
    name: z.string().max(200).optional(),
    value: z.unknown().optional(),
  })
  .passthrough();

const cardActionSchema = z
  .object({
    action: z
      .object({
        type: z.literal('Action.Execute', { error: 'only Action.Execute is supported' }),
        verb: z.string().min(1).max(100),
        data: z.record(z.string(), z.unknown()).optional(),
      })
      .passthrough(),
    trigger: z.enum(['manual', 'automatic']).optional(),
    authentication: z.object({ token: z.string().optional() }).passthrough().optional(),
  })
  .passthrough();

export interface BotRequest {
  /** The request's Authorization header. */
  readonly authorization?: string | undefined;
  /** The body, parsed as JSON. */
  readonly body: unknown;
}

/** What the server answers: `body` as JSON, or no content when undefined. */
export interface BotAnswer {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

export interface BotEndpoint {
  /** The largest body the server should read for it (an activity is far smaller). */
  readonly maxBodyBytes: number;
  /** The bot's answer to one activity; throws when the turn itself fails (the server answers 500). */
  handle(request: BotRequest): Promise<BotAnswer>;
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
    maxBodyBytes: MAX_ACTIVITY_BYTES,
    async handle(request) {
      const problem = activityProblem(request.body, localMode);
      if (problem) return { status: 400, body: { error: 'BAD_ACTIVITY', message: problem } };
      const activity = withDates(request.body as Activity);
      const authority = await authorityFor(o, request.authorization, activity);
      if ('status' in authority) return authority;
      const limited = tooFast(o, activity);
      const logic = limited
        ? (context: TurnContext) => slowDown(context, limited, toldAt, now())
        : (context: TurnContext) => o.bot.run(context);
      // The activity's type only (a word): its text, names and card data stay out of traces.
      const type = /^[A-Za-z]{1,32}$/.test(activity.type) ? activity.type : 'other';
      const answer = await telemetry.span('bot turn', { 'bot.activity_type': type }, () =>
        o.adapter.runTurn(authority, activity, logic),
      );
      if (limited && activity.type !== 'invoke')
        return {
          status: 429,
          body: { error: 'RATE_LIMITED', message: limitMessage(limited) },
          headers: { 'retry-after': String(limited) },
        };
      const headers: Record<string, string> = limited ? { 'retry-after': String(limited) } : {};
      return { status: answer?.status ?? 200, body: answer?.body, headers };
    },
  };
}

/** Who may run this turn: local mode's anonymous caller, or the claims of a checked Bot Framework token. */
async function authorityFor(
  o: BotEndpointOptions,
  authorization: string | undefined,
  activity: Activity,
): Promise<TurnAuthority | BotAnswer> {
  if (!o.checkToken) return { kind: 'local', authorization: authorization ?? '' };
  const verdict = await o.checkToken(authorization, activity);
  switch (verdict.kind) {
    case 'valid':
      return { kind: 'checked', claims: verdict.claims };
    case 'rejected':
      telemetry.warn(`safeguard: bot request refused: ${verdict.reason}`);
      return {
        status: 401,
        body: {
          error: 'AUTH.INVALID_TOKEN',
          message: 'The request does not carry a valid Bot Framework token for this bot.',
        },
      };
    case 'unavailable':
      telemetry.error(
        "safeguard: Bot Framework's signing keys cannot be fetched, so bot requests cannot be checked yet (BOT_OPENID_METADATA_URL)",
      );
      return {
        status: 503,
        body: {
          error: 'AUTH.KEYS_UNAVAILABLE',
          message:
            "Bot Framework's signing keys cannot be fetched yet, so the request cannot be checked. Try again shortly.",
        },
        headers: { 'retry-after': '10' },
      };
    default:
      return assertNever(verdict, 'token verdict');
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
async function slowDown(
  context: TurnContext,
  seconds: number,
  toldAt: Map<string, number>,
  now: number,
): Promise<void> {
  if (context.activity.type === 'invoke') {
    await context.sendActivity({
      type: 'invokeResponse',
      value: { status: 429, body: errorResponse(429, 'RATE_LIMITED', limitMessage(seconds)) },
    });
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
  if (!parsed.success)
    return parsed.error.issues.map((i) => `${i.path.join('.') || 'activity'}: ${i.message}`).join('; ');
  const activity = parsed.data;
  if ((activity.type === 'message' || activity.type === 'invoke') && !activity.from)
    return 'from: the sender is required';
  if (localMode && !isLoopback(activity.serviceUrl))
    return 'serviceUrl: in local mode replies go only to a service on this machine';
  if (activity.type === 'invoke' && activity.name === 'adaptiveCard/action') {
    const action = cardActionSchema.safeParse(activity.value);
    if (!action.success) return action.error.issues.map((i) => `value.${i.path.join('.')}: ${i.message}`).join('; ');
  }
  return undefined;
}

/** As botbuilder's own `process` does: the instants as Dates, the original strings kept beside them. */
function withDates(activity: Activity): Activity {
  const raw = activity as unknown as Record<string, unknown>;
  for (const [field, rawField] of [
    ['timestamp', 'rawTimestamp'],
    ['localTimestamp', 'rawLocalTimestamp'],
    ['expiration', 'rawExpiration'],
  ] as const) {
    const value = raw[field];
    if (typeof value === 'string') Object.assign(raw, { [rawField]: value, [field]: new Date(value) });
  }
  return activity;
}

function isLoopback(url: string): boolean {
  const host = new URL(url).hostname;
  return host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
}

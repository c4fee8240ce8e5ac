/**
 * POST /api/messages: the Bot Framework endpoint. The activity is checked before botbuilder sees
 * it — a malformed body would otherwise throw inside the adapter — and answered 400 with a
 * message. In local mode (no app id) replies may only go to a service on this machine, so the
 * endpoint cannot be used to make the server call elsewhere.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CloudAdapter } from 'botbuilder';
import { z } from 'zod';
import { isStorableText, jsonProblem, storableString } from '../src/app/input-primitives.js';
import type { SafeguardingBot } from './safeguarding-bot.js';

const MAX_BODY_BYTES = 256 * 1024;

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

export function createBotEndpoint(adapter: CloudAdapter, bot: SafeguardingBot, localMode: boolean): BotEndpoint {
  return {
    async handle(req, res) {
      if (req.method !== 'POST') return json(res, 405, { error: 'METHOD_NOT_ALLOWED', message: 'The bot endpoint accepts POST only.' });
      const body = await readJson(req);
      if (body.kind === 'error') return json(res, body.status, { error: 'BAD_ACTIVITY', message: body.message });
      const problem = activityProblem(body.value, localMode);
      if (problem) return json(res, 400, { error: 'BAD_ACTIVITY', message: problem });
      await adapter.process({ body: body.value as Record<string, unknown>, headers: req.headers, method: 'POST' }, responseShim(res), (context) => bot.run(context));
    },
  };
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

function isLoopback(url: string): boolean {
  const host = new URL(url).hostname;
  return host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
}

async function readJson(req: IncomingMessage): Promise<{ kind: 'ok'; value: unknown } | { kind: 'error'; status: number; message: string }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return { kind: 'error', status: 413, message: 'The activity is too large.' };
    chunks.push(chunk as Buffer);
  }
  try {
    return { kind: 'ok', value: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
  } catch {
    return { kind: 'error', status: 400, message: 'The body is not JSON.' };
  }
}

/** The small response interface botbuilder's `process` writes to, over Node's ServerResponse. */
function responseShim(res: ServerResponse) {
  return {
    socket: res.socket,
    status(code: number) {
      res.statusCode = code;
      return this;
    },
    header(name: string, value: unknown) {
      res.setHeader(name, String(value));
      return this;
    },
    send(body: unknown) {
      if (body === undefined) return this;
      if (typeof body === 'object' && !Buffer.isBuffer(body)) {
        res.setHeader('content-type', 'application/json; charset=utf-8');
        res.write(JSON.stringify(body));
      } else res.write(String(body));
      return this;
    },
    end() {
      res.end();
      return this;
    },
  };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

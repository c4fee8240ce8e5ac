/**
 * A stand-in for the Bot Connector REST API (Teams' `serviceUrl`) that a real botbuilder
 * CloudAdapter in local mode (no app id) posts to. It speaks the v3 wire format: conversation ids
 * with ':' ';' '@' arrive URL-encoded in the path and are decoded here, every send/reply/update
 * answers `{ id }`, creating a 1:1 answers `{ id: 'a:…' }`. Tests read what was delivered from
 * `activities` and can make the next requests fail (throttling, outages, app not installed).
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listen, parseJsonObject, pathSegments, pollUntil, readBody, sendEmpty, sendJson } from './fake-server-kit.js';

export interface CapturedActivity {
  method: 'POST' | 'PUT' | 'DELETE';
  /** URL-decoded conversation id from the path. */
  conversationId: string;
  /** The activity id in the path (replies, updates, deletes). */
  activityId?: string;
  /** The id the connector answered with (a send or reply): what the bot records as delivered. */
  id?: string;
  body: Record<string, unknown>;
  authorization?: string;
  at: number;
}

export interface RejectedRequest {
  method: string;
  path: string;
  /** URL-decoded conversation id from the path; '' when creating a conversation. */
  conversationId: string;
  status: number;
  body: Record<string, unknown>;
  at: number;
}

export interface CreatedConversation {
  id: string;
  isGroup: boolean;
  memberIds: string[];
  tenantId?: string;
  body: Record<string, unknown>;
  authorization?: string;
  at: number;
}

/** A Teams member as `GET /v3/conversations/{conv}/members/{userId}` returns it. */
export interface TeamsMember {
  id: string;
  name: string;
  aadObjectId: string;
  email?: string;
  userPrincipalName?: string;
  tenantId?: string;
  [extra: string]: unknown;
}

export interface FailureResponse {
  status: number;
  retryAfterSeconds?: number;
  body?: unknown;
}

export interface FakeBotConnector {
  /** The serviceUrl, with a trailing slash (http://127.0.0.1:PORT/). */
  readonly url: string;
  readonly activities: CapturedActivity[];
  readonly rejected: RejectedRequest[];
  readonly createdConversations: CreatedConversation[];
  /** Members by Teams user id ('29:…') or AAD object id. */
  readonly members: Map<string, TeamsMember>;
  /** Creating a conversation with any of these member ids answers 403 (app not installed for them). */
  readonly refuseMembers: Set<string>;
  failNext(match: { conversationId?: string }, response: FailureResponse, times?: number): void;
  waitForActivities(
    predicate: (activity: CapturedActivity) => boolean,
    count?: number,
    timeoutMs?: number,
  ): Promise<CapturedActivity[]>;
  close(): Promise<void>;
}

/** A member's id as the request gave it ('' when it is not a string). */
const idOf = (id: unknown): string => (typeof id === 'string' ? id : '');

let lastActivityId = 0;
/** Teams message ids look like epoch milliseconds; unique across every fake in the process. */
function newActivityId(): string {
  lastActivityId = Math.max(lastActivityId + 1, Date.now());
  return String(lastActivityId);
}

const ERROR_CODES: Record<number, string> = {
  400: 'BadSyntax',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  412: 'PreconditionFailed',
  429: 'TooManyRequests',
  500: 'InternalServerError',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
};

export interface FakeBotConnectorOptions {
  /**
   * A slow connector: each send is recorded as soon as it arrives (Teams has it), but answered
   * only this much later — the window in which a sender that dies has sent without knowing.
   */
  readonly answerAfterMs?: number;
}

export async function startFakeBotConnector(options: FakeBotConnectorOptions = {}): Promise<FakeBotConnector> {
  const activities: CapturedActivity[] = [];
  const rejected: RejectedRequest[] = [];
  const createdConversations: CreatedConversation[] = [];
  const members = new Map<string, TeamsMember>();
  const refuseMembers = new Set<string>();
  const failures: { conversationId?: string; response: FailureResponse; remaining: number }[] = [];

  const takeFailure = (conversationId: string): FailureResponse | undefined => {
    const rule = failures.find((f) => f.conversationId === undefined || f.conversationId === conversationId);
    if (!rule) return undefined;
    rule.remaining -= 1;
    if (rule.remaining <= 0) failures.splice(failures.indexOf(rule), 1);
    return rule.response;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? 'GET';
    const body = parseJsonObject(await readBody(req));
    const authorization = req.headers.authorization;
    const at = Date.now();
    const [v3, conversations, conversationId = '', kind, itemId, ...rest] = pathSegments(req.url);
    if (v3 !== 'v3' || conversations !== 'conversations' || rest.length > 0) {
      sendJson(res, 404, { error: { code: 'NotFound', message: `No route for ${method} ${req.url}` } });
      return;
    }
    const reject = (status: number, answer: unknown, headers: Record<string, string> = {}): void => {
      rejected.push({ method, path: req.url ?? '', conversationId, status, body, at });
      sendJson(res, status, answer, headers);
    };

    const failure = takeFailure(conversationId);
    if (failure) {
      const headers: Record<string, string> =
        failure.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(failure.retryAfterSeconds) };
      const code = ERROR_CODES[failure.status] ?? 'Error';
      reject(
        failure.status,
        failure.body ?? { error: { code, message: `Injected failure ${failure.status}` } },
        headers,
      );
      return;
    }

    // POST /v3/conversations — create a conversation (a proactive 1:1).
    if (method === 'POST' && conversationId === '') {
      const memberIds = (Array.isArray(body['members']) ? body['members'] : []).map((m) =>
        idOf((m as { id?: unknown }).id),
      );
      if (memberIds.some((id) => refuseMembers.has(id))) {
        reject(403, { error: { code: 'Forbidden', message: 'The bot is not part of the conversation roster.' } });
        return;
      }
      const channelData = body['channelData'] as { tenant?: { id?: string } } | undefined;
      const tenantId = channelData?.tenant?.id ?? (body['tenantId'] as string | undefined);
      const id = `a:1${randomBytes(24).toString('base64url')}`;
      createdConversations.push({
        id,
        isGroup: body['isGroup'] === true,
        memberIds,
        ...(tenantId === undefined ? {} : { tenantId }),
        body,
        ...(authorization === undefined ? {} : { authorization }),
        at,
      });
      const initial = body['activity'];
      if (initial && typeof initial === 'object') {
        const activityId = newActivityId();
        activities.push({
          method: 'POST',
          conversationId: id,
          body: initial as Record<string, unknown>,
          at,
          ...auth(authorization),
        });
        sendJson(res, 200, { id, activityId });
        return;
      }
      sendJson(res, 200, { id });
      return;
    }

    // GET /v3/conversations/{conv}/members/{userId}
    if (method === 'GET' && kind === 'members' && itemId !== undefined) {
      const member = members.get(itemId) ?? [...members.values()].find((m) => m.aadObjectId === itemId);
      if (member) sendJson(res, 200, member);
      else
        sendJson(res, 404, {
          error: {
            code: 'MemberNotFoundInConversation',
            message: 'The specified member is not found in the conversation.',
          },
        });
      return;
    }

    if (kind === 'activities') {
      // POST …/activities (send), POST …/activities/{id} (reply), PUT …/activities/{id} (update), DELETE …/activities/{id}.
      const allowed =
        itemId === undefined ? method === 'POST' : method === 'POST' || method === 'PUT' || method === 'DELETE';
      if (allowed) {
        const id = method === 'PUT' ? (itemId as string) : method === 'POST' ? newActivityId() : undefined;
        activities.push({
          method: method as CapturedActivity['method'],
          conversationId,
          ...(itemId === undefined ? {} : { activityId: itemId }),
          ...(id === undefined ? {} : { id }),
          body,
          ...auth(authorization),
          at,
        });
        if (options.answerAfterMs) await new Promise((resolve) => setTimeout(resolve, options.answerAfterMs));
        if (method === 'DELETE') sendEmpty(res, 200);
        else sendJson(res, 200, { id });
        return;
      }
    }
    sendJson(res, 404, { error: { code: 'NotFound', message: `No route for ${method} ${req.url}` } });
  };

  const server = await listen(handle, false);
  return {
    url: `http://127.0.0.1:${server.port}/`,
    activities,
    rejected,
    createdConversations,
    members,
    refuseMembers,
    failNext(match, response, times = 1) {
      failures.push({
        ...(match.conversationId === undefined ? {} : { conversationId: match.conversationId }),
        response,
        remaining: times,
      });
    },
    waitForActivities(predicate, count = 1, timeoutMs = 5000) {
      return pollUntil(
        () => {
          const found = activities.filter(predicate);
          return found.length >= count ? found : undefined;
        },
        timeoutMs,
        () =>
          `expected ${count} matching activities, have ${activities.filter(predicate).length} of ${activities.length}`,
      );
    },
    close: () => server.close(),
  };
}

function auth(authorization: string | undefined): { authorization?: string } {
  return authorization === undefined ? {} : { authorization };
}

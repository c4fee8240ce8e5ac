/**
 * A stand-in for graph.microsoft.com over HTTPS (the Graph client only sends `Authorization` to
 * https URLs whose hostname — without the port — is in `customHosts`: use `hostname`), answering the few v1.0 calls the app makes — a user, their
 * manager, their transitive membership of given groups (checkMemberGroups), a draft in someone's mailbox, sendMail — in Graph's own shapes, including its
 * `{ error: { code, message, innerError } }` errors and 202-with-no-body for sendMail. 'me' is the
 * `oid` of the bearer token; given a FakeEntra the token's signature, expiry and audience are
 * checked as Graph would.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeJwt, type JWTPayload } from 'jose';
import { GRAPH_RESOURCE, type FakeEntra } from './fake-entra.js';
import { listen, pathSegments, readBody, sendEmpty, sendJson } from './fake-server-kit.js';

export interface GraphUser {
  id: string;
  displayName: string;
  mail: string | null;
  userPrincipalName: string;
  [property: string]: unknown;
}

export interface GraphRequest {
  method: string;
  /** The path with query, e.g. /v1.0/users/x/manager. */
  path: string;
  authorization?: string;
  /** Parsed JSON body (undefined when there was none). */
  body: unknown;
  /** `oid` of the bearer token when it was accepted. */
  callerOid?: string;
  status: number;
  at: number;
}

export interface GraphMessage {
  ownerId: string;
  message: Record<string, unknown>;
}

export interface FakeGraph {
  /** https://127.0.0.1:PORT — the Graph client's baseUrl (calls use /v1.0/… paths). */
  readonly url: string;
  /** 127.0.0.1:PORT */
  readonly host: string;
  /**
   * '127.0.0.1' — what to list in the Graph client's `customHosts`. The client compares the URL's
   * hostname without the port, so listing `host` (with the port) silently drops `Authorization`.
   */
  readonly hostname: string;
  /** Users by id (looked up by id or userPrincipalName). */
  readonly users: Map<string, GraphUser>;
  /** A user's manager, keyed by the user's id. */
  readonly managers: Map<string, GraphUser>;
  /**
   * Security groups: each group's direct members (user ids or group ids — a group in a group is
   * nested). `checkMemberGroups` answers transitively, as Graph does.
   */
  readonly groups: Map<string, Set<string>>;
  readonly requests: GraphRequest[];
  /** Drafts created with POST /me/messages or /users/{id}/messages. */
  readonly drafts: GraphMessage[];
  /** Bodies of POST …/sendMail. */
  readonly sentMail: GraphMessage[];
  /** The next `times` requests whose path (with or without the /v1.0 prefix) starts with `pathPrefix` fail. */
  failNext(pathPrefix: string, status: number, retryAfterSeconds?: number, times?: number): void;
  close(): Promise<void>;
}

const GRAPH_AUDIENCES = [GRAPH_RESOURCE, '00000003-0000-0000-c000-000000000000'];
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ODATA_JSON = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
const ERROR_CODES: Record<number, string> = {
  400: 'BadRequest',
  403: 'Forbidden',
  404: 'Request_ResourceNotFound',
  429: 'TooManyRequests',
  500: 'InternalServerError',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
};

export async function startFakeGraph(entra?: FakeEntra): Promise<FakeGraph> {
  const users = new Map<string, GraphUser>();
  const managers = new Map<string, GraphUser>();
  const groups = new Map<string, Set<string>>();
  const requests: GraphRequest[] = [];
  const drafts: GraphMessage[] = [];
  const sentMail: GraphMessage[] = [];
  const failures: { prefix: string; status: number; retryAfterSeconds?: number; remaining: number }[] = [];

  /** Transitive membership: directly, or through any group nested in `groupId`. */
  const isMember = (memberId: string, groupId: string, seen: Set<string>): boolean => {
    if (seen.has(groupId)) return false;
    seen.add(groupId);
    const members = groups.get(groupId) ?? new Set<string>();
    return members.has(memberId) || [...members].some((m) => groups.has(m) && isMember(memberId, m, seen));
  };

  const findUser = (idOrUpn: string): GraphUser | undefined =>
    users.get(idOrUpn) ?? [...users.values()].find((u) => u.userPrincipalName.toLowerCase() === idOrUpn.toLowerCase());

  /** Returns the token's claims, or a message for the 401. */
  const authenticate = async (authorization: string | undefined): Promise<JWTPayload | string> => {
    const token = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1];
    if (!token) return 'Access token is empty.';
    try {
      const claims = entra ? await entra.verify(token) : decodeJwt(token);
      if (entra && !GRAPH_AUDIENCES.includes(String(claims.aud)))
        return 'Access token validation failure. Invalid audience.';
      return claims;
    } catch {
      return 'Access token validation failure.';
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const text = await readBody(req);
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    const authorization = req.headers.authorization;
    const record: GraphRequest = {
      method,
      path,
      ...(authorization === undefined ? {} : { authorization }),
      body,
      status: 0,
      at: Date.now(),
    };
    requests.push(record);
    const clientRequestId = String(req.headers['client-request-id'] ?? randomUUID());
    const common = { 'request-id': randomUUID(), 'client-request-id': clientRequestId };
    const json = (status: number, payload: unknown, headers: Record<string, string> = {}): void => {
      record.status = status;
      sendJson(res, status, payload, { ...common, ...headers }, ODATA_JSON);
    };
    const error = (status: number, code: string, message: string, headers: Record<string, string> = {}): void =>
      json(
        status,
        {
          error: {
            code,
            message,
            innerError: {
              date: new Date().toISOString().slice(0, 19),
              'request-id': common['request-id'],
              'client-request-id': clientRequestId,
            },
          },
        },
        headers,
      );

    const bare = (path.split('?')[0] ?? '').replace(/^\/v1\.0(?=\/)/, '');
    const failure = failures.find((f) => bare.startsWith(f.prefix.replace(/^\/v1\.0(?=\/)/, '')));
    if (failure) {
      failure.remaining -= 1;
      if (failure.remaining <= 0) failures.splice(failures.indexOf(failure), 1);
      const headers: Record<string, string> =
        failure.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(failure.retryAfterSeconds) };
      return error(
        failure.status,
        ERROR_CODES[failure.status] ?? 'UnknownError',
        `Injected failure ${failure.status}.`,
        headers,
      );
    }

    const claims = await authenticate(authorization);
    if (typeof claims === 'string') return error(401, 'InvalidAuthenticationToken', claims);
    const callerOid = typeof claims['oid'] === 'string' ? claims['oid'] : '';
    record.callerOid = callerOid;

    const [version, collection, rawId, child, ...rest] = pathSegments(path);
    // GET /groups/{id}/transitiveMembers/microsoft.graph.user: users in the group, nested groups
    // included, a page of `$top` at a time with an `@odata.nextLink` carrying `$skiptoken`.
    if (method === 'GET' && collection === 'groups' && child === 'transitiveMembers') {
      if (rest.join('/') !== 'microsoft.graph.user') return error(400, 'BadRequest', `Unsupported request: ${path}`);
      if (!rawId || !groups.has(rawId))
        return error(404, 'Request_ResourceNotFound', `Resource '${rawId ?? ''}' does not exist.`);
      const query = new URLSearchParams(path.split('?')[1] ?? '');
      const top = Math.min(Number(query.get('$top') ?? '100') || 100, 999);
      const skip = Number(query.get('$skiptoken') ?? '0') || 0;
      const all = [...users.values()].filter((u) => isMember(u.id, rawId, new Set()));
      const page = all.slice(skip, skip + top);
      const next = skip + top < all.length;
      return json(200, {
        '@odata.context': `${GRAPH_RESOURCE}/v1.0/$metadata#users`,
        value: page.map((u) => ({ '@odata.type': '#microsoft.graph.user', ...u })),
        ...(next
          ? {
              '@odata.nextLink': `https://${host}/v1.0/groups/${rawId}/transitiveMembers/microsoft.graph.user?$top=${top}&$skiptoken=${skip + top}`,
            }
          : {}),
      });
    }
    if (version !== 'v1.0' || rest.length > 0) return error(400, 'BadRequest', `Invalid version or path: ${path}`);
    const userId = collection === 'me' ? callerOid : collection === 'users' ? rawId : undefined;
    const action = collection === 'me' ? rawId : child;
    if (userId === undefined || userId === '')
      return error(400, 'BadRequest', `Resource not found for the segment '${collection ?? ''}'.`);
    const notFound = (): void =>
      error(
        404,
        'Request_ResourceNotFound',
        `Resource '${userId}' does not exist or one of its queried reference-property objects are not present.`,
      );
    const owner = findUser(userId)?.id ?? userId;

    if (method === 'GET' && action === undefined) {
      const user = findUser(userId);
      return user
        ? json(200, { '@odata.context': `${GRAPH_RESOURCE}/v1.0/$metadata#users/$entity`, ...user })
        : notFound();
    }
    if (method === 'GET' && action === 'manager') {
      const manager = managers.get(userId) ?? managers.get(owner);
      return manager
        ? json(200, {
            '@odata.context': `${GRAPH_RESOURCE}/v1.0/$metadata#directoryObjects/$entity`,
            '@odata.type': '#microsoft.graph.user',
            ...manager,
          })
        : notFound();
    }
    if (method === 'POST' && action === 'messages') {
      const input = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
      const id = `AAMkAG${randomBytes(96).toString('base64url')}=`;
      const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      const message: Record<string, unknown> = {
        '@odata.context': `${GRAPH_RESOURCE}/v1.0/$metadata#users('${owner}')/messages/$entity`,
        '@odata.etag': `W/"${randomBytes(12).toString('base64')}"`,
        id,
        createdDateTime: now,
        lastModifiedDateTime: now,
        changeKey: randomBytes(12).toString('base64'),
        categories: [],
        hasAttachments: false,
        internetMessageId: `<${randomUUID()}@fake.outlook.com>`,
        subject: input['subject'] ?? '',
        importance: input['importance'] ?? 'normal',
        isDeliveryReceiptRequested: false,
        isReadReceiptRequested: false,
        isRead: true,
        isDraft: true,
        webLink: `https://outlook.office365.com/owa/?ItemID=${encodeURIComponent(id)}&exvsurl=1&viewmodel=ReadMessageItem`,
        body: input['body'] ?? { contentType: 'text', content: '' },
        toRecipients: input['toRecipients'] ?? [],
        ccRecipients: input['ccRecipients'] ?? [],
        bccRecipients: input['bccRecipients'] ?? [],
        replyTo: input['replyTo'] ?? [],
        flag: { flagStatus: 'notFlagged' },
      };
      drafts.push({ ownerId: owner, message });
      return json(201, message, { Location: `${GRAPH_RESOURCE}/v1.0/users('${owner}')/messages('${id}')` });
    }
    if (method === 'POST' && action === 'checkMemberGroups') {
      const ids = (body as { groupIds?: unknown } | undefined)?.groupIds;
      if (!Array.isArray(ids) || ids.some((g) => typeof g !== 'string'))
        return error(400, 'Request_BadRequest', "Invalid value specified for property 'groupIds'.");
      if (ids.length > 20) return error(400, 'Request_BadRequest', 'The number of groupIds exceeds the maximum of 20.');
      const bad = (ids as string[]).find((g) => !GUID.test(g));
      if (bad) return error(400, 'Request_BadRequest', `Invalid GUID:${bad}`);
      if (!findUser(userId)) return notFound();
      return json(200, {
        '@odata.context': `${GRAPH_RESOURCE}/v1.0/$metadata#Collection(Edm.String)`,
        value: (ids as string[]).filter((g) => isMember(owner, g, new Set())),
      });
    }
    if (method === 'POST' && action === 'sendMail') {
      const input = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
      if (!input['message']) return error(400, 'ErrorInvalidRequest', 'Empty Payload. JSON content expected.');
      sentMail.push({ ownerId: owner, message: input });
      record.status = 202;
      return sendEmpty(res, 202, common);
    }
    return error(400, 'BadRequest', `Unsupported request: ${method} ${path}`);
  };

  const server = await listen(handle, true);
  const host = `127.0.0.1:${server.port}`;
  return {
    url: `https://${host}`,
    host,
    hostname: '127.0.0.1',
    users,
    managers,
    groups,
    requests,
    drafts,
    sentMail,
    failNext(pathPrefix, status, retryAfterSeconds, times = 1) {
      failures.push({
        prefix: pathPrefix,
        status,
        ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
        remaining: times,
      });
    },
    close: () => server.close(),
  };
}

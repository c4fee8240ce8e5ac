/**
 * The REST API for the Outlook add-in and the Teams tab. Every route authenticates the caller,
 * parses its input with the contract's schemas and scopes every read and change to the caller's
 * organisation.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { readAccessLog } from '../app/reports/access-log.js';
import { UNKNOWN_CASE } from '../app/people/case-references.js';
import {
  actAsResponsible,
  escalationForViewer,
  isBoardMember,
  pageEscalationsFor,
  viewEscalation,
} from '../app/escalations/escalation-queries.js';
import { boardThemes } from '../app/escalations/escalation-themes.js';
import { markAgreedActionDone } from '../app/phone/agreed-actions.js';
import { letterAsDraft } from '../app/escalations/escalation-letters.js';
import { reportToLineManager } from '../app/reports/line-manager-reports.js';
import { raiseEscalation } from '../app/escalations/escalations.js';
import { textProblem } from '../app/input-primitives.js';
import { parseInput } from '../app/inputs.js';
import { myCaseload } from '../app/people/my-caseload.js';
import { consentRegister, lookUpPerson, recordConsent, registerPerson } from '../app/people/people-and-consent.js';
import { createConfirmationDraft, logPhoneDiscussion } from '../app/phone/phone-discussions.js';
import type { AppDeps, Caller, ManagerDirectory, OutlookMail } from '../app/ports.js';
import { addinSettings, checkOutgoingMessage, justifySendingAnyway } from '../app/sharing/sharing-check.js';
import { decisionsForReview } from '../app/sharing/sharing-decision-review.js';
import { recordSharingDecision } from '../app/sharing/sharing-decisions.js';
import { tenantContext } from '../app/tenant-context.js';
import type { WriteLimiter } from '../app/write-limiter.js';
import { NotFoundError, ServiceUnavailableError } from '../domain/shared/errors.js';
import * as contract from './contract.js';
import { summaryOf, themesView } from './escalation-views.js';
import { handleReports, REPORT_ROUTES } from './report-routes.js';
import { mayReadBoardReports } from '../app/reports/board-reports.js';
import {
  decodeCursor,
  decodePersonCursor,
  decodeSeqCursor,
  encodeCursor,
  encodePersonCursor,
  encodeSeqCursor,
} from './list-cursor.js';
import { HttpError, readJson, sendError, sendJson } from './http-json.js';
import { seemsToHoldAnyRole } from '../app/people/caller-roles.js';
import { IG_LEAD_ROLE } from '../app/people/person-access.js';
import { IG_ROUTES } from './ig-routes.js';
import { MY_WORK_ROUTES } from './my-work-routes.js';
import { StreamedCsv } from './streamed-csv.js';

export interface ApiDeps {
  readonly app: AppDeps;
  readonly managers: ManagerDirectory;
  readonly authenticate: (req: IncomingMessage) => Promise<Caller>;
  /** Each person's writes (every method but GET); absent: no limit. */
  readonly writeLimiter?: WriteLimiter | undefined;
  /** Outlook through Graph (drafts as the caller); absent in local mode. */
  readonly mail?: OutlookMail | undefined;
}

interface Request {
  readonly caller: Caller;
  readonly params: readonly string[];
  readonly query: URLSearchParams;
  /** The caller's bearer token, to act for them in Microsoft 365 (on-behalf-of). */
  readonly token: string;
  body(): Promise<unknown>;
}
type Handler = (deps: ApiDeps, r: Request) => Promise<readonly [number, unknown]>;

// Any path segment matches, so a malformed id is answered 404 like an unknown one (checked in handleApi).
const ID = '([^/]+)';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ROUTE_TABLE: readonly (readonly [string, string, Handler])[] = [
  ['GET', '/api/me', me],
  ['GET', '/api/escalations', listEscalations],
  [
    'POST',
    '/api/escalations',
    async (d, r) => [
      201,
      await raiseEscalation(d.app, r.caller, parse(contract.raiseEscalationSchema, await r.body())),
    ],
  ],
  ['GET', '/api/escalations/:id', getEscalation],
  ['POST', '/api/escalations/:id/events', actOn],
  [
    'POST',
    '/api/escalations/:id/records/:id/draft',
    async (d, r) => {
      const draft = await letterAsDraft(
        d.app,
        d.managers,
        d.mail,
        r.caller,
        r.params[0] as string,
        r.params[1] as string,
        r.token,
      );
      return [201, { id: draft.id, webLink: draft.webLink } satisfies contract.ConfirmationDraftAnswer];
    },
  ],
  ['GET', '/api/themes', themes],
  ['GET', '/api/people', findPerson],
  [
    'POST',
    '/api/people',
    async (d, r) => [201, await registerPerson(d.app, r.caller, parse(contract.registerPersonSchema, await r.body()))],
  ],
  ['GET', '/api/people/:id/consent', consentOf],
  [
    'POST',
    '/api/people/:id/consent',
    async (d, r) => [
      201,
      await recordConsent(
        d.app,
        r.caller,
        parse(contract.recordConsentSchema, { ...(await bodyObject(r)), personId: r.params[0] }),
      ),
    ],
  ],
  ['POST', '/api/sharing-decisions', shareDecision],
  ['GET', '/api/sharing-decisions', decisionsToReview],
  ['POST', '/api/phone-discussions', logCall],
  [
    'POST',
    '/api/send-overrides',
    async (d, r) => {
      const input = parse(contract.sendOverrideSchema, await r.body());
      return [201, await justifySendingAnyway(d.app, r.caller, input.reference, input.justification)];
    },
  ],
  ['POST', '/api/line-manager-reports', lineManagerReport],
  ['POST', '/api/phone-discussions/:id/draft', confirmationDraft],
  ['POST', '/api/agreed-actions/:id/done', agreedActionDone],
  ['GET', '/api/pack', async (d, r) => [200, (await tenantContext(d.app, r.caller.tenantId)).pack]],
  ['GET', '/api/sharing-pack', async (d, r) => [200, (await tenantContext(d.app, r.caller.tenantId)).sharingPack]],
  [
    'GET',
    '/api/access-log',
    async (d, r) => [
      200,
      await readAccessLog(d.app, r.caller, parse(contract.accessLogQuerySchema, Object.fromEntries(r.query))),
    ],
  ],
  ['GET', '/api/addin/settings', async (d, r) => [200, await addinSettings(d.app, r.caller)]],
  [
    'POST',
    '/api/sharing-check',
    async (d, r) => {
      const { reference, ...message } = parse(contract.sharingCheckSchema, await r.body());
      return [200, await checkOutgoingMessage(d.app, r.caller, message, reference)];
    },
  ],
  ...IG_ROUTES,
  ...MY_WORK_ROUTES,
];

/** Every route as `METHOD /path` (`:id` for an id): the every-event-on-every-surface test walks this list. */
export const API_ROUTES: readonly string[] = [
  ...ROUTE_TABLE.map(([method, path]) => `${method} ${path}`),
  ...REPORT_ROUTES,
];
const ROUTES = ROUTE_TABLE.map(
  ([method, path, handler]) =>
    [method, new RegExp(`^${path.replaceAll('.', '\\.').replaceAll(':id', ID)}$`), handler] as const,
);

/** Answers an /api/ request, or returns false when no route matches (the caller answers 404). */
export async function handleApi(
  deps: ApiDeps,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): Promise<boolean> {
  if (await handleReports(deps, req, res, path)) return true;
  const matches = ROUTES.map(([method, pattern, handler]) => ({ method, handler, match: pattern.exec(path) })).filter(
    (m) => m.match,
  );
  if (matches.length === 0) return false;
  const route = matches.find((m) => m.method === req.method);
  try {
    if (!route?.match)
      throw new HttpError(405, 'METHOD_NOT_ALLOWED', `${req.method ?? ''} is not supported on ${path}`);
    const caller = { ...(await deps.authenticate(req)), surface: 'api' as const };
    if (!route.match.slice(1).every((id) => UUID.test(id)))
      throw new NotFoundError('No such record in your organisation.');
    if (req.method !== 'GET') refuseIfTooFast(deps, caller);
    const query = queryOf(req);
    const token = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
    const [status, body] = await route.handler(deps, {
      caller,
      params: route.match.slice(1),
      query,
      token,
      body: () => readJson(req),
    });
    if (body instanceof StreamedCsv) await body.send(res, status);
    else sendJson(res, status, body);
  } catch (error) {
    sendError(res, error);
  }
  return true;
}

/** 429 with Retry-After once a person's write bucket is empty (nothing is read or stored). */
function refuseIfTooFast(deps: ApiDeps, caller: Caller): void {
  const verdict = deps.writeLimiter?.take(caller);
  if (verdict?.kind !== 'refused') return;
  const wait = verdict.retryAfterSeconds;
  throw new HttpError(
    429,
    'RATE_LIMITED',
    `Too many changes in a short time; nothing was stored. Try again in ${wait} second${wait === 1 ? '' : 's'}.`,
    { 'retry-after': String(wait) },
  );
}

/** The query string, refused (400) if a value could not be stored or looked up (a NUL character). */
function queryOf(req: IncomingMessage): URLSearchParams {
  const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
  for (const [name, value] of query) {
    const problem = textProblem(name) ?? textProblem(value);
    if (problem)
      throw new HttpError(
        400,
        'VALIDATION.INVALID',
        `${textProblem(name) ? 'a query parameter name' : name}: ${problem}`,
      );
  }
  return query;
}

function parse<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  return parseInput(schema, raw);
}

async function bodyObject(r: Request): Promise<Record<string, unknown>> {
  const body = await r.body();
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw new HttpError(400, 'REQUEST.NOT_OBJECT', 'The request body must be a JSON object.');
  return body as Record<string, unknown>;
}

async function me(d: ApiDeps, r: Request): Promise<readonly [number, contract.MeView]> {
  const { tenant, pack, sharingPack } = await tenantContext(d.app, r.caller.tenantId);
  return [
    200,
    {
      sharingPack: { id: sharingPack.id, organisation: sharingPack.organisation.name },
      ...r.caller,
      organisation: tenant.name,
      // For showing pages only (each route checks again): false when Graph cannot say.
      board: await isBoardMember(d.app, r.caller).catch(unlessUnavailable),
      reports: await mayReadBoardReports(d.app, r.caller).catch(unlessUnavailable),
      igLead: await seemsToHoldAnyRole(d.app, r.caller, [IG_LEAD_ROLE]),
      pack: {
        id: pack.id,
        organisation: pack.organisation.name,
        board: pack.board.name,
        stages: pack.escalation.stages.map((s) => ({ number: s.number, name: s.name })),
      },
    },
  ];
}

async function listEscalations(
  d: ApiDeps,
  r: Request,
): Promise<readonly [number, contract.ListPage<contract.EscalationSummary>]> {
  const scope = parse(contract.escalationScopeSchema, r.query.get('scope') ?? undefined);
  const page = parse(contract.listPageSchema, {
    after: r.query.get('after') ?? undefined,
    limit: r.query.get('limit') ?? undefined,
  });
  const { pack } = await tenantContext(d.app, r.caller.tenantId);
  const { items, next } = await pageEscalationsFor(d.app, r.caller, scope, decodeCursor(page.after), page.limit);
  // One query for every case reference on the page (the Board's list made one per person).
  const references = await d.app.store.caseReferencesOf(
    r.caller.tenantId,
    items.map((e) => e.personId),
  );
  const now = d.app.clock.now();
  return [
    200,
    {
      items: items.map((e) => summaryOf(pack, e, references.get(e.personId) ?? UNKNOWN_CASE, now)),
      next: next && encodeCursor(next),
    },
  ];
}

async function getEscalation(d: ApiDeps, r: Request): Promise<readonly [number, contract.EscalationDetail]> {
  const { escalation, access: known } = await escalationForViewer(d.app, d.managers, r.caller, r.params[0] as string);
  const { access, caseReference, records } = await viewEscalation(d.app, d.managers, r.caller, escalation, known);
  const { pack } = await tenantContext(d.app, r.caller.tenantId);
  return [
    200,
    {
      summary: summaryOf(pack, escalation, caseReference, d.app.clock.now()),
      canAct: access.responsible,
      actions: access.actions,
      escalation,
      records: records.map(({ id, templateId, title, producedAt, transition, subject, body }) => ({
        id,
        templateId,
        title,
        producedAt,
        transition,
        subject,
        body,
      })),
    },
  ];
}

async function actOn(d: ApiDeps, r: Request): Promise<readonly [number, unknown]> {
  const input = parse(contract.escalationActionSchema, await r.body());
  return [
    200,
    await actAsResponsible(d.app, d.managers, r.caller, r.params[0] as string, input.event, input.expectedVersion),
  ];
}

async function themes(d: ApiDeps, r: Request): Promise<readonly [number, contract.ThemesView]> {
  const { pack, counts } = await boardThemes(d.app, r.caller);
  return [200, themesView(pack, counts)];
}

/** With `caseReference`: that person. Without: a page of the caller's own caseload, newest first. */
async function findPerson(d: ApiDeps, r: Request): Promise<readonly [number, unknown]> {
  const caseReference = r.query.get('caseReference');
  if (caseReference === '') throw new HttpError(400, 'VALIDATION.INVALID', 'caseReference: is empty');
  if (caseReference) return [200, await lookUpPerson(d.app, r.caller, caseReference)];
  const page = pageOf(r);
  const { items, last } = await myCaseload(d.app, r.caller, decodePersonCursor(page.after), page.limit);
  return [
    200,
    {
      items: items.map((p) => ({ id: p.id, caseReference: p.caseReference, displayName: p.displayName })),
      next: last && encodePersonCursor(last),
    } satisfies contract.ListPage<contract.CaseloadEntry>,
  ];
}

/** GET /api/sharing-decisions?basis=…: a page, newest first (the information-governance lead only). */
async function decisionsToReview(
  d: ApiDeps,
  r: Request,
): Promise<readonly [number, contract.ListPage<contract.DecisionForReview>]> {
  const { basis } = parse(contract.decisionReviewQuerySchema, { basis: r.query.get('basis') ?? undefined });
  const page = pageOf(r);
  const { items, next } = await decisionsForReview(d.app, r.caller, basis, {
    beforeSeq: decodeSeqCursor(page.after),
    limit: page.limit,
  });
  return [200, { items, next: next === undefined ? undefined : encodeSeqCursor(next) }];
}

function pageOf(r: Request): { readonly after?: string | undefined; readonly limit: number } {
  return parse(contract.listPageSchema, {
    after: r.query.get('after') ?? undefined,
    limit: r.query.get('limit') ?? undefined,
  });
}

async function consentOf(d: ApiDeps, r: Request): Promise<readonly [number, unknown]> {
  const agency = r.query.get('agency');
  if (!agency) throw new HttpError(400, 'VALIDATION.INVALID', 'agency: is required');
  return [200, await consentRegister(d.app, r.caller, r.params[0] as string, agency)];
}

async function shareDecision(d: ApiDeps, r: Request): Promise<readonly [number, unknown]> {
  const { message, ...proposal } = parse(contract.sharingDecisionRequestSchema, await r.body());
  const result = await recordSharingDecision(d.app, r.caller, proposal, message);
  return result.kind === 'allowed'
    ? [201, { kind: 'allowed', entry: { id: result.entry.id, seq: result.entry.seq, hash: result.entry.hash } }]
    : [422, blockedAnswer(result.reasons)];
}

/** A refused decision in the API's error shape, keeping `kind` and `reasons` (with citations) for clients that read them. */
function blockedAnswer(reasons: readonly { code: string; message: string }[]): Record<string, unknown> {
  const message = `The protocol does not allow this decision as it stands; nothing was recorded. ${reasons.map((r) => r.message).join(' ')}`;
  return { error: 'SHARING.BLOCKED', message, kind: 'blocked', reasons };
}

async function logCall(d: ApiDeps, r: Request): Promise<readonly [number, unknown]> {
  const { discussion, senderRole } = parse(contract.phoneDiscussionRequestSchema, await r.body());
  const me = await d.app.store.getDirectoryUser(r.caller.tenantId, r.caller.userId);
  const { tenant } = await tenantContext(d.app, r.caller.tenantId);
  const mine = discussion.participants.find((p) => p.userId === r.caller.userId || p.name === r.caller.name);
  const sender = {
    name: r.caller.name,
    role: senderRole,
    agency: tenant.name,
    email: me?.email ?? mine?.email,
    userId: r.caller.userId,
  };
  return [201, await logPhoneDiscussion(d.app, r.caller, sender, discussion)];
}

async function lineManagerReport(d: ApiDeps, r: Request): Promise<readonly [number, contract.LineManagerReportAnswer]> {
  const report = await reportToLineManager(
    d.app,
    d.managers,
    r.caller,
    parse(contract.lineManagerReportSchema, await r.body()),
  );
  return [202, { id: report.id, to: report.manager.name, status: 'queued' }];
}

async function confirmationDraft(d: ApiDeps, r: Request): Promise<readonly [number, contract.ConfirmationDraftAnswer]> {
  const draft = await createConfirmationDraft(d.app, d.mail, r.caller, r.params[0] as string, r.token);
  return [201, { id: draft.id, webLink: draft.webLink }];
}

async function agreedActionDone(d: ApiDeps, r: Request): Promise<readonly [number, contract.AgreedActionDoneAnswer]> {
  const { action, changed } = await markAgreedActionDone(d.app, r.caller, r.params[0] as string);
  return [200, { id: action.id, status: action.status, changed }];
}

/** A role check that Graph could not answer counts as "no" for showing pages (the route asks again). */
function unlessUnavailable(error: unknown): false {
  if (error instanceof ServiceUnavailableError) return false;
  throw error;
}

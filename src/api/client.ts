/**
 * The one client of the REST API, for the browser surfaces: the Outlook task pane, the on-send
 * event runtime and the Teams tab. Each call is typed by the contract beside it (imported for its
 * types only, so no schema library reaches a browser bundle); a refusal throws `ApiError` with the
 * server's `{error, message}`.
 *
 * It also builds the local-mode token (development only; src/api/api-auth.ts reads it). Written
 * for classic Outlook's JavaScript-only runtime too: it uses `fetch` and `btoa` and nothing else
 * of a browser (no DOM, no TextEncoder), and Node has both.
 */
import type { ProtocolPack } from '../domain/protocol/pack-schema.js';
import type * as contract from './contract.js';

/** The largest request body the REST API takes (512 KiB); a larger one is refused with 413. */
export const MAX_REQUEST_BYTES = 512 * 1024;

/* ------------------------------------------------------------------ the local-mode token */

export const LOCAL_TOKEN_PREFIX = 'local.';

/** Who a local token names: tenant, user (object id) and display name. */
export interface LocalClaims {
  readonly tid: string;
  readonly oid: string;
  readonly name: string;
}

/**
 * A local-mode token: `local.` + base64url of the JSON `{tid, oid, name}`. Accepted only by a
 * server in local mode (no app registration); a server with an app id refuses it.
 * @example localToken({ tid: 'local', oid: 'sam@example.org', name: 'Sam' })
 */
export function localToken(claims: LocalClaims): string {
  const json = JSON.stringify({ tid: claims.tid, oid: claims.oid, name: claims.name });
  // btoa takes one byte per character: the JSON's UTF-8 bytes, as such characters.
  const bytes = encodeURIComponent(json).replace(/%([0-9A-F]{2})/g, (_, hex: string) =>
    String.fromCharCode(parseInt(hex, 16)),
  );
  return LOCAL_TOKEN_PREFIX + btoa(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/* ------------------------------------------------------------------ the client */

/** A refusal from the server (or an answer that was not JSON): the status, and the body when there is one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: contract.ApiErrorBody | undefined,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ApiClientOptions {
  /** The server's address; '' (the default) for the page's own origin. */
  readonly baseUrl?: string | undefined;
  /** The bearer token for each call: single sign-on's, or a local token in local mode. */
  readonly token: () => Promise<string>;
}

type Method = 'GET' | 'POST';

/**
 * @example
 * const api = createApiClient({ token: async () => localToken({ tid: 'local', oid: 'u-1', name: 'Sam' }) });
 * const me = await api.me();
 */
export function createApiClient(options: ApiClientOptions) {
  const base = options.baseUrl ?? '';
  async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { authorization: `Bearer ${await options.token()}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${base}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      const refusal = isErrorBody(json) ? json : undefined;
      throw new ApiError(response.status, refusal?.message ?? `The server answered ${response.status}.`, refusal);
    }
    return json as T;
  }
  const id = (value: string) => encodeURIComponent(value);
  return {
    me: () => request<contract.MeView>('GET', '/api/me'),
    pack: () => request<ProtocolPack>('GET', '/api/pack'),
    /** The pack whose information-sharing rules the organisation follows (may differ from `pack`). */
    sharingPack: () => request<ProtocolPack>('GET', '/api/sharing-pack'),
    /** For the information-governance lead only (403 for anyone else). */
    /** One page, newest first; pass the answer's `next` as `after` for the page after it. */
    decisionsForReview: (basis: 'outside-protocol', after?: string) =>
      request<contract.ListPage<contract.DecisionForReview>>(
        'GET',
        `/api/sharing-decisions?basis=${basis}${after ? `&after=${id(after)}` : ''}`,
      ),
    /** One page (oldest first); pass the answer's `next` as `after` for the page after it. */
    escalations: (scope: contract.EscalationScope, after?: string) =>
      request<contract.ListPage<contract.EscalationSummary>>(
        'GET',
        `/api/escalations?scope=${scope}${after ? `&after=${id(after)}` : ''}`,
      ),
    escalation: (escalationId: string) =>
      request<contract.EscalationDetail>('GET', `/api/escalations/${id(escalationId)}`),
    raiseEscalation: (body: contract.RaiseEscalationRequest) =>
      request<contract.EscalationEventAnswer>('POST', '/api/escalations', body),
    /** Refused with 409 when the escalation changed since `expectedVersion` (someone else acted first). */
    actOnEscalation: (escalationId: string, event: contract.EscalationEventRequest, expectedVersion: number) =>
      request<contract.EscalationEventAnswer>('POST', `/api/escalations/${id(escalationId)}/events`, {
        event,
        expectedVersion,
      }),
    themes: () => request<contract.ThemesView>('GET', '/api/themes'),
    /** One page of the caller's own caseload, newest first; pass `next` as `after` for the next. */
    myCaseload: (after?: string) =>
      request<contract.ListPage<contract.CaseloadEntry>>('GET', `/api/people${after ? `?after=${id(after)}` : ''}`),
    /** A period's Board report: "2026-Q4" or "2026-11". */
    report: (period: string) => request<contract.BoardReportView>('GET', `/api/reports?period=${id(period)}`),
    /** The same report as CSV text (to save as a file). */
    reportCsv: async (period: string) => {
      const response = await fetch(`${base}/api/reports/${id(period)}.csv`, {
        headers: { authorization: `Bearer ${await options.token()}` },
      });
      if (!response.ok)
        throw new ApiError(response.status, `The report could not be exported (${response.status}).`, undefined);
      return response.text();
    },
    findPerson: (caseReference: string) =>
      request<contract.PersonView>('GET', `/api/people?caseReference=${id(caseReference)}`),
    consent: (personId: string, agency: string) =>
      request<contract.ConsentView>('GET', `/api/people/${id(personId)}/consent?agency=${id(agency)}`),
    recordSharingDecision: (body: contract.SharingDecisionRequest) =>
      request<contract.SharingDecisionAnswer>('POST', '/api/sharing-decisions', body),
    sendAnyway: (body: contract.SendOverrideRequest) =>
      request<contract.SendOverrideAnswer>('POST', '/api/send-overrides', body),
    logPhoneDiscussion: (body: contract.PhoneDiscussionRequest) =>
      request<contract.PhoneDiscussionAnswer>('POST', '/api/phone-discussions', body),
    addinSettings: () => request<contract.AddinSettings>('GET', '/api/addin/settings'),
    sharingCheck: (body: contract.SharingCheckRequest) =>
      request<contract.SharingCheckAnswer>('POST', '/api/sharing-check', body),
    /** The caller's own work: escalations, call confirmations to send, agreed actions, expiring consents. */
    myWork: () => request<contract.MyWorkView>('GET', '/api/my-work'),
    agreedActionDone: (actionId: string) =>
      request<contract.AgreedActionDoneAnswer>('POST', `/api/agreed-actions/${id(actionId)}/done`, {}),
    confirmationSent: (discussionId: string) =>
      request<contract.ConfirmationSentAnswer>(
        'POST',
        `/api/phone-discussions/${id(discussionId)}/confirmation-sent`,
        {}, // an empty JSON body: the server takes POSTs only as application/json (cross-site form posts cannot)
      ),
    /** The information-governance audit (ig-lead only); `query` holds the filters, `list`, `after` and `limit`. */
    igAudit: (query: Readonly<Record<string, string>>) =>
      request<contract.IgAuditAnswer>('GET', `/api/ig/audit${queryString(query)}`),
    /** The audit as CSV text, with the same filters. */
    igAuditCsv: async (query: Readonly<Record<string, string>>): Promise<string> => {
      const response = await fetch(`${base}/api/ig/audit.csv${queryString(query)}`, {
        headers: { authorization: `Bearer ${await options.token()}` },
      });
      if (!response.ok) {
        const json: unknown = await response.json().catch(() => undefined);
        const refusal = isErrorBody(json) ? json : undefined;
        throw new ApiError(response.status, refusal?.message ?? `The server answered ${response.status}.`, refusal);
      }
      return response.text();
    },
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;

function queryString(query: Readonly<Record<string, string>>): string {
  const pairs = Object.entries(query).filter(([, v]) => v !== '');
  return pairs.length ? `?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}` : '';
}

function isErrorBody(value: unknown): value is contract.ApiErrorBody {
  return typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string';
}

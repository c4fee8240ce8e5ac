/**
 * The information-governance audit over REST (issue 10, item 3): `GET /api/ig/audit` (a page of
 * decisions or of sends without a decision, the refused attempts and the chain verified now) and
 * `GET /api/ig/audit.csv` (the same filters, streamed). For the `ig-lead` role only.
 */
import { z } from 'zod';
import { AUDIT_LISTS, auditFilterSchema, type AuditFilter } from '../app/governance/audit-query.js';
import {
  auditChain,
  auditDecisions,
  auditDecisionsAll,
  auditOverrides,
  auditOverridesAll,
  auditRefusals,
  requireIgLead,
  type AuditedDecision,
} from '../app/governance/ig-audit.js';
import { parseInput } from '../app/inputs.js';
import type { AppDeps, Caller, SendOverride } from '../app/ports.js';
import { csvRow } from '../app/reports/csv.js';
import type * as contract from './contract.js';
import { HttpError } from './http-json.js';
import { StreamedCsv } from './streamed-csv.js';

interface IgRequest {
  readonly caller: Caller;
  readonly query: URLSearchParams;
}
type IgHandler = (d: { readonly app: AppDeps }, r: IgRequest) => Promise<readonly [number, unknown]>;

const pagingSchema = z.object({
  list: z.enum(AUDIT_LISTS).default('decisions'),
  after: z
    .string()
    .max(300)
    .regex(/^[A-Za-z0-9_-]+$/, 'is not a cursor this server gave')
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

function parseQuery(query: URLSearchParams) {
  const { list, after, limit, ...filter } = Object.fromEntries(query);
  return {
    paging: parseInput(pagingSchema, { list, after, limit }),
    filter: parseInput(auditFilterSchema, filter),
  };
}

const CURSOR_PROBLEM = 'after: is not a cursor this server gave (use the `next` of the page before).';
const decisionCursor = z.tuple([z.literal('d'), z.number().int().nonnegative()]);
const overrideCursor = z.tuple([z.literal('o'), z.iso.datetime({ offset: true }), z.guid()]);

function encode(cursor: unknown): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}
function decode<S extends z.ZodType>(schema: S, text: string | undefined): z.output<S> | undefined {
  if (text === undefined) return undefined;
  try {
    return schema.parse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
  } catch {
    throw new HttpError(400, 'VALIDATION.INVALID', CURSOR_PROBLEM);
  }
}

const audit: IgHandler = async (d, r) => {
  const { paging, filter } = parseQuery(r.query);
  await requireIgLead(d.app, r.caller);
  const first = paging.after === undefined;
  const chain = first ? await auditChain(d.app, r.caller) : undefined;
  const refused = await auditRefusals(d.app, r.caller, filter);
  if (paging.list === 'decisions') {
    const after = decode(decisionCursor, paging.after)?.[1] ?? 0;
    const page = await auditDecisions(d.app, r.caller, filter, after, paging.limit);
    const answer: contract.IgAuditAnswer = {
      chain,
      refusedAttempts: refused,
      list: 'decisions',
      decisions: page.items,
      next: page.lastSeq === undefined ? undefined : encode(['d', page.lastSeq]),
    };
    return [200, answer];
  }
  const cursor = decode(overrideCursor, paging.after);
  const page = await auditOverrides(
    d.app,
    r.caller,
    filter,
    cursor && { createdAt: cursor[1], id: cursor[2] },
    paging.limit,
  );
  const answer: contract.IgAuditAnswer = {
    chain,
    refusedAttempts: refused,
    list: 'overrides',
    overrides: page.items.map(({ tenantId: _t, ...o }) => o),
    next: page.last && encode(['o', page.last.createdAt, page.last.id]),
  };
  return [200, answer];
};

export const DECISION_CSV_HEADER = [
  'seq',
  'recorded_at',
  'case_reference',
  'decision',
  'basis',
  'basis_detail',
  'agencies',
  'decided_by',
  'decided_by_user_id',
  'channel',
  'pack',
] as const;
export const OVERRIDE_CSV_HEADER = ['created_at', 'reference', 'user_name', 'user_id', 'justification'] as const;

const auditCsv: IgHandler = async (d, r) => {
  const { paging, filter } = parseQuery(r.query);
  if (paging.after !== undefined) throw new HttpError(400, 'VALIDATION.INVALID', 'after: the export has no pages');
  await requireIgLead(d.app, r.caller);
  const day = new Date(d.app.clock.now()).toISOString().slice(0, 10);
  return paging.list === 'decisions'
    ? [200, new StreamedCsv(`sharing-decisions-${day}.csv`, decisionRows(d.app, r.caller, filter))]
    : [200, new StreamedCsv(`sent-without-decision-${day}.csv`, overrideRows(d.app, r.caller, filter))];
};

async function* decisionRows(app: AppDeps, caller: Caller, filter: AuditFilter): AsyncGenerator<string> {
  yield csvRow(DECISION_CSV_HEADER);
  for await (const x of auditDecisionsAll(app, caller, filter)) yield csvRow(decisionCells(x));
}

function decisionCells(x: AuditedDecision): (string | number | undefined)[] {
  return [
    x.seq,
    x.recordedAt,
    x.caseReference,
    x.decision,
    x.basis,
    x.basisDetail,
    x.agencies.join('; '),
    x.decidedBy,
    x.decidedByUserId,
    x.channel,
    x.packId,
  ];
}

async function* overrideRows(app: AppDeps, caller: Caller, filter: AuditFilter): AsyncGenerator<string> {
  yield csvRow(OVERRIDE_CSV_HEADER);
  for await (const o of auditOverridesAll(app, caller, filter))
    yield csvRow([
      o.createdAt,
      o.reference,
      o.userName,
      o.userId,
      o.justification,
    ] satisfies SendOverride[keyof SendOverride][]);
}

export const IG_ROUTES: readonly (readonly [string, string, IgHandler])[] = [
  ['GET', '/api/ig/audit', audit],
  ['GET', '/api/ig/audit.csv', auditCsv],
];

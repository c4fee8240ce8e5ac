/**
 * The information-governance audit (issue 10, item 3): for the `ig-lead` role only (a Caldicott
 * Guardian or data protection officer), every sharing decision — to share and not to share, on
 * which basis, to which agencies, by whom, through which channel, when —, every "send without a
 * decision" with its justification, how many decision attempts our rules refused (counts per
 * reason per day, no personal data), and the decision log's hash chain verified now (the same
 * verification as `safeguard decisions verify`). Anyone else — the Board's roles included — is
 * refused with 403 and sees nothing. Pages list case references, never names; each person on a
 * page is noted in the access log as reviewed.
 */
import { addCalendarDays, londonDateOf, londonInstant } from '../../domain/calendar/london-time.js';
import { ForbiddenError } from '../../domain/shared/errors.js';
import type { WallTime } from '../../domain/shared/time.js';
import type { DecisionRecord } from '../../domain/sharing/sharing-decision.js';
import { UNKNOWN_CASE } from '../people/case-references.js';
import { holdsAnyRole } from '../people/caller-roles.js';
import { IG_LEAD_ROLE, noteAccess } from '../people/person-access.js';
import type { AppDeps, Caller, DecisionLogEntry, SendOverride } from '../ports.js';
import { verifyDecisionLog, type LogVerdict } from '../sharing/decision-log.js';
import { tenantContext } from '../tenant-context.js';
import type { DecisionScan, RefusedAttemptCount } from './audit-store.js';
import type { AuditFilter } from './audit-query.js';

export interface AuditedDecision {
  readonly seq: number;
  readonly id: string;
  readonly recordedAt: string;
  readonly caseReference: string;
  /** `unreadable`: the stored record is not a decision any more (altered outside the product; the chain says where). */
  readonly decision: 'share' | 'not-share' | 'unreadable';
  readonly basis: DecisionRecord['basis']['kind'] | 'unreadable';
  /** Which exception, which public-interest grounds, or the basis named outside the protocol. */
  readonly basisDetail: string;
  readonly agencies: readonly string[];
  readonly decidedBy: string;
  readonly decidedByUserId?: string | undefined;
  readonly channel: 'outlook' | 'teams' | 'web' | 'cli' | 'unknown';
  readonly packId: string;
}

/** A page of the audit: decisions by their place in the log, sends without a decision by time. */
export interface AuditPage<T> {
  readonly items: readonly T[];
  readonly next?: string | undefined;
}

export interface ChainCheck {
  readonly verdict: LogVerdict;
  readonly checkedAt: string;
}

const PAGE = 500;
const MIDNIGHT = '00:00' as WallTime;

/** Refuses (403) anyone without the IG lead role; a Graph failure refuses too (503, see caller-roles). */
export async function requireIgLead(deps: AppDeps, caller: Caller): Promise<void> {
  await tenantContext(deps, caller.tenantId);
  if (!(await holdsAnyRole(deps, caller, [IG_LEAD_ROLE])))
    throw new ForbiddenError('Only the information-governance lead sees the audit.');
}

/** The hash chain verified now. */
export async function auditChain(deps: AppDeps, caller: Caller): Promise<ChainCheck> {
  await requireIgLead(deps, caller);
  return { verdict: await verifyDecisionLog(deps, caller.tenantId), checkedAt: deps.clock.now().toISOString() };
}

/** Refused decision attempts in the filter's date range (the last 90 days by default). */
export async function auditRefusals(
  deps: AppDeps,
  caller: Caller,
  filter: AuditFilter,
): Promise<RefusedAttemptCount[]> {
  await requireIgLead(deps, caller);
  const today = londonDateOf(deps.clock.now());
  const from = filter.from ?? addCalendarDays(today, -90);
  return deps.store.refusedAttemptCounts(caller.tenantId, from, filter.to ?? today);
}

/** One page of decisions matching the filter, in log order, after the decision `afterSeq`. */
export async function auditDecisions(
  deps: AppDeps,
  caller: Caller,
  filter: AuditFilter,
  afterSeq: number,
  limit: number,
): Promise<AuditPage<AuditedDecision> & { readonly lastSeq?: number }> {
  await requireIgLead(deps, caller);
  const items: (AuditedDecision & { personId: string })[] = [];
  for await (const batch of matchingDecisions(deps, caller.tenantId, filter, afterSeq)) {
    items.push(...batch);
    if (items.length > limit) break;
  }
  const page = items.slice(0, limit);
  // One commit for the page's access-log entries (one per person), not one each.
  await deps.store.inTransaction(async (store) => {
    for (const personId of new Set(page.map((d) => d.personId)))
      await noteAccess(deps, store, caller, personId, 'review-decision');
  });
  const more = items.length > limit;
  return {
    items: page.map(({ personId: _personId, ...d }) => d),
    lastSeq: more ? page[page.length - 1]?.seq : undefined,
  };
}

/** Every decision matching the filter, in log order, read a page at a time (constant memory). */
export async function* auditDecisionsAll(
  deps: AppDeps,
  caller: Caller,
  filter: AuditFilter,
): AsyncGenerator<AuditedDecision> {
  await requireIgLead(deps, caller);
  const noted = new Set<string>();
  for await (const batch of matchingDecisions(deps, caller.tenantId, filter, 0)) {
    // The export reads about each person: noted once per export, like a page, one commit a batch.
    const fresh = [...new Set(batch.map((d) => d.personId))].filter((id) => !noted.has(id));
    await deps.store.inTransaction(async (store) => {
      for (const personId of fresh) await noteAccess(deps, store, caller, personId, 'review-decision');
    });
    if (noted.size < 100_000) for (const id of fresh) noted.add(id);
    for (const { personId: _personId, ...d } of batch) yield d;
  }
}

/** One page of "send without a decision" matching the filter (user and dates), oldest first. */
export async function auditOverrides(
  deps: AppDeps,
  caller: Caller,
  filter: AuditFilter,
  after: { createdAt: string; id: string } | undefined,
  limit: number,
): Promise<{ items: SendOverride[]; last?: SendOverride | undefined }> {
  await requireIgLead(deps, caller);
  const rows = await deps.store.pageSendOverrides(caller.tenantId, overrideFilter(filter), after, limit + 1);
  const items = rows.slice(0, limit);
  return { items, last: rows.length > limit ? items[items.length - 1] : undefined };
}

/** Every "send without a decision" matching the filter, a page at a time. */
export async function* auditOverridesAll(
  deps: AppDeps,
  caller: Caller,
  filter: AuditFilter,
): AsyncGenerator<SendOverride> {
  await requireIgLead(deps, caller);
  let after: { createdAt: string; id: string } | undefined;
  for (;;) {
    const rows = await deps.store.pageSendOverrides(caller.tenantId, overrideFilter(filter), after, PAGE);
    yield* rows;
    const last = rows[rows.length - 1];
    if (!last || rows.length < PAGE) return;
    after = { createdAt: last.createdAt, id: last.id };
  }
}

function overrideFilter(filter: AuditFilter) {
  const range = instantRange(filter);
  return { userId: filter.user, from: range.from, before: range.before };
}

/** The filter's London days as instants: from the first day's midnight to the midnight after the last. */
function instantRange(filter: AuditFilter): { from?: string | undefined; before?: string | undefined } {
  return {
    from: filter.from && londonInstant(filter.from, MIDNIGHT).toISOString(),
    before: filter.to && londonInstant(addCalendarDays(filter.to, 1), MIDNIGHT).toISOString(),
  };
}

/**
 * Decisions read from the log in seq order, a batch per page read, and filtered here: the filters look inside each
 * decision's hashed payload, which the database holds as text. A page scans until it is full.
 */
async function* matchingDecisions(
  deps: AppDeps,
  tenantId: string,
  filter: AuditFilter,
  afterSeq: number,
): AsyncGenerator<(AuditedDecision & { personId: string })[]> {
  const range = instantRange(filter);
  const scan = scanOf(filter, range);
  let after = afterSeq;
  for (;;) {
    const page = await deps.store.scanDecisions(tenantId, scan, after, PAGE);
    const found = page
      .map((entry) => ({ entry, d: auditedOrUnreadable(entry) }))
      .filter(({ d }) => matches(d, filter, range));
    // One query for the case references of a page's matches.
    const references = await deps.store.caseReferencesOf(tenantId, [...new Set(found.map((f) => f.entry.personId))]);
    if (found.length > 0)
      yield found.map(({ entry, d }) => ({
        ...d,
        personId: entry.personId,
        caseReference: references.get(entry.personId) ?? UNKNOWN_CASE,
      }));
    const last = page[page.length - 1];
    if (!last || page.length < PAGE) return;
    after = last.seq;
  }
}

/**
 * What the database can check before sending rows: the time range, and text the canonical JSON
 * payload must contain (`"decision":"share"`…). Canonical JSON escapes every quote inside a
 * string, so free text cannot imitate a member; the text is a superset test and `matches` is exact.
 */
function scanOf(f: AuditFilter, range: { from?: string | undefined; before?: string | undefined }): DecisionScan {
  const member = (name: string, value: string) => `${JSON.stringify(name)}:${JSON.stringify(value)}`;
  const contains: string[] = [];
  if (f.decision) contains.push(member('decision', f.decision));
  if (f.basis) contains.push(member('kind', f.basis));
  if (f.user) contains.push(member('decidedByUserId', f.user));
  if (f.channel && f.channel !== 'unknown') contains.push(member('channel', f.channel));
  // Lower-casing agrees between here and the database for ASCII only: other agencies are checked here alone.
  const containsLower = f.agency && /^[\x20-\x7e]*$/.test(f.agency) ? [member('agency', f.agency.toLowerCase())] : [];
  return { ...range, contains, containsLower };
}

/** A record that no longer parses is still listed, as unreadable, never a failed page. */
function auditedOrUnreadable(entry: DecisionLogEntry): AuditedDecision {
  try {
    return audited(entry, JSON.parse(entry.payload) as DecisionRecord);
  } catch {
    return {
      seq: entry.seq,
      id: entry.id,
      recordedAt: entry.recordedAt,
      caseReference: '',
      decision: 'unreadable',
      basis: 'unreadable',
      basisDetail: 'the stored record cannot be read: it was altered outside the product',
      agencies: [],
      decidedBy: '',
      channel: 'unknown',
      packId: '',
    };
  }
}

function audited(entry: DecisionLogEntry, r: DecisionRecord): AuditedDecision {
  return {
    seq: entry.seq,
    id: entry.id,
    recordedAt: entry.recordedAt,
    caseReference: '',
    decision: r.decision,
    basis: r.basis.kind,
    basisDetail: basisDetail(r.basis),
    agencies: [...new Set(r.recipients.map((x) => x.agency))],
    decidedBy: r.decidedBy,
    decidedByUserId: r.decidedByUserId,
    channel: r.context?.channel ?? 'unknown',
    packId: r.packId,
  };
}

function basisDetail(basis: DecisionRecord['basis']): string {
  switch (basis.kind) {
    case 'consent':
      return `consent record ${basis.consentRecordId}`;
    case 'exception':
      return basis.exceptionId;
    case 'public-interest':
      return basis.groundIds.join(', ');
    case 'outside-protocol':
      return `${basis.name}: ${basis.justification}`;
    case 'none':
      return '';
  }
}

function matches(
  d: AuditedDecision,
  f: AuditFilter,
  range: { from?: string | undefined; before?: string | undefined },
): boolean {
  const at = new Date(d.recordedAt).getTime();
  return (
    (!f.basis || d.basis === f.basis) &&
    (!f.decision || d.decision === f.decision) &&
    (!f.agency || d.agencies.some((a) => a.toLowerCase() === f.agency?.toLowerCase())) &&
    (!f.user || d.decidedByUserId === f.user) &&
    (!f.channel || d.channel === f.channel) &&
    (!range.from || at >= new Date(range.from).getTime()) &&
    (!range.before || at < new Date(range.before).getTime())
  );
}

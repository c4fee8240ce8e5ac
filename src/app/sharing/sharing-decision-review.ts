/**
 * Decisions to share on "a lawful basis outside this protocol" (issue 9, item 1): the sharing
 * pack gave no basis, so the sharer named one and said why. Each is listed for the
 * information-governance lead's review: through the API for the `ig-lead` role only, and on the
 * command line for administrators. Reading the list is in the access log, once per person.
 */
import { ForbiddenError } from '../../domain/shared/errors.js';
import type { DecisionRecord } from '../../domain/sharing/sharing-decision.js';
import { caseReferences, UNKNOWN_CASE } from '../people/case-references.js';
import { readDecisionLog } from './decision-log.js';
import { holdsAnyRole, IG_LEAD_ROLE, noteAccess } from '../people/person-access.js';
import type { AppDeps, Caller, DecisionLogEntry } from '../ports.js';
import { tenantContext } from '../tenant-context.js';

export const REVIEW_BASES = ['outside-protocol'] as const;
export type ReviewBasis = (typeof REVIEW_BASES)[number];

export interface DecisionForReview {
  readonly seq: number;
  readonly id: string;
  readonly recordedAt: string;
  readonly caseReference: string;
  readonly decision: 'share' | 'not-share';
  /** The pack the decision was made under. */
  readonly packId: string;
  /** The lawful basis as the sharer named it, and why they said it applies. */
  readonly basisName: string;
  readonly justification: string;
  readonly agencies: readonly string[];
  readonly decidedBy: string;
  readonly decidedByUserId?: string | undefined;
}

/**
 * One page of them for the IG lead only (403 for anyone else), newest first: those before
 * `beforeSeq` (the `next` of the page before), at most `limit`. Read with the index the list's
 * filter has (migration 014), the case references in one query; each person on the page is noted
 * in the access log.
 */
export async function decisionsForReview(
  deps: AppDeps,
  caller: Caller,
  basis: ReviewBasis,
  page: { readonly beforeSeq?: number | undefined; readonly limit: number },
): Promise<{ readonly items: DecisionForReview[]; readonly next?: number | undefined }> {
  await tenantContext(deps, caller.tenantId);
  if (!(await holdsAnyRole(deps, caller, [IG_LEAD_ROLE])))
    throw new ForbiddenError('Only the information-governance lead reviews these decisions.');
  // One basis is reviewed today (REVIEW_BASES); a second would get its own index and query.
  const entries = await deps.store.pageOutsideProtocolDecisions(caller.tenantId, page.beforeSeq, page.limit + 1);
  const shown = entries
    .slice(0, page.limit)
    .map((entry) => ({ ...entry, record: JSON.parse(entry.payload) as DecisionRecord }))
    .filter((entry) => entry.record.basis.kind === basis); // the index's text match, confirmed
  const references = await deps.store.caseReferencesOf(
    caller.tenantId,
    shown.map((e) => e.personId),
  );
  for (const personId of new Set(shown.map((e) => e.personId)))
    await noteAccess(deps, deps.store, caller, personId, 'review-decision');
  return {
    items: shown.flatMap((entry) => reviewOf(entry, references.get(entry.personId) ?? UNKNOWN_CASE) ?? []),
    next: entries.length > page.limit ? entries[page.limit - 1]?.seq : undefined,
  };
}

function reviewOf(
  entry: DecisionLogEntry & { readonly record: DecisionRecord },
  caseReference: string,
): DecisionForReview | undefined {
  const r = entry.record;
  if (r.basis.kind !== 'outside-protocol') return undefined;
  return {
    seq: entry.seq,
    id: entry.id,
    recordedAt: entry.recordedAt,
    caseReference,
    decision: r.decision,
    packId: r.packId,
    basisName: r.basis.name,
    justification: r.basis.justification,
    agencies: [...new Set(r.recipients.map((x) => x.agency))],
    decidedBy: r.decidedBy,
    decidedByUserId: r.decidedByUserId,
  };
}

/** The same, without a role check: for the command line only (it needs the database's credentials). */
export async function decisionsForAdministrator(
  deps: Pick<AppDeps, 'store'>,
  tenantId: string,
  basis: ReviewBasis,
): Promise<(DecisionForReview & { readonly personId: string })[]> {
  const referenceOf = caseReferences(deps.store, tenantId);
  const out: (DecisionForReview & { personId: string })[] = [];
  for await (const entry of readDecisionLog(deps, tenantId)) {
    if (entry.record.basis.kind !== basis) continue;
    const review = reviewOf(entry, await referenceOf(entry.personId));
    if (review) out.push({ ...review, personId: entry.personId });
  }
  return out.reverse();
}

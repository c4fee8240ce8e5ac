/**
 * Decisions to share on "a lawful basis outside this protocol" (issue 9, item 1): the sharing
 * pack gave no basis, so the sharer named one and said why. Each is listed for the
 * information-governance lead's review: through the API for the `ig-lead` role only, and on the
 * command line for administrators. Reading the list is in the access log, once per person.
 */
import { ForbiddenError } from '../../domain/shared/errors.js';
import { caseReferences } from '../people/case-references.js';
import { readDecisionLog } from './decision-log.js';
import { holdsAnyRole, IG_LEAD_ROLE, noteAccess } from '../people/person-access.js';
import type { AppDeps, Caller } from '../ports.js';
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

/** For the IG lead only (403 for anyone else); newest first. */
export async function decisionsForReview(
  deps: AppDeps,
  caller: Caller,
  basis: ReviewBasis,
): Promise<DecisionForReview[]> {
  await tenantContext(deps, caller.tenantId);
  if (!(await holdsAnyRole(deps, caller, [IG_LEAD_ROLE])))
    throw new ForbiddenError('Only the information-governance lead reviews these decisions.');
  const found = await decisionsForAdministrator(deps, caller.tenantId, basis);
  const people = new Set<string>();
  for (const d of found) people.add(d.personId);
  for (const personId of people) await noteAccess(deps, deps.store, caller, personId, 'review-decision');
  return found.map(({ personId: _personId, ...d }) => d);
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
    const r = entry.record;
    if (r.basis.kind !== basis) continue;
    out.push({
      seq: entry.seq,
      id: entry.id,
      recordedAt: entry.recordedAt,
      caseReference: await referenceOf(entry.personId),
      personId: entry.personId,
      decision: r.decision,
      packId: r.packId,
      basisName: r.basis.name,
      justification: r.basis.justification,
      agencies: [...new Set(r.recipients.map((x) => x.agency))],
      decidedBy: r.decidedBy,
      decidedByUserId: r.decidedByUserId,
    });
  }
  return out.reverse();
}

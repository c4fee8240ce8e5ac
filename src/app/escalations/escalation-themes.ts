/**
 * The Board's themes (Tameside 2.3.8; Stockport s.5 "LSAB Monitoring"): where the organisation's
 * escalations stand and what they are about, for the Board's roles only. Counted by the database.
 */
import { ForbiddenError } from '../../domain/shared/errors.js';
import type { ProtocolPack } from '../../domain/protocol/pack-schema.js';
import { isBoardMember } from './escalation-queries.js';
import type { AppDeps, Caller, EscalationThemeCounts } from '../ports.js';
import { tenantContext } from '../tenant-context.js';

/** How far back ended escalations are counted. */
export const THEMES_ENDED_WITHIN_DAYS = 90;

export async function boardThemes(
  deps: AppDeps,
  caller: Caller,
): Promise<{ pack: ProtocolPack; counts: EscalationThemeCounts }> {
  if (!(await isBoardMember(deps, caller))) throw new ForbiddenError("Only the Board's roles see every escalation.");
  const { pack } = await tenantContext(deps, caller.tenantId);
  const now = deps.clock.now();
  const since = new Date(now.getTime() - THEMES_ENDED_WITHIN_DAYS * 86_400_000);
  return {
    pack,
    counts: await deps.store.escalationThemeCounts(caller.tenantId, now.toISOString(), since.toISOString()),
  };
}

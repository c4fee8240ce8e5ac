/** Escalations as the tab shows them: summaries with stage, deadline and overdue flag, and the Board's themes. */
import { nextDeadline, type Escalation } from '../domain/escalation/escalation.js';
import { stageOf } from '../domain/escalation/escalation-machine.js';
import { routeOf } from '../domain/escalation/specific-processes.js';
import type { ProtocolPack } from '../domain/protocol/pack-schema.js';
import type { EscalationThemeCounts } from '../app/ports.js';
import type { EscalationSummary, ThemesView } from './contract.js';

export function summaryOf(
  tenantPack: ProtocolPack,
  e: Escalation,
  caseReference: string,
  now: Date,
): EscalationSummary {
  const pack = routeOf(tenantPack, e);
  const deadline = nextDeadline(e);
  return {
    id: e.id,
    caseReference,
    state: e.state,
    stage: e.stage,
    stageName: stageOf(pack, e.stage).name,
    stageCount: pack.escalation.stages.length,
    riskLevel: e.riskLevel,
    otherAgency: e.otherAgency.name,
    raisedBy: e.raisedBy.name,
    openedAt: e.openedAt,
    version: e.version,
    nextDeadline: deadline && { label: deadline.label, dueAt: deadline.dueAt, overdue: new Date(deadline.dueAt) < now },
    riskResponseDueAt: e.state === 'open' ? e.riskResponseDueAt : undefined,
  };
}

/** Themes for the Board (Tameside 2.3.8, Stockport s.5 "LSAB Monitoring"), from the database's counts, with the pack's labels. */
export function themesView(pack: ProtocolPack, counts: EscalationThemeCounts): ThemesView {
  const natureLabel = (id: string | undefined) =>
    id === undefined ? 'Not classified' : (pack.escalation.disagreementNatures.find((n) => n.id === id)?.label ?? id);
  const ended = (state: string) => counts.ended.find((e) => e.state === state)?.count ?? 0;
  return {
    open: counts.open,
    overdue: counts.overdue,
    byStage: pack.escalation.stages.map((s) => ({
      stage: s.number,
      name: s.name,
      count: counts.byStage.find((c) => c.stage === s.number)?.count ?? 0,
    })),
    byNature: counts.byNature.map((n) => ({ nature: natureLabel(n.nature), count: n.count })),
    byAgency: counts.byAgency.map((a) => ({ agency: a.agency, count: a.count })),
    endedLast90Days: {
      resolved: ended('resolved'),
      unresolved: ended('concluded-unresolved'),
      withdrawn: ended('withdrawn'),
    },
  };
}

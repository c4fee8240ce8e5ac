/** Escalations as the tab shows them: summaries with stage, deadline and overdue flag, and the Board's themes. */
import { nextDeadline, type Escalation } from '../domain/escalation/escalation.js';
import { stageOf } from '../domain/escalation/escalation-machine.js';
import type { ProtocolPack } from '../domain/protocol/pack-schema.js';
import type { EscalationSummary, ThemesView } from './contract.js';

export function summaryOf(pack: ProtocolPack, e: Escalation, caseReference: string, now: Date): EscalationSummary {
  const deadline = nextDeadline(e);
  return {
    id: e.id, caseReference, state: e.state, stage: e.stage, stageName: stageOf(pack, e.stage).name, stageCount: pack.escalation.stages.length,
    riskLevel: e.riskLevel, otherAgency: e.otherAgency.name, raisedBy: e.raisedBy.name, openedAt: e.openedAt, version: e.version,
    nextDeadline: deadline && { label: deadline.label, dueAt: deadline.dueAt, overdue: new Date(deadline.dueAt) < now },
    riskResponseDueAt: e.state === 'open' ? e.riskResponseDueAt : undefined,
  };
}

/** Themes for the Board (Tameside 2.3.8, Stockport s.5 "LSAB Monitoring"): where escalations stand and what they are about. */
export function themesOf(pack: ProtocolPack, all: readonly Escalation[], now: Date): ThemesView {
  const open = all.filter((e) => e.state === 'open');
  const since = now.getTime() - 90 * 86_400_000;
  const ended = all.filter((e) => e.outcome && new Date(e.outcome.at).getTime() >= since);
  const count = <K extends string>(keys: readonly K[]) => [...keys.reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map<K, number>())].sort((a, b) => b[1] - a[1]);
  const natureLabel = (id: string) => pack.escalation.disagreementNatures.find((n) => n.id === id)?.label ?? id;
  return {
    open: open.length,
    overdue: open.filter((e) => { const d = nextDeadline(e); return d !== undefined && new Date(d.dueAt) < now; }).length,
    byStage: pack.escalation.stages.map((s) => ({ stage: s.number, name: s.name, count: open.filter((e) => e.stage === s.number).length })),
    byNature: count(open.flatMap((e) => (e.natures.length ? e.natures.map(natureLabel) : ['Not classified']))).map(([nature, n]) => ({ nature, count: n })),
    byAgency: count(open.map((e) => e.otherAgency.name)).map(([agency, n]) => ({ agency, count: n })),
    endedLast90Days: {
      resolved: ended.filter((e) => e.state === 'resolved').length,
      unresolved: ended.filter((e) => e.state === 'concluded-unresolved').length,
      withdrawn: ended.filter((e) => e.state === 'withdrawn').length,
    },
  };
}

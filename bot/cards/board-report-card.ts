/**
 * The Board report's card (issue 10): the period's headline figures and a link to the tab's Board
 * reports, where the charts, the tables and the CSV are. Counts only: no case is named.
 */
import type { BoardReport } from '../../src/domain/reports/board-report.js';
import { card, facts, heading, note, warning, type AdaptiveCard } from './card-kit.js';
import { tabPageLink, type TabLinkTarget } from './tab-deep-link.js';

export function boardReportCard(title: string, r: BoardReport, tab: TabLinkTarget | undefined): AdaptiveCard {
  const body = [
    heading(`${title}: ${r.period.id}`),
    note(`${r.organisation}, ${r.period.firstDay} to ${r.period.lastDay}`),
    facts([
      ['Raised', String(r.raised)],
      ['Open at the end', String(r.openAtEnd)],
      ['Resolved', String(r.ended.resolved)],
      ['Ended unresolved', String(r.ended.unresolved)],
      ['Withdrawn', String(r.ended.withdrawn)],
    ]),
    ...(r.overdueAtEnd.count > 0 ? [warning(`${r.overdueAtEnd.count} past a deadline at the period's end`)] : []),
  ];
  const actions = tab
    ? [{ type: 'Action.OpenUrl', title: 'Open the report', url: tabPageLink(tab, `reports/${r.period.id}`, title) }]
    : [];
  return card(body, actions, { fallbackText: `${title}: ${r.period.id}` });
}

/**
 * The printable page of an escalation for the case file: its records as produced (the Record of
 * Escalation, Stockport Appendix Two: "completed at the end of the escalation and added to the
 * persons case record"), then what was raised and what happened. Printed from the browser on A4
 * (tab.css `@media print`: the tab's header, navigation and buttons are left out).
 */
import type { ApiClient } from '../src/api/client.js';
import type { EscalationRecordView } from '../src/api/contract.js';
import { formatLondon } from '../src/domain/calendar/london-time.js';
import type { ProtocolPack } from '../src/domain/protocol/pack-schema.js';
import { routeOf } from '../src/domain/escalation/specific-processes.js';
import { el, link } from './dom.js';
import { history, raisedFacts } from './history.js';

export async function recordsPage(api: ApiClient, pack: ProtocolPack, id: string): Promise<HTMLElement[]> {
  const { summary, escalation, records } = await api.escalation(id);
  const tools = el('nav', undefined, 'no-print');
  const print = el('button', 'Print');
  print.type = 'button';
  print.addEventListener('click', () => window.print());
  tools.append(link('← Back to the escalation', `#/escalations/${id}`), print);
  const heading = el('h2', `Escalation ${summary.caseReference}: ${escalation.otherAgency.name}`);
  heading.tabIndex = -1;
  heading.id = 'escalation-heading';
  const page = el('article', undefined, 'printable');
  page.append(
    heading,
    el(
      'p',
      `${pack.organisation.name}, ${routeOf(pack, escalation).escalation.stages.length}-stage protocol. Printed ${formatLondon(new Date(), 'long')}.`,
      'note',
    ),
    ...(records.length
      ? records.map(recordOf)
      : [el('p', 'No records yet: the Record of Escalation is produced when the escalation ends.', 'note')]),
    el('h3', 'What was raised'),
    raisedFacts(pack, escalation),
    ...history(pack, escalation),
  );
  return [tools, page];
}

function recordOf(r: EscalationRecordView): HTMLElement {
  const section = el('section', undefined, 'record');
  section.append(el('h3', r.title), el('p', `Produced ${formatLondon(r.producedAt, 'long')}`, 'note'));
  if (r.subject) section.append(el('p', r.subject, 'record-subject'));
  section.append(el('pre', r.body, 'record-body'));
  return section;
}

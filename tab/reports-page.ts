/**
 * The Board's reports in the tab (issue 10; Stockport s.5, Tameside 2.3.8, seAp "Service
 * Complaints"): any month or quarter, as kept at its end or computed now — headline figures
 * (overdue highlighted), bars by stage, kind and agency, the trend over four periods, each chart
 * with its table — a CSV download and a print view that fits A4 (tab.css `@media print`).
 */
import type { ApiClient } from '../src/api/client.js';
import type { BoardReportView } from '../src/api/contract.js';
import { formatLondon } from '../src/domain/calendar/london-time.js';
import type { BoardReport } from '../src/domain/reports/board-report.js';
import {
  isPeriodId,
  periodContaining,
  previousPeriod,
  type ReportPeriod,
} from '../src/domain/reports/report-period.js';
import { barChart, trendChart } from './charts.js';
import { el, say } from './dom.js';

/** The period a report opens on: the last full quarter. */
export function defaultPeriod(now: Date): string {
  return previousPeriod(periodContaining('quarterly', now)).id;
}

export async function reportsPage(api: ApiClient, period: string): Promise<HTMLElement[]> {
  const { report, kept } = await api.report(period);
  const heading = el('h2', `Board report: ${report.period.id}`);
  heading.id = 'report-heading';
  heading.tabIndex = -1;
  const page = el('article', undefined, 'printable report');
  page.append(
    heading,
    el('p', `${report.organisation}, ${report.period.firstDay} to ${report.period.lastDay}. ${keptNote(kept)}`, 'note'),
    headline(report),
    ...charts(report),
    ...details(report),
  );
  return [tools(api, report.period.id), page];
}

function keptNote(kept: BoardReportView['kept']): string {
  return kept.length
    ? kept.map((k) => `${k.title}, produced ${formatLondon(k.producedAt, 'long')}.`).join(' ')
    : 'Computed now from the records (no report of the protocol was kept for this period).';
}

/** The period picker (a labelled select and a button: keyboard as usual), CSV and print. */
function tools(api: ApiClient, current: string): HTMLElement {
  const nav = el('nav', undefined, 'no-print report-tools');
  const form = el('form');
  const label = el('label', 'Period');
  const select = el('select');
  select.id = 'report-period';
  label.htmlFor = select.id;
  for (const p of choices(new Date(), current)) {
    const option = el('option', p.label);
    option.value = p.id;
    option.selected = p.id === current;
    select.append(option);
  }
  const show = el('button', 'Show');
  show.type = 'submit';
  form.append(label, select, show);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = `#/reports/${select.value}`;
  });
  const csv = el('button', 'Download CSV');
  csv.type = 'button';
  csv.addEventListener('click', () => void download(api, current));
  const print = el('button', 'Print / Save as PDF');
  print.type = 'button';
  print.addEventListener('click', () => window.print());
  nav.append(form, csv, print);
  return nav;
}

/** The last eight quarters and twelve months (this one so far first), and the period shown. */
function choices(now: Date, current: string): { id: string; label: string }[] {
  const list: { id: string; label: string }[] = [];
  const add = (first: ReportPeriod, count: number, word: string) => {
    for (let p = first, i = 0; i < count; p = previousPeriod(p), i += 1)
      list.push({ id: p.id, label: `${word} ${p.id}${i === 0 ? ' (so far)' : ''}` });
  };
  add(periodContaining('quarterly', now), 8, 'Quarter');
  add(periodContaining('monthly', now), 12, 'Month');
  if (isPeriodId(current) && !list.some((c) => c.id === current)) list.unshift({ id: current, label: current });
  return list;
}

async function download(api: ApiClient, period: string): Promise<void> {
  try {
    const text = await api.reportCsv(period);
    const a = el('a');
    a.href = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
    a.download = `board-report-${period}.csv`;
    document.body.append(a);
    a.click();
    a.remove();
    say('The CSV was downloaded.');
  } catch {
    say('The CSV could not be downloaded: try again.');
  }
}

function headline(r: BoardReport): HTMLElement {
  const cards = el('div', undefined, 'cards');
  const card = (value: number, label: string, late = false) => {
    const c = el('div', undefined, late ? 'card late-card' : 'card');
    c.append(el('strong', String(value)), document.createTextNode(label));
    return c;
  };
  cards.append(
    card(r.raised, 'raised'),
    card(r.openAtEnd, 'open at the end'),
    card(r.overdueAtEnd.count, 'past a deadline at the end', r.overdueAtEnd.count > 0),
    card(r.ended.resolved, 'resolved'),
    card(r.ended.unresolved, 'ended unresolved'),
    card(r.ended.withdrawn, 'withdrawn'),
  );
  return cards;
}

function charts(r: BoardReport): HTMLElement[] {
  const periods = r.trend.map((t) => t.periodId);
  return [
    barChart(
      'chart-stage',
      'By stage reached (escalations open during the period)',
      r.byStage.map((s) => ({ label: `${s.stage}. ${s.name}`, value: s.count })),
    ),
    barChart(
      'chart-overdue',
      'Past a deadline at the end, by UK working days late',
      r.overdueAtEnd.byWorkingDays.map((o) => ({
        label: `${o.workingDays} working day${o.workingDays === 1 ? '' : 's'}`,
        value: o.count,
        highlight: true,
      })),
    ),
    barChart(
      'chart-nature',
      'By kind of disagreement',
      r.byNature.map((n) => ({ label: n.nature, value: n.count })),
    ),
    barChart(
      'chart-agency',
      'By agency',
      r.byAgency.map((a) => ({ label: a.agency, value: a.count })),
    ),
    trendChart('chart-trend', 'Trend over the last four periods', periods, [
      { name: 'Raised', values: r.trend.map((t) => t.raised), className: 'raised' },
      { name: 'Ended', values: r.trend.map((t) => t.ended), className: 'ended' },
      { name: 'Open at the end', values: r.trend.map((t) => t.openAtEnd), className: 'open' },
    ]),
  ];
}

function details(r: BoardReport): HTMLElement[] {
  const parts: HTMLElement[] = [el('h3', 'Time to the end, in UK working days')];
  if (r.timeToResolution.length === 0) parts.push(el('p', 'No escalation was resolved or concluded.', 'note'));
  else {
    const table = el('table');
    const head = el('tr');
    for (const h of ['Stage at the end', 'Ended', 'Mean', 'Median'])
      head.append(Object.assign(el('th', h), { scope: 'col' }));
    table.createTHead().append(head);
    const body = table.createTBody();
    for (const t of r.timeToResolution) {
      const tr = el('tr');
      tr.append(
        el('td', `${t.stage}. ${t.name}`),
        el('td', String(t.ended)),
        el('td', String(t.meanWorkingDays)),
        el('td', String(t.medianWorkingDays)),
      );
      body.append(tr);
    }
    parts.push(table);
  }
  const list = (title: string, items: readonly string[], none: string) => {
    parts.push(el('h3', title));
    if (items.length === 0) return void parts.push(el('p', none, 'note'));
    const ul = el('ul');
    for (const i of items) ul.append(el('li', i));
    parts.push(ul);
  };
  const withheld = (n: number) => `${n} recorded; the text is for the Board's roles only.`;
  list(
    'Outstanding concerns (ended unresolved)',
    r.outstandingConcerns,
    r.withheld ? withheld(r.withheld.outstandingConcerns) : 'None.',
  );
  list('De-brief general issues', r.debriefIssues, r.withheld ? withheld(r.withheld.debriefIssues) : 'None recorded.');
  list(
    'Reports to line managers, by kind',
    r.lineManagerReports.map((l) => `${l.kind}: ${l.count}`),
    'None.',
  );
  return parts;
}

/**
 * The tab's first page, for managers and the Board: open escalations with their stage and next
 * deadline (overdue ones marked) — those I raised, my team's and those addressed to me, and for
 * the Board's roles everyone's — and the themes the Board reviews (Tameside 2.3.8; Stockport s.5
 * "LSAB Monitoring"). Each case reference opens the escalation.
 */
import type { ApiClient } from '../src/api/client.js';
import type { EscalationScope, EscalationSummary, MeView, ThemesView } from '../src/api/contract.js';
import { formatLondon } from '../src/domain/calendar/london-time.js';
import { el, link, say } from './dom.js';

/** The Board's reports, for their readers (the Board's roles and the reports' recipients). */
function reportsLink(): HTMLElement {
  const nav = el('nav', undefined, 'no-print');
  nav.append(link("Board reports: last quarter's and any period's, as charts and tables", '#/reports'));
  return nav;
}

export async function listsPage(api: ApiClient, me: MeView): Promise<HTMLElement[]> {
  const [mine, team] = await Promise.all([
    section(api, 'mine', 'Escalations I raised'),
    section(api, 'team', "My team's escalations and those addressed to me"),
  ]);
  const parts = [...mine, ...team];
  if (me.reports) parts.unshift(reportsLink());
  if (me.board) {
    const [all, themes] = await Promise.all([
      section(api, 'board', `All open escalations (${me.pack.board})`),
      api.themes(),
    ]);
    parts.push(...all, ...themesOf(themes));
  }
  return parts;
}

/** A list's first page; while more follow, a "More" button adds the next page below (oldest first). */
async function section(api: ApiClient, scope: EscalationScope, title: string): Promise<HTMLElement[]> {
  const heading = el('h2', title);
  const first = await api.escalations(scope);
  if (first.items.length === 0) return [heading, el('p', 'Nothing open.', 'note')];
  const table = el('table');
  const head = el('tr');
  for (const h of ['Case', 'Stage', 'Next deadline', 'Risk', 'Other agency', 'Raised by'])
    head.append(Object.assign(el('th', h), { scope: 'col' }));
  table.createTHead().append(head);
  const body = table.createTBody();
  const more = el('button', 'More');
  more.type = 'button';
  more.dataset['more'] = scope;
  let next = first.next;
  const show = (rows: readonly EscalationSummary[]) => {
    for (const e of rows) body.append(rowOf(e));
    more.hidden = next === undefined;
  };
  more.addEventListener('click', () => {
    more.disabled = true;
    api
      .escalations(scope, next)
      .then(
        (page) => {
          next = page.next;
          show(page.items);
          say(`${page.items.length} more shown.`);
        },
        () => say('Could not load more: try again.'),
      )
      .finally(() => (more.disabled = false));
  });
  show(first.items);
  return [heading, table, more];
}

function rowOf(e: EscalationSummary): HTMLTableRowElement {
  const tr = el('tr');
  const deadline = e.nextDeadline
    ? `${e.nextDeadline.label}: ${formatLondon(e.nextDeadline.dueAt, 'short')}${e.nextDeadline.overdue ? ' — OVERDUE' : ''}`
    : '—';
  const reference = el('td');
  reference.append(link(e.caseReference, `#/escalations/${e.id}`));
  tr.append(
    reference,
    el('td', `${e.stage} of ${e.stageCount}: ${e.stageName}`),
    el('td', deadline, e.nextDeadline?.overdue ? 'late' : undefined),
    el('td', e.riskLevel),
    el('td', e.otherAgency),
    el('td', e.raisedBy),
  );
  return tr;
}

function themesOf(t: ThemesView): HTMLElement[] {
  const cards = el('div', undefined, 'cards');
  const card = (label: string, value: number) => {
    const c = el('div', undefined, 'card');
    c.append(el('strong', String(value)), document.createTextNode(label));
    return c;
  };
  cards.append(
    card('open', t.open),
    card('past a deadline', t.overdue),
    card('resolved, last 90 days', t.endedLast90Days.resolved),
    card('ended unresolved, last 90 days', t.endedLast90Days.unresolved),
  );
  const list = (title: string, items: readonly { label: string; count: number }[]) => {
    const ul = el('ul');
    for (const i of items) ul.append(el('li', `${i.label}: ${i.count}`));
    return [el('h3', title), ul];
  };
  return [
    el('h2', 'Themes for the Board'),
    cards,
    ...list(
      'By stage',
      t.byStage.map((s) => ({ label: `${s.stage}. ${s.name}`, count: s.count })),
    ),
    ...list(
      'By kind of disagreement',
      t.byNature.map((n) => ({ label: n.nature, count: n.count })),
    ),
    ...list(
      'By agency',
      t.byAgency.map((a) => ({ label: a.agency, count: a.count })),
    ),
  ];
}

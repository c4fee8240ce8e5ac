/**
 * The tab's first page, for managers and the Board: open escalations with their stage and next
 * deadline (overdue ones marked) — those I raised, my team's and those addressed to me, and for
 * the Board's roles everyone's — and the themes the Board reviews (Tameside 2.3.8; Stockport s.5
 * "LSAB Monitoring"). Each case reference opens the escalation.
 */
import type { ApiClient } from '../src/api/client.js';
import type { EscalationSummary, MeView, ThemesView } from '../src/api/contract.js';
import { formatLondon } from '../src/domain/calendar/london-time.js';
import { el, link } from './dom.js';

export async function listsPage(api: ApiClient, me: MeView): Promise<HTMLElement[]> {
  const [mine, team] = await Promise.all([api.escalations('mine'), api.escalations('team')]);
  const parts = [...section('Escalations I raised', mine), ...section("My team's escalations and those addressed to me", team)];
  if (me.board) {
    const [all, themes] = await Promise.all([api.escalations('board'), api.themes()]);
    parts.push(...section(`All open escalations (${me.pack.board})`, all), ...themesOf(themes));
  }
  return parts;
}

function section(title: string, rows: readonly EscalationSummary[]): HTMLElement[] {
  const heading = el('h2', title);
  if (rows.length === 0) return [heading, el('p', 'Nothing open.', 'note')];
  const table = el('table');
  const head = el('tr');
  for (const h of ['Case', 'Stage', 'Next deadline', 'Risk', 'Other agency', 'Raised by']) head.append(Object.assign(el('th', h), { scope: 'col' }));
  table.createTHead().append(head);
  const body = table.createTBody();
  for (const e of rows) {
    const tr = el('tr');
    const deadline = e.nextDeadline ? `${e.nextDeadline.label}: ${formatLondon(e.nextDeadline.dueAt, 'short')}${e.nextDeadline.overdue ? ' — OVERDUE' : ''}` : '—';
    const reference = el('td');
    reference.append(link(e.caseReference, `#/escalations/${e.id}`));
    tr.append(reference, el('td', `${e.stage} of ${e.stageCount}: ${e.stageName}`), el('td', deadline, e.nextDeadline?.overdue ? 'late' : undefined), el('td', e.riskLevel), el('td', e.otherAgency), el('td', e.raisedBy));
    body.append(tr);
  }
  return [heading, table];
}

function themesOf(t: ThemesView): HTMLElement[] {
  const cards = el('div', undefined, 'cards');
  const card = (label: string, value: number) => {
    const c = el('div', undefined, 'card');
    c.append(el('strong', String(value)), document.createTextNode(label));
    return c;
  };
  cards.append(card('open', t.open), card('past a deadline', t.overdue), card('resolved, last 90 days', t.endedLast90Days.resolved), card('ended unresolved, last 90 days', t.endedLast90Days.unresolved));
  const list = (title: string, items: readonly { label: string; count: number }[]) => {
    const ul = el('ul');
    for (const i of items) ul.append(el('li', `${i.label}: ${i.count}`));
    return [el('h3', title), ul];
  };
  return [
    el('h2', 'Themes for the Board'), cards,
    ...list('By stage', t.byStage.map((s) => ({ label: `${s.stage}. ${s.name}`, count: s.count }))),
    ...list('By kind of disagreement', t.byNature.map((n) => ({ label: n.nature, count: n.count }))),
    ...list('By agency', t.byAgency.map((a) => ({ label: a.agency, count: a.count }))),
  ];
}

/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The Teams tab for managers and the Board: open escalations with their stage and next deadline
 * (overdue ones marked), the team's and — for the Board's roles — everyone's, and the themes the
 * Board reviews (Tameside 2.3.8; Stockport s.5 "LSAB Monitoring"). Signs in with Teams single
 * sign-on; in local mode with a local token.
 */
import { app, authentication } from '@microsoft/teams-js';
import type { EscalationSummary, MeView, ThemesView } from '../../src/api/contract.js';
import { localToken } from '../../addin/shared/local-token.js';

const $ = (id: string) => document.getElementById(id) as HTMLElement;
const el = <K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string) => Object.assign(document.createElement(tag), text === undefined ? {} : { textContent: text }, className ? { className } : {});
const LONDON = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

/** Who is looking: inside Teams from its context and SSO; outside Teams only in local mode (a developer's preview). */
async function signIn(config: { localMode: boolean }): Promise<() => Promise<string>> {
  if (window.parent === window) {
    const q = new URLSearchParams(location.search);
    if (!config.localMode || !q.get('tenant') || !q.get('user')) throw new Error('Open this tab in Microsoft Teams.');
    const token = localToken(q.get('tenant') as string, q.get('user') as string, q.get('name') ?? 'Local user');
    return async () => token;
  }
  await app.initialize();
  const context = await app.getContext();
  if (config.localMode) {
    const token = localToken(context.user?.tenant?.id ?? 'local', context.user?.id ?? 'local-user', context.user?.displayName ?? 'Local user');
    return async () => token;
  }
  return () => authentication.getAuthToken();
}

async function main(): Promise<void> {
  const config = (await (await fetch('config.json')).json()) as { localMode: boolean };
  const token = await signIn(config);
  const get = async <T>(path: string): Promise<T> => {
    const response = await fetch(path, { headers: { authorization: `Bearer ${await token()}` } });
    if (!response.ok) throw new Error(((await response.json().catch(() => ({}))) as { message?: string }).message ?? `The server answered ${response.status}.`);
    return (await response.json()) as T;
  };
  const me = await get<MeView>('/api/me');
  $('who').textContent = `${me.name}, ${me.organisation} — ${me.pack.organisation} protocol`;
  const content = $('content');
  content.append(...section('Escalations I raised', await get<EscalationSummary[]>('/api/escalations?scope=mine')));
  content.append(...section("My team's escalations and those addressed to me", await get<EscalationSummary[]>('/api/escalations?scope=team')));
  if (me.board) {
    content.append(...section(`All open escalations (${me.pack.board})`, await get<EscalationSummary[]>('/api/escalations?scope=board')));
    content.append(...themes(await get<ThemesView>('/api/themes')));
  }
  $('status').textContent = 'Up to date.';
}

function section(title: string, rows: readonly EscalationSummary[]): HTMLElement[] {
  const heading = el('h2', title);
  if (rows.length === 0) return [heading, el('p', 'Nothing open.', 'note')];
  const table = el('table');
  const head = el('tr');
  for (const h of ['Case', 'Stage', 'Next deadline', 'Risk', 'Other agency', 'Raised by']) head.append(Object.assign(el('th', h), { scope: 'col' }));
  table.append(el('thead'), el('tbody'));
  table.tHead?.append(head);
  for (const e of rows) {
    const tr = el('tr');
    const deadline = e.nextDeadline ? `${e.nextDeadline.label}: ${LONDON.format(new Date(e.nextDeadline.dueAt))}${e.nextDeadline.overdue ? ' — OVERDUE' : ''}` : '—';
    tr.append(el('td', e.caseReference), el('td', `${e.stage} of ${e.stageCount}: ${e.stageName}`), el('td', deadline, e.nextDeadline?.overdue ? 'late' : undefined), el('td', e.riskLevel), el('td', e.otherAgency), el('td', e.raisedBy));
    table.tBodies[0]?.append(tr);
  }
  return [heading, table];
}

function themes(t: ThemesView): HTMLElement[] {
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
  return [el('h2', 'Themes for the Board'), cards,
    ...list('By stage', t.byStage.map((s) => ({ label: `${s.stage}. ${s.name}`, count: s.count }))),
    ...list('By kind of disagreement', t.byNature.map((n) => ({ label: n.nature, count: n.count }))),
    ...list('By agency', t.byAgency.map((a) => ({ label: a.agency, count: a.count })))];
}

main().catch((error: unknown) => {
  $('status').textContent = error instanceof Error ? error.message : 'Something went wrong.';
});

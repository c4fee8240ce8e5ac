/**
 * The information-governance audit in the tab (issue 10, item 3), shown to the IG lead only (the
 * server refuses anyone else): the decision log's hash chain verified now, every sharing decision
 * or every "send without a decision", filtered, a page at a time ("More"), the refused decision
 * attempts, and the same list as a CSV download. Filters are an ordinary form: Tab moves through
 * them, Enter applies.
 */
import type { ApiClient } from '../src/api/client.js';
import type { IgAuditAnswer } from '../src/api/contract.js';
import { formatLondon } from '../src/domain/calendar/london-time.js';
import { el, say } from './dom.js';

type Query = Record<string, string>;

const DECISION_TEXT = { share: 'Share', 'not-share': 'Not share', unreadable: 'Unreadable (altered)' } as const;

export async function igPage(api: ApiClient): Promise<HTMLElement[]> {
  const heading = el('h2', 'Information governance');
  heading.id = 'page-heading';
  heading.tabIndex = -1;
  const results = el('div');
  results.id = 'ig-results';
  const form = filterForm(async (query) => {
    results.replaceChildren(...(await resultsOf(api, query)));
    say('Up to date.');
  }, api);
  results.append(...(await resultsOf(api, { list: 'decisions' })));
  return [heading, form, results];
}

function field(label: string, control: HTMLInputElement | HTMLSelectElement): HTMLElement {
  const wrap = el('label', undefined, 'field');
  wrap.append(el('span', label), control);
  return wrap;
}

function select(name: string, options: readonly (readonly [string, string])[]): HTMLSelectElement {
  const s = el('select');
  s.name = name;
  for (const [value, text] of options) s.append(Object.assign(el('option', text), { value }));
  return s;
}

function input(name: string, type = 'text'): HTMLInputElement {
  const i = el('input');
  i.name = name;
  i.type = type;
  return i;
}

function filterForm(apply: (query: Query) => Promise<void>, api: ApiClient): HTMLFormElement {
  const form = el('form');
  form.setAttribute('aria-label', 'Filter the audit');
  form.append(
    field(
      'List',
      select('list', [
        ['decisions', 'Sharing decisions'],
        ['overrides', 'Sent without a decision'],
      ]),
    ),
    field(
      'Decision',
      select('decision', [
        ['', 'Any'],
        ['share', 'Share'],
        ['not-share', 'Not share'],
      ]),
    ),
    field(
      'Basis',
      select('basis', [
        ['', 'Any'],
        ['consent', 'Consent'],
        ['exception', 'An exception'],
        ['public-interest', 'Public interest'],
        ['outside-protocol', 'Outside the protocol'],
        ['none', 'None (not shared)'],
      ]),
    ),
    field('Agency', input('agency')),
    field('User (Entra object id)', input('user')),
    field(
      'Channel',
      select('channel', [
        ['', 'Any'],
        ['outlook', 'Outlook'],
        ['teams', 'Teams'],
        ['web', 'Web'],
        ['cli', 'Command line'],
        ['unknown', 'Not recorded'],
      ]),
    ),
    field('From', input('from', 'date')),
    field('To', input('to', 'date')),
  );
  const submit = Object.assign(el('button', 'Apply filters'), { type: 'submit' });
  const csv = Object.assign(el('button', 'Download CSV'), { type: 'button' });
  form.append(submit, document.createTextNode(' '), csv);
  const query = (): Query => {
    const q: Query = {};
    for (const [k, v] of new FormData(form)) if (typeof v === 'string' && v.trim()) q[k] = v.trim();
    return q;
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    say('Loading…');
    apply(query()).catch((error: unknown) => say(error instanceof Error ? error.message : 'Something went wrong.'));
  });
  csv.addEventListener('click', () => {
    const q = query();
    api.igAuditCsv(q).then(
      (text) => {
        const a = el('a');
        a.href = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
        a.download = `${q['list'] === 'overrides' ? 'sent-without-decision' : 'sharing-decisions'}.csv`;
        a.click();
        setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
        say('CSV downloaded.');
      },
      (error: unknown) => say(error instanceof Error ? error.message : 'The CSV could not be made.'),
    );
  });
  return form;
}

async function resultsOf(api: ApiClient, query: Query): Promise<HTMLElement[]> {
  const first = await api.igAudit(query);
  return [...chainOf(first), ...listOf(api, query, first), ...refusalsOf(first)];
}

function chainOf(a: IgAuditAnswer): HTMLElement[] {
  const v = a.chain?.verdict;
  if (!v) return [];
  const text =
    v.kind === 'intact'
      ? `Decision log verified now: intact, ${v.entries} entries (head ${v.headSeq}).`
      : `Decision log verified now: BROKEN at entry ${v.seq}: ${v.problem}. ${v.entries} entries before it verify.`;
  const p = el('p', text, v.kind === 'intact' ? 'verified' : 'late');
  p.id = 'chain-status';
  return [p];
}

function listOf(api: ApiClient, query: Query, first: IgAuditAnswer): HTMLElement[] {
  const overrides = first.list === 'overrides';
  const t = el('table');
  t.createCaption().textContent = overrides ? 'Sent without a decision' : 'Sharing decisions';
  const head = el('tr');
  const headings = overrides
    ? ['When', 'Message', 'User', 'Justification']
    : ['#', 'When', 'Case', 'Decision', 'Basis', 'Agencies', 'By', 'Channel'];
  for (const h of headings) head.append(Object.assign(el('th', h), { scope: 'col' }));
  t.createTHead().append(head);
  const body = t.createTBody();
  const more = Object.assign(el('button', 'More'), { type: 'button' });
  let next = first.next;
  const show = (page: IgAuditAnswer) => {
    for (const d of page.decisions ?? []) {
      const tr = el('tr');
      tr.append(
        el('td', String(d.seq)),
        el('td', formatLondon(d.recordedAt, 'short')),
        el('td', d.caseReference),
        el('td', DECISION_TEXT[d.decision]),
        el('td', d.basisDetail ? `${d.basis}: ${d.basisDetail}` : d.basis),
        el('td', d.agencies.join(', ')),
        el('td', d.decidedBy),
        el('td', d.channel),
      );
      body.append(tr);
    }
    for (const o of page.overrides ?? []) {
      const tr = el('tr');
      tr.append(
        el('td', formatLondon(o.createdAt, 'short')),
        el('td', o.reference),
        el('td', o.userName),
        el('td', o.justification),
      );
      body.append(tr);
    }
    more.hidden = next === undefined;
  };
  more.addEventListener('click', () => {
    more.disabled = true;
    api
      .igAudit({ ...query, after: next ?? '' })
      .then(
        (page) => {
          next = page.next;
          show(page);
          say(`${(page.decisions ?? page.overrides ?? []).length} more shown.`);
        },
        () => say('Could not load more: try again.'),
      )
      .finally(() => (more.disabled = false));
  });
  show(first);
  const empty = (first.decisions ?? first.overrides ?? []).length === 0;
  return [el('h3', t.caption?.textContent ?? ''), empty ? el('p', 'Nothing matches.', 'note') : t, more];
}

function refusalsOf(a: IgAuditAnswer): HTMLElement[] {
  const title = el('h3', 'Refused decision attempts');
  if (a.refusedAttempts.length === 0) return [title, el('p', 'None in this period.', 'note')];
  const t = el('table');
  t.createCaption().textContent = 'Refused decision attempts, by day and reason';
  const head = el('tr');
  for (const h of ['Day', 'Reason', 'Attempts']) head.append(Object.assign(el('th', h), { scope: 'col' }));
  t.createTHead().append(head);
  const body = t.createTBody();
  for (const r of a.refusedAttempts) {
    const tr = el('tr');
    tr.append(el('td', r.day), el('td', r.reason), el('td', String(r.attempts)));
    body.append(tr);
  }
  return [title, t];
}

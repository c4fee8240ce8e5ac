/**
 * "My work" in the tab (issue 10, item 4): the same use case as the bot's card and GET
 * /api/my-work — my open escalations with their next action and deadline, calls whose
 * confirmation email I have not sent, my agreed actions by date, consents expiring in 30 days.
 */
import type { ApiClient } from '../src/api/client.js';
import type { MyWorkView } from '../src/api/contract.js';
import { formatLondon } from '../src/domain/calendar/london-time.js';
import { el, link, say } from './dom.js';

export async function myWorkPage(api: ApiClient, reload: () => Promise<void>): Promise<HTMLElement[]> {
  const work = await api.myWork();
  const heading = el('h2', 'My work');
  heading.id = 'page-heading';
  heading.tabIndex = -1;
  return [heading, ...escalations(work), ...calls(api, work, reload), ...actions(api, work, reload), ...consents(work)];
}

function table(headings: readonly string[], caption: string): [HTMLTableElement, HTMLTableSectionElement] {
  const t = el('table');
  t.createCaption().textContent = caption;
  t.caption?.classList.add('visually-hidden');
  const head = el('tr');
  for (const h of headings) head.append(Object.assign(el('th', h), { scope: 'col' }));
  t.createTHead().append(head);
  return [t, t.createTBody()];
}

function escalations(work: MyWorkView): HTMLElement[] {
  const title = el('h3', `Open escalations (${work.escalations.length})`);
  if (work.escalations.length === 0) return [title, el('p', 'None open that you raised or own.', 'note')];
  const [t, body] = table(['Case', 'Stage', 'Deadline', 'Next action'], 'My open escalations');
  for (const e of work.escalations) {
    const reference = el('td');
    reference.append(link(e.caseReference, `#/escalations/${e.id}`));
    const deadline = e.deadline
      ? `${e.deadline.label}: ${formatLondon(e.deadline.dueAt, 'short')}${e.deadline.overdue ? ' — OVERDUE' : ''}`
      : '—';
    const tr = el('tr');
    tr.append(
      reference,
      el('td', `${e.stage}: ${e.stageName}`),
      el('td', deadline, e.deadline?.overdue ? 'late' : undefined),
      el('td', e.nextAction),
    );
    body.append(tr);
  }
  return [title, t];
}

/** A button that runs `act`, says what happened and shows the page afresh. */
function actButton(
  text: string,
  label: string,
  act: () => Promise<unknown>,
  done: string,
  reload: () => Promise<void>,
) {
  const button = el('button', text);
  button.type = 'button';
  button.setAttribute('aria-label', label);
  button.addEventListener('click', () => {
    button.disabled = true;
    act()
      .then(reload)
      .then(
        () => say(done),
        (error: unknown) => say(`Not saved: ${error instanceof Error ? error.message : 'try again.'}`),
      )
      .finally(() => (button.disabled = false));
  });
  return button;
}

function calls(api: ApiClient, work: MyWorkView, reload: () => Promise<void>): HTMLElement[] {
  const title = el('h3', `Call confirmations to send (${work.phoneConfirmations.length})`);
  if (work.phoneConfirmations.length === 0)
    return [title, el('p', 'Every call you logged has its confirmation sent.', 'note')];
  const [t, body] = table(['Case', 'Call', 'To', 'Subject', ''], 'Calls whose confirmation email is not sent');
  for (const p of work.phoneConfirmations) {
    const tr = el('tr');
    const cell = el('td');
    cell.append(
      actButton(
        'Mark sent',
        `Mark the confirmation of the call on ${formatLondon(p.occurredAt, 'short')} as sent`,
        () => api.confirmationSent(p.id),
        'Saved: confirmation marked sent.',
        reload,
      ),
    );
    tr.append(
      el('td', p.caseReference ?? '—'),
      el('td', formatLondon(p.occurredAt, 'short')),
      el('td', p.to.join(', ')),
      el('td', p.subject),
      cell,
    );
    body.append(tr);
  }
  return [title, t];
}

function actions(api: ApiClient, work: MyWorkView, reload: () => Promise<void>): HTMLElement[] {
  const title = el('h3', `Agreed actions (${work.agreedActions.length})`);
  if (work.agreedActions.length === 0) return [title, el('p', 'No open agreed actions.', 'note')];
  const [t, body] = table(['Due', 'Action', 'Owner', ''], 'My open agreed actions');
  for (const a of work.agreedActions) {
    const tr = el('tr');
    const cell = el('td');
    cell.append(
      actButton(
        'Mark done',
        `Mark "${a.description}" done`,
        () => api.agreedActionDone(a.id),
        'Saved: action marked done.',
        reload,
      ),
    );
    tr.append(
      el('td', `${a.dueOn}${a.overdue ? ' — OVERDUE' : ''}`, a.overdue ? 'late' : undefined),
      el('td', a.description),
      el('td', a.owner),
      cell,
    );
    body.append(tr);
  }
  return [title, t];
}

function consents(work: MyWorkView): HTMLElement[] {
  const title = el('h3', `Consents expiring in the next 30 days (${work.expiringConsents.length})`);
  if (work.expiringConsents.length === 0) return [title, el('p', 'None.', 'note')];
  const [t, body] = table(['Case', 'Agencies', 'Expires', 'Days left'], 'Consents expiring soon');
  for (const c of work.expiringConsents) {
    const tr = el('tr');
    tr.append(
      el('td', c.caseReference),
      el('td', c.agencies.join(', ')),
      el('td', c.expiresOn),
      el('td', String(c.daysLeft)),
    );
    body.append(tr);
  }
  return [title, t];
}

/**
 * One escalation: where it stands, what happened, its records, and the actions the caller may
 * take now — exactly those the API lists (`EscalationDetail.actions`, from the one access rule),
 * each a form sent as an event with the version the page shows, so a change made meanwhile by
 * someone else is refused (409) rather than overwritten.
 */
import { ApiError, type ApiClient } from '../src/api/client.js';
import type { EscalationActionKind, EscalationDetail } from '../src/api/contract.js';
import { formatLondon } from '../src/domain/calendar/london-time.js';
import type { ProtocolPack } from '../src/domain/protocol/pack-schema.js';
import { routeOf } from '../src/domain/escalation/specific-processes.js';
import { ACTION_FORMS, type FormContext } from './action-forms.js';
import { el, facts, link, say } from './dom.js';
import { history, raisedFacts } from './history.js';

export interface PageServices {
  readonly api: ApiClient;
  readonly pack: ProtocolPack;
  /** Shows the page again from the server (after a change). */
  readonly reload: () => Promise<void>;
}

const STATES: Readonly<Record<string, string>> = {
  open: 'Open',
  resolved: 'Resolved',
  'concluded-unresolved': 'Concluded unresolved',
  withdrawn: 'Withdrawn',
};

export async function escalationPage(s: PageServices, id: string): Promise<HTMLElement[]> {
  const detail = await s.api.escalation(id);
  const { summary, escalation: e } = detail;
  const heading = el(
    'h2',
    `${summary.caseReference}: stage ${summary.stage} of ${summary.stageCount}, ${summary.stageName}`,
  );
  heading.tabIndex = -1;
  heading.id = 'escalation-heading';
  const deadline =
    summary.nextDeadline &&
    `${summary.nextDeadline.label}: ${formatLondon(summary.nextDeadline.dueAt, 'long')}${summary.nextDeadline.overdue ? ' — OVERDUE' : ''}`;
  const nav = el('nav', undefined, 'no-print');
  nav.append(link('← All escalations', '#/'));
  return [
    nav,
    heading,
    facts([
      ['State', STATES[e.state] ?? e.state],
      ['Next deadline', e.state === 'open' ? deadline : undefined],
    ]),
    ...actionsOf(s, detail),
    ...recordsOf(detail),
    el('h3', 'What was raised'),
    raisedFacts(s.pack, e),
    ...history(s.pack, e),
  ];
}

/** A button per action the API offers; each opens its form below the buttons. */
function actionsOf(s: PageServices, detail: EscalationDetail): HTMLElement[] {
  if (detail.actions.length === 0) return [];
  const group = el('div', undefined, 'actions no-print');
  group.setAttribute('role', 'group');
  group.setAttribute('aria-labelledby', 'actions-heading');
  const holder = el('div', undefined, 'no-print');
  for (const kind of detail.actions) {
    const button = el('button', ACTION_FORMS[kind].label);
    button.type = 'button';
    button.dataset['action'] = kind;
    button.addEventListener('click', () => holder.replaceChildren(actionForm(s, detail, kind)));
    group.append(button);
  }
  return [Object.assign(el('h3', 'What you can do', 'no-print'), { id: 'actions-heading' }), group, holder];
}

function actionForm(s: PageServices, detail: EscalationDetail, kind: EscalationActionKind): HTMLFormElement {
  const spec = ACTION_FORMS[kind];
  // Its specific process's own route, where it has one (Stockport s.3).
  const ctx: FormContext = { pack: routeOf(s.pack, detail.escalation), escalation: detail.escalation, now: new Date() };
  const form = el('form', undefined, 'action-form');
  form.dataset['action'] = kind;
  form.setAttribute('aria-label', spec.label);
  const problem = el('p', undefined, 'error');
  problem.setAttribute('role', 'alert');
  const submit = el('button', spec.label);
  submit.type = 'submit';
  const cancel = el('button', 'Cancel');
  cancel.type = 'button';
  cancel.addEventListener('click', () => form.remove());
  form.append(
    el('h4', spec.label),
    ...(spec.hint ? [el('p', spec.hint, 'note')] : []),
    ...spec.fields(ctx),
    problem,
    submit,
    cancel,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit.disabled = true;
    void send(s, detail, form, ctx).finally(() => {
      submit.disabled = false;
    });
  });
  queueMicrotask(() => form.querySelector<HTMLElement>('input, textarea, select')?.focus());
  return form;
}

async function send(s: PageServices, detail: EscalationDetail, form: HTMLFormElement, ctx: FormContext): Promise<void> {
  const kind = form.dataset['action'] as EscalationActionKind;
  const spec = ACTION_FORMS[kind];
  const problem = form.querySelector('.error');
  try {
    await s.api.actOnEscalation(detail.escalation.id, spec.event(new FormData(form), ctx), detail.escalation.version);
    await s.reload();
    // After the reload's own "Up to date.": the change is what the person wants to hear.
    say(spec.done);
  } catch (error) {
    if (error instanceof ApiError && error.status === 409 && error.body?.error === 'RECORD.CONFLICT') {
      await s.reload();
      say(
        'Not saved: someone changed this escalation after you opened it. It is shown as it is now; nothing was changed.',
      );
      return;
    }
    const message = error instanceof Error ? error.message : 'Not saved.';
    if (problem) problem.textContent = message;
    say(`Not saved: ${message}`);
  }
}

/** The records (the Record of Escalation once it has ended), and the printable page for the case file. */
function recordsOf(detail: EscalationDetail): HTMLElement[] {
  const list = el('ul', undefined, 'records');
  for (const r of detail.records) list.append(el('li', `${r.title}, ${formatLondon(r.producedAt, 'long')}`));
  const print = el('p', undefined, 'no-print');
  print.append(link('Printable page for the case file', `#/escalations/${detail.escalation.id}/records`));
  return [
    el('h3', 'Records'),
    detail.records.length
      ? list
      : el('p', 'None yet: the Record of Escalation is produced when the escalation ends.', 'note'),
    print,
  ];
}

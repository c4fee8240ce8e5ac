/**
 * The forms behind the escalation page's actions: one per action the API may offer the caller
 * (`EscalationDetail.actions`), each turning what the person typed into the event the REST API
 * takes (`POST /api/escalations/{id}/events`). Every input is named after the event's field (a
 * discussion's time as `heldAt.date` and `heldAt.time`, agreed actions as
 * `agreedActions.<n>.<field>`), so a test can fill any form from an event.
 */
import { partiesFromLines } from '../src/domain/escalation/parties-text.js';
import type { EscalationActionKind, EscalationEventRequest } from '../src/api/contract.js';
import { londonDateOf, londonInstant, londonWallTimeOf } from '../src/domain/calendar/london-time.js';
import { unsignedSides, type Escalation } from '../src/domain/escalation/escalation.js';
import type { ProtocolPack } from '../src/domain/protocol/pack-schema.js';
import { RISK_LEVELS } from '../src/domain/shared/risk-level.js';
import type { IsoDate, WallTime } from '../src/domain/shared/time.js';
import { el } from './dom.js';
import { roleLabels } from '../src/domain/protocol/role-labels.js';

export interface FormContext {
  readonly pack: ProtocolPack;
  readonly escalation: Escalation;
  readonly now: Date;
}

export interface ActionForm {
  /** The button's text. */
  readonly label: string;
  /** What the protocol says about it, in a sentence (optional). */
  readonly hint?: string | undefined;
  readonly fields: (ctx: FormContext) => HTMLElement[];
  readonly event: (form: FormData, ctx: FormContext) => EscalationEventRequest;
  /** Said once the server has saved it. */
  readonly done: string;
}

/** How many agreed actions the resolve form offers (more can be added as notes). */
const ACTION_ROWS = 3;

export const ACTION_FORMS: Readonly<Record<EscalationActionKind, ActionForm>> = {
  'record-discussion': {
    label: 'Record a discussion',
    fields: (ctx) => [
      ...heldAt(ctx.now),
      textArea(
        'parties',
        "Who took part, one per line: name, role, agency (and another agency's email, to share the outcome)",
      ),
      textArea('notes', 'What was discussed and agreed'),
    ],
    event: (f) => ({
      kind: 'record-discussion',
      heldAt: instantOf(f, 'heldAt'),
      parties: partiesFromLines(text(f, 'parties')),
      notes: text(f, 'notes'),
    }),
    done: 'Saved: the discussion is recorded.',
  },
  'add-note': {
    label: 'Add a note',
    fields: () => [textArea('text', 'Note')],
    event: (f) => ({ kind: 'add-note', text: text(f, 'text') }),
    done: 'Saved: the note is added.',
  },
  escalate: {
    label: 'Escalate to the next stage',
    hint: 'It goes to your line manager unless you name a colleague.',
    fields: (ctx) => [
      textArea('reason', 'Why it is escalated'),
      input('escalateTo', 'Colleague it goes to (email, optional)', 'email', false),
      ...exceptionalSkip(ctx),
      ...mediation(ctx),
    ],
    event: (f) => ({
      kind: 'escalate',
      reason: text(f, 'reason'),
      ...(text(f, 'escalateTo') ? { escalateTo: text(f, 'escalateTo') } : {}),
      ...(text(f, 'toStage')
        ? { toStage: Number(text(f, 'toStage')), exceptionalCircumstances: text(f, 'exceptionalCircumstances') }
        : {}),
      ...(text(f, 'mediatorEmail')
        ? {
            mediator: {
              name: text(f, 'mediatorName'),
              agency: text(f, 'mediatorAgency') || 'Independent',
              email: text(f, 'mediatorEmail'),
            },
          }
        : {}),
    }),
    done: 'Saved: the escalation moved to the next stage.',
  },
  'escalate-on-risk': {
    label: 'Risk has escalated',
    hint: 'Goes straight to the stage the protocol names when risk escalates.',
    fields: () => [textArea('reason', 'How the risk has escalated')],
    event: (f, ctx) => ({ kind: 'escalate', reason: text(f, 'reason'), riskEscalated: true, toStage: riskStage(ctx) }),
    done: 'Saved: the escalation went to the stage for escalated risk.',
  },
  'change-risk': {
    label: 'Change the risk level',
    fields: (ctx) => [
      select(
        'riskLevel',
        'Risk level',
        RISK_LEVELS.filter((l) => l !== ctx.escalation.riskLevel),
      ),
      textArea('reason', 'Why'),
    ],
    event: (f) => ({ kind: 'change-risk', riskLevel: riskOf(text(f, 'riskLevel')), reason: text(f, 'reason') }),
    done: 'Saved: the risk level changed.',
  },
  resolve: {
    label: 'Resolve',
    fields: (ctx) => [textArea('summary', 'How it was resolved'), ...agreedActionRows(ctx.now)],
    event: (f) => ({ kind: 'resolve', summary: text(f, 'summary'), agreedActions: agreedActionsOf(f) }),
    done: 'Saved: the escalation is resolved.',
  },
  'conclude-unresolved': {
    label: 'Conclude unresolved',
    hint: 'When disagreement remains, at a stage where the protocol lets it end.',
    fields: () => [textArea('summary', 'Summary'), textArea('outstandingConcerns', 'Outstanding concerns')],
    event: (f) => ({
      kind: 'conclude-unresolved',
      summary: text(f, 'summary'),
      outstandingConcerns: text(f, 'outstandingConcerns'),
    }),
    done: 'Saved: the escalation is concluded unresolved.',
  },
  withdraw: {
    label: 'Withdraw',
    fields: () => [textArea('reason', 'Why it is withdrawn')],
    event: (f) => ({ kind: 'withdraw', reason: text(f, 'reason') }),
    done: 'Saved: the escalation is withdrawn.',
  },
  'record-signature': {
    label: 'Record a signature of the agreement',
    hint: 'The agreement is binding once signed by both organisations.',
    fields: (ctx) => [
      choice('side', 'Signed for', unsignedSides(ctx.escalation)),
      input('name', 'Signed by (name)', 'text'),
      input('role', 'Their role', 'text'),
      input('signedOn', 'Signed on', 'date', true, londonDateOf(ctx.now)),
    ],
    event: (f) => ({
      kind: 'record-signature',
      side: text(f, 'side') === 'theirs' ? 'theirs' : 'ours',
      name: text(f, 'name'),
      role: text(f, 'role'),
      signedOn: text(f, 'signedOn'),
    }),
    done: 'Saved: the signature is recorded.',
  },
  'record-debrief': {
    label: 'Record the de-brief',
    fields: (ctx) => [
      checkbox('held', 'A de-brief was held', true),
      textArea('notes', 'What was learned'),
      textArea('generalIssues', "General issues for the Board's business manager (optional)", false),
      // Stockport s.6: gaps in policies and procedures, for the pack's roles (the Independent Chair) — only where it asks.
      ...(ctx.pack.escalation.policyGaps
        ? [
            textArea(
              'policyGaps',
              `Gaps in policies and procedures, for the ${roleLabels(ctx.pack, ctx.pack.escalation.policyGaps.toRoles)} (optional)`,
              false,
            ),
          ]
        : []),
    ],
    event: (f) => ({
      kind: 'record-debrief',
      held: f.get('held') === 'on',
      notes: text(f, 'notes'),
      ...(text(f, 'generalIssues') ? { generalIssues: text(f, 'generalIssues') } : {}),
      ...(text(f, 'policyGaps') ? { policyGaps: text(f, 'policyGaps') } : {}),
    }),
    done: 'Saved: the de-brief is recorded.',
  },
};

/**
 * Skipping a line of responsibility, where the pack allows it "in exceptional circumstances"
 * (Stockport stage three): a later stage and the circumstances, both optional together.
 */
function exceptionalSkip(ctx: FormContext): HTMLElement[] {
  const rule = ctx.pack.escalation.exceptionalSkip;
  const later = ctx.pack.escalation.stages
    .filter((s) => s.number > ctx.escalation.stage + 1)
    .map((s) => String(s.number));
  if (!rule || later.length === 0) return [];
  return [
    el('p', `Only in exceptional circumstances: "${rule.wording}" (${rule.citation.section})`, 'hint'),
    select('toStage', 'Go straight to stage (leave as next for the usual route)', ['', ...later]),
    textArea('exceptionalCircumstances', 'The exceptional circumstances', false),
  ];
}

/** Speak Out and seAp: "or refer to independent mediation", a mediator outside the organisation named by email. */
function mediation(ctx: FormContext): HTMLElement[] {
  const next = ctx.pack.escalation.stages.find((s) => s.number === ctx.escalation.stage + 1);
  if (!next?.allowsMediation) return [];
  return [
    el('p', 'Or refer to independent mediation: the mediator is sent the request by email.', 'hint'),
    input('mediatorName', 'Mediator (optional)', 'text', false),
    input('mediatorAgency', 'Their organisation (optional)', 'text', false),
    input('mediatorEmail', 'Their email (optional)', 'email', false),
  ];
}

/** The stage the pack lets escalated risk go straight to, past the current one. */
function riskStage(ctx: FormContext): number | undefined {
  return ctx.pack.escalation.stages.find((s) => s.enterOnRiskEscalation && s.number > ctx.escalation.stage)?.number;
}

const text = (f: FormData, name: string) => {
  const value = f.get(name);
  return typeof value === 'string' ? value.trim() : '';
};

function riskOf(value: string): (typeof RISK_LEVELS)[number] {
  const level = RISK_LEVELS.find((l) => l === value);
  if (!level) throw new Error('Choose a risk level.');
  return level;
}

function instantOf(f: FormData, name: string): string {
  return londonInstant(text(f, `${name}.date`) as IsoDate, text(f, `${name}.time`) as WallTime).toISOString();
}

function agreedActionsOf(f: FormData) {
  return Array.from({ length: ACTION_ROWS }, (_, i) => ({
    description: text(f, `agreedActions.${i}.description`),
    owner: text(f, `agreedActions.${i}.owner`),
    dueOn: text(f, `agreedActions.${i}.dueOn`),
  })).filter((a) => a.description);
}

/* ------------------------------------------------------------------ fields */

let nextId = 0;

function labelled(label: string, control: HTMLElement & { id: string }): HTMLElement {
  control.id = `field-${(nextId += 1)}`;
  const wrapper = el('div', undefined, 'field');
  const caption = el('label', label);
  caption.htmlFor = control.id;
  wrapper.append(caption, control);
  return wrapper;
}

function textArea(name: string, label: string, required = true): HTMLElement {
  const area = el('textarea');
  Object.assign(area, { name, required, rows: 3 });
  return labelled(label, area);
}

function input(name: string, label: string, type: string, required = true, value = ''): HTMLElement {
  const box = el('input');
  Object.assign(box, { name, type, required, value });
  return labelled(label, box);
}

function checkbox(name: string, label: string, checked: boolean): HTMLElement {
  const box = el('input');
  Object.assign(box, { name, type: 'checkbox', checked });
  return labelled(label, box);
}

function select(name: string, label: string, options: readonly string[]): HTMLElement {
  return choice(
    name,
    label,
    options.map((o) => [o, o] as const),
  );
}

/** A choice whose values differ from what is shown (an event's value, a person's words). */
function choice(name: string, label: string, options: readonly (readonly [string, string])[]): HTMLElement {
  const list = el('select');
  list.name = name;
  list.append(...options.map(([value, text]) => Object.assign(el('option', text), { value })));
  return labelled(label, list);
}

function heldAt(now: Date): HTMLElement[] {
  return [
    input('heldAt.date', 'Date (London)', 'date', true, londonDateOf(now)),
    input('heldAt.time', 'Time (London)', 'time', true, londonWallTimeOf(now)),
  ];
}

function agreedActionRows(now: Date): HTMLElement[] {
  const rows: HTMLElement[] = [];
  for (let i = 0; i < ACTION_ROWS; i += 1) {
    const group = el('fieldset', undefined, 'agreed-action');
    group.append(
      el('legend', `Agreed action ${i + 1} (optional)`),
      input(`agreedActions.${i}.description`, 'What', 'text', false),
      input(`agreedActions.${i}.owner`, 'Who', 'text', false),
      input(`agreedActions.${i}.dueOn`, 'By', 'date', false, londonDateOf(now)),
    );
    rows.push(group);
  }
  return rows;
}

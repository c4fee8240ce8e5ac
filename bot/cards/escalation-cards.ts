/**
 * Escalation cards: the form that raises one (the fields Stockport s.1 and Appendix One ask for),
 * the card a manager acts on (Tameside s.3, Stockport s.2 stages), and the list views.
 * A card sent proactively carries only the case reference, stage and deadline; the details load
 * through the authenticated refresh for the people entitled to see them.
 */
import { emailsToOtherAgency, missingEmailWarning } from '../../src/domain/escalation/other-agency-emails.js';
import { formatLondon } from '../../src/domain/calendar/london-time.js';
import {
  agreementBinding,
  currentStage,
  nextDeadline,
  unsignedSides,
  type Escalation,
} from '../../src/domain/escalation/escalation.js';
import { ownedByRoles, stageOf } from '../../src/domain/escalation/escalation-machine.js';
import { RISK_LEVELS, type ProtocolPack } from '../../src/domain/protocol/pack-schema.js';
import {
  card,
  choiceInput,
  dateInput,
  execute,
  facts,
  heading,
  note,
  para,
  section,
  showCard,
  submit,
  textInput,
  timeInput,
  warning,
  MAX_REFRESH_USERS,
  type AdaptiveCard,
  type CardElement,
} from './card-kit.js';
import { md } from './card-text.js';
import type { EscalationRecord } from '../../src/app/ports.js';
import type { EscalationActionKind } from '../../src/app/escalations/escalation-actions.js';
import { riskStageAbove } from '../../src/app/escalations/escalation-access.js';
import { OTHER_NATURE } from '../../src/domain/escalation/raise-escalation.js';
import { considerationsAt, copiedInto, processOf, routeOf } from '../../src/domain/escalation/specific-processes.js';

/**
 * The card verb of each escalation action: the access rule's list is the buttons' list, and the
 * verb-and-route test walks this against the REST API's events.
 */
export const CARD_VERB_OF: Readonly<Record<EscalationActionKind, string>> = {
  'record-discussion': 'escalation.recordDiscussion',
  'add-note': 'escalation.addNote',
  escalate: 'escalation.escalate',
  'escalate-on-risk': 'escalation.escalateOnRisk',
  'change-risk': 'escalation.changeRisk',
  resolve: 'escalation.resolve',
  'conclude-unresolved': 'escalation.concludeUnresolved',
  withdraw: 'escalation.withdraw',
  'record-signature': 'escalation.recordSignature',
  'record-debrief': 'escalation.debrief',
};

export const londonText = (iso: string): string => formatLondon(iso, 'long');

export function escalationFormCard(
  pack: ProtocolPack,
  today: string,
  prefill: { caseReference?: string; agency?: string; details?: string } = {},
  problem?: string,
): AdaptiveCard {
  const natures = pack.escalation.disagreementNatures;
  const emailed = emailsToOtherAgency(pack);
  return card(
    [
      heading('Raise an escalation'),
      ...(problem ? [warning(problem)] : []),
      note(
        pack.escalation.beforeEscalating.wording ??
          'Try to resolve the disagreement with the other professional first.',
      ),
      textInput('caseReference', 'Case reference', { required: true, value: prefill.caseReference ?? '' }),
      textInput('myRole', 'Your role', { required: true }),
      textInput('myAgency', 'Your agency', { required: true, value: pack.organisation.name }),
      section('The other agency', [
        textInput('otherAgency', 'Agency', { required: true, value: prefill.agency ?? '' }),
        textInput('otherName', 'Contact name', { required: true }),
        textInput('otherRole', 'Contact role', { required: true }),
        textInput('otherEmail', emailed ? `Contact email (to send them ${emailed})` : 'Contact email', {
          style: 'email',
        }),
      ]),
      // The pack's kinds are examples (Stockport s.1): "Something else" is always there.
      ...(natures.length
        ? [
            choiceInput(
              'natures',
              'Nature of the disagreement (examples)',
              [
                ...natures.map((n) => [n.id, n.label] as const),
                [OTHER_NATURE, 'Something else (say what below)'] as const,
              ],
              { multi: true, expanded: true },
            ),
          ]
        : []),
      textInput('natureDetails', 'What is the disagreement about?', {
        required: true,
        multiline: true,
        value: prefill.details ?? '',
      }),
      textInput('outcomeSought', 'What outcome do you seek?', { required: true, multiline: true }),
      dateInput('outcomeSoughtBy', 'By when', { required: !!pack.escalation.timescaleRequired }),
      choiceInput(
        'riskLevel',
        'Risk to the adult',
        RISK_LEVELS.map((r) => [r, r] as const),
        { required: true, value: 'standard', expanded: true },
      ),
      ...processInputs(pack),
      section("The adult's view", [
        textInput('adultView', "The adult's (or representative's) view", { multiline: true }),
        choiceInput(
          'adultViewBy',
          'Given by',
          [
            ['adult', 'The adult'],
            ['representative', 'Their representative'],
          ],
          { value: 'adult' },
        ),
        textInput('adultViewNotAskedReason', 'If not asked, why not'),
      ]),
      section('Stage 1 discussion already held (optional)', [
        dateInput('stage1Date', 'Date'),
        { ...timeInput('stage1Time', 'Time'), isRequired: false },
        textInput('stage1Notes', 'What was said', { multiline: true }),
      ]),
    ],
    [submit('Raise the escalation', 'escalation.raise', { today })],
  );
}

/**
 * The pack's specific processes (Stockport s.3): which one the disagreement is about, and each
 * one's questions (answered for the chosen one only; the use case checks them).
 */
/** The raise form's choice for "no specific process". */
export const NO_PROCESS = 'none';

function processInputs(pack: ProtocolPack): CardElement[] {
  const processes = pack.escalation.specificProcesses;
  if (processes.length === 0) return [];
  return [
    section('Is it about a specific process?', [
      choiceInput(
        'process',
        'Specific process',
        [
          [NO_PROCESS, 'No: a disagreement between agencies'] as const,
          ...processes.map((p) => [p.id, p.name] as const),
        ],
        { value: NO_PROCESS },
      ),
      ...processes.flatMap((p) =>
        p.questions.map((q) =>
          q.kind === 'yes-no'
            ? choiceInput(`process.${p.id}.${q.id}`, `${p.name}: ${q.label}`, [
                ['yes', 'Yes'],
                ['no', 'No'],
              ])
            : textInput(`process.${p.id}.${q.id}`, `${p.name}: ${q.label}${q.required ? ' (needed)' : ''}`, {
                ...(q.kind === 'email' ? { style: 'email' as const } : {}),
              }),
        ),
      ),
    ]),
  ];
}

export interface EscalationCardOptions {
  readonly caseReference: string;
  /** Show the case details (only for people entitled to see them, through the refresh). */
  readonly details: boolean;
  /** What the viewer may do (the access rule's answer): a button for each. */
  readonly actions: readonly EscalationActionKind[];
  /** The records the escalation produced (Record of Escalation, letters), shown with the details. */
  readonly records?: readonly EscalationRecord[] | undefined;
  readonly refreshUserIds: readonly string[];
  readonly message?: string | undefined;
  readonly headline?: string | undefined;
}

export function escalationCard(tenantPack: ProtocolPack, e: Escalation, o: EscalationCardOptions): AdaptiveCard {
  // Its specific process's own route, where it has one (Stockport s.3).
  const pack = routeOf(tenantPack, e);
  const stage = stageOf(pack, e.stage);
  const process = processOf(pack, e);
  const copied = copiedInto(pack, e);
  const deadline = nextDeadline(e);
  const body: CardElement[] = [
    heading(o.headline ?? `Escalation ${o.caseReference}`),
    ...(o.message ? [warning(o.message)] : []),
    facts([
      ['Case', o.caseReference],
      ['State', e.state],
      ...(process ? [['Process', process.name] as const] : []),
      ['Stage', `${e.stage} of ${pack.escalation.stages.length}: ${stage.name}`],
      ...(copied ? [[`Copied in (${copied.label})`, copied.name] as const] : []),
      ...(deadline ? [[deadline.label, londonText(deadline.dueAt)] as const] : []),
      ...(e.riskResponseDueAt && e.state === 'open'
        ? [['Risk response due', londonText(e.riskResponseDueAt)] as const]
        : []),
    ]),
    ...(e.state === 'open'
      ? considerationsAt(pack, e).map((c) => note(`To consider: ${c.wording} (${c.citation.section})`))
      : []),
    ...(o.details
      ? [...detailsOf(pack, e), ...(o.records ?? []).map(recordElement)]
      : [note('Details open for the people involved in this escalation.')]),
  ];
  const actions = actionButtons(pack, e, o.actions);
  const refresh = {
    action: execute('Refresh', 'escalation.refresh', { escalationId: e.id }),
    userIds: o.refreshUserIds.slice(0, MAX_REFRESH_USERS),
  };
  return card(body, actions, {
    refresh,
    fallbackText: `Escalation ${o.caseReference}: stage ${e.stage}, ${e.state}${deadline ? `, ${deadline.label} ${londonText(deadline.dueAt)}` : ''}`,
  });
}

function detailsOf(pack: ProtocolPack, e: Escalation): CardElement[] {
  const noEmail = missingEmailWarning(pack, e.otherAgency.contact);
  const stage = currentStage(e);
  const natures = e.natures.map((id) => pack.escalation.disagreementNatures.find((n) => n.id === id)?.label ?? id);
  return [
    facts([
      ['Other agency', `${e.otherAgency.name} — ${e.otherAgency.contact.name} (${e.otherAgency.contact.role})`],
      ...(noEmail ? [['Other agency email', noEmail] as const] : []),
      ['Raised by', `${e.raisedBy.name} (${e.raisedBy.role})`],
      ['Risk', e.riskLevel],
      ...(natures.length ? [['Nature', natures.join('; ')] as const] : []),
      ['Outcome sought', `${e.outcomeSought}${e.outcomeSoughtBy ? ` by ${e.outcomeSoughtBy}` : ''}`],
      [
        "Adult's view",
        e.adultView
          ? e.adultView.kind === 'given'
            ? e.adultView.view
            : `not asked: ${e.adultView.reason}`
          : 'not recorded',
      ],
      ...(stage.escalatedTo
        ? [['Escalated to', `${stage.escalatedTo.name} (${stage.escalatedTo.role})`] as const]
        : []),
      ...stage.discussions.map((d) => [`Discussion ${londonText(d.heldAt)}`, d.notes] as const),
      ...(e.outcome ? [['Outcome', e.outcome.summary] as const] : []),
      ...agreementFacts(pack, e),
      ...processAnswers(pack, e),
    ]),
    para(e.natureDetails),
    note(`${stageOf(pack, e.stage).wording} (${stageOf(pack, e.stage).citation.section})`),
  ];
}

/** Who has signed the agreement, where the pack asks both organisations to (Speak Out, seAp). */
function agreementFacts(pack: ProtocolPack, e: Escalation): (readonly [string, string])[] {
  if (!pack.escalation.outcomeToOtherAgency?.signedByBoth || e.state !== 'resolved') return [];
  const signed = (e.signatures ?? []).map((s) => `${s.organisation}: ${s.name} (${s.role}), ${s.signedOn}`);
  return [
    [
      'Agreement',
      agreementBinding(e)
        ? `signed by both organisations, binding (${signed.join('; ')})`
        : `awaiting ${signed.length ? 'the other signature' : 'both signatures'}${signed.length ? ` (${signed.join('; ')})` : ''}`,
    ],
  ];
}

/** The answers given to the specific process's questions when it was raised. */
function processAnswers(pack: ProtocolPack, e: Escalation): (readonly [string, string])[] {
  const process = processOf(pack, e);
  if (!process || !e.process) return [];
  const answers = e.process.answers;
  return process.questions.flatMap((q) => (answers[q.id] ? [[q.label, answers[q.id] ?? ''] as const] : []));
}

/** A record of the escalation, in full: the Board's copy carries it, the details show it. */
function recordElement(r: EscalationRecord): CardElement {
  return section(r.title, [
    para(r.subject ?? r.title, { weight: 'Bolder' }),
    para(r.body),
    note(`Produced ${londonText(r.producedAt)}`),
  ]);
}

/** A button per action the access rule allows; the less frequent ones go in the card's overflow menu. */
function actionButtons(pack: ProtocolPack, e: Escalation, allowed: readonly EscalationActionKind[]): CardElement[] {
  const ids = { escalationId: e.id, version: e.version };
  const next = pack.escalation.stages.find((s) => s.number === e.stage + 1);
  const riskStage = riskStageAbove(pack, e.stage);
  const secondaries = new Set<EscalationActionKind>();
  const form = (
    kind: EscalationActionKind,
    title: string,
    inputs: CardElement[],
    submitTitle: string,
    secondary = false,
  ): CardElement => {
    if (secondary) secondaries.add(kind);
    return showCard(title, card(inputs, [submit(submitTitle, CARD_VERB_OF[kind], ids)]));
  };
  const forms: Record<EscalationActionKind, () => CardElement> = {
    'record-discussion': () =>
      form(
        'record-discussion',
        'Discussion held',
        [
          dateInput('heldOn', 'Date', { required: true }),
          timeInput('heldAt', 'Time'),
          textInput(
            'parties',
            "Who took part (name, role, agency, and another agency's email to share the outcome; one per line)",
            {
              required: true,
              multiline: true,
            },
          ),
          textInput('notes', 'What was discussed', { required: true, multiline: true }),
        ],
        'Record the discussion',
      ),
    resolve: () =>
      form(
        'resolve',
        'Resolve',
        [
          textInput('summary', 'How it was resolved', { required: true, multiline: true }),
          textInput('actionDescription', 'Agreed action (optional)'),
          textInput('actionOwner', 'Owner'),
          dateInput('actionDue', 'Due'),
        ],
        'Mark resolved',
      ),
    escalate: () =>
      form(
        'escalate',
        `Escalate to stage ${next?.number ?? e.stage + 1}`,
        [
          ...(next ? [para(`${next.name}: ${next.wording}`)] : []),
          textInput('reason', 'Why it is being escalated', { required: true, multiline: true }),
          ...(next && ownedByRoles(next)
            ? []
            : [textInput('escalateTo', 'Escalate to (email; leave empty for your line manager)', { style: 'email' })]),
          ...exceptionalSkipInputs(pack, e),
          ...(next?.allowsMediation
            ? [
                section('Or refer to independent mediation', [
                  note('A mediator outside your organisation, who is sent the request by email.'),
                  textInput('mediatorName', 'Mediator'),
                  textInput('mediatorAgency', 'Their organisation'),
                  textInput('mediatorEmail', 'Their email', { style: 'email' }),
                ]),
              ]
            : []),
        ],
        `Escalate`,
      ),
    'escalate-on-risk': () =>
      form(
        'escalate-on-risk',
        `Risk has escalated: stage ${riskStage ?? ''}`,
        [
          para(
            `If risk to the adult has escalated, the ${pack.organisation.shortName} protocol goes straight to stage ${riskStage ?? ''} (${riskStage ? stageOf(pack, riskStage).name : ''}).`,
          ),
          textInput('riskReason', 'What has changed', { required: true, multiline: true }),
        ],
        `Go to stage ${riskStage ?? ''} now`,
      ),
    'conclude-unresolved': () =>
      form(
        'conclude-unresolved',
        'Conclude unresolved',
        [
          textInput('concludeSummary', 'Summary', { required: true, multiline: true }),
          textInput('outstandingConcerns', 'Outstanding concerns', { required: true, multiline: true }),
        ],
        'Conclude unresolved',
      ),
    'change-risk': () =>
      form(
        'change-risk',
        'Change the risk level',
        [
          choiceInput(
            'newRiskLevel',
            'Risk to the adult',
            RISK_LEVELS.map((r) => [r, r] as const),
            { required: true, value: e.riskLevel, expanded: true },
          ),
          textInput('changeReason', 'Why the risk has changed', { required: true, multiline: true }),
        ],
        'Change the risk level',
        true,
      ),
    withdraw: () =>
      form(
        'withdraw',
        'Withdraw',
        [textInput('withdrawReason', 'Why it is withdrawn', { required: true, multiline: true })],
        'Withdraw the escalation',
        true,
      ),
    'add-note': () =>
      form(
        'add-note',
        'Add a note',
        [textInput('noteText', 'Note', { required: true, multiline: true })],
        'Add the note',
        true,
      ),
    'record-signature': () =>
      form(
        'record-signature',
        'Record a signature of the agreement',
        [
          note(
            `"${pack.escalation.outcomeToOtherAgency?.wording ?? ''}" (${pack.escalation.outcomeToOtherAgency?.citation.section ?? ''})`,
          ),
          choiceInput('side', 'Signed for', unsignedSides(e), { required: true, expanded: true }),
          textInput('signatoryName', 'Signed by (name)', { required: true }),
          textInput('signatoryRole', 'Their role', { required: true }),
          dateInput('signedOn', 'Signed on', { required: true }),
        ],
        'Record the signature',
      ),
    'record-debrief': () => form('record-debrief', 'Record the de-brief', debriefInputs(pack), 'Record the de-brief'),
  };
  const buttons = allowed.map((kind) => ({ kind, button: forms[kind]() }));
  const main = buttons.filter((b) => !secondaries.has(b.kind)).map((b) => b.button);
  const more = buttons.filter((b) => secondaries.has(b.kind)).map((b) => b.button);
  // Hosts show at most five actions: the less frequent ones sit behind "More".
  if (more.length === 0 || main.length + more.length <= MAX_TOP_ACTIONS) return [...main, ...more];
  return [...main, showCard('More…', card([para('Other things you can do')], more))];
}

const MAX_TOP_ACTIONS = 5;

/** Where the pack allows skipping a line of responsibility "in exceptional circumstances" (Stockport stage three). */
function exceptionalSkipInputs(pack: ProtocolPack, e: Escalation): CardElement[] {
  const rule = pack.escalation.exceptionalSkip;
  const later = pack.escalation.stages.filter((s) => s.number > e.stage + 1);
  if (!rule || later.length === 0) return [];
  return [
    section('Only in exceptional circumstances', [
      note(`"${rule.wording}" (${rule.citation.section})`),
      choiceInput(
        'toStage',
        'Go straight to',
        later.map((s) => [String(s.number), `Stage ${s.number}: ${s.name}`] as const),
      ),
      textInput('exceptionalCircumstances', 'The exceptional circumstances', { multiline: true }),
    ]),
  ];
}

function debriefInputs(pack: ProtocolPack): CardElement[] {
  const wording = pack.escalation.debrief?.wording;
  const gaps = pack.escalation.policyGaps;
  return [
    ...(wording ? [note(wording)] : []),
    choiceInput(
      'held',
      'De-brief held?',
      [
        ['true', 'Yes'],
        ['false', 'No'],
      ],
      { required: true, expanded: true },
    ),
    textInput('notes', 'Notes (learning, what went well)', { required: true, multiline: true }),
    textInput('generalIssues', 'General issues for the Board (optional)', { multiline: true }),
    // Stockport s.6: gaps in policies and procedures go to the Independent Chair, apart from the general issues.
    ...(gaps
      ? [
          note(`"${gaps.wording}" (${gaps.citation.section})`),
          textInput('policyGaps', 'Gaps in policies and procedures (optional)', { multiline: true }),
        ]
      : []),
  ];
}

export interface EscalationListItem {
  readonly escalation: Escalation;
  readonly caseReference: string;
}

export function escalationListCard(
  pack: ProtocolPack,
  title: string,
  items: readonly EscalationListItem[],
  /** The action that fetches the next page, when there is one. */
  more?: { readonly verb: string; readonly data: Record<string, unknown> },
): AdaptiveCard {
  if (items.length === 0) return card([heading(title), para('Nothing open.')]);
  return card(
    [
      heading(title),
      ...items.map(({ escalation: e, caseReference }) => {
        const deadline = nextDeadline(e);
        const route = routeOf(pack, e);
        const stage = stageOf(route, e.stage);
        return {
          type: 'Container',
          separator: true,
          items: [
            para(md`**${caseReference}** — stage ${e.stage} (${stage.name}), ${e.riskLevel} risk`),
            note(
              deadline
                ? `${deadline.label}: ${londonText(deadline.dueAt)}. Next step: ${nextStep(route, e)}`
                : `Next step: ${nextStep(route, e)}`,
            ),
          ],
          selectAction: execute('Open', 'escalation.refresh', { escalationId: e.id }),
        };
      }),
    ],
    more ? [execute('More', more.verb, more.data)] : [],
    { fallbackText: items.map((i) => `${i.caseReference}: stage ${i.escalation.stage}`).join('\n') },
  );
}

function nextStep(pack: ProtocolPack, e: Escalation): string {
  const next = pack.escalation.stages.find((s) => s.number === e.stage + 1);
  return next ? `resolve, or escalate to ${next.name}` : 'resolve, or conclude it unresolved';
}

/** The raiser's de-brief prompt (Stockport s.4), sent through the outbox when the escalation ends. */
export function debriefCard(pack: ProtocolPack, e: Escalation, caseReference: string): AdaptiveCard {
  return card(
    [
      heading(`De-brief for ${caseReference}`),
      // Stockport Appendix One: "Immediately feed agreed actions back to operational staff".
      ...(e.outcome
        ? [
            facts([
              ['Outcome', e.outcome.summary],
              ...e.outcome.agreedActions.map(
                (a, i) => [`Agreed action ${i + 1}`, `${a.description} (${a.owner}, by ${a.dueOn})`] as const,
              ),
              ...(e.outcome.outstandingConcerns
                ? [['Outstanding concerns', e.outcome.outstandingConcerns] as const]
                : []),
            ]),
          ]
        : []),
      para('The escalation has ended. Was a de-brief held with the professionals involved?'),
      ...debriefInputs(pack),
    ],
    [submit('Record the de-brief', 'escalation.debrief', { escalationId: e.id, version: e.version })],
  );
}

export function messageCard(title: string, text: string, extra: readonly CardElement[] = []): AdaptiveCard {
  return card([heading(title), para(text), ...extra], [], { fallbackText: `${title}: ${text}` });
}

/** An agreed action past its date, and the line-manager report (Speak Out / seAp engagement protocols). */
import type { AgreedActionRecord } from '../../src/app/ports.js';
import type { ProtocolPack } from '../../src/domain/protocol/pack-schema.js';
import {
  card,
  choiceInput,
  execute,
  facts,
  heading,
  note,
  para,
  submit,
  textInput,
  toggle,
  warning,
  type AdaptiveCard,
  type CardElement,
} from './card-kit.js';
import { roleLabel } from '../../src/domain/protocol/role-labels.js';

export function actionOverdueCard(action: AgreedActionRecord): AdaptiveCard {
  return card(
    [
      heading('An agreed action is overdue'),
      facts([
        ['Action', action.description],
        ['Owner', action.owner],
        ['Due', action.dueOn],
      ]),
      para('If it has not happened and you cannot agree a way forward, the protocol asks you to escalate.'),
    ],
    [
      execute('It is done', 'action.done', { actionId: action.id }),
      execute('Raise an escalation', 'action.escalate', { actionId: action.id }),
    ],
    { fallbackText: `Overdue: ${action.description} (${action.owner}, due ${action.dueOn})` },
  );
}

export const REPORT_TITLES: Record<string, string> = {
  'conflict-of-interest': 'A conflict of interest',
  harassment: 'Harassment',
  incident: 'An incident',
  'multi-client-issue': 'An issue affecting several clients',
  complaint: 'A complaint',
  'conduct-concern': 'A concern about conduct',
  'practice-concern': "A concern about another practitioner's practice",
  'guidance-request': 'Guidance before challenging (not enough status or experience)',
};

export function lineManagerReportFormCard(pack: ProtocolPack, problem?: string): AdaptiveCard {
  const kinds = pack.lineManagerReports.map((r) => r.kind);
  // Only the reports the tenant's seed names: another protocol's kinds are not lent to it.
  if (kinds.length === 0)
    return card(
      [
        heading('Tell my line manager'),
        para(
          `The ${pack.organisation.shortName} protocol names no report to a line manager. To raise a disagreement with another agency, use "escalate".`,
        ),
      ],
      [execute('Escalate', 'open.escalation')],
    );
  return card(
    [
      heading('Tell my line manager'),
      ...(problem ? [warning(problem)] : []),
      ...pack.lineManagerReports.map((r) =>
        note(`${REPORT_TITLES[r.kind] ?? r.kind}: "${r.wording}" (${r.citation.section})`),
      ),
      choiceInput(
        'kind',
        'What is it about?',
        kinds.map((k) => [k, REPORT_TITLES[k] ?? k] as const),
        { required: true, expanded: true },
      ),
      textInput('details', 'What happened', { required: true, multiline: true }),
      textInput('caseReference', 'Case reference(s), if any'),
      ...reportOptions(pack),
    ],
    [submit('Send', 'report.send')],
  );
}

/** The pack's options: its example kinds of conflict, a complaint's member of staff, the senior route. */
function reportOptions(pack: ProtocolPack): CardElement[] {
  const rules = pack.lineManagerReports;
  const examples = rules.flatMap((r) =>
    r.examples.map((e) => [e.id, `${REPORT_TITLES[r.kind] ?? r.kind}: ${e.label}`] as const),
  );
  const complaint = rules.find((r) => r.aboutStaff);
  const senior = [...new Set(rules.flatMap((r) => r.reportTo.filter((id) => id !== 'line-manager')))].map((id) =>
    roleLabel(pack, id),
  );
  return [
    ...(examples.length ? [choiceInput('example', 'Which kind (for a conflict of interest)', examples)] : []),
    ...(complaint
      ? [
          textInput(
            'aboutEmail',
            'For a complaint: the member of staff it is about (email); it goes to their line manager',
            { style: 'email' },
          ),
        ]
      : []),
    ...(complaint?.nextLineManagerOption
      ? [toggle('informNextLineManager', 'Keep their next line manager informed')]
      : []),
    ...(senior.length
      ? [
          toggle(
            'toSenior',
            `Send it to the ${senior.join(' or ')} instead of the line manager (where the protocol allows)`,
          ),
        ]
      : []),
  ];
}

export function lineManagerReportCard(
  kind: string,
  from: string,
  details: string,
  caseReference?: string,
  example?: string,
): AdaptiveCard {
  return card(
    [
      heading(`${REPORT_TITLES[kind] ?? kind} reported by ${from}`),
      para(details),
      ...(caseReference || example
        ? [
            facts([
              ...(example ? [['Kind', example] as const] : []),
              ...(caseReference ? [['Case', caseReference] as const] : []),
            ]),
          ]
        : []),
      note('Reply to your colleague in chat, and record it as your organisation requires.'),
    ],
    [],
    { fallbackText: `${REPORT_TITLES[kind] ?? kind} reported by ${from}` },
  );
}

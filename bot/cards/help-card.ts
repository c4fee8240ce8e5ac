/** What the bot can do, as buttons; the same list answers "help" in plain text. */
import type { ProtocolPack } from '../../src/domain/protocol/pack-schema.js';
import { REPORT_TITLES } from './action-cards.js';
import { card, execute, heading, note, para, type AdaptiveCard } from './card-kit.js';
import { md } from './card-text.js';

type Command = readonly [command: string, what: string, verb: string];

const COMMANDS: readonly Command[] = [
  ['my work', 'Your open escalations, calls to confirm, agreed actions and expiring consents', 'list.work'],
  ['log call', 'Log a phone discussion and get the confirmation email', 'open.phone'],
  ['consent', 'Check consent and record a decision to share or not', 'open.consent'],
  ['escalate', 'Raise an escalation about a disagreement with another agency', 'open.escalation'],
  ['my escalations', 'Escalations you raised, with stage, deadline and next step', 'list.mine'],
  ['team escalations', "Your team's escalations and those addressed to you", 'list.team'],
];

/** The commands for the tenant's pack: "tell my manager" only where its seed names such reports, with its kinds. */
function commandsFor(pack: ProtocolPack): readonly Command[] {
  const titles = pack.lineManagerReports.map((r) => REPORT_TITLES[r.kind] ?? r.kind);
  if (titles.length === 0) return COMMANDS;
  const listed = titles.map((t, i) => (i === 0 ? t : t.charAt(0).toLowerCase() + t.slice(1)));
  const what = listed.length > 1 ? `${listed.slice(0, -1).join(', ')} or ${listed.at(-1)!}` : listed[0]!;
  return [...COMMANDS, ['tell my manager', what, 'open.report']];
}

export function helpText(pack: ProtocolPack): string {
  return [
    'I can help with:',
    ...commandsFor(pack).map(([command, what]) => `• "${command}" — ${what}`),
    'Type one of these, or "help".',
  ].join('\n');
}

export function helpCard(pack: ProtocolPack): AdaptiveCard {
  const commands = commandsFor(pack);
  return card(
    [
      heading('Safeguarding protocol assistant'),
      para(`Following ${pack.organisation.name}'s protocol.`),
      ...commands.map(([command, what]) => para(md`**${command}** — ${what}`)),
      // Hosts show at most 5 card-level actions: the seven commands go in two rows of buttons.
      {
        type: 'ActionSet',
        actions: commands.slice(0, 4).map(([command, , verb]) => execute(capitalise(command), verb)),
      },
      { type: 'ActionSet', actions: commands.slice(4).map(([command, , verb]) => execute(capitalise(command), verb)) },
      note('Cards show only case references; details open for the people entitled to see them.'),
    ],
    [],
    { fallbackText: helpText(pack) },
  );
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

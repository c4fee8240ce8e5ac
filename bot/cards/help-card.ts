/** What the bot can do, as buttons; the same list answers "help" in plain text. */
import type { ProtocolPack } from '../../src/domain/protocol/pack-schema.js';
import { card, execute, heading, note, para, type AdaptiveCard } from './card-kit.js';
import { md } from './card-text.js';

export const COMMANDS = [
  ['my work', 'Your open escalations, calls to confirm, agreed actions and expiring consents', 'list.work'],
  ['log call', 'Log a phone discussion and get the confirmation email', 'open.phone'],
  ['consent', 'Check consent and record a decision to share or not', 'open.consent'],
  ['escalate', 'Raise an escalation about a disagreement with another agency', 'open.escalation'],
  ['my escalations', 'Escalations you raised, with stage, deadline and next step', 'list.mine'],
  ['team escalations', "Your team's escalations and those addressed to you", 'list.team'],
  [
    'tell my manager',
    'A conflict of interest, harassment, an incident or an issue affecting several clients',
    'open.report',
  ],
] as const;

export function helpText(): string {
  return [
    'I can help with:',
    ...COMMANDS.map(([command, what]) => `• "${command}" — ${what}`),
    'Type one of these, or "help".',
  ].join('\n');
}

export function helpCard(pack: ProtocolPack): AdaptiveCard {
  return card(
    [
      heading('Safeguarding protocol assistant'),
      para(`Following ${pack.organisation.name}'s protocol.`),
      ...COMMANDS.map(([command, what]) => para(md`**${command}** — ${what}`)),
      // Hosts show at most 5 card-level actions: the seven commands go in two rows of buttons.
      {
        type: 'ActionSet',
        actions: COMMANDS.slice(0, 4).map(([command, , verb]) => execute(capitalise(command), verb)),
      },
      { type: 'ActionSet', actions: COMMANDS.slice(4).map(([command, , verb]) => execute(capitalise(command), verb)) },
      note('Cards show only case references; details open for the people entitled to see them.'),
    ],
    [],
    { fallbackText: helpText() },
  );
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

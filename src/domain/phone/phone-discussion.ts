/**
 * A phone (or face-to-face) discussion between professionals, and the brief email that confirms
 * it. Tameside protocol (003_9f39807ed5a4a730.txt) 2.3.2: "Telephone conversation should be
 * followed up through brief emails confirming the discussions held, to ensure clarity and
 * consistency of recorded expectations."
 */
import { formatLondon } from '../calendar/london-time.js';
import type { AgreedAction, Party } from '../escalation/escalation.js';
import type { ProtocolPack } from '../protocol/pack-schema.js';
import { renderTemplate } from '../templates/render-template.js';

export interface PhoneDiscussionInput {
  readonly personId?: string | undefined;
  readonly caseReference?: string | undefined;
  readonly occurredAt: string;
  /** Everyone in the discussion, the recorder included. */
  readonly participants: readonly Party[];
  readonly concerns: string;
  readonly agreedActions: readonly AgreedAction[];
  /** The consent basis for what was discussed (e.g. "consent recorded 12 Nov", or an exception). */
  readonly consentBasis: string;
}

export interface ConfirmationEmail {
  readonly to: readonly string[];
  readonly subject: string;
  readonly body: string;
}

/**
 * Composes the confirmation email from the pack's confirmation template when it has one, or the
 * product's neutral default, addressed to every participant except the sender.
 */
export function composeConfirmationEmail(
  pack: ProtocolPack,
  input: PhoneDiscussionInput,
  sender: Party,
): ConfirmationEmail {
  const values = confirmationValues(input, sender);
  const template = pack.templates.find((t) => t.kind === 'confirmation-email');
  const rendered = template ? renderTemplate(template, values) : { subject: undefined, body: defaultBody(values) };
  const to = input.participants.filter((p) => p.email && p.email !== sender.email).map((p) => p.email as string);
  const subject =
    rendered.subject ??
    `Confirming our discussion${input.caseReference ? ` (${input.caseReference})` : ''} on ${values.discussedAt}`;
  return { to, subject, body: rendered.body };
}

function confirmationValues(input: PhoneDiscussionInput, sender: Party): Record<string, string> {
  return {
    participants: input.participants.map((p) => `${p.name} (${p.role}, ${p.agency})`).join('; '),
    agencies: [...new Set(input.participants.map((p) => p.agency))].join(', '),
    discussedAt: formatLondon(input.occurredAt, 'full'),
    concerns: input.concerns,
    agreedActions: formatActions(input.agreedActions),
    consentBasis: input.consentBasis,
    caseReference: input.caseReference ?? '',
    senderName: sender.name,
    senderRole: sender.role,
    senderAgency: sender.agency,
  };
}

export function formatActions(actions: readonly AgreedAction[]): string {
  if (actions.length === 0) return 'No actions were agreed.';
  return actions.map((a, i) => `${i + 1}. ${a.description} (owner: ${a.owner}; by ${a.dueOn})`).join('\n');
}

function defaultBody(v: Record<string, string>): string {
  return [
    'Hello,',
    '',
    `Thank you for the discussion on ${v.discussedAt}. To make sure we have the same record, this confirms what was discussed and agreed.`,
    '',
    `Who took part: ${v.participants}`,
    `Concerns discussed: ${v.concerns}`,
    `Agreed actions:\n${v.agreedActions}`,
    `Basis for sharing information: ${v.consentBasis}`,
    '',
    'Please reply if your record differs.',
    '',
    `${v.senderName}`,
    `${v.senderRole}, ${v.senderAgency}`,
  ].join('\n');
}

/**
 * What the pack emails the other agency's contact, for the forms and views that ask for or lack
 * their email: each stage's start (Tameside 3.1) and the outcome (Tameside 3.2, Stockport stage
 * three, Speak Out and seAp "recorded in writing"). Without an email these cannot go, and the
 * person raising or reading the escalation is told so rather than finding out later.
 */
import type { ProtocolPack } from '../protocol/pack-schema.js';

/** E.g. "each stage (3.1) and the outcome (3.2)"; empty when the pack emails the other agency nothing. */
export function emailsToOtherAgency(pack: ProtocolPack): string {
  const what = [
    ...(pack.escalation.stageToOtherAgency
      ? [`each stage (${pack.escalation.stageToOtherAgency.citation.section})`]
      : []),
    ...(pack.escalation.outcomeToOtherAgency
      ? [`the outcome (${pack.escalation.outcomeToOtherAgency.citation.section})`]
      : []),
  ];
  return what.join(' and ');
}

/** The warning to show where the contact's email is missing, if the pack would email them. */
export function missingEmailWarning(
  pack: ProtocolPack,
  contact: { readonly email?: string | undefined },
): string | undefined {
  const what = emailsToOtherAgency(pack);
  if (!what || contact.email) return undefined;
  return `No email for the other agency's contact: ${what} cannot be emailed to them, as the ${pack.organisation.shortName} protocol asks.`;
}

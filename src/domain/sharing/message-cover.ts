/**
 * Whether a sharing decision covers the email being sent (the Outlook on-send check). A decision
 * records what was shared, with whom and why (Durham, Eight Golden Rules for Information Sharing,
 * rule 8); it covers an email only if that email shares no more, with no one else:
 *
 * - every address outside the organisation is named in the decision (a new recipient needs a new
 *   decision — consent is given for named recipients, not for whoever is added later);
 * - the subject is unchanged (trimmed, spacing and case ignored): a new subject is another email;
 * - no attachment was added (removing one is fine);
 * - the body may be edited (a typo, a greeting), provided the edit adds no personal identifier —
 *   NHS or National Insurance number, date of birth, postcode, case reference, or the name of
 *   someone on the sender's caseload — that was not there when the decision was recorded. The
 *   body's hash is kept, so the audit trail shows whether the body changed.
 *
 * The fingerprint holds keyed hashes only (the subject, the body, each attachment name and each
 * identifier), never the text: the decision log must not become a copy of the email.
 */
import type { Finding } from '../detection/finding.js';
import type { OutgoingMessage } from '../detection/index.js';
import type { Recipient } from './sharing-types.js';
import { assertNever } from '../shared/assert-never.js';

/** A keyed hash of a short text (the decision-log key, so identifiers cannot be guessed back from it). */
export type TextHash = (text: string) => string;

export interface MessageFingerprint {
  readonly subject: string;
  readonly body: string;
  /** Sorted, each once. */
  readonly attachments: readonly string[];
  /** Sorted, each once. */
  readonly identifiers: readonly string[];
}

export type CoverProblem =
  | { readonly kind: 'recipient-not-named'; readonly addresses: readonly string[] }
  | { readonly kind: 'subject-changed' }
  | { readonly kind: 'attachment-added'; readonly count: number }
  | { readonly kind: 'identifier-added'; readonly count: number }
  | { readonly kind: 'not-made-for-this-message' }
  /** The sender recorded a decision NOT to share for this email. */
  | { readonly kind: 'decided-not-to-share' };

/** Spacing and case do not make another text; Unicode look-alike forms are folded (NFKC). */
export function normaliseText(text: string): string {
  return text.normalize('NFKC').replace(/\s+/gu, ' ').trim().toLowerCase();
}

/** An identifier as written ("943 476 5919", "943-476-5919") compared by its letters and digits. */
function normaliseIdentifier(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}]/gu, '')
    .toUpperCase();
}

/** The fingerprint of `message`, given the findings detection made in it. */
export function fingerprintMessage(
  hash: TextHash,
  message: OutgoingMessage,
  findings: readonly Finding[],
): MessageFingerprint {
  const identifiers = findings.flatMap((f) => {
    if (f.kind === 'known-person' && f.personId) return [`person:${f.personId}`];
    if (f.where === 'attachment') return [];
    const text = f.where === 'subject' ? message.subject : message.bodyText;
    return [`${f.kind}:${normaliseIdentifier(text.slice(f.index, f.index + f.length))}`];
  });
  return {
    subject: hash(`subject:${normaliseText(message.subject)}`),
    body: hash(`body:${normaliseText(message.bodyText)}`),
    attachments: sortedOnce(message.attachmentNames.map((name) => hash(`attachment:${normaliseText(name)}`))),
    identifiers: sortedOnce(identifiers.map((id) => hash(`identifier:${id}`))),
  };
}

/**
 * What stops the decision covering the message now: empty when it covers it.
 * @example coverProblems({ recipients, fingerprint }, { externalRecipients: ['alex@housing.example'], fingerprint: now })
 */
export function coverProblems(
  decision: { readonly recipients: readonly Recipient[]; readonly fingerprint?: MessageFingerprint | undefined },
  message: { readonly externalRecipients: readonly string[]; readonly fingerprint: MessageFingerprint },
): CoverProblem[] {
  if (!decision.fingerprint) return [{ kind: 'not-made-for-this-message' }];
  const named = new Set(decision.recipients.flatMap((r) => (r.email ? [r.email.trim().toLowerCase()] : [])));
  const problems: CoverProblem[] = [];
  const unnamed = message.externalRecipients.filter((a) => !named.has(a.trim().toLowerCase()));
  if (unnamed.length > 0) problems.push({ kind: 'recipient-not-named', addresses: unnamed });
  if (decision.fingerprint.subject !== message.fingerprint.subject) problems.push({ kind: 'subject-changed' });
  const added = (now: readonly string[], then: readonly string[]) => now.filter((h) => !then.includes(h)).length;
  const attachments = added(message.fingerprint.attachments, decision.fingerprint.attachments);
  if (attachments > 0) problems.push({ kind: 'attachment-added', count: attachments });
  const identifiers = added(message.fingerprint.identifiers, decision.fingerprint.identifiers);
  if (identifiers > 0) problems.push({ kind: 'identifier-added', count: identifiers });
  return problems;
}

/** The sender's words for a problem (their own recipients only; no identifier is repeated). */
export function coverProblemText(problem: CoverProblem): string {
  switch (problem.kind) {
    case 'recipient-not-named':
      return `The decision does not name ${problem.addresses.join(', ')}.`;
    case 'subject-changed':
      return 'The subject changed since the decision was recorded.';
    case 'attachment-added':
      return `${problem.count === 1 ? 'An attachment was' : `${problem.count} attachments were`} added since the decision was recorded.`;
    case 'identifier-added':
      return 'The email now holds personal details that were not in it when the decision was recorded.';
    case 'not-made-for-this-message':
      return 'The decision was not recorded from this email.';
    case 'decided-not-to-share':
      return 'You recorded a decision not to share this information.';
    default:
      return assertNever(problem, 'cover problem');
  }
}

function sortedOnce(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}

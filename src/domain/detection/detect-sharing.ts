/**
 * The on-send check: does this email share a person's information with another agency? If it
 * does, the sender is asked to record a sharing decision before it goes. Information about a
 * person is shared only with their consent or under a named exception (Tameside 2.3.5: consent
 * "explicitly gathered wherever possible", unless immediate safeguarding overrides it), and the
 * decision and its reasons are recorded either way (Durham, Eight Golden Rules for Information
 * Sharing, rules 3 and 8).
 *
 * A decision is required when at least one recipient is outside the organisation AND the
 * subject, body or an attachment's file name holds at least one identifier or caseload name.
 * The verdict gives positions, never the matched text, so it can be logged safely.
 *
 * Pure: the browser add-in and the server run the same code. Every detector is a linear scan.
 */
import { attachmentNameForScanning, createKeywordMatcher } from './attachments.js';
import { compileCaseReferencePattern } from './case-reference.js';
import { findDatesOfBirth } from './date-of-birth.js';
import { FINDING_KINDS, type Finding, type FindingKind, type Span, type TextMatch } from './finding.js';
import { createNameMatcher, type KnownPerson } from './known-names.js';
import { findNationalInsuranceNumbers } from './national-insurance.js';
import { findNhsNumbers } from './nhs-number.js';
import { findPostcodes } from './postcode.js';
import { type Addressees, domainOf, findExternalRecipients, ownDomainsFor } from './recipients.js';

/** The email as the check sees it: addresses (bare or "Name <address>"), subject, body as plain text, file names. */
export interface OutgoingMessage extends Addressees {
  readonly subject: string;
  /** Plain text; convert an HTML body with `htmlToText` first. Body offsets refer to this text. */
  readonly bodyText: string;
  readonly attachmentNames: readonly string[];
}

export interface SharingDetectorOptions {
  /** The organisation's email domains (subdomains included). Default: the sender's domain. */
  readonly ownDomains?: readonly string[] | undefined;
  /** The pack's `caseReference.pattern` or the tenant's own; invalid patterns throw a ValidationError. */
  readonly caseReferencePattern?: string | undefined;
  /** The sender's caseload: full names are looked for. */
  readonly knownPeople?: readonly KnownPerson[] | undefined;
  /** Postcodes that are not about a person, such as the organisation's own offices in signatures. */
  readonly ignoredPostcodes?: readonly string[] | undefined;
  /** Words in file names that mark a safeguarding record; default `DEFAULT_ATTACHMENT_KEYWORDS`. */
  readonly attachmentKeywords?: readonly string[] | undefined;
}

export interface SharingVerdict {
  readonly decisionRequired: boolean;
  /** Lower-cased addresses outside the organisation, in To, Cc, Bcc order. */
  readonly externalRecipients: string[];
  /** In order: subject, body, then attachments by position; each by offset. */
  readonly findings: Finding[];
  /** Plain-language reasons for the sender, free of the person's information. */
  readonly reasons: string[];
}

export type SharingDetector = (message: OutgoingMessage) => SharingVerdict;

/**
 * Compiles the options once (case-reference pattern, caseload names) and returns the check, for
 * callers that check many emails. Throws a ValidationError for an unusable case-reference pattern.
 */
export function createSharingDetector(options: SharingDetectorOptions = {}): SharingDetector {
  const caseReferences = options.caseReferencePattern === undefined ? undefined : compileCaseReferencePattern(options.caseReferencePattern);
  const names = createNameMatcher(options.knownPeople ?? []);
  const keywords = createKeywordMatcher(options.attachmentKeywords);
  const ignore = options.ignoredPostcodes;

  const scan = (text: string): TextMatch[] => {
    const as = (kind: FindingKind) => (s: Span): TextMatch => ({ kind, index: s.index, length: s.length });
    return [
      ...findNhsNumbers(text).map(as('nhs-number')),
      ...findNationalInsuranceNumbers(text).map(as('national-insurance-number')),
      ...findDatesOfBirth(text).map(as('date-of-birth')),
      ...findPostcodes(text, { ignore }).map(as('postcode')),
      ...(caseReferences?.find(text) ?? []).map(as('case-reference')),
      ...names.find(text),
    ];
  };

  return (message) => {
    const externalRecipients = findExternalRecipients(message, options.ownDomains);
    const findings: Finding[] = [
      ...placed(scan(message.subject), 'subject'),
      ...placed(scan(message.bodyText), 'body'),
      ...message.attachmentNames.flatMap((name, attachmentIndex) => {
        const readable = attachmentNameForScanning(name);
        return placed([...scan(readable), ...keywords.find(readable).map((s) => ({ kind: 'attachment-name' as const, ...s }))], 'attachment', attachmentIndex);
      }),
    ];
    const decisionRequired = externalRecipients.length > 0 && findings.length > 0;
    return { decisionRequired, externalRecipients, findings, reasons: reasonsFor(message, externalRecipients, findings, options.ownDomains, decisionRequired) };
  };
}

/** Checks one email. Throws a ValidationError for an unusable `caseReferencePattern`. */
export function detectSharing(message: OutgoingMessage, options: SharingDetectorOptions = {}): SharingVerdict {
  return createSharingDetector(options)(message);
}

const KIND_ORDER = new Map<FindingKind, number>(FINDING_KINDS.map((k, i) => [k, i]));

function placed(matches: TextMatch[], where: Finding['where'], attachmentIndex?: number): Finding[] {
  return [...matches]
    .sort((a, b) => a.index - b.index || (KIND_ORDER.get(a.kind) ?? 0) - (KIND_ORDER.get(b.kind) ?? 0))
    .map((m) => ({
      kind: m.kind,
      where,
      index: m.index,
      length: m.length,
      ...(m.personId === undefined ? {} : { personId: m.personId }),
      ...(attachmentIndex === undefined ? {} : { attachmentIndex }),
    }));
}

const LABELS: Readonly<Record<FindingKind, readonly [string, string]>> = {
  'nhs-number': ['NHS number', 'NHS numbers'],
  'national-insurance-number': ['National Insurance number', 'National Insurance numbers'],
  'date-of-birth': ['date of birth', 'dates of birth'],
  postcode: ['postcode', 'postcodes'],
  'case-reference': ['case reference', 'case references'],
  'known-person': ['name of a person on the caseload', 'names of people on the caseload'],
  'attachment-name': ['word marking a safeguarding record', 'words marking a safeguarding record'],
};

function reasonsFor(message: OutgoingMessage, external: string[], findings: Finding[], configured: readonly string[] | undefined, decisionRequired: boolean): string[] {
  const reasons: string[] = [];
  const recipients = [...message.to, ...message.cc, ...message.bcc].filter((r) => r.trim() !== '');
  if (recipients.length === 0) reasons.push('The email has no recipients.');
  else if (external.length === 0) reasons.push(`Every recipient is within the organisation (${ownDomainsFor(message.from, configured).join(', ')}).`);
  else {
    const domains = [...new Set(external.map((a) => domainOf(a) ?? 'an unreadable address'))];
    reasons.push(`${count(external.length, 'recipient is', 'recipients are')} outside the organisation: ${domains.join(', ')}.`);
  }

  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = f.where === 'attachment' ? `Attachment ${(f.attachmentIndex ?? 0) + 1} file name` : f.where === 'subject' ? 'Subject' : 'Body';
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  for (const [place, found] of groups) {
    const parts = FINDING_KINDS.flatMap((kind) => {
      const n = found.filter((f) => f.kind === kind).length;
      return n === 0 ? [] : [count(n, ...LABELS[kind])];
    });
    reasons.push(`${place}: ${parts.join(', ')}.`);
  }
  if (findings.length === 0) reasons.push('No identifiers or caseload names were found (the check cannot recognise information described only in words).');

  if (decisionRequired) {
    reasons.push(
      "Record a sharing decision before sending: a person's information goes to another agency only with their consent or under a named exception (Tameside 2.3.5; Durham Eight Golden Rules for Information Sharing, rules 3 and 8).",
    );
  }
  return reasons;
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

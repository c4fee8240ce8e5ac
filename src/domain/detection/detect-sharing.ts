/**
 * The on-send check: does this email share a person's information with another agency? If it
 * does, the sender is asked to record a sharing decision before it goes. Which bases allow
 * sharing, and what the record holds, are the tenant's sharing pack's: this check cites no
 * protocol itself (the server adds the pack's citation: src/domain/sharing/protocol-citation.ts).
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
  /**
   * True when `bodyText` is only the start of a longer body (the add-in cut it to fit the request
   * to the server): the rest was not seen, so it is treated as if it may hold identifiers.
   */
  readonly bodyTruncated?: boolean | undefined;
  readonly attachmentNames: readonly string[];
}

/**
 * The most characters of each text (subject, body, each file name) the check reads: about 100
 * pages. Detection is linear, so this bounds the time one email can take (tens of milliseconds on
 * the server); the rest of a longer text is not read, and the verdict says so and asks for a
 * decision, since the unread part may hold identifiers.
 */
export const MAX_SCANNED_CHARACTERS = 400_000;

/**
 * Positions kept per kind of finding in each text. A chronology can hold thousands of dates of
 * birth; the sender needs a few positions and the count (in `findingCounts` and the reasons), and
 * the verdict stays small enough to send and log.
 */
export const MAX_POSITIONS_PER_KIND = 100;

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
  /** Default `MAX_SCANNED_CHARACTERS`; larger only for tools that read saved emails (and for benchmarks). */
  readonly maxScannedCharacters?: number | undefined;
}

export interface SharingVerdict {
  readonly decisionRequired: boolean;
  /** Lower-cased addresses outside the organisation, in To, Cc, Bcc order. */
  readonly externalRecipients: string[];
  /** In order: subject, body, then attachments by position; each by offset. At most `MAX_POSITIONS_PER_KIND` per kind in each. */
  readonly findings: Finding[];
  /** How many of each kind were found in all, positions kept or not (kinds found at least once). */
  readonly findingCounts: Partial<Record<FindingKind, number>>;
  /** True when part of the email was not read (longer than `MAX_SCANNED_CHARACTERS`): then a decision is asked for. */
  readonly truncated: boolean;
  /** Plain-language reasons for the sender, free of the person's information. */
  readonly reasons: string[];
}

export type SharingDetector = (message: OutgoingMessage) => SharingVerdict;

/** What one text yielded: the positions kept (in text order per kind) and the count of each kind. */
interface TextScan {
  readonly matches: TextMatch[];
  readonly counts: number[]; // by FINDING_KINDS index
  readonly truncated: boolean;
}

/**
 * Compiles the options once (case-reference pattern, caseload names) and returns the check, for
 * callers that check many emails. Throws a ValidationError for an unusable case-reference pattern.
 */
export function createSharingDetector(options: SharingDetectorOptions = {}): SharingDetector {
  const caseReferences =
    options.caseReferencePattern === undefined ? undefined : compileCaseReferencePattern(options.caseReferencePattern);
  const names = createNameMatcher(options.knownPeople ?? []);
  const keywords = createKeywordMatcher(options.attachmentKeywords);
  const ignore = options.ignoredPostcodes;
  const limit = options.maxScannedCharacters ?? MAX_SCANNED_CHARACTERS;

  const scan = (whole: string, extra?: (text: string) => Span[]): TextScan => {
    const text = firstCharacters(whole, limit);
    const matches: TextMatch[] = [];
    const counts = FINDING_KINDS.map(() => 0);
    const keep = (kind: FindingKind, spans: readonly Span[]) => {
      const k = KIND_ORDER.get(kind) ?? 0;
      counts[k] = (counts[k] ?? 0) + spans.length;
      const n = Math.min(spans.length, MAX_POSITIONS_PER_KIND);
      for (let i = 0; i < n; i += 1) matches.push({ kind, index: spans[i]?.index ?? 0, length: spans[i]?.length ?? 0 });
    };
    keep('nhs-number', findNhsNumbers(text));
    keep('national-insurance-number', findNationalInsuranceNumbers(text));
    keep('date-of-birth', findDatesOfBirth(text));
    keep('postcode', findPostcodes(text, { ignore }));
    if (caseReferences) keep('case-reference', caseReferences.find(text));
    const person = KIND_ORDER.get('known-person') ?? 0;
    let keptPeople = 0;
    names.scan(text, (index, length, personIds) => {
      counts[person] = (counts[person] ?? 0) + personIds.length;
      for (let i = 0; i < personIds.length && keptPeople < MAX_POSITIONS_PER_KIND; i += 1, keptPeople += 1) {
        matches.push({ kind: 'known-person', index, length, personId: personIds[i] ?? '' });
      }
    });
    if (extra) keep('attachment-name', extra(text));
    return { matches, counts, truncated: text.length < whole.length };
  };

  return (message) => {
    const externalRecipients = findExternalRecipients(message, options.ownDomains);
    const places: { label: string; scan: TextScan; findings: Finding[] }[] = [];
    const add = (label: string, result: TextScan, where: Finding['where'], attachmentIndex?: number) => {
      places.push({ label, scan: result, findings: placed(result.matches, where, attachmentIndex) });
    };
    add('Subject', scan(message.subject), 'subject');
    add('Body', scan(message.bodyText), 'body');
    message.attachmentNames.forEach((name, attachmentIndex) => {
      add(
        `Attachment ${attachmentIndex + 1} file name`,
        scan(attachmentNameForScanning(name), (text) => keywords.find(text)),
        'attachment',
        attachmentIndex,
      );
    });
    const findings = places.flatMap((p) => p.findings);
    const findingCounts: Partial<Record<FindingKind, number>> = {};
    FINDING_KINDS.forEach((kind, k) => {
      const n = places.reduce((sum, p) => sum + (p.scan.counts[k] ?? 0), 0);
      if (n > 0) findingCounts[kind] = n;
    });
    const unread = places
      .filter((p) => p.scan.truncated || (p.label === 'Body' && message.bodyTruncated === true))
      .map((p) => p.label);
    const truncated = unread.length > 0;
    const decisionRequired = externalRecipients.length > 0 && (findings.length > 0 || truncated);
    const reasons = reasonsFor(
      message,
      externalRecipients,
      places,
      unread,
      limit,
      options.ownDomains,
      decisionRequired,
    );
    return { decisionRequired, externalRecipients, findings, findingCounts, truncated, reasons };
  };
}

/** Checks one email. Throws a ValidationError for an unusable `caseReferencePattern`. */
export function detectSharing(message: OutgoingMessage, options: SharingDetectorOptions = {}): SharingVerdict {
  return createSharingDetector(options)(message);
}

/** The first `limit` characters, never ending inside a surrogate pair. */
export function firstCharacters(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const last = text.charCodeAt(limit - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? limit - 1 : limit);
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

function reasonsFor(
  message: OutgoingMessage,
  external: string[],
  places: readonly { label: string; scan: TextScan }[],
  unread: readonly string[],
  limit: number,
  configured: readonly string[] | undefined,
  decisionRequired: boolean,
): string[] {
  const reasons: string[] = [];
  const recipients = [...message.to, ...message.cc, ...message.bcc].filter((r) => r.trim() !== '');
  if (recipients.length === 0) reasons.push('The email has no recipients.');
  else if (external.length === 0)
    reasons.push(`Every recipient is within the organisation (${ownDomainsFor(message.from, configured).join(', ')}).`);
  else {
    const domains = [...new Set(external.map((a) => domainOf(a) ?? 'an unreadable address'))];
    reasons.push(
      `${count(external.length, 'recipient is', 'recipients are')} outside the organisation: ${domains.join(', ')}.`,
    );
  }

  let found = false;
  for (const { label, scan } of places) {
    const parts = FINDING_KINDS.flatMap((kind, k) => {
      const n = scan.counts[k] ?? 0;
      return n === 0 ? [] : [count(n, ...LABELS[kind])];
    });
    if (parts.length === 0) continue;
    found = true;
    reasons.push(`${label}: ${parts.join(', ')}.`);
  }
  if (unread.length > 0) {
    reasons.push(
      `${unread.join(', ')}: only the first ${thousands(limit)} characters were checked; the rest may hold a person's information, so it is treated as if it does.`,
    );
  }
  if (!found)
    reasons.push(
      'No identifiers or caseload names were found (the check cannot recognise information described only in words).',
    );

  if (decisionRequired) {
    reasons.push(
      "Record a sharing decision before sending: a person's information goes to another agency only with their consent or on a basis your protocol allows, and the decision is recorded.",
    );
  }
  return reasons;
}

/** 400000 → "400,000", without Intl (Outlook's JavaScript-only runtime). */
function thousands(n: number): string {
  const digits = String(n);
  let out = '';
  for (let i = 0; i < digits.length; i += 1) out += (i > 0 && (digits.length - i) % 3 === 0 ? ',' : '') + digits[i];
  return out;
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * What the on-send check reports. A finding says *where* something was found (kind, place,
 * offset, length), never *what* was found: the verdict is logged and sent to the server, and
 * must not itself become a copy of the person's information (Durham Eight Golden Rules for
 * Information Sharing, rule 7: "shared securely", "only with those people who need to have it").
 */

export const FINDING_KINDS = [
  'nhs-number',
  'national-insurance-number',
  'date-of-birth',
  'postcode',
  'case-reference',
  'known-person',
  'attachment-name',
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export const FINDING_PLACES = ['subject', 'body', 'attachment'] as const;
export type FindingPlace = (typeof FINDING_PLACES)[number];

/** A stretch of a scanned text, in UTF-16 code units (JavaScript string offsets). */
export interface Span {
  readonly index: number;
  readonly length: number;
}

export interface Finding extends Span {
  readonly kind: FindingKind;
  /** The subject, the body text, or one attachment's file name; `index` is an offset into it. */
  readonly where: FindingPlace;
  /** For `known-person`: the caseload entry whose name was found. */
  readonly personId?: string;
  /** For `where: 'attachment'`: the position of the file name in `message.attachmentNames`. */
  readonly attachmentIndex?: number;
}

/** What one detector found in one text, before it is placed in the subject, body or an attachment. */
export interface TextMatch extends Span {
  readonly kind: FindingKind;
  readonly personId?: string;
}

/**
 * The consent register's rules. Records are never edited: a withdrawal or a new decision by the
 * person is a new record, and the latest record covering an agency is the one that counts.
 *
 * Speak Out "Confidentiality and Information Sharing": "Data subjects must give explicit consent
 * for information about them to be shared"; Durham, HM Government guidance 3.30: people aged 16
 * and over are presumed to have capacity unless there is evidence to the contrary (checked from
 * the date of birth where the tenant's sharing pack carries that rule: sharing-basis.ts).
 */
import type { IsoDate } from '../shared/time.js';

export const CONSENT_STATUSES = ['given', 'refused', 'withdrawn'] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];

/** Any agency: the person consented to sharing with every agency involved in their care. */
export const ANY_AGENCY = '*';

export type CapacityBasis =
  | { readonly kind: 'presumed' }
  | {
      readonly kind: 'assessed';
      readonly outcome: 'has-capacity' | 'lacks-capacity';
      readonly assessedBy: string;
      readonly assessedOn: IsoDate;
      readonly notes?: string | undefined;
    };

export interface ConsentRecord {
  readonly id: string;
  readonly tenantId: string;
  readonly personId: string;
  readonly status: ConsentStatus;
  /** Which information the person agreed (or refused) to share. */
  readonly information: string;
  /** Agencies or named recipients covered; `ANY_AGENCY` for all. */
  readonly recipients: readonly string[];
  readonly capacity: CapacityBasis;
  readonly expiresOn?: IsoDate | undefined;
  readonly notes?: string | undefined;
  /**
   * The person was told what cannot be kept confidential (Speak Out, seAp "Confidentiality and
   * Information Sharing"); absent on records made before it was asked.
   */
  readonly informedOfLimits?: boolean | undefined;
  readonly recordedBy: string;
  /** The recorder's user id (absent on records made before it was kept): they may read the person's records. */
  readonly recordedById?: string | undefined;
  readonly recordedAt: string;
}

export type ConsentAnswer =
  | { readonly kind: 'given'; readonly record: ConsentRecord }
  | { readonly kind: 'refused'; readonly record: ConsentRecord }
  | { readonly kind: 'withdrawn'; readonly record: ConsentRecord }
  | { readonly kind: 'expired'; readonly record: ConsentRecord }
  /** Consent was recorded, but the person was assessed as lacking capacity to give it. */
  | { readonly kind: 'no-capacity'; readonly record: ConsentRecord }
  | { readonly kind: 'none' };

/**
 * What the register says about sharing with `agency` on London date `on`.
 * @example consentFor(records, { agency: 'Stockport Homes', on: '2026-11-25' })
 */
export function consentFor(
  records: readonly ConsentRecord[],
  query: { readonly agency: string; readonly on: IsoDate },
): ConsentAnswer {
  const latest = records
    .filter((r) => covers(r, query.agency))
    .sort((a, b) => b.recordedAt.localeCompare(a.recordedAt))[0];
  if (!latest) return { kind: 'none' };
  if (latest.status !== 'given') return { kind: latest.status, record: latest };
  if (latest.capacity.kind === 'assessed' && latest.capacity.outcome === 'lacks-capacity')
    return { kind: 'no-capacity', record: latest };
  if (latest.expiresOn !== undefined && latest.expiresOn < query.on) return { kind: 'expired', record: latest };
  return { kind: 'given', record: latest };
}

function covers(record: ConsentRecord, agency: string): boolean {
  const wanted = normaliseAgency(agency);
  return record.recipients.some((r) => r === ANY_AGENCY || normaliseAgency(r) === wanted);
}

/** Agency names are compared ignoring case, spacing and punctuation ("Stockport Homes Ltd." ≠ typo-sensitive). */
export function normaliseAgency(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * Consents about to lapse: a given consent with an expiry date in a window, that is still the
 * register's answer for at least one of its agencies (a newer record for those agencies —
 * renewed, refused, withdrawn — replaces it, so it is no longer "expiring").
 */
import type { IsoDate } from '../shared/time.js';
import { consentFor, type ConsentRecord } from './consent.js';

export interface ExpiringConsent {
  readonly record: ConsentRecord;
  readonly expiresOn: IsoDate;
  /** The agencies for which it is still the answer. */
  readonly agencies: readonly string[];
}

/** @example consentsExpiring(records, '2026-11-25', '2026-12-25') */
export function consentsExpiring(records: readonly ConsentRecord[], from: IsoDate, to: IsoDate): ExpiringConsent[] {
  const out: ExpiringConsent[] = [];
  for (const record of records) {
    const expiresOn = record.expiresOn;
    if (record.status !== 'given' || !expiresOn || expiresOn < from || expiresOn > to) continue;
    const agencies = record.recipients.filter((agency) => {
      const answer = consentFor(records, { agency, on: from });
      return answer.kind === 'given' && answer.record.id === record.id;
    });
    if (agencies.length > 0) out.push({ record, expiresOn, agencies });
  }
  return out.sort((a, b) => a.expiresOn.localeCompare(b.expiresOn));
}

/**
 * The citation a user sees for the duty to record a sharing decision: always the tenant's sharing
 * pack's own sections, never another protocol's (issue 9, item 8).
 */
import type { ProtocolPack } from '../protocol/pack-schema.js';

/**
 * e.g. "County Durham protocol: Information Sharing – Consent and the Public Interest; Eight Golden
 * Rules for Information Sharing, rule 8; …", or undefined when the pack has no sharing rules.
 */
export function sharingCitationText(pack: ProtocolPack): string | undefined {
  const sections = [
    pack.consent?.citation.section,
    ...pack.recordKeeping
      .filter((r) => r.requires.share.length + r.requires.notShare.length > 0)
      .map((r) => r.citation.section),
  ].filter((s): s is string => s !== undefined);
  const unique = [...new Set(sections)];
  return unique.length ? `${pack.organisation.shortName} protocol: ${unique.join('; ')}.` : undefined;
}

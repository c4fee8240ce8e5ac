/** The on-send detection module: one import for the Outlook add-in and the server. */
export {
  DEFAULT_ATTACHMENT_KEYWORDS,
  attachmentNameForScanning,
  createKeywordMatcher,
  type KeywordMatcher,
} from './attachments.js';
export {
  caseReferencePatternProblem,
  compileCaseReferencePattern,
  MAX_CASE_REFERENCE_PATTERN_LENGTH,
  type CaseReferenceMatcher,
} from './case-reference.js';
export { DATE_OF_BIRTH_WINDOW, findDatesOfBirth } from './date-of-birth.js';
export {
  createSharingDetector,
  detectSharing,
  firstCharacters,
  MAX_POSITIONS_PER_KIND,
  MAX_SCANNED_CHARACTERS,
  type OutgoingMessage,
  type SharingDetector,
  type SharingDetectorOptions,
  type SharingVerdict,
} from './detect-sharing.js';
export {
  FINDING_KINDS,
  FINDING_PLACES,
  type Finding,
  type FindingKind,
  type FindingPlace,
  type Span,
  type TextMatch,
} from './finding.js';
export { htmlToText } from './html-to-text.js';
export { createNameMatcher, type KnownPerson, type NameHit, type NameMatcher } from './known-names.js';
export { findNationalInsuranceNumbers, isValidNationalInsuranceNumber } from './national-insurance.js';
export { findNhsNumbers, isValidNhsNumber } from './nhs-number.js';
export { findPostcodes, normalisePostcode } from './postcode.js';
export {
  type Addressees,
  domainOf,
  emailAddressOf,
  findExternalRecipients,
  isOwnDomain,
  normaliseDomain,
  ownDomainsFor,
} from './recipients.js';

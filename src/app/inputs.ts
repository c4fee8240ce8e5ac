/**
 * Input schemas for the use cases: every edge (REST, bot cards, add-in, CLI) parses with these
 * before calling a use case, so bad input is refused with a clear message and nothing is stored.
 */
import { z } from 'zod';
import { CONSENT_STATUSES } from '../domain/consent/consent.js';
import { RISK_LEVELS } from '../domain/protocol/pack-schema.js';
import { ValidationError } from '../domain/shared/errors.js';
import { isIsoDate, type IsoDate } from '../domain/shared/time.js';

const text = z.string().trim().min(1, 'is required').max(10_000, 'is too long');
const isoDate = z.string().refine(isIsoDate, 'must be a date written YYYY-MM-DD').transform((v) => v as IsoDate);
const instant = z.string().datetime({ offset: true, message: 'must be a date and time such as 2026-11-25T14:30:00Z' }).transform((v) => new Date(v).toISOString());
const email = z.string().trim().email('must be an email address');

export const partySchema = z.object({
  name: text, role: text, agency: text, email: email.optional(), userId: z.string().min(1).optional(),
}).strict();

export const agreedActionSchema = z.object({ description: text, owner: text, dueOn: isoDate }).strict();

export const registerPersonSchema = z.object({
  caseReference: z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9][A-Za-z0-9/_.-]*$/, 'may contain letters, digits and / _ . - only'),
  displayName: text,
  dateOfBirth: isoDate.optional(),
}).strict();

export const recordConsentSchema = z.object({
  personId: z.string().uuid(),
  status: z.enum(CONSENT_STATUSES),
  information: text,
  recipients: z.array(text).min(1, 'name at least one agency, or "*" for any agency'),
  capacity: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('presumed') }).strict(),
    z.object({ kind: z.literal('assessed'), outcome: z.enum(['has-capacity', 'lacks-capacity']), assessedBy: text, assessedOn: isoDate, notes: z.string().optional() }).strict(),
  ]),
  expiresOn: isoDate.optional(),
  notes: z.string().max(10_000).optional(),
}).strict();

export const sharingProposalSchema = z.object({
  decision: z.enum(['share', 'not-share']),
  personId: z.string().uuid(),
  basis: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('consent'), consentRecordId: z.string().uuid() }).strict(),
    z.object({ kind: z.literal('exception'), exceptionId: text }).strict(),
    z.object({ kind: z.literal('public-interest'), groundIds: z.array(text), capacitatedAdultRiskToSelfOnly: z.boolean() }).strict(),
    z.object({ kind: z.literal('none') }).strict(),
  ]),
  information: z.string().max(10_000),
  recipients: z.array(z.object({ name: text, agency: text, email: email.optional() }).strict()),
  purpose: z.string().max(10_000),
  reasons: z.string().max(10_000),
  involved: z.array(text).default([]),
  proportionality: z.object({
    necessaryAndRelevantOnly: z.boolean(), factDistinguishedFromOpinion: z.boolean(),
    historicalInformationExplained: z.union([z.boolean(), z.literal('not-applicable')]), sharedSecurely: z.boolean(),
  }).strict().optional(),
  context: z.object({ channel: z.enum(['outlook', 'teams', 'web', 'cli']), reference: z.string().max(1000).optional() }).strict().optional(),
}).strict();

export const logPhoneDiscussionSchema = z.object({
  personId: z.string().uuid().optional(),
  occurredAt: instant,
  participants: z.array(partySchema).min(2, 'a discussion has at least two participants'),
  concerns: text,
  agreedActions: z.array(agreedActionSchema).default([]),
  consentBasis: text,
}).strict();

export const raiseEscalationSchema = z.object({
  personId: z.string().uuid(),
  raisedBy: partySchema,
  otherAgency: z.object({ name: text, contact: partySchema }).strict(),
  natures: z.array(text).default([]),
  natureDetails: text,
  outcomeSought: text,
  outcomeSoughtBy: isoDate.optional(),
  riskLevel: z.enum(RISK_LEVELS),
  adultView: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('given'), view: text, by: z.enum(['adult', 'representative']) }).strict(),
    z.object({ kind: z.literal('not-asked'), reason: text }).strict(),
  ]).optional(),
  stage1Discussion: z.object({ heldAt: instant, parties: z.array(partySchema).min(1), notes: text }).strict().optional(),
}).strict();

export const escalationEventSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('record-discussion'), heldAt: instant, parties: z.array(partySchema).min(1), notes: text }).strict(),
  z.object({ kind: z.literal('add-note'), text }).strict(),
  z.object({ kind: z.literal('escalate'), reason: text, toStage: z.number().int().positive().optional(), riskEscalated: z.boolean().optional(), escalatedBy: partySchema.optional(), escalatedTo: partySchema.optional() }).strict(),
  z.object({ kind: z.literal('change-risk'), riskLevel: z.enum(RISK_LEVELS), reason: text }).strict(),
  z.object({ kind: z.literal('resolve'), summary: text, agreedActions: z.array(agreedActionSchema).default([]) }).strict(),
  z.object({ kind: z.literal('conclude-unresolved'), summary: text, outstandingConcerns: text }).strict(),
  z.object({ kind: z.literal('withdraw'), reason: text }).strict(),
  z.object({ kind: z.literal('record-debrief'), held: z.boolean(), notes: text, generalIssues: z.string().max(10_000).optional() }).strict(),
]);

export type RegisterPersonInput = z.output<typeof registerPersonSchema>;
export type RecordConsentInput = z.output<typeof recordConsentSchema>;
export type SharingProposalInput = z.output<typeof sharingProposalSchema>;
export type LogPhoneDiscussionInput = z.output<typeof logPhoneDiscussionSchema>;
export type RaiseEscalationRequest = z.output<typeof raiseEscalationSchema>;
export type EscalationEventInput = z.output<typeof escalationEventSchema>;

/**
 * Parses untrusted input, or throws a ValidationError listing each field and what is wrong.
 * @example const input = parseInput(recordConsentSchema, JSON.parse(body))
 */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'input'}: ${i.message}`);
  throw new ValidationError(problems.join('; '), { problems });
}

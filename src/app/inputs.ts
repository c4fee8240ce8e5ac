/**
 * Input schemas for the use cases: every edge (REST, bot cards, add-in, CLI) parses with these
 * before calling a use case, so bad input is refused with a clear message and nothing is stored.
 */
import { z } from 'zod';
import { CONSENT_STATUSES } from '../domain/consent/consent.js';
import { RISK_LEVELS } from '../domain/protocol/pack-schema.js';
import { ValidationError } from '../domain/shared/errors.js';
import {
  email,
  idText,
  instant,
  isoDate,
  optionalText,
  requiredText,
  setByServer,
  storableString,
  uuid,
} from './input-primitives.js';

const text = requiredText();
const shortText = requiredText(500);

export const partySchema = z
  .object({
    name: shortText,
    role: shortText,
    agency: shortText,
    email: email.optional(),
    userId: idText.optional(),
  })
  .strict();

export const agreedActionSchema = z.object({ description: text, owner: shortText, dueOn: isoDate }).strict();

export const registerPersonSchema = z
  .object({
    caseReference: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z0-9][A-Za-z0-9/_.-]*$/, 'may contain letters, digits and / _ . - only'),
    displayName: shortText,
    dateOfBirth: isoDate.optional(),
  })
  .strict();

export const recordConsentSchema = z
  .object({
    personId: uuid,
    status: z.enum(CONSENT_STATUSES),
    information: text,
    recipients: z.array(shortText).min(1, 'name at least one agency, or "*" for any agency').max(100),
    capacity: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('presumed') }).strict(),
      z
        .object({
          kind: z.literal('assessed'),
          outcome: z.enum(['has-capacity', 'lacks-capacity']),
          assessedBy: shortText,
          assessedOn: isoDate,
          notes: optionalText(),
        })
        .strict(),
    ]),
    expiresOn: isoDate.optional(),
    notes: optionalText(),
    /** The person was told what cannot be kept confidential (Speak Out, seAp "Confidentiality and Information Sharing"). */
    informedOfLimits: z.boolean().optional(),
  })
  .strict();

export const sharingProposalSchema = z
  .object({
    decision: z.enum(['share', 'not-share']),
    personId: uuid,
    basis: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('consent'), consentRecordId: uuid }).strict(),
      z.object({ kind: z.literal('exception'), exceptionId: shortText }).strict(),
      z
        .object({
          kind: z.literal('public-interest'),
          groundIds: z.array(shortText).max(50),
          capacitatedAdultRiskToSelfOnly: z.boolean(),
          capacitatedAdultJustification: optionalText(),
        })
        .strict(),
      /** A lawful basis the sharing pack does not give: named, and why it applies. */
      z.object({ kind: z.literal('outside-protocol'), name: shortText, justification: text }).strict(),
      z.object({ kind: z.literal('none') }).strict(),
    ]),
    information: storableString(),
    recipients: z.array(z.object({ name: shortText, agency: shortText, email: email.optional() }).strict()).max(100),
    purpose: storableString(),
    reasons: storableString(),
    involved: z.array(shortText).max(100).default([]),
    /** Ids of the sharing pack's proportionality rules the sharer confirms. */
    confirmed: z.array(shortText).max(50).default([]),
    // 500 UTF-16 units stay under PostgreSQL's btree limit (about 2,700 bytes) in the reference index.
    context: z
      .object({ channel: z.enum(['outlook', 'teams', 'web', 'cli']), reference: storableString(500).optional() })
      .strict()
      .optional(),
  })
  .strict();

export const logPhoneDiscussionSchema = z
  .object({
    personId: uuid.optional(),
    occurredAt: instant,
    participants: z.array(partySchema).min(2, 'a discussion has at least two participants').max(50),
    concerns: text,
    agreedActions: z.array(agreedActionSchema).max(50).default([]),
    consentBasis: text,
    /** The risk the discussion found the person at: increasing or imminent starts Tameside 2.3.3's clock. */
    riskLevel: z.enum(RISK_LEVELS).optional(),
  })
  .strict();

/**
 * Raising an escalation. Who raises it is the signed-in caller (H1/M3 of the 2026-12 security
 * review): the body says only the raiser's role and, optionally, agency. The other agency's
 * contact is named for the record; naming them gives them no say over the escalation.
 */
export const raiseEscalationSchema = z
  .object({
    personId: uuid,
    raisedBy: setByServer(),
    raiserRole: shortText,
    /** The raiser's agency; the organisation's name when left out. */
    raiserAgency: shortText.optional(),
    otherAgency: z.object({ name: shortText, contact: partySchema }).strict(),
    natures: z.array(shortText).max(50).default([]),
    natureDetails: text,
    outcomeSought: text,
    outcomeSoughtBy: isoDate.optional(),
    /** A specific process of the pack (Stockport s.3), with the answers to its questions. */
    process: z
      .object({
        id: shortText,
        answers: z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/, 'must be a question id'), shortText).default({}),
      })
      .strict()
      .optional(),
    riskLevel: z.enum(RISK_LEVELS),
    adultView: z
      .discriminatedUnion('kind', [
        z.object({ kind: z.literal('given'), view: text, by: z.enum(['adult', 'representative']) }).strict(),
        z.object({ kind: z.literal('not-asked'), reason: text }).strict(),
      ])
      .optional(),
    stage1Discussion: z
      .object({ heldAt: instant, parties: z.array(partySchema).min(1).max(50), notes: text })
      .strict()
      .optional(),
  })
  .strict();

/**
 * What a person does to an escalation. Escalating records the caller as who escalated; it goes
 * to the caller's line manager, or to a colleague named by email in `escalateTo`, who must be in
 * the organisation's directory.
 */
export const escalationEventSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('record-discussion'),
      heldAt: instant,
      parties: z.array(partySchema).min(1).max(50),
      notes: text,
    })
    .strict(),
  z.object({ kind: z.literal('add-note'), text }).strict(),
  z
    .object({
      kind: z.literal('escalate'),
      reason: text,
      toStage: z.number().int().positive().max(100).optional(),
      riskEscalated: z.boolean().optional(),
      exceptionalCircumstances: optionalText(),
      /** An independent mediator outside the organisation, where the pack's stage allows mediation. */
      mediator: z.object({ name: shortText, agency: shortText, email }).strict().optional(),
      escalateTo: email.optional(),
      escalatedBy: setByServer(),
      escalatedTo: setByServer(
        'is set by the server: name a colleague by email in escalateTo, or leave it out for your line manager',
      ),
    })
    .strict(),
  z.object({ kind: z.literal('change-risk'), riskLevel: z.enum(RISK_LEVELS), reason: text }).strict(),
  z
    .object({
      kind: z.literal('resolve'),
      summary: text,
      agreedActions: z.array(agreedActionSchema).max(50).default([]),
    })
    .strict(),
  z.object({ kind: z.literal('conclude-unresolved'), summary: text, outstandingConcerns: text }).strict(),
  z.object({ kind: z.literal('withdraw'), reason: text }).strict(),
  z
    .object({
      kind: z.literal('record-signature'),
      side: z.enum(['ours', 'theirs']),
      name: shortText,
      role: shortText,
      signedOn: isoDate,
    })
    .strict(),
  z
    .object({
      kind: z.literal('record-debrief'),
      held: z.boolean(),
      notes: text,
      generalIssues: optionalText(),
      policyGaps: optionalText(),
    })
    .strict(),
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

/**
 * What each card action may submit, checked at the edge: a card can be replayed or crafted, so
 * its data is untrusted input like any request body. Inputs arrive as strings (Adaptive Cards
 * send every value as text); these schemas turn them into the use cases' inputs.
 */
import { z } from 'zod';

const optionalText = z.string().trim().max(10_000).optional().transform((v) => (v ? v : undefined));
const required = (what: string) => z.string({ error: `${what} is required` }).trim().min(1, `${what} is required`).max(10_000);
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date');
const optionalDate = z.union([date, z.literal('')]).optional().transform((v) => (v ? v : undefined));
const time = z.string().regex(/^\d{2}:\d{2}(:\d{2})?$/, 'must be a time');
const flag = z.union([z.boolean(), z.enum(['true', 'false'])]).optional().transform((v) => v === true || v === 'true');
const uuid = z.string().uuid();
const version = z.coerce.number().int().positive();

export const phoneLogData = z.object({
  caseReference: optionalText, date, time: time, myRole: required('Your role'),
  otherName: required('Name'), otherRole: required('Role'), otherAgency: required('Agency'), otherEmail: z.union([z.string().trim().email('must be an email address'), z.literal('')]).optional(),
  concerns: required('What was discussed'), consentBasis: required('Consent basis'),
  action0Description: optionalText, action0Owner: optionalText, action0Due: optionalDate,
  action1Description: optionalText, action1Owner: optionalText, action1Due: optionalDate,
  action2Description: optionalText, action2Owner: optionalText, action2Due: optionalDate,
});

export const discussionRef = z.object({ discussionId: uuid });
export const consentLookupData = z.object({ caseReference: required('Case reference'), agency: required('Agency') });

export const sharingRecordData = z.object({
  personId: uuid, agency: required('Agency'), decision: z.enum(['share', 'not-share']), basis: required('Lawful basis'),
  groundIds: optionalText, capacitatedAdultRiskToSelfOnly: flag,
  necessaryAndRelevantOnly: flag, factDistinguishedFromOpinion: flag, sharedSecurely: flag,
  historicalInformationExplained: z.enum(['true', 'false', 'not-applicable']).default('not-applicable'),
  recipientName: required('Recipient name'), recipientEmail: z.union([z.string().trim().email(), z.literal('')]).optional(),
  information: required('What is shared'), purpose: required('Purpose'), reasons: required('Reasons'),
});

export const escalationRaiseData = z.object({
  caseReference: required('Case reference'), myRole: required('Your role'), myAgency: required('Your agency'),
  otherAgency: required('Agency'), otherName: required('Contact name'), otherRole: required('Contact role'), otherEmail: z.union([z.string().trim().email(), z.literal('')]).optional(),
  natures: optionalText, natureDetails: required('What the disagreement is about'), outcomeSought: required('Outcome sought'), outcomeSoughtBy: optionalDate,
  riskLevel: required('Risk'), adultView: optionalText, adultViewBy: z.enum(['adult', 'representative']).default('adult'), adultViewNotAskedReason: optionalText,
  stage1Date: optionalDate, stage1Time: z.union([time, z.literal('')]).optional(), stage1Notes: optionalText,
});

export const escalationRef = z.object({ escalationId: uuid });
export const escalationVersioned = escalationRef.extend({ version });
export const recordDiscussionData = escalationVersioned.extend({ heldOn: date, heldAt: time, parties: required('Who took part'), notes: required('What was discussed') });
export const resolveData = escalationVersioned.extend({ summary: required('How it was resolved'), actionDescription: optionalText, actionOwner: optionalText, actionDue: optionalDate });
export const escalateData = escalationVersioned.extend({ reason: required('Reason'), escalateTo: z.union([z.string().trim().email('must be an email address'), z.literal('')]).optional(), riskEscalated: flag });
export const debriefData = escalationRef.extend({ held: z.enum(['true', 'false']), notes: required('Notes'), generalIssues: optionalText });
export const actionRef = z.object({ actionId: uuid });
export const reportData = z.object({ kind: required('What it is about'), details: required('What happened'), caseReference: optionalText });

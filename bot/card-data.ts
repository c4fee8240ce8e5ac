/**
 * What each card action may submit, checked at the edge: a card can be replayed or crafted, so
 * its data is untrusted input like any request body. Inputs arrive as strings (Adaptive Cards
 * send every value as text); these schemas turn them into the use cases' inputs, built on the
 * same primitives as the REST API (`src/app/input-primitives.ts`), so a NUL, a broken character
 * or a date that does not exist gets a card saying what to fix — never a failed turn.
 */
import { z } from 'zod';
import { email, isoDate, requiredText, storableString, uuid, wallTimeText } from '../src/app/input-primitives.js';
import { LINE_MANAGER_REPORT_KINDS, RISK_LEVELS } from '../src/domain/protocol/pack-schema.js';

/** Optional text: an empty field means "not given". */
const optionalText = storableString()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined));
const required = (what: string) =>
  z.string({ error: `${what} is required` }).pipe(requiredText(10_000, `${what} is required`));
const date = isoDate;
/** An empty input means "not given"; anything else must be valid (its own message, not a union's "Invalid input"). */
const emptyAsMissing = <S extends z.ZodType>(schema: S) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
const optionalDate = emptyAsMissing(date);
const time = wallTimeText;
const optionalEmail = emptyAsMissing(email);
const flag = z
  .union([z.boolean(), z.enum(['true', 'false'])])
  .optional()
  .transform((v) => v === true || v === 'true');
const version = z.coerce.number().int().positive();

export const phoneLogData = z.object({
  caseReference: optionalText,
  date,
  time,
  myRole: required('Your role'),
  otherName: required('Name'),
  otherRole: required('Role'),
  otherAgency: required('Agency'),
  otherEmail: optionalEmail,
  concerns: required('What was discussed'),
  consentBasis: required('Consent basis'),
  riskLevel: z.enum(RISK_LEVELS, { error: `Risk must be one of ${RISK_LEVELS.join(', ')}` }).default('standard'),
  action0Description: optionalText,
  action0Owner: optionalText,
  action0Due: optionalDate,
  action1Description: optionalText,
  action1Owner: optionalText,
  action1Due: optionalDate,
  action2Description: optionalText,
  action2Owner: optionalText,
  action2Due: optionalDate,
});

export const discussionRef = z.object({ discussionId: uuid });
export const consentLookupData = z.object({ caseReference: required('Case reference'), agency: required('Agency') });

export const sharingRecordData = z.object({
  personId: uuid,
  agency: required('Agency'),
  decision: z.enum(['share', 'not-share']),
  basis: required('Lawful basis'),
  groundIds: optionalText,
  /** The 3.43 question (Durham): answered yes or no on the public-interest path, never defaulted. */
  capacitatedAdult: emptyAsMissing(z.enum(['yes', 'no'])),
  capacitatedAdultJustification: optionalText,
  outsideBasisName: optionalText,
  outsideBasisJustification: optionalText,
  /** The sharing pack's proportionality rules confirmed (comma-separated ids from a multi-select). */
  confirmed: optionalText,
  recipientName: required('Recipient name'),
  recipientEmail: optionalEmail,
  information: optionalText,
  purpose: optionalText,
  reasons: optionalText,
  /** Others involved in the decision, one per line (Durham, Collaborative Working rule 7). */
  involved: optionalText,
});

export const escalationRaiseData = z
  .object({
    caseReference: required('Case reference'),
    myRole: required('Your role'),
    myAgency: required('Your agency'),
    otherAgency: required('Agency'),
    otherName: required('Contact name'),
    otherRole: required('Contact role'),
    otherEmail: optionalEmail,
    natures: optionalText,
    natureDetails: required('What the disagreement is about'),
    outcomeSought: required('Outcome sought'),
    outcomeSoughtBy: optionalDate,
    riskLevel: z.enum(RISK_LEVELS, { error: `Risk must be one of ${RISK_LEVELS.join(', ')}` }),
    adultView: optionalText,
    adultViewBy: z.enum(['adult', 'representative']).default('adult'),
    adultViewNotAskedReason: optionalText,
    stage1Date: optionalDate,
    stage1Time: emptyAsMissing(time),
    stage1Notes: optionalText,
    /** A specific process (Stockport s.3); its questions' answers come as `process.<id>.<question>`. */
    process: optionalText,
  })
  // The questions of every specific process are inputs named `process.<id>.<question>`: kept as text.
  .catchall(z.unknown());

/** The answers a raise form gave to the questions of `processId`, by question id (typed text only). */
export function processAnswersOf(raw: Readonly<Record<string, unknown>>, processId: string): Record<string, string> {
  const prefix = `process.${processId}.`;
  const answers: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!key.startsWith(prefix)) continue;
    const text = optionalText.parse(typeof value === 'string' ? value : undefined);
    if (text) answers[key.slice(prefix.length)] = text;
  }
  return answers;
}

export const escalationRef = z.object({ escalationId: uuid });
export const escalationVersioned = escalationRef.extend({ version });
export const recordDiscussionData = escalationVersioned.extend({
  heldOn: date,
  heldAt: time,
  parties: required('Who took part'),
  notes: required('What was discussed'),
});
export const resolveData = escalationVersioned.extend({
  summary: required('How it was resolved'),
  actionDescription: optionalText,
  actionOwner: optionalText,
  actionDue: optionalDate,
});
export const escalateData = escalationVersioned.extend({
  reason: required('Reason'),
  escalateTo: optionalEmail,
  riskEscalated: flag,
  // Stockport stage three: a later stage "in exceptional circumstances", which are then required.
  toStage: emptyAsMissing(z.coerce.number().int().positive().max(100)),
  exceptionalCircumstances: optionalText,
  // Speak Out and seAp: "or refer to independent mediation", a mediator outside the organisation.
  mediatorName: optionalText,
  mediatorAgency: optionalText,
  mediatorEmail: optionalEmail,
});
/** "Risk has escalated": straight to the stage the pack names (Tameside 3.2 stage 4). */
// Input ids are unique across one card (its forms share a namespace), hence the prefixes.
export const escalateOnRiskData = escalationVersioned.extend({ riskReason: required('What has changed') });
export const changeRiskData = escalationVersioned.extend({
  newRiskLevel: z.enum(RISK_LEVELS, { error: `Risk must be one of ${RISK_LEVELS.join(', ')}` }),
  changeReason: required('Why the risk has changed'),
});
export const concludeData = escalationVersioned.extend({
  concludeSummary: required('Summary'),
  outstandingConcerns: required('Outstanding concerns'),
});
export const withdrawData = escalationVersioned.extend({ withdrawReason: required('Why it is withdrawn') });
export const noteData = escalationVersioned.extend({ noteText: required('Note') });
export const signatureData = escalationVersioned.extend({
  side: z.enum(['ours', 'theirs'], { error: 'Signed for: choose which organisation' }),
  signatoryName: required('Signed by'),
  signatoryRole: required('Their role'),
  signedOn: date,
});
export const debriefData = escalationRef.extend({
  version: version.optional(),
  held: z.enum(['true', 'false']),
  notes: required('Notes'),
  generalIssues: optionalText,
  policyGaps: optionalText,
});
export const actionRef = z.object({ actionId: uuid });
export const reportData = z.object({
  kind: z.enum(LINE_MANAGER_REPORT_KINDS, { error: 'What it is about: choose one of the kinds listed' }),
  details: required('What happened'),
  caseReference: optionalText,
  example: optionalText,
  aboutEmail: optionalEmail,
  informNextLineManager: flag,
  toSenior: flag,
});
/** Card actions that only open a form or a list: whatever data the card carries is ignored. */
export const noData = z.unknown();
/** A list card's "More": where the page before ended (absent: the first page). */
export const listPageData = z.object({
  afterOpenedAt: z.iso.datetime({ offset: true }).optional(),
  afterId: uuid.optional(),
});

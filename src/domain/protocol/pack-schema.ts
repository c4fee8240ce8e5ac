/**
 * The protocol pack format: one organisation's safeguarding protocol as data.
 *
 * Every rule carries a `citation` (seed file + section) so each surface can show *why* a rule
 * applies. The schema is strict: an unknown key is an error, so a typo in a pack never silently
 * turns a rule off. zod is the one library the domain may use: it is pure and runs in a browser.
 */
import { z } from 'zod';
import { caseReferencePatternProblem } from '../detection/case-reference.js';
import { NATIONS } from '../shared/nation.js';
import { RISK_LEVELS } from '../shared/risk-level.js';
import { REPORT_FREQUENCIES } from '../reports/report-period.js';
import { isIsoDate, isWallTime, wallTime as toWallTime } from '../shared/time.js';

export { RISK_LEVELS, type RiskLevel } from '../shared/risk-level.js';

const slug = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/, 'must be lower-case letters, digits and hyphens, starting with a letter');
const text = z.string().trim().min(1, 'must not be empty');
const isoDate = z.string().refine(isIsoDate, 'must be a real date written YYYY-MM-DD');
const wallTime = z.string().refine(isWallTime, 'must be a time written HH:MM (24-hour)');

/** Where a rule comes from: the seed document and the section (or paragraph, rule, appendix). */
export const citationSchema = z
  .object({
    seed: z.string().regex(/^[0-9]{3}_[0-9a-f]{16}\.txt$/, 'must name a seed file such as 003_9f39807ed5a4a730.txt'),
    section: text,
  })
  .strict();

/** A piece of protocol wording, quoted exactly from the seed, with its citation. */
const quotedRule = z.object({ id: slug, wording: text, citation: citationSchema }).strict();

export const SHARING_EXCEPTION_CATEGORIES = [
  'harm-to-self-or-others',
  'crime',
  'undisclosed-offence',
  'security-rules',
  'terrorism',
  'child-safeguarding',
  'adult-safeguarding',
  'public-interest',
  'immediate-safeguarding',
] as const;

const sharingException = z
  .object({
    id: slug,
    /** The label the seed gives the exception: "a"…"g" for seAp, "1"…"4" for Speak Out. */
    code: text,
    wording: text,
    category: z.enum(SHARING_EXCEPTION_CATEGORIES),
    citation: citationSchema,
  })
  .strict();

const publicInterestTest = z
  .object({
    /** Circumstances in which sharing without consent is normally justified (HM Government 3.42). */
    grounds: z.array(sharingException).min(1),
    /** When sharing without consent may NOT be justified (HM Government 3.43). */
    capacitatedAdultException: quotedRule,
    /** Further guidance shown beside the questions (3.30 presumption of capacity, 3.41 judgement). */
    guidance: z.array(quotedRule).default([]),
  })
  .strict();

const consentRule = z
  .object({
    wording: text,
    citation: citationSchema,
    /** Consent must be explicit (not implied) before sharing with a third party; said so only where the seed says it. */
    explicit: z.boolean(),
    /**
     * Age from which capacity to consent is presumed, checked against the person's date of birth
     * (HM Government guidance 3.30, in the Durham protocol: 16). Absent: the seed says nothing.
     */
    capacityPresumed: z
      .object({ fromAge: z.number().int().min(0).max(25), citation: citationSchema })
      .strict()
      .optional(),
    /**
     * The person is told what cannot be kept confidential (Speak Out, seAp "Confidentiality and
     * Information Sharing"): a field of every consent record, and consent relied on must say so.
     */
    confidentialityLimits: quotedRule.optional(),
    /** Where the seed qualifies the rule ("wherever possible and reasonable", Tameside 2.3.5): our reading, shown in the catalogue. */
    reading: text.optional(),
  })
  .strict();

/** What a decision's record must hold, by field (Durham Golden Rule 8, Collaborative Working rule 7…). */
export const RECORD_FIELDS = ['reasons', 'what', 'recipients', 'purpose', 'involved'] as const;
export type RecordField = (typeof RECORD_FIELDS)[number];

/** A record-keeping rule, with the fields it makes required for a decision to share and not to share. */
const recordRule = quotedRule
  .extend({
    requires: z
      .object({
        share: z.array(z.enum(RECORD_FIELDS)).default([]),
        notShare: z.array(z.enum(RECORD_FIELDS)).default([]),
      })
      .strict()
      .default({ share: [], notShare: [] }),
  })
  .strict();

/** A proportionality or quality rule; `confirm` is what the sharer confirms before sharing (absent: shown only). */
const proportionalityRule = quotedRule.extend({ confirm: text.optional() }).strict();

/**
 * Where a rule of guidance is shown: on every sharing decision, beside the bases for sharing
 * without consent, or beside a decision not to share.
 */
export const GUIDANCE_PLACES = ['decision', 'without-consent', 'not-share'] as const;
const guidanceRule = quotedRule.extend({ at: z.enum(GUIDANCE_PLACES) }).strict();

const riskLimit = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('within-hours'), hours: z.number().int().positive() }).strict(),
  z.object({ kind: z.literal('same-working-day') }).strict(),
]);

const riskResponse = z
  .object({
    id: slug,
    /** The risk level this limit applies to; `any`: whatever the level (Stockport s.1, "on the same working day"). */
    level: z.enum([...RISK_LEVELS, 'any']),
    wording: text,
    limit: riskLimit,
    citation: citationSchema,
  })
  .strict();

const stageDeadline = z
  .object({
    id: slug,
    label: text,
    workingDays: z.number().int().positive(),
    /** What happens when the deadline passes: remind the stage's parties, or the stage is due to escalate. */
    onMissed: z.enum(['remind', 'escalate']),
    /**
     * What meets the deadline before it passes: `discussion`, a discussion recorded at the stage
     * (Tameside stage 2, "contact will need to be established … within 5 working days"). Absent:
     * only the end of the stage (an escalation, a resolution) meets it.
     */
    metBy: z.enum(['discussion']).optional(),
    citation: citationSchema,
  })
  .strict();

const escalationStage = z
  .object({
    number: z.number().int().positive(),
    name: text,
    /** Role ids (from `roles`) of who is involved at this stage. */
    parties: z.array(slug).min(1),
    /**
     * The practitioner who raised the escalation is a party of this stage and may act on it
     * (Stockport "Stage One Escalation - Professional to professional"; Durham, Speak Out and seAp
     * stage 1). Otherwise only the managers responsible act (Tameside 3.2 stage 1: team managers).
     */
    raiserIsParty: z.boolean().default(false),
    wording: text,
    citation: citationSchema,
    /** Deadlines counted in working days from the moment the stage starts. */
    deadlines: z.array(stageDeadline).default([]),
    /** The stage may be entered directly from any earlier stage when risk escalates (Tameside stage 4). */
    enterOnRiskEscalation: z.boolean().default(false),
    /** This stage hands the matter to the Safeguarding Adults Board. */
    isBoard: z.boolean().default(false),
    /**
     * The stage belongs to the holders of its roles, whoever escalates it — not to the next line
     * manager (Stockport s.3: "contact should be made with the Head of the Safeguarding Unit").
     * Board stages always are.
     */
    ownedByRoleHolders: z.boolean().default(false),
    /**
     * The stage may be taken to independent mediation, a mediator outside the organisation named
     * by email (Speak Out, seAp: "refer the dispute to more senior members of each organisation,
     * or refer to independent mediation").
     */
    allowsMediation: z.boolean().default(false),
    /**
     * A discussion recorded at this stage is confirmed in writing: its key points are emailed to
     * the other agency's contact (Tameside 3.2 stages 1 and 2: "key points confirmed in writing").
     */
    discussionConfirmed: quotedRule.optional(),
    /**
     * The escalation may be concluded unresolved at this stage, not only at the last (Stockport:
     * beyond the head of service escalation continues "only in exceptional circumstances", the LSAB
     * Chair for "significant policy issues"; Appendix Two records dissatisfaction that remains).
     */
    mayConcludeUnresolved: z.boolean().default(false),
  })
  .strict();

/** A question a specific process asks when it is raised; its answer is kept with the escalation. */
const processQuestion = z
  .object({
    id: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/),
    label: text,
    kind: z.enum(['text', 'email', 'yes-no']).default('text'),
    required: z.boolean().default(false),
  })
  .strict();

/**
 * A specific process the seed names for disagreements about one part of the safeguarding
 * procedure (Stockport s.3 "Specific Processes": dissent at referral/enquiry, about the need for a
 * Safeguarding Conference, at a Section 42 conference, about a protection plan's implementation).
 * It may follow the pack's own stages, or a route of its own (`stages`); it may ask questions
 * when raised, copy someone outside the organisation into all its correspondence, and prompt for
 * a consideration from a stage on.
 */
const specificProcess = z
  .object({
    id: slug,
    name: text,
    wording: text,
    citation: citationSchema,
    /** Its own route (e.g. ASC, then the Head of the Safeguarding Unit). Absent: the pack's stages. */
    stages: z.array(escalationStage).min(1).optional(),
    questions: z.array(processQuestion).default([]),
    /**
     * Someone named when it is raised who is copied into every notice of the escalation, by email
     * (Stockport s.3: "The Conference Chair should be copied into all correspondence").
     */
    copyInto: z
      .object({
        label: text,
        nameQuestion: z.string(),
        emailQuestion: z.string(),
        wording: text,
        citation: citationSchema,
      })
      .strict()
      .optional(),
    /** Something to consider once the escalation reaches a stage (reconvening the Review Conference). */
    considerations: z.array(quotedRule.extend({ fromStage: z.number().int().positive() }).strict()).default([]),
  })
  .strict();

const escalationRules = z
  .object({
    citation: citationSchema,
    beforeEscalating: z
      .object({
        /** Ask and record the adult's (or representative's) view before escalating (Stockport s.3, Appendix One). */
        askAdultView: z.boolean(),
        wording: text.optional(),
        citation: citationSchema.optional(),
      })
      .strict(),
    /**
     * Raising asks by when the outcome is sought, and refuses without it (Stockport s.1: "clear in
     * respect of … within what timescale they are seeking to achieve it"). Absent: optional.
     */
    timescaleRequired: quotedRule.optional(),
    /** The kinds of disagreement the pack names (Stockport s.1). Empty: free text only. */
    disagreementNatures: z.array(z.object({ id: slug, label: text, citation: citationSchema }).strict()).default([]),
    stages: z.array(escalationStage).min(2),
    /** Specific processes with their own guidance and, where the seed gives one, their own route (Stockport s.3). */
    specificProcesses: z.array(specificProcess).default([]),
    debrief: quotedRule.optional(),
    /**
     * Gaps in policies and procedures the process highlighted, asked for in the de-brief and
     * brought to the attention of the holders of `toRoles` (Stockport s.6: "brought to the
     * attention of the Independent Chair of Safeguarding Adults Board"). Absent: not asked.
     */
    policyGaps: quotedRule
      .extend({ toRoles: z.array(slug).min(1) })
      .strict()
      .optional(),
    /**
     * Stages may be skipped "in exceptional circumstances", with the circumstances recorded
     * (Stockport stage three). Absent: stages are never skipped (save for escalated risk).
     */
    exceptionalSkip: quotedRule.optional(),
    /**
     * The outcome is confirmed in writing to the other agency: emailed to its contact when the
     * escalation is resolved or concluded (Tameside 3.2 "shared via email"; Stockport stage three
     * "shared with all other agencies"; Speak Out and seAp "recorded in writing and … signed by
     * both organisations").
     */
    outcomeToOtherAgency: quotedRule
      .extend({
        /**
         * The agreement is signed by both organisations, and binding once it is (Speak Out, seAp:
         * "once signed by both organisations, remains binding upon them"): each side's signature
         * is recorded on the resolved escalation.
         */
        signedByBoth: z.boolean().default(false),
      })
      .strict()
      .optional(),
    /**
     * Each stage's start is emailed to the other agency's contact, naming the stage, so the other
     * agency escalates on its side too (Tameside 3.1: "The pathway promotes escalation within
     * both/all agencies at each stage").
     */
    stageToOtherAgency: quotedRule.optional(),
    /** Template id of the record produced at the end of an escalation (Stockport Appendix Two). */
    recordTemplateId: slug.optional(),
    /**
     * Template id of the letter produced each time the escalation is escalated, to the other
     * agency (County Durham: "Please use the letter templates Appendix 1, 2,3 to escalate the
     * concerns"): kept as a record, printable, and created as an Outlook draft on request.
     */
    letterTemplateId: slug.optional(),
  })
  .strict();

export const LINE_MANAGER_REPORT_KINDS = [
  'conflict-of-interest',
  'harassment',
  'incident',
  'multi-client-issue',
  'complaint',
  'conduct-concern',
  'practice-concern',
  'guidance-request',
] as const;

const lineManagerReport = z
  .object({
    kind: z.enum(LINE_MANAGER_REPORT_KINDS),
    wording: text,
    /**
     * The line manager first; further roles the reporter may choose instead ("line manager or the
     * Director"). Without `line-manager`, it goes to those roles' holders (Stockport stage one:
     * "seek guidance from their Safeguarding Lead").
     */
    reportTo: z.array(slug).min(1),
    /** Kinds the seed gives as examples (seAp: "breach of confidentiality; abuse of trust; personal gain; divided loyalty…"), chosen and recorded. */
    examples: z.array(z.object({ id: slug, label: text }).strict()).default([]),
    /** Goes to the line manager of the member of staff it is about, not the reporter's (Speak Out, seAp complaints). */
    aboutStaff: z.boolean().default(false),
    /** The reporter may keep the next line manager informed too (seAp complaints). */
    nextLineManagerOption: z.boolean().default(false),
    citation: citationSchema,
  })
  .strict();

export const TEMPLATE_KINDS = ['escalation-letter', 'record-of-escalation', 'confirmation-email'] as const;

const template = z
  .object({
    id: slug,
    kind: z.enum(TEMPLATE_KINDS),
    title: text,
    citation: citationSchema,
    fields: z.array(
      z.object({ id: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/), label: text, required: z.boolean() }).strict(),
    ),
    /** Plain text with `{{fieldId}}` placeholders; every placeholder must be a declared field. */
    subject: text.optional(),
    body: text,
  })
  .strict();

const boardReport = z
  .object({
    id: slug,
    title: text,
    frequency: z.enum(REPORT_FREQUENCIES),
    /** Role ids whose holders receive it (and may read the reports in the tab). */
    recipients: z.array(slug).min(1),
    /** Where the seed names no cadence exactly ("regular updates", Tameside 2.3.8): our reading, shown in the catalogue. */
    reading: text.optional(),
    citation: citationSchema,
  })
  .strict();

const board = z
  .object({
    name: text,
    shortName: text,
    /** Role id of the Board's business manager, who receives escalation records. */
    businessManagerRole: slug,
    /** Role ids that receive a copy of every escalation record or notice. */
    escalationRecordsTo: z.array(slug).min(1),
    /**
     * Each escalation notice is copied to the business manager when it is issued (Stockport s.5,
     * "forward a copy of each escalation notice to the LSAB Business Manager"), and de-brief
     * "general issues" are referred to them (Stockport s.4).
     */
    copyEscalationNotices: z.boolean().default(false),
    /**
     * The reports the seed asks for on a cadence (Stockport s.5: to the Board quarterly; seAp
     * "Service Complaints": monthly to the senior management team, quarterly to commissioners):
     * produced at the period's end and sent to the holders of `recipients`. None: the tab still
     * shows any period on demand.
     */
    reports: z.array(boardReport).default([]),
    citation: citationSchema,
  })
  .strict();

export const packSchema = z
  .object({
    formatVersion: z.literal(1),
    id: slug,
    organisation: z
      .object({ name: text, shortName: text, kind: z.enum(['advocacy-provider', 'safeguarding-partnership']) })
      .strict(),
    source: z
      .object({
        seed: citationSchema.shape.seed,
        title: text,
        version: text.optional(),
        year: z.number().int().min(1990).max(2100).optional(),
      })
      .strict(),
    nation: z.enum(NATIONS),
    workingDay: z
      .object({
        start: wallTime.default(toWallTime('09:00')),
        end: wallTime.default(toWallTime('17:00')),
        /** Local closure days that are not bank holidays (e.g. an office closure on 24 December). */
        closureDays: z.array(isoDate).default([]),
      })
      .strict()
      .default({ start: toWallTime('09:00'), end: toWallTime('17:00'), closureDays: [] }),
    roles: z.array(z.object({ id: slug, label: text }).strict()).min(1),
    board,
    /**
     * The information-sharing side. A pack whose seed says nothing about sharing (Stockport's
     * escalation policy) has no consent rule, no exceptions and no checks: a tenant combines it
     * with another pack for sharing (the tenant's sharing pack).
     */
    consent: consentRule.optional(),
    /** Only the exceptions the seed names; none when it names none. */
    sharingExceptions: z.array(sharingException).default([]),
    publicInterestTest: publicInterestTest.optional(),
    proportionality: z.array(proportionalityRule).default([]),
    recordKeeping: z.array(recordRule).default([]),
    /** Rules shown where they apply (Durham's Golden Rules, seAp's Caldicott obligations), not checked. */
    sharingGuidance: z.array(guidanceRule).default([]),
    /**
     * Rules of the seed a tool cannot act on (a professional judgement, another organisation's
     * duty), quoted, with why: the rule catalogue lists them so nothing is silently left out.
     */
    outsideTheTool: z.array(quotedRule.extend({ why: text }).strict()).default([]),
    riskResponses: z.array(riskResponse).default([]),
    escalation: escalationRules,
    lineManagerReports: z.array(lineManagerReport).default([]),
    templates: z.array(template).default([]),
    caseReference: z.object({ pattern: text, example: text }).strict().optional(),
  })
  .strict()
  .superRefine((pack, ctx) => checkCrossReferences(pack, ctx));

export type ProtocolPack = z.infer<typeof packSchema>;
export type PackInput = z.input<typeof packSchema>;
export type Citation = z.infer<typeof citationSchema>;
export type SharingException = ProtocolPack['sharingExceptions'][number];
export type ProportionalityRule = ProtocolPack['proportionality'][number];
export type RecordRule = ProtocolPack['recordKeeping'][number];
export type GuidanceRule = ProtocolPack['sharingGuidance'][number];
export type EscalationStage = ProtocolPack['escalation']['stages'][number];
export type SpecificProcess = ProtocolPack['escalation']['specificProcesses'][number];
export type StageDeadline = EscalationStage['deadlines'][number];
export type RiskResponse = ProtocolPack['riskResponses'][number];
export type PackTemplate = ProtocolPack['templates'][number];
export type LineManagerReport = ProtocolPack['lineManagerReports'][number];
export type BoardReportRule = ProtocolPack['board']['reports'][number];

type Ctx = z.RefinementCtx;

function checkCrossReferences(pack: ProtocolPackShape, ctx: Ctx): void {
  const roleIds = new Set(pack.roles.map((r) => r.id));
  const requireRole = (id: string, path: (string | number)[]) => {
    if (!roleIds.has(id))
      ctx.addIssue({ code: 'custom', path, message: `names role "${id}", which is not declared in roles` });
  };
  requireRole(pack.board.businessManagerRole, ['board', 'businessManagerRole']);
  pack.board.escalationRecordsTo.forEach((id, i) => requireRole(id, ['board', 'escalationRecordsTo', i]));
  pack.board.reports.forEach((r, i) =>
    r.recipients.forEach((id, j) => requireRole(id, ['board', 'reports', i, 'recipients', j])),
  );
  pack.escalation.stages.forEach((stage, i) => {
    if (stage.number !== i + 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['escalation', 'stages', i, 'number'],
        message: `must be ${i + 1}: stages are numbered 1, 2, 3… in order`,
      });
    }
    stage.parties.forEach((id, j) => requireRole(id, ['escalation', 'stages', i, 'parties', j]));
  });
  pack.escalation.policyGaps?.toRoles.forEach((id, i) => requireRole(id, ['escalation', 'policyGaps', 'toRoles', i]));
  if (pack.escalation.policyGaps && !pack.escalation.debrief)
    ctx.addIssue({
      code: 'custom',
      path: ['escalation', 'policyGaps'],
      message: 'is asked in the de-brief: the pack needs escalation.debrief too',
    });
  pack.escalation.specificProcesses.forEach((p, i) =>
    checkSpecificProcess(p, ['escalation', 'specificProcesses', i], requireRole, ctx),
  );
  requireUnique(
    ctx,
    ['escalation', 'specificProcesses'],
    pack.escalation.specificProcesses.map((p) => p.id),
  );
  pack.lineManagerReports.forEach((r, i) =>
    r.reportTo.forEach((id, j) => requireRole(id, ['lineManagerReports', i, 'reportTo', j])),
  );
  requireUnique(
    ctx,
    ['roles'],
    pack.roles.map((r) => r.id),
  );
  requireUnique(
    ctx,
    ['sharingExceptions'],
    pack.sharingExceptions.map((e) => e.id),
  );
  requireUnique(
    ctx,
    ['proportionality'],
    pack.proportionality.map((r) => r.id),
  );
  requireUnique(
    ctx,
    ['templates'],
    pack.templates.map((t) => t.id),
  );
  requireUnique(
    ctx,
    ['riskResponses'],
    pack.riskResponses.map((r) => r.id),
  );
  requireUnique(
    ctx,
    ['board', 'reports'],
    pack.board.reports.map((r) => r.id),
  );
  pack.templates.forEach((t, i) => checkPlaceholders(t, ['templates', i], ctx));
  const letterTemplateId = pack.escalation.letterTemplateId;
  if (letterTemplateId !== undefined && !pack.templates.some((t) => t.id === letterTemplateId)) {
    ctx.addIssue({
      code: 'custom',
      path: ['escalation', 'letterTemplateId'],
      message: `names template "${letterTemplateId}", which is not declared in templates`,
    });
  }
  const recordTemplateId = pack.escalation.recordTemplateId;
  if (recordTemplateId !== undefined && !pack.templates.some((t) => t.id === recordTemplateId)) {
    ctx.addIssue({
      code: 'custom',
      path: ['escalation', 'recordTemplateId'],
      message: `names template "${recordTemplateId}", which is not declared in templates`,
    });
  }
  if (pack.caseReference) checkRegex(pack.caseReference.pattern, pack.caseReference.example, ctx);
}

/** The parsed shape `checkCrossReferences` reads (declared here to keep the overload readable). */
type ProtocolPackShape = {
  roles: { id: string }[];
  board: {
    businessManagerRole: string;
    escalationRecordsTo: string[];
    reports: { id: string; recipients: string[] }[];
  };
  escalation: {
    stages: { number: number; parties: string[] }[];
    specificProcesses: ProcessShape[];
    recordTemplateId?: string | undefined;
    letterTemplateId?: string | undefined;
    debrief?: unknown;
    policyGaps?: { toRoles: string[] } | undefined;
  };
  lineManagerReports: { reportTo: string[] }[];
  sharingExceptions: { id: string }[];
  proportionality: { id: string }[];
  templates: { id: string; fields: { id: string }[]; body: string; subject?: string | undefined }[];
  riskResponses: { id: string }[];
  caseReference?: { pattern: string; example: string } | undefined;
};

type ProcessShape = {
  id: string;
  stages?: { number: number; parties: string[] }[] | undefined;
  questions: { id: string; kind: string }[];
  copyInto?: { nameQuestion: string; emailQuestion: string } | undefined;
  considerations: { fromStage: number }[];
};

function checkSpecificProcess(
  process: ProcessShape,
  path: (string | number)[],
  requireRole: (id: string, path: (string | number)[]) => void,
  ctx: Ctx,
): void {
  process.stages?.forEach((stage, i) => {
    if (stage.number !== i + 1)
      ctx.addIssue({ code: 'custom', path: [...path, 'stages', i, 'number'], message: `must be ${i + 1}` });
    stage.parties.forEach((id, j) => requireRole(id, [...path, 'stages', i, 'parties', j]));
  });
  const questions = new Map(process.questions.map((q) => [q.id, q.kind]));
  const ask = (id: string, kind: string, key: string) => {
    if (questions.get(id) !== kind)
      ctx.addIssue({
        code: 'custom',
        path: [...path, 'copyInto', key],
        message: `must name a question of kind ${kind} of this process`,
      });
  };
  if (process.copyInto) {
    ask(process.copyInto.nameQuestion, 'text', 'nameQuestion');
    ask(process.copyInto.emailQuestion, 'email', 'emailQuestion');
  }
}

function requireUnique(ctx: Ctx, path: string[], ids: string[]): void {
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (seen.has(id)) ctx.addIssue({ code: 'custom', path: [...path, i, 'id'], message: `"${id}" is used twice` });
    seen.add(id);
  });
}

const PLACEHOLDER = /\{\{\s*([a-zA-Z][a-zA-Z0-9]*)\s*\}\}/g;

function checkPlaceholders(t: ProtocolPackShape['templates'][number], path: (string | number)[], ctx: Ctx): void {
  const fields = new Set(t.fields.map((f) => f.id));
  for (const part of ['subject', 'body'] as const) {
    for (const match of (t[part] ?? '').matchAll(PLACEHOLDER)) {
      const name = match[1] ?? '';
      if (!fields.has(name))
        ctx.addIssue({
          code: 'custom',
          path: [...path, part],
          message: `uses {{${name}}}, which is not one of the template's fields`,
        });
    }
  }
}

/**
 * The pattern must compile, be one the on-send check can run safely (the same guard, so a pack is
 * refused here rather than every sharing check failing later), and match its example. The
 * example is tried only on a safe pattern: an unsafe one could hang on it.
 */
function checkRegex(pattern: string, example: string, ctx: Ctx): void {
  let re: RegExp;
  try {
    re = new RegExp(pattern);
  } catch (error) {
    ctx.addIssue({
      code: 'custom',
      path: ['caseReference', 'pattern'],
      message: `is not a valid regular expression (${(error as Error).message})`,
    });
    return;
  }
  const problem = caseReferencePatternProblem(pattern);
  if (problem !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['caseReference', 'pattern'],
      message: `cannot be used by the on-send check: ${problem}`,
    });
    return;
  }
  if (!re.test(example))
    ctx.addIssue({
      code: 'custom',
      path: ['caseReference', 'example'],
      message: `does not match the pattern ${pattern}`,
    });
}

/**
 * The REST API's contract, shared with the add-in and the tab: request bodies (parsed with these
 * schemas at the edge) and the shapes of the answers, declared once here. Browser code imports
 * this file's types only (`import type`), through the client beside it (client.ts), so no schema
 * library reaches a browser bundle.
 */
import { z } from 'zod';
import { requiredText, storableString } from '../app/input-primitives.js';
import {
  escalationEventSchema,
  logPhoneDiscussionSchema,
  raiseEscalationSchema,
  sharingProposalSchema,
} from '../app/inputs.js';
import type { EndingAction, EscalationActionKind } from '../app/escalations/escalation-actions.js';
import type { PersonRecord, PhoneDiscussionRecord, SendOverride } from '../app/ports.js';
import type { AddinSettings, SharingCheck } from '../app/sharing/sharing-check.js';
import {
  REVIEW_BASES,
  type DecisionForReview as AppDecisionForReview,
} from '../app/sharing/sharing-decision-review.js';
import type { RefusedAttemptCount } from '../app/governance/audit-store.js';
import type { AuditedDecision, ChainCheck } from '../app/governance/ig-audit.js';
import type { MyWork } from '../app/my-work/my-work.js';
import type { ConsentAnswer, ConsentRecord } from '../domain/consent/consent.js';
import { MAX_SCANNED_CHARACTERS } from '../domain/detection/detect-sharing.js';
import type { Escalation } from '../domain/escalation/escalation.js';
import type { BoardReport } from '../domain/reports/board-report.js';
import { LINE_MANAGER_REPORT_KINDS } from '../domain/protocol/pack-schema.js';

export { ESCALATION_ACTIONS, type EscalationActionKind } from '../app/escalations/escalation-actions.js';

export {
  raiseEscalationSchema,
  recordConsentSchema,
  registerPersonSchema,
  sharingProposalSchema,
} from '../app/inputs.js';

export const escalationActionSchema = z
  .object({ event: escalationEventSchema, expectedVersion: z.number().int().positive() })
  .strict();
/** A phone discussion, and the role the person logging it writes the confirmation email in. */
export const phoneDiscussionRequestSchema = z
  .object({ discussion: logPhoneDiscussionSchema, senderRole: requiredText(200) })
  .strict();
const address = z.string().trim().max(320);
/**
 * An outgoing message as the add-in reads it. The body is at most `MAX_SCANNED_CHARACTERS`
 * (400,000) characters, the most the check reads: the add-in sends the start of a longer body
 * with `bodyTruncated: true`, and the verdict then asks for a decision. The request as a whole must
 * also fit the REST body limit of 512 KiB (`http-json.ts`), which a body of that length does in
 * UTF-8 JSON unless it is mostly non-ASCII or escapes; the add-in cuts the body further to fit.
 */
export const outgoingMessageSchema = z
  .object({
    from: address,
    to: z.array(address).max(500),
    cc: z.array(address).max(500).default([]),
    bcc: z.array(address).max(500).default([]),
    subject: z.string().max(2000),
    bodyText: z.string().max(MAX_SCANNED_CHARACTERS),
    bodyTruncated: z.boolean().optional(),
    attachmentNames: z.array(z.string().max(500)).max(100).default([]),
  })
  .strict();
export const sharingCheckSchema = outgoingMessageSchema.extend({ reference: storableString(500).min(1).optional() });
/** A sharing decision; from the Outlook pane with the message it is made for (only its fingerprint is kept). */
export const sharingDecisionRequestSchema = sharingProposalSchema.extend({ message: outgoingMessageSchema.optional() });
export const accessLogQuerySchema = z
  .object({
    personId: z.string().uuid().optional(),
    limit: z.coerce.number().int().min(1).max(1000).optional(),
  })
  .strict();
/** GET /api/sharing-decisions?basis=outside-protocol: decisions for the information-governance lead's review. */
export const decisionReviewQuerySchema = z.object({ basis: z.enum(REVIEW_BASES) }).strict();
export type DecisionForReview = Immutable<AppDecisionForReview>;
export const sendOverrideSchema = z
  .object({
    reference: storableString(500).min(1),
    justification: requiredText(2000).min(10, 'say why, in a sentence'),
  })
  .strict();
export const escalationScopeSchema = z.enum(['mine', 'team', 'board']).default('mine');
/** Lists come in keyset pages: `after` is the `next` of the page before (opaque), `limit` at most 200 rows. */
export const listPageSchema = z.object({
  after: z
    .string()
    .min(1)
    .max(300)
    .regex(/^[A-Za-z0-9_-]+$/, 'is not a cursor this server gave')
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
/** The most rows one page of a list holds. */
export const MAX_PAGE_ROWS = 200;
/** POST /api/line-manager-reports: "tell my line manager" (Speak Out / seAp engagement protocols). */
export const lineManagerReportSchema = z
  .object({
    kind: z.enum(LINE_MANAGER_REPORT_KINDS),
    details: requiredText(),
    caseReference: storableString(64).trim().min(1).optional(),
    example: storableString(64).trim().min(1).optional(),
    aboutEmail: z.email().max(320).optional(),
    informNextLineManager: z.boolean().optional(),
    toSenior: z.boolean().optional(),
  })
  .strict();

export interface MeView {
  readonly tenantId: string;
  readonly userId: string;
  readonly name: string;
  readonly organisation: string;
  readonly pack: {
    readonly id: string;
    readonly organisation: string;
    readonly board: string;
    readonly stages: readonly { number: number; name: string }[];
  };
  /** The pack the organisation follows for information sharing (its own pack unless combined with another). */
  readonly sharingPack?: { readonly id: string; readonly organisation: string } | undefined;
  /** Whether the caller holds one of the Board's roles (sees every escalation and the themes). */
  readonly board: boolean;
  /** Whether the caller may read the Board's reports (a Board role or a report's recipient). */
  readonly reports: boolean;
  /** Whether the caller is the information-governance lead (sees the IG audit). */
  readonly igLead?: boolean | undefined;
}

/** One page of a list, in a stable order; `next`, when present, asks for the page after (`after=`). */
export interface ListPage<T> {
  readonly items: readonly T[];
  readonly next?: string | undefined;
}

export interface EscalationSummary {
  readonly id: string;
  readonly caseReference: string;
  readonly state: string;
  readonly stage: number;
  readonly stageName: string;
  readonly stageCount: number;
  readonly riskLevel: string;
  readonly otherAgency: string;
  readonly raisedBy: string;
  readonly openedAt: string;
  readonly nextDeadline?: { readonly label: string; readonly dueAt: string; readonly overdue: boolean } | undefined;
  readonly riskResponseDueAt?: string | undefined;
  readonly version: number;
}

/** A period's Board report (GET /api/reports?period=2026-Q4): as kept at the period's end, else computed now. */
export interface BoardReportView {
  readonly report: BoardReport;
  /** The pack's reports kept for this period; empty: computed on demand. */
  readonly kept: readonly { readonly reportId: string; readonly title: string; readonly producedAt: string }[];
}

export interface ThemesView {
  readonly open: number;
  readonly overdue: number;
  readonly byStage: readonly { stage: number; name: string; count: number }[];
  readonly byNature: readonly { nature: string; count: number }[];
  readonly byAgency: readonly { agency: string; count: number }[];
  readonly endedLast90Days: { readonly resolved: number; readonly unresolved: number; readonly withdrawn: number };
}

/**
 * A record of an escalation produced from the pack's template at a transition (the Record of
 * Escalation, Stockport Appendix Two, when the escalation ends; Durham's letters later). Kept
 * as written, never changed.
 */
export interface EscalationRecordView {
  readonly id: string;
  /** The pack template it was produced from, e.g. `stockport-record-of-escalation`. */
  readonly templateId: string;
  readonly title: string;
  readonly producedAt: string;
  /** The transition that produced it: an ending (the Record of Escalation) or an escalation (a letter). */
  readonly transition: EndingAction | 'escalate';
  readonly subject?: string | undefined;
  /** Plain text, line breaks kept: print it as it is. */
  readonly body: string;
}

/** GET /api/escalations/{id}: one escalation for a caller entitled to its details. */
export interface EscalationDetail {
  readonly summary: EscalationSummary;
  /** Whether the caller is responsible for the current stage (older clients); `actions` says exactly what they may do. */
  readonly canAct: boolean;
  /** What the caller may do now: the same list the Teams card shows buttons for. */
  readonly actions: readonly EscalationActionKind[];
  readonly escalation: Escalation;
  /** Oldest first. */
  readonly records: readonly EscalationRecordView[];
}

/** POST /api/escalations/{id}/events answers with the escalation as it now is. */
export type EscalationEventAnswer = Escalation;

/** POST /api/line-manager-reports (202): the report is queued for the line manager (Teams, else email). */
export interface LineManagerReportAnswer {
  readonly id: string;
  /** The line manager's display name. */
  readonly to: string;
  readonly status: 'queued';
}

/** POST /api/phone-discussions/{id}/draft (201): the confirmation email created in the caller's Outlook Drafts. */
export interface ConfirmationDraftAnswer {
  readonly id: string;
  readonly webLink?: string | undefined;
}

/** POST /api/agreed-actions/{id}/done: `changed` is false when it was already done or cancelled. */
export interface AgreedActionDoneAnswer {
  readonly id: string;
  readonly status: 'open' | 'done' | 'cancelled';
  readonly changed: boolean;
}

/* ------------------------------------------------------------------ requests, as clients write them */

/** A request body as a client builds it: the schema's input, with read-only arrays and objects accepted. */
export type Immutable<T> = T extends readonly (infer U)[]
  ? readonly Immutable<U>[]
  : T extends object
    ? { readonly [K in keyof T]: Immutable<T[K]> }
    : T;

export type SharingCheckRequest = Immutable<z.input<typeof sharingCheckSchema>>;
export type SharingDecisionRequest = Immutable<z.input<typeof sharingDecisionRequestSchema>>;
export type SendOverrideRequest = Immutable<z.input<typeof sendOverrideSchema>>;
export type PhoneDiscussionRequest = Immutable<z.input<typeof phoneDiscussionRequestSchema>>;
export type RaiseEscalationRequest = Immutable<z.input<typeof raiseEscalationSchema>>;
/** An event as a person asks for it (`POST /api/escalations/{id}/events`); who acts is set by the server. */
export type EscalationEventRequest = Immutable<z.input<typeof escalationEventSchema>>;
export type EscalationScope = z.output<typeof escalationScopeSchema>;

/* ------------------------------------------------------------------ answers */

/** Every refusal: a stable code and a sentence for the person in front of the screen. */
export interface ApiErrorBody {
  readonly error: string;
  readonly message: string;
  /** Field by field, for a request that did not parse (`VALIDATION.INVALID`). */
  readonly problems?: readonly string[] | undefined;
  /** A sharing decision the protocol does not allow (`SHARING.BLOCKED`), each reason with its citation. */
  readonly reasons?: readonly { readonly code: string; readonly message: string }[] | undefined;
}

/** `POST /api/sharing-check`: the server's verdict on an outgoing message (the on-send handler). */
export type SharingCheckAnswer = SharingCheck;
/** `GET /api/addin/settings`: the organisation's send mode, own domains and case-reference format. */
export type { AddinSettings };
/** `GET /api/people?caseReference=…`, `POST /api/people`. */
export type PersonView = PersonRecord;
/** `GET /api/people` (no case reference): a page of the caller's own caseload, newest first. */
export interface CaseloadEntry {
  readonly id: string;
  readonly caseReference: string;
  readonly displayName: string;
}
/** `GET /api/people/{id}/consent?agency=…`: the answer for that agency and the person's whole register. */
export interface ConsentView {
  readonly answer: ConsentAnswer;
  readonly register: readonly ConsentRecord[];
}
/** `POST /api/sharing-decisions` (201): the decision's place in the tamper-evident log. A refusal is 422 with `ApiErrorBody.reasons`. */
export interface SharingDecisionAnswer {
  readonly kind: 'allowed';
  readonly entry: { readonly id: string; readonly seq: number; readonly hash: string };
}
/** `POST /api/send-overrides` (201): the justified "send anyway". */
export type SendOverrideAnswer = SendOverride;
/** `POST /api/phone-discussions` (201): the discussion recorded, with its confirmation email. */
export type PhoneDiscussionAnswer = PhoneDiscussionRecord;

/**
 * `GET /api/ig/audit` (ig-lead only): the hash chain verified now (first page only), refused
 * decision attempts per reason per day, and a keyset page of `decisions` or of `overrides`
 * (sends without a decision); `next` is the cursor of the following page. `GET /api/ig/audit.csv`
 * takes the same filters and streams the whole list as CSV.
 */
export interface IgAuditAnswer {
  readonly chain?: Immutable<ChainCheck> | undefined;
  readonly refusedAttempts: readonly RefusedAttemptCount[];
  readonly list: 'decisions' | 'overrides';
  readonly decisions?: readonly AuditedDecision[] | undefined;
  readonly overrides?: readonly Omit<SendOverride, 'tenantId'>[] | undefined;
  readonly next?: string | undefined;
}

/** `GET /api/my-work`: the caller's open escalations, unsent call confirmations, agreed actions and expiring consents. */
export type MyWorkView = MyWork;
/** `POST /api/phone-discussions/{id}/confirmation-sent`: `changed` is false when it was already marked. */
export interface ConfirmationSentAnswer {
  readonly id: string;
  readonly sent: true;
  readonly changed: boolean;
}

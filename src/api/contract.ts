/**
 * The REST API's contract, shared with the add-in and the tab: request bodies (parsed with these
 * schemas at the edge) and the shapes of the answers.
 */
import { z } from 'zod';
import { requiredText, storableString } from '../app/input-primitives.js';
import { escalationEventSchema, logPhoneDiscussionSchema } from '../app/inputs.js';

export { raiseEscalationSchema, recordConsentSchema, registerPersonSchema, sharingProposalSchema } from '../app/inputs.js';

export const escalationActionSchema = z.object({ event: escalationEventSchema, expectedVersion: z.number().int().positive() }).strict();
/** A phone discussion, and the role the person logging it writes the confirmation email in. */
export const phoneDiscussionRequestSchema = z.object({ discussion: logPhoneDiscussionSchema, senderRole: requiredText(200) }).strict();
const address = z.string().trim().max(320);
/** An outgoing message as the add-in reads it (bodies up to 1 MB of text). */
export const sharingCheckSchema = z.object({
  from: address, to: z.array(address).max(500), cc: z.array(address).max(500).default([]), bcc: z.array(address).max(500).default([]),
  subject: z.string().max(2000), bodyText: z.string().max(1_000_000), attachmentNames: z.array(z.string().max(500)).max(100).default([]),
  reference: storableString(500).min(1).optional(),
}).strict();
export const sendOverrideSchema = z.object({ reference: storableString(500).min(1), justification: requiredText(2000).min(10, 'say why, in a sentence') }).strict();
export const escalationScopeSchema = z.enum(['mine', 'team', 'board']).default('mine');

export interface MeView {
  readonly tenantId: string;
  readonly userId: string;
  readonly name: string;
  readonly organisation: string;
  readonly pack: { readonly id: string; readonly organisation: string; readonly board: string; readonly stages: readonly { number: number; name: string }[] };
  /** Whether the caller holds one of the Board's roles (sees every escalation and the themes). */
  readonly board: boolean;
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

export interface ThemesView {
  readonly open: number;
  readonly overdue: number;
  readonly byStage: readonly { stage: number; name: string; count: number }[];
  readonly byNature: readonly { nature: string; count: number }[];
  readonly byAgency: readonly { agency: string; count: number }[];
  readonly endedLast90Days: { readonly resolved: number; readonly unresolved: number; readonly withdrawn: number };
}

/**
 * The REST API's contract, shared with the add-in and the tab: request bodies (parsed with these
 * schemas at the edge) and the shapes of the answers.
 */
import { z } from 'zod';
import { escalationEventSchema, logPhoneDiscussionSchema, sharingProposalSchema } from '../app/inputs.js';

export { raiseEscalationSchema, recordConsentSchema, registerPersonSchema, sharingProposalSchema } from '../app/inputs.js';

export const escalationActionSchema = z.object({ event: escalationEventSchema, expectedVersion: z.number().int().positive() }).strict();
/** A phone discussion, and the role the person logging it writes the confirmation email in. */
export const phoneDiscussionRequestSchema = z.object({ discussion: logPhoneDiscussionSchema, senderRole: z.string().trim().min(1).max(200) }).strict();
const address = z.string().trim().max(320);
/** An outgoing message as the add-in reads it (bodies up to 1 MB of text). */
export const outgoingMessageSchema = z.object({
  from: address, to: z.array(address).max(500), cc: z.array(address).max(500).default([]), bcc: z.array(address).max(500).default([]),
  subject: z.string().max(2000), bodyText: z.string().max(1_000_000), attachmentNames: z.array(z.string().max(500)).max(100).default([]),
}).strict();
export const sharingCheckSchema = outgoingMessageSchema.extend({ reference: z.string().min(1).max(500).optional() });
/** A sharing decision; from the Outlook pane with the message it is made for (only its fingerprint is kept). */
export const sharingDecisionRequestSchema = sharingProposalSchema.extend({ message: outgoingMessageSchema.optional() });
export const accessLogQuerySchema = z.object({
  personId: z.string().uuid().optional(), limit: z.coerce.number().int().min(1).max(1000).optional(),
}).strict();
export const sendOverrideSchema = z.object({ reference: z.string().min(1).max(500), justification: z.string().trim().min(10, 'say why, in a sentence').max(2000) }).strict();
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

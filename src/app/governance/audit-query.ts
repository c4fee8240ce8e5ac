/**
 * The information-governance audit's filters (issue 10, item 3), parsed at every edge with this
 * one schema: the REST API's query string, and the CSV export's.
 */
import { z } from 'zod';
import { isoDate, storableString } from '../input-primitives.js';

export const AUDIT_BASES = ['consent', 'exception', 'public-interest', 'outside-protocol', 'none'] as const;
export const AUDIT_CHANNELS = ['outlook', 'teams', 'web', 'cli', 'unknown'] as const;
export const AUDIT_LISTS = ['decisions', 'overrides'] as const;

export const auditFilterSchema = z
  .object({
    basis: z.enum(AUDIT_BASES).optional(),
    decision: z.enum(['share', 'not-share']).optional(),
    /** A recipient agency, compared without regard to case. */
    agency: storableString(200).trim().min(1).optional(),
    /** The decider's (or sender's) user id. */
    user: storableString(200).trim().min(1).optional(),
    channel: z.enum(AUDIT_CHANNELS).optional(),
    /** London days, both inclusive. */
    from: isoDate.optional(),
    to: isoDate.optional(),
  })
  .strict()
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: 'from: must not be after to', path: ['from'] });
export type AuditFilter = z.output<typeof auditFilterSchema>;

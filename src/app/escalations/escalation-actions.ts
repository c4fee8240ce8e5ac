/**
 * What a person may do to an escalation, named once for every surface: the access rule answers
 * with a set of these, the card shows a button for each, the REST API lists them in `actions`.
 * `escalate-on-risk` is an escalation straight to the stage the pack names when risk escalates
 * (Tameside 3.2 stage 4, "If at any point risk escalates").
 */
export const ESCALATION_ACTIONS = [
  'record-discussion',
  'add-note',
  'escalate',
  'escalate-on-risk',
  'change-risk',
  'resolve',
  'conclude-unresolved',
  'withdraw',
  'record-signature',
  'record-debrief',
] as const;
export type EscalationActionKind = (typeof ESCALATION_ACTIONS)[number];

/** The transitions that end an escalation, after which its Record of Escalation exists. */
export const ENDING_ACTIONS = ['resolve', 'conclude-unresolved', 'withdraw'] as const;
export type EndingAction = (typeof ENDING_ACTIONS)[number];

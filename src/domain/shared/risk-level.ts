/**
 * The levels of risk an escalation is raised and kept at (Tameside 2.3.3: each level has its
 * response time in the pack). Here, apart from the pack schema, so browser code can list them
 * without the schema library.
 */
export const RISK_LEVELS = ['standard', 'increasing', 'imminent'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

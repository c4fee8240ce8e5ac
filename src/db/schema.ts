/**
 * Kysely's view of the tables in `migrations/`. Column types are what `pg` returns with our
 * type parsers: `date` as 'YYYY-MM-DD' strings, `timestamptz` as Date, `bigint` as number.
 */
import type { ColumnType, Generated, JSONColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T extends object | null> = JSONColumnType<T, string, string>;

export interface TenantsTable {
  id: string;
  name: string;
  pack_id: string;
  email_domains: ColumnType<string[], string[] | undefined, string[]>;
  send_mode: ColumnType<'soft-block' | 'block', 'soft-block' | 'block' | undefined, 'soft-block' | 'block'>;
  sharing_pack_id: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Generated<Date>;
}

export interface PeopleTable {
  tenant_id: string;
  id: string;
  case_reference: string;
  display_name: string;
  date_of_birth: string | null;
  created_by: string;
  created_at: Generated<Date>;
}

export interface ConsentRecordsTable {
  tenant_id: string;
  id: string;
  person_id: string;
  status: string;
  information: string;
  recipients: Json<string[]>;
  capacity: Json<object>;
  expires_on: string | null;
  notes: string | null;
  recorded_by: string;
  recorded_by_id: ColumnType<string | null, string | null | undefined, never>;
  informed_of_limits: ColumnType<boolean | null, boolean | null | undefined, never>;
  recorded_at: Timestamp;
}

export interface DecisionChainHeadsTable {
  tenant_id: string;
  seq: number;
  hash: string;
}

export interface SharingDecisionsTable {
  tenant_id: string;
  seq: number;
  id: string;
  person_id: string;
  recorded_at: Timestamp;
  payload: string;
  prev_hash: string;
  hash: string;
  reference: ColumnType<string | null, string | null | undefined, never>;
  version: ColumnType<number, number, never>;
}

export interface DecisionChainSealsTable {
  tenant_id: string;
  legacy_seq: number;
  legacy_hash: string;
  mac: string;
  sealed_at: Timestamp;
}

export interface AccessLogTable {
  tenant_id: string;
  id: string;
  at: Timestamp;
  user_id: string;
  user_name: string;
  person_id: string;
  action: string;
  surface: string;
  outcome: 'allowed' | 'refused';
}

export interface PhoneDiscussionsTable {
  tenant_id: string;
  id: string;
  person_id: string | null;
  occurred_at: Timestamp;
  participants: Json<object>;
  concerns: string;
  consent_basis: string;
  confirmation: Json<object>;
  recorded_by: string;
  recorded_by_id: ColumnType<string | null, string | null | undefined, never>;
  recorded_at: Timestamp;
  risk_level: ColumnType<string | null, string | null | undefined, never>;
  risk_response_due_at: ColumnType<Date | null, string | null | undefined, never>;
  risk_response_action_id: ColumnType<string | null, string | null | undefined, never>;
}

export interface AgreedActionsTable {
  tenant_id: string;
  id: string;
  source_kind: 'phone-discussion' | 'escalation';
  source_id: string;
  description: string;
  owner: string;
  due_on: string;
  status: ColumnType<'open' | 'done' | 'cancelled', 'open' | 'done' | 'cancelled' | undefined>;
  completed_at: Timestamp | null;
  created_at: Timestamp;
  remind_user_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface EscalationsTable {
  tenant_id: string;
  id: string;
  person_id: string;
  pack_id: string;
  state: string;
  stage: number;
  risk_level: string;
  raised_by: string;
  other_agency: string;
  opened_at: Timestamp;
  closed_at: Timestamp | null;
  next_deadline_at: Timestamp | null;
  data: Json<object>;
  version: number;
  updated_at: Timestamp;
}

export interface EscalationEventsTable {
  tenant_id: string;
  escalation_id: string;
  seq: number;
  kind: string;
  actor_id: string;
  actor_name: string;
  at: Timestamp;
  from_state: string | null;
  to_state: string;
  from_stage: number | null;
  to_stage: number;
  payload: Json<object>;
}

export interface RemindersTable {
  tenant_id: string;
  id: string;
  dedupe_key: string;
  subject_kind: 'escalation' | 'agreed-action' | 'line-manager-report' | 'board-report';
  subject_id: string;
  kind: string;
  due_at: Timestamp;
  audience: Json<object>;
  status: ColumnType<string, string | undefined, string>;
  claimed_by: string | null;
  lease_until: Timestamp | null;
  attempts: ColumnType<number, number | undefined, number>;
  last_error: string | null;
  delivered_via: string | null;
  delivery_ref: string | null;
  sent_at: Timestamp | null;
  created_at: Timestamp;
}

export interface DirectoryUsersTable {
  tenant_id: string;
  user_id: string;
  display_name: string;
  email: string | null;
  manager_user_id: string | null;
  updated_at: Timestamp;
}

export interface RoleHoldersTable {
  tenant_id: string;
  role_id: string;
  user_id: string;
  assigned_at: Timestamp;
}

export interface ConversationReferencesTable {
  tenant_id: string;
  user_id: string;
  reference: Json<object>;
  updated_at: Timestamp;
}

export interface SendOverridesTable {
  tenant_id: string;
  id: string;
  reference: string;
  user_id: string;
  user_name: string;
  justification: string;
  created_at: Timestamp;
}

export interface EscalationRecordsTable {
  tenant_id: string;
  id: string;
  escalation_id: string;
  template_id: string;
  title: string;
  subject: string | null;
  body: string;
  transition: string;
  produced_at: Timestamp;
}

export interface LineManagerReportsTable {
  tenant_id: string;
  id: string;
  kind: string;
  details: string;
  case_reference: string | null;
  reporter_user_id: string;
  reporter_name: string;
  manager_user_id: string;
  manager_name: string;
  recipients: Json<object>;
  example: string | null;
  about_user_id: string | null;
  created_at: Timestamp;
}

/** A Board report as produced at its period's end (migration 012). */
export interface BoardReportsTable {
  tenant_id: string;
  id: string;
  report_id: string;
  period: string;
  pack_id: string;
  figures: Json<object>;
  produced_at: Timestamp;
}

export interface RoleGroupsTable {
  tenant_id: string;
  role_id: string;
  group_id: string;
  mapped_at: Timestamp;
}

export interface RefusedDecisionAttemptsTable {
  tenant_id: string;
  day: string;
  reason: string;
  attempts: number;
}

export interface PhoneConfirmationsSentTable {
  tenant_id: string;
  discussion_id: string;
  sent_at: Timestamp;
  marked_by: string;
}

export interface Database {
  board_reports: BoardReportsTable;
  phone_confirmations_sent: PhoneConfirmationsSentTable;
  role_groups: RoleGroupsTable;
  refused_decision_attempts: RefusedDecisionAttemptsTable;
  escalation_records: EscalationRecordsTable;
  line_manager_reports: LineManagerReportsTable;
  send_overrides: SendOverridesTable;
  directory_users: DirectoryUsersTable;
  role_holders: RoleHoldersTable;
  conversation_references: ConversationReferencesTable;
  tenants: TenantsTable;
  people: PeopleTable;
  consent_records: ConsentRecordsTable;
  decision_chain_heads: DecisionChainHeadsTable;
  decision_chain_seals: DecisionChainSealsTable;
  access_log: AccessLogTable;
  sharing_decisions: SharingDecisionsTable;
  phone_discussions: PhoneDiscussionsTable;
  agreed_actions: AgreedActionsTable;
  escalations: EscalationsTable;
  escalation_events: EscalationEventsTable;
  reminders: RemindersTable;
}

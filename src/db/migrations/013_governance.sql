-- Issue 10, items 3 and 5: the information-governance audit and roles from Entra groups.

-- A tenant's pack roles (and ig-lead) granted to the members of Entra groups, transitively
-- (nested groups count), read through Microsoft Graph. CLI assignments (role_holders) stay for
-- local mode; a user's roles are the union of both.
CREATE TABLE role_groups (
  tenant_id  text NOT NULL REFERENCES tenants (id),
  role_id    text NOT NULL,
  group_id   text NOT NULL,
  mapped_at  timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, role_id, group_id)
);

-- Decision attempts our rules refused (missing reasons, basis not allowed, proportionality not
-- confirmed…): counts per reason code per London day, for the IG lead. No personal data: not who,
-- not about whom, not what.
CREATE TABLE refused_decision_attempts (
  tenant_id  text NOT NULL REFERENCES tenants (id),
  day        date NOT NULL,
  reason     text NOT NULL,
  attempts   integer NOT NULL CHECK (attempts > 0),
  PRIMARY KEY (tenant_id, day, reason)
);

-- The audit's list of "send without a decision", in keyset order.
CREATE INDEX send_overrides_by_time ON send_overrides (tenant_id, created_at, id);

-- Issue 10, item 4 ("My work"): a phone discussion's confirmation email marked as sent by the
-- person who logged it (Tameside 2.3.2: calls are followed up by brief emails). The product drafts
-- the email in Outlook but cannot see it sent, so the sender says so; kept, never changed.
CREATE TABLE phone_confirmations_sent (
  tenant_id      text NOT NULL REFERENCES tenants (id),
  discussion_id  uuid NOT NULL,
  sent_at        timestamptz NOT NULL,
  marked_by      text NOT NULL,
  PRIMARY KEY (tenant_id, discussion_id)
);
CREATE TRIGGER phone_confirmations_sent_append_only BEFORE UPDATE OR DELETE ON phone_confirmations_sent
  FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- My work's look-ups: a person's own phone discussions, their open agreed actions by date, and
-- consents by expiry date.
CREATE INDEX phone_discussions_by_recorder ON phone_discussions (tenant_id, recorded_by_id, recorded_at);
CREATE INDEX agreed_actions_open_by_owner ON agreed_actions (tenant_id, remind_user_id, due_on) WHERE status = 'open';
CREATE INDEX consent_records_by_expiry ON consent_records (tenant_id, expires_on) WHERE expires_on IS NOT NULL;

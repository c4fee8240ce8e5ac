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

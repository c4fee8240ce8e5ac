-- What the Teams bot and the reminder sweeper need: who people are, who holds which pack role,
-- how to reach each user in Teams, and who is reminded of an agreed action.

-- People of the organisation as the directory (Entra ID / Teams) knows them. Filled when a user
-- talks to the bot and when Graph answers a manager look-up; used to address reminders and to
-- fall back to email.
CREATE TABLE directory_users (
  tenant_id     text NOT NULL REFERENCES tenants (id),
  user_id       text NOT NULL,            -- Entra object id (Teams aadObjectId)
  display_name  text NOT NULL,
  email         text,
  -- A manager named by an administrator or on an escalation wins over Graph's manager chain.
  manager_user_id text,
  updated_at    timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, user_id)
);

-- Who holds a role of the organisation's pack (e.g. the Board's business manager, a head of
-- service): reminders addressed to a role go to its holders.
CREATE TABLE role_holders (
  tenant_id   text NOT NULL REFERENCES tenants (id),
  role_id     text NOT NULL,
  user_id     text NOT NULL,
  assigned_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, role_id, user_id)
);

-- The Bot Framework conversation reference of each user's personal chat with the bot, kept from
-- the app's installation so reminders can be sent proactively after a restart.
CREATE TABLE conversation_references (
  tenant_id   text NOT NULL REFERENCES tenants (id),
  user_id     text NOT NULL,
  reference   jsonb NOT NULL,
  updated_at  timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, user_id)
);

-- The practitioner reminded when an agreed action passes its date undone.
ALTER TABLE agreed_actions ADD COLUMN remind_user_id text;

-- The records the protocols demand, per tenant (organisation). Runs on PostgreSQL 15 and on
-- PGlite (PostgreSQL 18): no syntax newer than 15.
--
-- Nothing is deleted silently: decision-log entries, consent records and escalation history are
-- append-only (triggers refuse UPDATE, DELETE and TRUNCATE); everything else ends by a change of
-- status, never by a DELETE from the application.

CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the % table is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'P0001';
END
$$;

CREATE TABLE tenants (
  id            text PRIMARY KEY,
  name          text NOT NULL,
  pack_id       text NOT NULL,
  -- The organisation's own email domains: recipients outside them are another agency.
  email_domains text[] NOT NULL DEFAULT '{}',
  created_at    timestamptz NOT NULL DEFAULT now()
);

-- Minimum identifying data only: a case reference, a display name and (optionally) a date of
-- birth, which the Stockport Record of Escalation (Appendix Two) asks for.
CREATE TABLE people (
  tenant_id      text NOT NULL REFERENCES tenants (id),
  id             uuid NOT NULL,
  case_reference text NOT NULL,
  display_name   text NOT NULL,
  date_of_birth  date,
  created_by     text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, case_reference)
);

CREATE TABLE consent_records (
  tenant_id   text NOT NULL,
  id          uuid NOT NULL,
  person_id   uuid NOT NULL,
  status      text NOT NULL CHECK (status IN ('given', 'refused', 'withdrawn')),
  information text NOT NULL,
  recipients  jsonb NOT NULL,
  capacity    jsonb NOT NULL,
  expires_on  date,
  notes       text,
  recorded_by text NOT NULL,
  recorded_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, person_id) REFERENCES people (tenant_id, id)
);
CREATE INDEX consent_records_by_person ON consent_records (tenant_id, person_id, recorded_at DESC);
CREATE TRIGGER consent_records_append_only BEFORE UPDATE OR DELETE ON consent_records
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER consent_records_no_truncate BEFORE TRUNCATE ON consent_records
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- The decision log (Durham Golden Rule 8), hash-chained per tenant. The head row is locked
-- while appending, so concurrent appends queue instead of forking the chain.
CREATE TABLE decision_chain_heads (
  tenant_id text PRIMARY KEY REFERENCES tenants (id),
  seq       bigint NOT NULL,
  hash      text NOT NULL
);

CREATE TABLE sharing_decisions (
  tenant_id   text NOT NULL REFERENCES tenants (id),
  seq         bigint NOT NULL,
  id          uuid NOT NULL,
  person_id   uuid NOT NULL,
  recorded_at timestamptz NOT NULL,
  -- Canonical JSON exactly as hashed (text, not jsonb, which would reorder keys).
  payload     text NOT NULL,
  prev_hash   text NOT NULL,
  hash        text NOT NULL,
  PRIMARY KEY (tenant_id, seq),
  UNIQUE (tenant_id, id),
  FOREIGN KEY (tenant_id, person_id) REFERENCES people (tenant_id, id)
);
CREATE INDEX sharing_decisions_by_person ON sharing_decisions (tenant_id, person_id, seq);
CREATE TRIGGER sharing_decisions_append_only BEFORE UPDATE OR DELETE ON sharing_decisions
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER sharing_decisions_no_truncate BEFORE TRUNCATE ON sharing_decisions
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

CREATE TABLE phone_discussions (
  tenant_id     text NOT NULL REFERENCES tenants (id),
  id            uuid NOT NULL,
  person_id     uuid,
  occurred_at   timestamptz NOT NULL,
  participants  jsonb NOT NULL,
  concerns      text NOT NULL,
  consent_basis text NOT NULL,
  -- The confirmation email composed for it (Tameside 2.3.2): to, subject, body.
  confirmation  jsonb NOT NULL,
  recorded_by   text NOT NULL,
  recorded_at   timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, person_id) REFERENCES people (tenant_id, id)
);

-- Agreed actions, from a phone discussion or an escalation's outcome, tracked to completion.
CREATE TABLE agreed_actions (
  tenant_id    text NOT NULL REFERENCES tenants (id),
  id           uuid NOT NULL,
  source_kind  text NOT NULL CHECK (source_kind IN ('phone-discussion', 'escalation')),
  source_id    uuid NOT NULL,
  description  text NOT NULL,
  owner        text NOT NULL,
  due_on       date NOT NULL,
  status       text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
  completed_at timestamptz,
  created_at   timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX agreed_actions_open_by_due ON agreed_actions (due_on) WHERE status = 'open';

-- The escalation aggregate as JSON, with the columns lists and sweeps filter on.
CREATE TABLE escalations (
  tenant_id        text NOT NULL REFERENCES tenants (id),
  id               uuid NOT NULL,
  person_id        uuid NOT NULL,
  pack_id          text NOT NULL,
  state            text NOT NULL CHECK (state IN ('open', 'resolved', 'concluded-unresolved', 'withdrawn')),
  stage            integer NOT NULL CHECK (stage >= 1),
  risk_level       text NOT NULL,
  raised_by        text NOT NULL,
  other_agency     text NOT NULL,
  opened_at        timestamptz NOT NULL,
  closed_at        timestamptz,
  next_deadline_at timestamptz,
  data             jsonb NOT NULL,
  version          integer NOT NULL,
  updated_at       timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, person_id) REFERENCES people (tenant_id, id)
);
CREATE INDEX escalations_open_by_deadline ON escalations (tenant_id, next_deadline_at) WHERE state = 'open';

-- Every transition of every escalation, for ever.
CREATE TABLE escalation_events (
  tenant_id     text NOT NULL,
  escalation_id uuid NOT NULL,
  seq           integer NOT NULL,
  kind          text NOT NULL,
  actor_id      text NOT NULL,
  actor_name    text NOT NULL,
  at            timestamptz NOT NULL,
  from_state    text,
  to_state      text NOT NULL,
  from_stage    integer,
  to_stage      integer NOT NULL,
  payload       jsonb NOT NULL,
  PRIMARY KEY (tenant_id, escalation_id, seq),
  FOREIGN KEY (tenant_id, escalation_id) REFERENCES escalations (tenant_id, id)
);
CREATE TRIGGER escalation_events_append_only BEFORE UPDATE OR DELETE ON escalation_events
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER escalation_events_no_truncate BEFORE TRUNCATE ON escalation_events
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- Durable reminders. A sweeper claims due rows with FOR UPDATE SKIP LOCKED and a lease, sends
-- outside the transaction, then marks them sent: each is delivered once across instances.
CREATE TABLE reminders (
  tenant_id        text NOT NULL REFERENCES tenants (id),
  id               uuid NOT NULL,
  dedupe_key       text NOT NULL,
  subject_kind     text NOT NULL CHECK (subject_kind IN ('escalation', 'agreed-action')),
  subject_id       uuid NOT NULL,
  kind             text NOT NULL,
  due_at           timestamptz NOT NULL,
  audience         jsonb NOT NULL,
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'cancelled', 'failed')),
  claimed_by       text,
  lease_until      timestamptz,
  attempts         integer NOT NULL DEFAULT 0,
  last_error       text,
  delivered_via    text,
  delivery_ref     text,
  sent_at          timestamptz,
  created_at       timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, dedupe_key)
);
CREATE INDEX reminders_due ON reminders (due_at) WHERE status = 'pending';
CREATE INDEX reminders_by_subject ON reminders (tenant_id, subject_id);

-- The durable outbox (issue "One workflow on every surface"). Every message the product sends is
-- a row of `reminders` written in the transaction of the change that causes it: the reminders of
-- a deadline (due later) and the notices of a transition (due at once: the new owner of a stage,
-- the Board's copy of the Record of Escalation, the raiser's de-brief prompt, a report to a line
-- manager). The sweeper claims and delivers both alike, exactly once across instances.

ALTER TABLE reminders DROP CONSTRAINT reminders_subject_kind_check;
ALTER TABLE reminders ADD CONSTRAINT reminders_subject_kind_check
  CHECK (subject_kind IN ('escalation', 'agreed-action', 'line-manager-report'));

-- The records an escalation produces (Stockport Appendix Two's Record of Escalation, Durham's
-- letters): first-class and append-only, shown on the card, in the tab, in the CSV export and in
-- the Board's copy.
CREATE TABLE escalation_records (
  tenant_id     text NOT NULL REFERENCES tenants (id),
  id            uuid NOT NULL,
  escalation_id uuid NOT NULL,
  template_id   text NOT NULL,
  title         text NOT NULL,
  subject       text,
  body          text NOT NULL,
  transition    text NOT NULL,
  produced_at   timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, escalation_id) REFERENCES escalations (tenant_id, id)
);
CREATE INDEX escalation_records_by_escalation ON escalation_records (tenant_id, escalation_id, produced_at);
CREATE TRIGGER escalation_records_append_only BEFORE UPDATE OR DELETE ON escalation_records
  FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- Reports to a line manager (Speak Out and seAp: conflicts of interest "will be recorded",
-- harassment and incidents reported): kept, then delivered through the outbox.
CREATE TABLE line_manager_reports (
  tenant_id        text NOT NULL REFERENCES tenants (id),
  id               uuid NOT NULL,
  kind             text NOT NULL,
  details          text NOT NULL,
  case_reference   text,
  reporter_user_id text NOT NULL,
  reporter_name    text NOT NULL,
  manager_user_id  text NOT NULL,       -- the first recipient (the line manager it is for)
  manager_name     text NOT NULL,
  -- Everyone it went to: the line manager (the reporter's, or — for a complaint — that of the member
  -- of staff it is about), the next line manager if asked, or the senior roles chosen instead.
  recipients       jsonb NOT NULL,
  example          text,                -- the kind the seed gives as an example (a conflict of interest's)
  about_user_id    text,                -- the member of staff a complaint is about
  created_at       timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE TRIGGER line_manager_reports_append_only BEFORE UPDATE OR DELETE ON line_manager_reports
  FOR EACH ROW EXECUTE FUNCTION refuse_change();

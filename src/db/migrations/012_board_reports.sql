-- The Board's reports on the protocol's cadence (issue 10; Stockport s.5 quarterly to the LSAB,
-- seAp monthly to the senior management team and quarterly to commissioners, Tameside 2.3.8):
-- each period's report is kept once per organisation, report and period — the unique key is what
-- makes two server instances at the period's end produce (and send) it exactly once.
CREATE TABLE board_reports (
  tenant_id   text NOT NULL REFERENCES tenants (id),
  id          uuid NOT NULL,
  report_id   text NOT NULL,          -- the pack's report (board.reports[].id)
  period      text NOT NULL,          -- "2026-Q4" or "2026-11"
  pack_id     text NOT NULL,
  figures     jsonb NOT NULL,         -- the report as produced (counts only, and the Board's free text)
  produced_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, report_id, period)
);
CREATE TRIGGER board_reports_append_only BEFORE UPDATE OR DELETE ON board_reports
  FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- A report's notice to its recipients goes through the outbox like every other message.
ALTER TABLE reminders DROP CONSTRAINT reminders_subject_kind_check;
ALTER TABLE reminders ADD CONSTRAINT reminders_subject_kind_check
  CHECK (subject_kind IN ('escalation', 'agreed-action', 'line-manager-report', 'board-report'));

-- The period's figures: escalations ended in a period, line-manager reports made in it.
CREATE INDEX escalations_by_closing ON escalations (tenant_id, closed_at) WHERE closed_at IS NOT NULL;
CREATE INDEX line_manager_reports_by_time ON line_manager_reports (tenant_id, created_at);
-- De-briefs with general issues (Stockport s.4), by when they were recorded (ISO 8601 text in UTC,
-- which sorts as time does): a period's few, without reading every ended escalation's data.
CREATE INDEX escalations_debrief_issues ON escalations (tenant_id, (data -> 'debrief' ->> 'at'))
  WHERE coalesce(data -> 'debrief' ->> 'generalIssues', '') <> '';

-- Tameside 2.3.3: a phone discussion may log a concern about increasing or imminent risk, which
-- starts the clock for communicating it (48 hours / the same working day). The clock is an agreed
-- action of the recorder's, met when a later discussion about the same person is recorded.
ALTER TABLE phone_discussions ADD COLUMN risk_level text;
ALTER TABLE phone_discussions ADD COLUMN risk_response_due_at timestamptz;
ALTER TABLE phone_discussions ADD COLUMN risk_response_action_id uuid;
CREATE INDEX phone_discussions_risk_responses ON phone_discussions (tenant_id, person_id)
  WHERE risk_response_action_id IS NOT NULL;

-- What the Outlook add-in needs: each organisation's send mode for the on-send check, and the
-- message a sharing decision was made for, so the check finds the decision again.

-- soft-block: the user may "Send anyway" from the alert; block: the message waits for a decision.
ALTER TABLE tenants ADD COLUMN send_mode text NOT NULL DEFAULT 'soft-block' CHECK (send_mode IN ('soft-block', 'block'));

-- The reference of the message (or other place) a decision was made for; part of the hashed
-- payload too, kept here to look it up.
ALTER TABLE sharing_decisions ADD COLUMN reference text;
CREATE INDEX sharing_decisions_by_reference ON sharing_decisions (tenant_id, reference) WHERE reference IS NOT NULL;

-- "Send anyway" in soft-block mode, with the sender's justification: kept, never changed, so an
-- information-governance lead can review every message sent without a decision.
CREATE TABLE send_overrides (
  tenant_id     text NOT NULL REFERENCES tenants (id),
  id            uuid NOT NULL,
  reference     text NOT NULL,
  user_id       text NOT NULL,
  user_name     text NOT NULL,
  justification text NOT NULL,
  created_at    timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX send_overrides_by_reference ON send_overrides (tenant_id, reference);
CREATE TRIGGER send_overrides_append_only BEFORE UPDATE OR DELETE ON send_overrides
  FOR EACH ROW EXECUTE FUNCTION refuse_change();

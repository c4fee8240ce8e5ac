-- What the Outlook add-in needs: each organisation's send mode for the on-send check, and the
-- message a sharing decision was made for, so the check finds the decision again.

-- soft-block: the user may "Send anyway" from the alert; block: the message waits for a decision.
ALTER TABLE tenants ADD COLUMN send_mode text NOT NULL DEFAULT 'soft-block' CHECK (send_mode IN ('soft-block', 'block'));

-- The reference of the message (or other place) a decision was made for; part of the hashed
-- payload too, kept here to look it up.
ALTER TABLE sharing_decisions ADD COLUMN reference text;
CREATE INDEX sharing_decisions_by_reference ON sharing_decisions (tenant_id, reference) WHERE reference IS NOT NULL;

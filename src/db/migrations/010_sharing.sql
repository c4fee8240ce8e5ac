-- Packs combine per organisation (issue 9, item 1): a tenant may follow one pack for escalation
-- (tenants.pack_id) and another for information sharing. NULL: the tenant's own pack for both.
ALTER TABLE tenants ADD COLUMN sharing_pack_id text;

-- Speak Out and seAp, "Confidentiality and Information Sharing": the person is told what cannot
-- be kept confidential. NULL on records made before the question was asked (not "told": unknown).
ALTER TABLE consent_records ADD COLUMN informed_of_limits boolean;

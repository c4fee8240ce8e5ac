-- Integrity and accountability: a keyed decision log, who recorded what (by user id), and an
-- access log of every read or change of a person's records. Runs on PostgreSQL 15 and PGlite.

-- Each decision-log entry names the rule it was hashed under. Entries written before this
-- migration are version 1 (unkeyed SHA-256) and keep verifying under that rule; the application
-- writes version 2 (HMAC-SHA-256 with a key held outside the database, covering person_id and
-- reference too). No default afterwards: every new row says which rule it follows.
ALTER TABLE sharing_decisions ADD COLUMN version smallint NOT NULL DEFAULT 1 CHECK (version IN (1, 2));
ALTER TABLE sharing_decisions ALTER COLUMN version DROP DEFAULT;

-- The seal of a tenant's version-1 entries: the last old entry's seq and hash, keyed with the
-- decision-log key the first time the application starts with it. Re-writing the whole log
-- under the old, unkeyed rule therefore no longer verifies.
CREATE TABLE decision_chain_seals (
  tenant_id   text PRIMARY KEY REFERENCES tenants (id),
  legacy_seq  bigint NOT NULL,
  legacy_hash text NOT NULL,
  mac         text NOT NULL,
  sealed_at   timestamptz NOT NULL
);
CREATE TRIGGER decision_chain_seals_append_only BEFORE UPDATE OR DELETE ON decision_chain_seals
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER decision_chain_seals_no_truncate BEFORE TRUNCATE ON decision_chain_seals
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- Who recorded a consent or a phone discussion, by user id (the display name is kept too):
-- they are involved with the person and may read the person's records (need to know).
ALTER TABLE consent_records ADD COLUMN recorded_by_id text;
ALTER TABLE phone_discussions ADD COLUMN recorded_by_id text;
CREATE INDEX phone_discussions_by_person ON phone_discussions (tenant_id, person_id) WHERE person_id IS NOT NULL;
CREATE INDEX escalations_by_person ON escalations (tenant_id, person_id);

-- Every read or change of a person's records: who, which person, what kind of access, when and
-- through which surface. Kept, never changed; the information-governance lead reads it.
CREATE TABLE access_log (
  tenant_id text NOT NULL REFERENCES tenants (id),
  id        uuid NOT NULL,
  at        timestamptz NOT NULL,
  user_id   text NOT NULL,
  user_name text NOT NULL,
  person_id uuid NOT NULL,
  action    text NOT NULL,
  surface   text NOT NULL,
  outcome   text NOT NULL CHECK (outcome IN ('allowed', 'refused')),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, person_id) REFERENCES people (tenant_id, id)
);
CREATE INDEX access_log_by_person ON access_log (tenant_id, person_id, at DESC);
CREATE INDEX access_log_by_time ON access_log (tenant_id, at DESC);
CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON access_log
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

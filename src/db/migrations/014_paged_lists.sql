-- Keyset pages for the lists that were read whole (issue 12 item 3).

-- GET /api/sharing-decisions?basis=outside-protocol, newest first. Canonical JSON writes the basis
-- member exactly as `"kind":"outside-protocol"` and escapes every quote inside free text, so the
-- text search cannot be imitated; the list's query repeats this predicate word for word, so the
-- planner can use the index (no jsonb cast: a payload is never parsed by the database).
CREATE INDEX sharing_decisions_outside_protocol ON sharing_decisions (tenant_id, seq)
  WHERE strpos(payload, '"kind":"outside-protocol"') > 0;

-- GET /api/people (a practitioner's own caseload, newest first) pages on (created_at, id): the
-- creator index of 011 gains the id, so a page's keyset is one index range (and still serves the
-- on-send caseload and its fingerprint).
DROP INDEX people_by_creator;
CREATE INDEX people_by_creator ON people (tenant_id, created_by, created_at DESC, id DESC);

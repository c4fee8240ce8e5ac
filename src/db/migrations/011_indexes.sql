-- Indexes for each list's filter (issue 12; ../shared/reviews/performance-2026-12.md §7).

-- "My escalations": open escalations raised by one person, oldest first. Without it every bot
-- turn asking for them scanned the whole table (54–62 ms with 100,000 stored; 6 ms with it).
CREATE INDEX escalations_open_by_raiser ON escalations (tenant_id, raised_by, opened_at, id) WHERE state = 'open';

-- The Board's list and the themes: escalations of an organisation by state, in keyset order.
CREATE INDEX escalations_by_state ON escalations (tenant_id, state, opened_at, id);
-- The export: every escalation of an organisation in keyset order (a page without it sorted them all).
CREATE INDEX escalations_by_opening ON escalations (tenant_id, opened_at, id);

-- The on-send check's caseload (people a practitioner registered, newest first) and its
-- fingerprint (how many, the newest), read on every email.
CREATE INDEX people_by_creator ON people (tenant_id, created_by, created_at DESC);

-- A manager's team (users whose recorded line manager is the caller).
CREATE INDEX directory_users_by_manager ON directory_users (tenant_id, manager_user_id) WHERE manager_user_id IS NOT NULL;

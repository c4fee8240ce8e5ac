-- Who acts on an escalation comes from the protocol's access rule, never from a person named in a
-- request (security review 2026-12, H1). Until now stage 1 recorded the other agency's contact as
-- the person it was escalated *to*, and a directory id in that contact made them responsible for
-- the escalation (shown its details and buttons, able to resolve it, reminded of it). Stage 1 is
-- now addressed to no one. This removes the copied contact from stage 1 of stored escalations and
-- from their pending stage-1 reminders. The contact stays in `otherAgency.contact`; the append-only
-- history (`escalation_events`) is not touched.

UPDATE escalations
SET data = jsonb_set(data, '{stages,0}', (data #> '{stages,0}') - 'escalatedTo')
WHERE (data #>> '{stages,0,number}') = '1'
  AND (data #> '{stages,0}') ? 'escalatedTo';

UPDATE reminders
SET audience = audience - 'audienceUserId'
WHERE subject_kind = 'escalation'
  AND status = 'pending'
  AND (audience ->> 'stage') = '1'
  AND audience ? 'audienceUserId';

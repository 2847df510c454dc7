-- The reports read the tickets created in a period (up to a year): this index holds every
-- column they count, so a year at a million tickets is one range of the index, never the
-- table (its subjects, descriptions and search text).
CREATE INDEX tickets_reports ON tickets (created_at, organization_id, channel, kind, first_response_at,
    first_response_due_at, resolved_at, resolution_due_at, sla_paused_since);
-- The billing summary of all organisations reads a period of interventions by day.
CREATE INDEX interventions_performed ON interventions (performed_on, organization_id);

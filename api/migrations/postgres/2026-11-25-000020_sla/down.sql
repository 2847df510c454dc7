DROP INDEX tickets_sla_flags;
ALTER TABLE tickets DROP COLUMN sla_breached;
ALTER TABLE tickets DROP COLUMN sla_at_risk;
ALTER TABLE tickets DROP COLUMN sla_paused_minutes;
ALTER TABLE tickets DROP COLUMN sla_paused_since;
ALTER TABLE tickets DROP COLUMN resolution_due_at;
ALTER TABLE tickets DROP COLUMN first_response_due_at;
DROP TABLE sla_policies;

-- Service-level targets per priority, in business minutes of the interventions schedule.
CREATE TABLE sla_policies (
    priority TEXT PRIMARY KEY,
    first_response_minutes INTEGER NOT NULL,
    resolution_minutes INTEGER NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

INSERT INTO sla_policies (priority, first_response_minutes, resolution_minutes, updated_at) VALUES
    ('critical', 60, 480, CURRENT_TIMESTAMP),
    ('high', 240, 960, CURRENT_TIMESTAMP),
    ('medium', 480, 2400, CURRENT_TIMESTAMP),
    ('low', 960, 4800, CURRENT_TIMESTAMP);

ALTER TABLE tickets ADD COLUMN first_response_due_at TIMESTAMP NOT NULL DEFAULT '1970-01-01 00:00:00';
ALTER TABLE tickets ADD COLUMN resolution_due_at TIMESTAMP NOT NULL DEFAULT '1970-01-01 00:00:00';
ALTER TABLE tickets ADD COLUMN sla_paused_since TIMESTAMP;
ALTER TABLE tickets ADD COLUMN sla_paused_minutes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN sla_at_risk BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE tickets ADD COLUMN sla_breached BOOLEAN NOT NULL DEFAULT FALSE;
-- Tickets logged before SLAs existed keep their old queue position as both due times.
UPDATE tickets SET first_response_due_at = due_at, resolution_due_at = due_at;
CREATE INDEX tickets_sla_flags ON tickets (sla_breached, sla_at_risk);
ALTER TABLE tickets ALTER COLUMN first_response_due_at DROP DEFAULT;
ALTER TABLE tickets ALTER COLUMN resolution_due_at DROP DEFAULT;

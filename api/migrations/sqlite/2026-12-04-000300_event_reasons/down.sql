ALTER TABLE ticket_events DROP COLUMN stated_reason;

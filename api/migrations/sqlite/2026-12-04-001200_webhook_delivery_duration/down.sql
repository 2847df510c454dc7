ALTER TABLE webhook_deliveries DROP COLUMN last_duration_ms;

-- How long the last attempt took: from sending the request to the answer (or the error),
-- in milliseconds; null before the first attempt.
ALTER TABLE webhook_deliveries ADD COLUMN last_duration_ms INTEGER;

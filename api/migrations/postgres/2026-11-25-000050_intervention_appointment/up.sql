ALTER TABLE interventions ADD COLUMN appointment_id TEXT REFERENCES appointments (id);

ALTER TABLE interventions DROP COLUMN appointment_id;

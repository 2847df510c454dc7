-- Why a person made a change, in their own words (a reclassification's reason); rules and
-- the scheduler keep theirs in `reason`.
ALTER TABLE ticket_events ADD COLUMN stated_reason TEXT;

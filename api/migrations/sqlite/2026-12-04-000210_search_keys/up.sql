-- Folded (lower-case, accent-free) names to search organisations and users by, so that
-- "jerome" finds "Jérôme" on both backends. Filled by the application (the folding is
-- domain::text::fold): on every write, and at start-up for rows that have none yet.
ALTER TABLE organizations ADD COLUMN search_key TEXT;
ALTER TABLE users ADD COLUMN search_key TEXT;

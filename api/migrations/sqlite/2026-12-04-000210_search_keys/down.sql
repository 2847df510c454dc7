ALTER TABLE users DROP COLUMN search_key;
ALTER TABLE organizations DROP COLUMN search_key;

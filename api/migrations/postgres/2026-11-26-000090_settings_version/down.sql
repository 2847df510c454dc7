-- The triggers go with the function.
DROP FUNCTION bump_settings_version() CASCADE;
DROP TABLE settings_version;

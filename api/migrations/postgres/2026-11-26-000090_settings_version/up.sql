-- Ticket intake keeps the settings it reads for every new ticket in memory (triage rules,
-- priority matrix, SLA calendar and policies, webhook subscriptions, organisations and their
-- contracts) and reads only this number per batch. Every change to those tables moves it
-- forward, whichever server or tool made the change, so no server keeps stale settings.
CREATE TABLE settings_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO settings_version (id, version) VALUES (1, 0);

CREATE FUNCTION bump_settings_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE settings_version SET version = version + 1 WHERE id = 1;
    RETURN NULL;
END
$$;
CREATE TRIGGER triage_rules_settings_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON triage_rules
    FOR EACH STATEMENT EXECUTE FUNCTION bump_settings_version();
CREATE TRIGGER priority_matrix_settings_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON priority_matrix
    FOR EACH STATEMENT EXECUTE FUNCTION bump_settings_version();
CREATE TRIGGER schedules_settings_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON schedules
    FOR EACH STATEMENT EXECUTE FUNCTION bump_settings_version();
CREATE TRIGGER schedule_closures_settings_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON schedule_closures
    FOR EACH STATEMENT EXECUTE FUNCTION bump_settings_version();
CREATE TRIGGER sla_policies_settings_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON sla_policies
    FOR EACH STATEMENT EXECUTE FUNCTION bump_settings_version();
CREATE TRIGGER webhooks_settings_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON webhooks
    FOR EACH STATEMENT EXECUTE FUNCTION bump_settings_version();
CREATE TRIGGER organizations_settings_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON organizations
    FOR EACH STATEMENT EXECUTE FUNCTION bump_settings_version();
CREATE TRIGGER contracts_settings_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON contracts
    FOR EACH STATEMENT EXECUTE FUNCTION bump_settings_version();

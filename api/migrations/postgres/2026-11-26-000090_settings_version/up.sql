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
DO $$
DECLARE
    watched TEXT;
BEGIN
    FOREACH watched IN ARRAY ARRAY['triage_rules', 'priority_matrix', 'schedules', 'schedule_closures',
                                   'sla_policies', 'webhooks', 'organizations', 'contracts'] LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I '
                       'FOR EACH STATEMENT EXECUTE FUNCTION bump_settings_version()',
                       watched || '_settings_version', watched);
    END LOOP;
END
$$;

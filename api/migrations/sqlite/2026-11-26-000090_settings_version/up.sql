-- Ticket intake keeps the settings it reads for every new ticket in memory (triage rules,
-- priority matrix, SLA calendar and policies, webhook subscriptions, organisations and their
-- contracts) and reads only this number per batch. Every change to those tables moves it
-- forward, whichever process or tool made the change, so no server keeps stale settings.
CREATE TABLE settings_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO settings_version (id, version) VALUES (1, 0);
CREATE TRIGGER triage_rules_insert_settings_version AFTER INSERT ON triage_rules
    BEGIN UPDATE settings_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER triage_rules_update_settings_version AFTER UPDATE ON triage_rules
    BEGIN UPDATE settings_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER triage_rules_delete_settings_version AFTER DELETE ON triage_rules
    BEGIN UPDATE settings_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER priority_matrix_insert_settings_version AFTER INSERT ON priority_matrix
    BEGIN UPDATE settings_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER priority_matrix_update_settings_version AFTER UPDATE ON priority_matrix
    BEGIN UPDATE settings_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER priority_matrix_delete_settings_version AFTER DELETE ON priority_matrix
    BEGIN UPDATE settings_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER schedules_insert_settings_version AFTER INSERT ON schedules
    BEGIN UPDATE settings_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER schedules_update_settings_version AFTER UPDATE ON schedules
    BEGIN UPDATE settings_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER schedules_delete_settings_version AFTER DELETE ON schedules
    BEGIN UPDATE settings_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER schedule_closures_insert_settings_version AFTER INSERT ON schedule_closures
    BEGIN UPDATE settings_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER schedule_closures_update_settings_version AFTER UPDATE ON schedule_closures
    BEGIN UPDATE settings_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER schedule_closures_delete_settings_version AFTER DELETE ON schedule_closures
    BEGIN UPDATE settings_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER sla_policies_insert_settings_version AFTER INSERT ON sla_policies
    BEGIN UPDATE settings_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER sla_policies_update_settings_version AFTER UPDATE ON sla_policies
    BEGIN UPDATE settings_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER sla_policies_delete_settings_version AFTER DELETE ON sla_policies
    BEGIN UPDATE settings_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER webhooks_insert_settings_version AFTER INSERT ON webhooks
    BEGIN UPDATE settings_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER webhooks_update_settings_version AFTER UPDATE ON webhooks
    BEGIN UPDATE settings_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER webhooks_delete_settings_version AFTER DELETE ON webhooks
    BEGIN UPDATE settings_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER organizations_insert_settings_version AFTER INSERT ON organizations
    BEGIN UPDATE settings_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER organizations_update_settings_version AFTER UPDATE ON organizations
    BEGIN UPDATE settings_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER organizations_delete_settings_version AFTER DELETE ON organizations
    BEGIN UPDATE settings_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER contracts_insert_settings_version AFTER INSERT ON contracts
    BEGIN UPDATE settings_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER contracts_update_settings_version AFTER UPDATE ON contracts
    BEGIN UPDATE settings_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER contracts_delete_settings_version AFTER DELETE ON contracts
    BEGIN UPDATE settings_version SET version = version + 1 WHERE id = 1; END;

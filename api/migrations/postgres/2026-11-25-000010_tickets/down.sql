DROP TABLE ticket_events;
DROP TABLE ticket_comments;
DROP TABLE tickets;
DROP TABLE seeded_defaults;
DROP TABLE triage_rules;
DROP TABLE priority_matrix;

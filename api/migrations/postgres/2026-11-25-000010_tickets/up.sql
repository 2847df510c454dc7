CREATE TABLE priority_matrix (
    impact TEXT NOT NULL,
    urgency TEXT NOT NULL,
    priority TEXT NOT NULL,
    PRIMARY KEY (impact, urgency)
);

CREATE TABLE triage_rules (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    enabled BOOLEAN NOT NULL,
    position INTEGER NOT NULL,
    conditions TEXT NOT NULL,
    actions TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- Defaults seeded once per database (so an admin who deletes them does not get them back).
CREATE TABLE seeded_defaults (
    name TEXT PRIMARY KEY,
    seeded_at TIMESTAMP NOT NULL
);

CREATE TABLE tickets (
    id TEXT PRIMARY KEY,
    reference TEXT NOT NULL,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    subject TEXT NOT NULL,
    description TEXT NOT NULL,
    channel TEXT NOT NULL,
    category TEXT,
    urgency TEXT NOT NULL,
    impact TEXT,
    priority TEXT NOT NULL,
    priority_rank INTEGER NOT NULL,
    priority_overridden BOOLEAN NOT NULL,
    requester_id TEXT NOT NULL REFERENCES users (id),
    organization_id TEXT REFERENCES organizations (id),
    assignee_id TEXT REFERENCES users (id),
    created_by TEXT NOT NULL REFERENCES users (id),
    due_at TIMESTAMP NOT NULL,
    first_response_at TIMESTAMP,
    resolved_at TIMESTAMP,
    closed_at TIMESTAMP,
    search_public TEXT NOT NULL,
    search_internal TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX tickets_reference ON tickets (reference);
CREATE INDEX tickets_queue ON tickets (priority_rank, due_at, created_at, id);
CREATE INDEX tickets_organization ON tickets (organization_id, priority_rank, due_at, created_at, id);
CREATE INDEX tickets_requester ON tickets (requester_id, priority_rank, due_at, created_at, id);
CREATE INDEX tickets_assignee ON tickets (assignee_id, priority_rank, due_at, created_at, id);
CREATE INDEX tickets_status ON tickets (status, priority_rank, due_at, created_at, id);
-- Full-text vectors of the folded text the application writes, kept by PostgreSQL itself
-- (PostgreSQL only: not in the diesel schema, read by the search query alone).
ALTER TABLE tickets ADD COLUMN search_public_tsv tsvector
    GENERATED ALWAYS AS (to_tsvector('simple', search_public)) STORED;
ALTER TABLE tickets ADD COLUMN search_all_tsv tsvector
    GENERATED ALWAYS AS (to_tsvector('simple', search_public || ' ' || search_internal)) STORED;
CREATE INDEX tickets_search_public ON tickets USING GIN (search_public_tsv);
CREATE INDEX tickets_search_all ON tickets USING GIN (search_all_tsv);

CREATE TABLE ticket_comments (
    id TEXT PRIMARY KEY,
    ticket_id TEXT NOT NULL REFERENCES tickets (id),
    author_id TEXT REFERENCES users (id),
    body TEXT NOT NULL,
    internal BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX ticket_comments_ticket ON ticket_comments (ticket_id, created_at);

CREATE TABLE ticket_events (
    id TEXT PRIMARY KEY,
    ticket_id TEXT NOT NULL REFERENCES tickets (id),
    actor_id TEXT REFERENCES users (id),
    field TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT,
    rule_id TEXT,
    rule_name TEXT,
    reason TEXT,
    internal BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX ticket_events_ticket ON ticket_events (ticket_id, created_at);

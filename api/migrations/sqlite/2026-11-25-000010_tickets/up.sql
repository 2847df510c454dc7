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

-- Reference numbers per year, taken inside the creating transaction (PostgreSQL uses one
-- sequence per year instead; see store::tickets::allocate_reference).
CREATE TABLE reference_counters (
    year INTEGER PRIMARY KEY,
    last_number BIGINT NOT NULL
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

-- Full-text index over the folded (lower-case, accent-free) text the application keeps in
-- tickets.search_public / search_internal; triggers keep it in step.
CREATE VIRTUAL TABLE ticket_search USING fts5 (
    search_public,
    search_internal,
    content = 'tickets',
    content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER tickets_search_insert AFTER INSERT ON tickets BEGIN
    INSERT INTO ticket_search (rowid, search_public, search_internal)
    VALUES (new.rowid, new.search_public, new.search_internal);
END;
CREATE TRIGGER tickets_search_delete AFTER DELETE ON tickets BEGIN
    INSERT INTO ticket_search (ticket_search, rowid, search_public, search_internal)
    VALUES ('delete', old.rowid, old.search_public, old.search_internal);
END;
CREATE TRIGGER tickets_search_update AFTER UPDATE OF search_public, search_internal ON tickets BEGIN
    INSERT INTO ticket_search (ticket_search, rowid, search_public, search_internal)
    VALUES ('delete', old.rowid, old.search_public, old.search_internal);
    INSERT INTO ticket_search (rowid, search_public, search_internal)
    VALUES (new.rowid, new.search_public, new.search_internal);
END;

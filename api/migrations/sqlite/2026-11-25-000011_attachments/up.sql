-- Files live in their own table, never in the ticket row, so ticket lists stay small; in the
-- database rather than on disk so several API instances on one PostgreSQL all serve them.
CREATE TABLE attachments (
    id TEXT PRIMARY KEY,
    ticket_id TEXT NOT NULL REFERENCES tickets (id),
    comment_id TEXT NOT NULL REFERENCES ticket_comments (id),
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    content BLOB NOT NULL,
    uploaded_by TEXT REFERENCES users (id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX attachments_comment ON attachments (comment_id);
CREATE INDEX attachments_ticket ON attachments (ticket_id);

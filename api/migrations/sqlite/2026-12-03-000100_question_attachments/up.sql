-- Files can belong to the question itself (the ticket's description) rather than a comment:
-- comment_id is NULL for those. SQLite cannot drop a NOT NULL, so the table is rebuilt.
CREATE TABLE attachments_new (
    id TEXT PRIMARY KEY,
    ticket_id TEXT NOT NULL REFERENCES tickets (id),
    comment_id TEXT REFERENCES ticket_comments (id),
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    content BLOB NOT NULL,
    uploaded_by TEXT REFERENCES users (id),
    created_at TIMESTAMP NOT NULL
);
INSERT INTO attachments_new SELECT id, ticket_id, comment_id, filename, content_type, size_bytes, sha256, content, uploaded_by, created_at FROM attachments;
DROP TABLE attachments;
ALTER TABLE attachments_new RENAME TO attachments;
CREATE INDEX attachments_comment ON attachments (comment_id);
CREATE INDEX attachments_ticket ON attachments (ticket_id);

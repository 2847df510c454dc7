DELETE FROM attachments WHERE comment_id IS NULL;
CREATE TABLE attachments_old (
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
INSERT INTO attachments_old SELECT id, ticket_id, comment_id, filename, content_type, size_bytes, sha256, content, uploaded_by, created_at FROM attachments;
DROP TABLE attachments;
ALTER TABLE attachments_old RENAME TO attachments;
CREATE INDEX attachments_comment ON attachments (comment_id);
CREATE INDEX attachments_ticket ON attachments (ticket_id);

-- Files can belong to the question itself (the ticket's description) rather than a comment:
-- comment_id is NULL for those.
ALTER TABLE attachments ALTER COLUMN comment_id DROP NOT NULL;

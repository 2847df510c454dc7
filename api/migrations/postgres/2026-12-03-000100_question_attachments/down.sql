DELETE FROM attachments WHERE comment_id IS NULL;
ALTER TABLE attachments ALTER COLUMN comment_id SET NOT NULL;

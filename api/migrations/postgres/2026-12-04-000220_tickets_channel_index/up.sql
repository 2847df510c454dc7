-- The queue filtered by channel (the console's "phone" filter), in queue order: without it a
-- rare channel meant walking the whole queue to fill a page.
CREATE INDEX tickets_channel ON tickets (channel, priority_rank, due_at, created_at, id);

-- The retained event log behind GET /api/v1/events/stream (api/src/store/live_events.rs):
-- one row per outbox event (and per staff-only change that webhooks never see), written in
-- the change's transaction and kept for a day so that a stream can resume with
-- Last-Event-ID.
--
-- Transactions commit in another order than they draw positions, so a reader that polls
-- "position > last" could pass a row whose transaction commits later. Each row therefore
-- keeps its writing transaction's id (xid8, as a bigint), and readers only take rows whose
-- transaction is older than the oldest one still running (pg_snapshot_xmin): those have all
-- ended, so nothing can appear below them any more. Rows are read in (xid, position) order,
-- which is also the stream's cursor; the primary key is that order's index.
CREATE TABLE live_events (
    xid BIGINT NOT NULL DEFAULT (pg_current_xact_id()::text::bigint),
    position BIGINT GENERATED ALWAYS AS IDENTITY,
    event_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    ticket_id TEXT NOT NULL,
    reference TEXT NOT NULL,
    organization_id TEXT,
    requester_id TEXT NOT NULL,
    -- Staff only: never sent to customers.
    internal BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (xid, position)
);

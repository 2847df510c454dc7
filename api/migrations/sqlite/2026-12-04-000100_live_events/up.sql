-- The retained event log behind GET /api/v1/events/stream (api/src/store/live_events.rs):
-- one row per outbox event (and per staff-only change that webhooks never see), written in
-- the change's transaction and kept for a day so that a stream can resume with
-- Last-Event-ID. SQLite has one writer at a time, so position order is commit order;
-- AUTOINCREMENT keeps positions rising even after the purge has emptied the table.
CREATE TABLE live_events (
    position INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    ticket_id TEXT NOT NULL,
    reference TEXT NOT NULL,
    organization_id TEXT,
    requester_id TEXT NOT NULL,
    -- Staff only: never sent to customers.
    internal BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL
);

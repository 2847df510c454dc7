-- E-mail notifications to requesters wait in the same outbox as webhook events: the event
-- (with the rendered message) is written in the change's transaction, and one delivery row per
-- e-mail is claimed and sent by the mail worker with retries.
CREATE TABLE mail_deliveries (
    id TEXT PRIMARY KEY,
    event_id TEXT NOT NULL REFERENCES outbox_events (id),
    ticket_id TEXT NOT NULL REFERENCES tickets (id),
    recipient TEXT NOT NULL,
    -- The Message-ID we send, so a reply's In-Reply-To finds the ticket.
    message_id TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed', 'expired')),
    attempts INTEGER NOT NULL,
    next_attempt_at TIMESTAMP NOT NULL,
    locked_until TIMESTAMP,
    last_error TEXT,
    delivered_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX mail_deliveries_due ON mail_deliveries (status, next_attempt_at);
CREATE INDEX mail_deliveries_ticket ON mail_deliveries (ticket_id);

-- Every inbound e-mail that became a ticket or a comment, by Message-ID: the same message
-- posted twice finds its ticket instead of making a second one, and replies thread by
-- In-Reply-To / References.
CREATE TABLE inbound_emails (
    id TEXT PRIMARY KEY,
    message_id TEXT UNIQUE,
    sender TEXT NOT NULL,
    ticket_id TEXT NOT NULL REFERENCES tickets (id),
    comment_id TEXT REFERENCES ticket_comments (id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX inbound_emails_ticket ON inbound_emails (ticket_id);

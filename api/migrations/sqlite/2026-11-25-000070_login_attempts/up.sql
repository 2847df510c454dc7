-- Failed-login counters for rate limiting, shared by every instance on the same database.
-- The key is a SHA-256 of `account:<e-mail>` or `address:<ip>`, so no address typed at the
-- login form is kept in clear; rows whose window has ended are purged on later logins.
CREATE TABLE login_attempts (
    attempt_key TEXT PRIMARY KEY NOT NULL,
    attempts INTEGER NOT NULL,
    -- Seconds since the epoch when the counting window ends.
    window_ends_at BIGINT NOT NULL
);
CREATE INDEX login_attempts_window_ends_at ON login_attempts (window_ends_at);

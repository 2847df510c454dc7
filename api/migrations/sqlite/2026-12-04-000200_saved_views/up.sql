-- Saved views: a user's named filters of the ticket list, kept on the server so that they
-- follow the user to another browser. `filters` is the JSON of the list's query parameters;
-- `name_key` is the folded name (unique per user, whatever the case or accents).
CREATE TABLE saved_views (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    filters TEXT NOT NULL,
    position INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX saved_views_user_name ON saved_views (user_id, name_key);
CREATE INDEX saved_views_user_position ON saved_views (user_id, position);

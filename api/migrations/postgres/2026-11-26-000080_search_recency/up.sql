-- Search ranks the newest matches of a query (tickets::SEARCH_WINDOW). With this index
-- PostgreSQL reads a common word's matches newest first and stops after the window, instead
-- of fetching and sorting every match (1 s → 10 ms for a word in 6 % of 1,000,000 tickets).
CREATE INDEX tickets_created ON tickets (created_at);

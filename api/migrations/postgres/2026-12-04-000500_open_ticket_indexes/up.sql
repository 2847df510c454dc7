-- Open tickets in queue order, alone and per assignee, requester and organisation: the queue's,
-- "mine" and the portal's default lists. Closed tickets soon make up most of the table and
-- sort first in queue order (their due times are long past), so the full indexes walk through
-- them before the first open ticket. The WHERE is word for word store::tickets::OPEN_STATUSES_SQL
-- (SQLite uses a partial index only for a query term identical to it).
CREATE INDEX tickets_open_queue ON tickets (priority_rank, due_at, created_at, id)
  WHERE status IN ('new', 'open', 'pending_customer', 'scheduled');
CREATE INDEX tickets_open_assignee ON tickets (assignee_id, priority_rank, due_at, created_at, id)
  WHERE status IN ('new', 'open', 'pending_customer', 'scheduled');
CREATE INDEX tickets_open_requester ON tickets (requester_id, priority_rank, due_at, created_at, id)
  WHERE status IN ('new', 'open', 'pending_customer', 'scheduled');
CREATE INDEX tickets_open_organization ON tickets (organization_id, priority_rank, due_at, created_at, id)
  WHERE status IN ('new', 'open', 'pending_customer', 'scheduled');

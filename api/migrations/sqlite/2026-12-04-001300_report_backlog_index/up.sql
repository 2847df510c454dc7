-- The backlog report counts the open tickets by kind and priority (for one organisation or
-- all). This index holds the open tickets alone with exactly those columns, so the count reads
-- it in group order and never the table; without it the count read each open ticket's row
-- (358 ms on SQLite, 202 ms on PostgreSQL with some 0.2-0.5 million open tickets). The WHERE is word for
-- word store::tickets::OPEN_STATUSES_SQL (SQLite uses a partial index only for a query term
-- identical to it). SQLite keeps no statistics here and picks tickets_status instead, so the
-- report names this index (INDEXED BY, store::reports::backlog).
CREATE INDEX tickets_open_backlog ON tickets (kind, priority, organization_id)
  WHERE status IN ('new', 'open', 'pending_customer', 'scheduled');

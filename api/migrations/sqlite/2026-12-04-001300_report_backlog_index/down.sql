DROP INDEX tickets_open_backlog;

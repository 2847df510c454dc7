DROP INDEX tickets_open_organization;
DROP INDEX tickets_open_requester;
DROP INDEX tickets_open_assignee;
DROP INDEX tickets_open_queue;

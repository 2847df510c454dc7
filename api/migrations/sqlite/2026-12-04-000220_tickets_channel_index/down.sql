DROP INDEX tickets_channel;

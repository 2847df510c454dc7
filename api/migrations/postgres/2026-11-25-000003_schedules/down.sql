DROP TABLE schedule_closures;
DROP TABLE schedules;

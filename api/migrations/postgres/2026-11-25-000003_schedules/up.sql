-- Named business calendars. The weekly hours are the domain's rows as JSON text
-- (`[{"weekday":"Mon","start":"09:00","end":"12:00"}, ...]`), checked by the domain on load.
CREATE TABLE schedules (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    belgian_holidays BOOLEAN NOT NULL,
    christmas_closure BOOLEAN NOT NULL,
    weekly_hours TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX schedules_code ON schedules (code);

-- One-off closures added by admins; days are `YYYY-MM-DD` text (portable, and sorts as dates).
CREATE TABLE schedule_closures (
    id TEXT PRIMARY KEY,
    schedule_id TEXT NOT NULL REFERENCES schedules (id),
    first_day TEXT NOT NULL,
    last_day TEXT NOT NULL,
    reason TEXT NOT NULL,
    created_by TEXT REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    CHECK (first_day <= last_day)
);
CREATE INDEX schedule_closures_schedule ON schedule_closures (schedule_id, first_day);

-- The two schedules of the support policy exist on every database.
INSERT INTO schedules (id, code, name, time_zone, belgian_holidays, christmas_closure, weekly_hours, created_at, updated_at)
VALUES
    ('0193a000-0000-7000-8000-000000000001', 'interventions', 'Interventies / Interventions', 'Europe/Brussels', TRUE, TRUE,
     '[{"weekday":"Mon","start":"09:00","end":"12:00"},{"weekday":"Mon","start":"13:00","end":"16:30"},{"weekday":"Tue","start":"09:00","end":"12:00"},{"weekday":"Tue","start":"13:00","end":"16:30"},{"weekday":"Wed","start":"09:00","end":"12:00"},{"weekday":"Wed","start":"13:00","end":"16:30"},{"weekday":"Thu","start":"09:00","end":"12:00"},{"weekday":"Thu","start":"13:00","end":"16:30"},{"weekday":"Fri","start":"09:00","end":"12:00"},{"weekday":"Fri","start":"13:00","end":"15:30"}]',
     CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('0193a000-0000-7000-8000-000000000002', 'phone', 'Telefoonlijn / Phone line', 'Europe/Brussels', TRUE, TRUE,
     '[{"weekday":"Mon","start":"09:00","end":"12:00"},{"weekday":"Mon","start":"13:00","end":"16:30"},{"weekday":"Tue","start":"09:00","end":"12:00"},{"weekday":"Tue","start":"13:00","end":"16:30"},{"weekday":"Wed","start":"09:00","end":"12:00"},{"weekday":"Wed","start":"13:00","end":"16:30"},{"weekday":"Thu","start":"09:00","end":"12:00"},{"weekday":"Thu","start":"13:00","end":"16:30"},{"weekday":"Fri","start":"09:00","end":"12:00"}]',
     CURRENT_TIMESTAMP, CURRENT_TIMESTAMP);

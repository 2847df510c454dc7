-- Interventions booked for a ticket: always by appointment, inside the interventions schedule.
-- Overlap of one agent's appointments is checked by the API inside a write transaction that
-- serialises the bookings of that agent.
CREATE TABLE appointments (
    id TEXT PRIMARY KEY,
    ticket_id TEXT NOT NULL REFERENCES tickets (id),
    agent_id TEXT NOT NULL REFERENCES users (id),
    starts_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP NOT NULL,
    mode TEXT NOT NULL,
    note TEXT NOT NULL,
    status TEXT NOT NULL,
    customer_note TEXT,
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX appointments_agent_time ON appointments (agent_id, starts_at);
CREATE INDEX appointments_ticket ON appointments (ticket_id, starts_at);

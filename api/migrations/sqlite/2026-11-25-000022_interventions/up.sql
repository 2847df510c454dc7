-- Work recorded on a ticket, with its billing classification frozen when it was recorded (or
-- last edited or explicitly reclassified): a later change to contracts, the coverage table or
-- the billing settings never rewrites it. Dates are TEXT `YYYY-MM-DD`, like contracts.
CREATE TABLE interventions (
    id TEXT PRIMARY KEY,
    ticket_id TEXT NOT NULL REFERENCES tickets (id),
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    performed_on TEXT NOT NULL,
    minutes BIGINT NOT NULL CHECK (minutes > 0),
    subject_code TEXT NOT NULL,
    description TEXT NOT NULL,
    agent_id TEXT NOT NULL REFERENCES users (id),
    outcome TEXT NOT NULL,
    reason TEXT NOT NULL,
    explanation_en TEXT NOT NULL,
    explanation_nl TEXT NOT NULL,
    contract_number TEXT,
    hourly_rate_cents BIGINT,
    billed_minutes BIGINT NOT NULL CHECK (billed_minutes >= 0),
    amount_cents BIGINT NOT NULL CHECK (amount_cents >= 0),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX interventions_ticket ON interventions (ticket_id, performed_on);
CREATE INDEX interventions_organization ON interventions (organization_id, performed_on);

-- Maintenance contracts. Dates are TEXT `YYYY-MM-DD` (portable across both backends and
-- ordered correctly as text); the number `MC-YYYY-NNN` is allocated by the store.
CREATE TABLE contracts (
    id TEXT PRIMARY KEY,
    number TEXT NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    starts_on TEXT NOT NULL,
    ends_on TEXT,
    hourly_rate_cents BIGINT NOT NULL CHECK (hourly_rate_cents >= 0),
    notes TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (ends_on IS NULL OR ends_on >= starts_on)
);
CREATE UNIQUE INDEX contracts_number ON contracts (number);
CREATE INDEX contracts_organization ON contracts (organization_id, starts_on);

-- The coverage table: which subjects a maintenance contract includes. Rows are seeded from
-- the policy by the application (store::billing::seed_defaults) and never deleted.
CREATE TABLE coverage_subjects (
    code TEXT PRIMARY KEY,
    label_nl TEXT NOT NULL,
    label_en TEXT NOT NULL,
    included BOOLEAN NOT NULL,
    retired BOOLEAN NOT NULL,
    position BIGINT NOT NULL
);

-- How time is billed: exactly one row, id 1.
CREATE TABLE billing_settings (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    increment_minutes BIGINT NOT NULL CHECK (increment_minutes > 0),
    minimum_minutes BIGINT NOT NULL CHECK (minimum_minutes >= 0),
    default_hourly_rate_cents BIGINT NOT NULL CHECK (default_hourly_rate_cents >= 0),
    vat_rate_basis_points BIGINT NOT NULL CHECK (vat_rate_basis_points BETWEEN 0 AND 10000),
    updated_at TIMESTAMP NOT NULL
);

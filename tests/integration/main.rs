//! Black-box tests: one binary, real HTTP, each scenario on SQLite and on PostgreSQL.

mod appointments;
mod attachments;
mod auth;
mod authz_matrix;
mod bad_input;
mod billing;
mod contracts;
mod email;
mod events;
mod hardening;
mod intake_settings;
mod interventions;
mod kb;
mod openapi;
mod operations;
mod organizations;
mod queue;
mod schedules;
mod sla;
mod tickets;
mod tokens;
mod triage;
mod users;
mod views;
mod web_app;
mod webhooks;

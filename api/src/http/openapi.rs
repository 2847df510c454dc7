//! The OpenAPI document: generated from the handlers' annotations, never written by hand.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

/// Top-level facts of the API; paths and schemas are collected from the routes.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Loket",
        description = "Support desk for software vendors: tickets with reference numbers, triage, \
                       appointments inside support hours, maintenance contracts and billing.\n\n\
                       Authenticate with `Authorization: Bearer <token>`: an access token from \
                       `POST /api/v1/auth/login`, or a personal API token from `POST /api/v1/me/tokens`. \
                       The scopes listed under an operation's security are the roles allowed to call it \
                       (none listed: any logged-in user). Errors are RFC 9457 problem documents.",
        license(name = "AGPL-3.0-or-later")
    ),
    modifiers(&BearerAuth),
    tags(
        (name = "auth", description = "Logging in and out"),
        (name = "me", description = "The caller's profile and API tokens"),
        (name = "organizations", description = "Customer organisations"),
        (name = "users", description = "Customers and staff"),
        (name = "tickets", description = "Questions with reference numbers: the queue, comments, history"),
        (name = "triage", description = "Rules that sort incoming tickets, and the priority matrix"),
        (name = "schedules", description = "Support hours, the phone line, holidays, closures and free slots"),
        (name = "contracts", description = "Maintenance contracts and the coverage they give"),
        (name = "billing", description = "Coverage table, billing settings and the classification of interventions"),
        (name = "knowledge base", description = "Articles in Dutch and English, and their comments"),
        (name = "appointments", description = "Interventions by appointment, inside the support hours; iCalendar files"),
        (name = "sla", description = "Service levels in business time: policies per priority and due-time explanations"),
        (name = "webhooks", description = "Signed event deliveries to other systems, with a delivery log"),
        (name = "operations", description = "Probes for operators"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("An access token (JWT) or a personal API token (`loket_pat_…`)"))
                    .build(),
            ),
        );
    }
}

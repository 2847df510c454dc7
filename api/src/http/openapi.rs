//! The OpenAPI document: generated from the handlers' annotations, never written by hand.

use super::error::PROBLEM_JSON;
use utoipa::openapi::path::Operation;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
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
        license(name = "AGPL-3.0-or-later", identifier = "AGPL-3.0-or-later")
    ),
    // Relative: the document describes the server that serves it.
    servers((url = "/", description = "This server")),
    modifiers(&BearerAuth),
    // The data of an event stream's frames: no response body names it, the stream is text.
    components(schemas(super::events::LiveEvent, super::error::FieldErrorCode, super::schema::UuidOrEmpty)),
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
        (name = "reports", description = "The dashboard's figures, JSON or CSV: backlog, SLA per week, billing per month, tickets per month, first-response time"),
        (name = "webhooks", description = "Signed event deliveries to other systems, with a delivery log"),
        (name = "events", description = "Live updates as Server-Sent Events"),
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

/// Declares on every operation the problem responses that the shared machinery (extractors,
/// body limits, the caller check) can give it, so no handler has to repeat them: 400 when a
/// parameter or the body cannot be read, 413 and 415 for a body that is too large or not the
/// declared media type, 422 for a body that breaks the schema, 401 where a login is needed.
/// (`loket openapi` and the served document both pass through [`super::openapi`], which applies it.)
/// A handler's own declaration of a status (with its more precise description) is kept.
/// Operations without a security declaration get an explicit empty one (no login needed).
pub struct SharedProblemResponses;

impl SharedProblemResponses {
    fn complete(operation: &mut Operation) {
        let has_body = operation.request_body.is_some();
        let needs_login = operation
            .security
            .as_ref()
            .is_some_and(|requirements| !requirements.is_empty());
        let shared = [
            // Any URL may carry a query string that cannot be read (a NUL, a bad parameter).
            (true, "400", "A path or query parameter, or the body, cannot be read"),
            (has_body, "413", "The body is larger than the server accepts"),
            (has_body, "415", "The body is not of a declared media type"),
            (has_body, "422", "A field is missing or invalid"),
            (
                needs_login,
                "401",
                "Not logged in, or the token is invalid, revoked or expired",
            ),
        ];
        for (applies, status, description) in shared {
            if applies && !operation.responses.responses.contains_key(status) {
                let problem = ResponseBuilder::new()
                    .description(description)
                    .content(
                        PROBLEM_JSON,
                        ContentBuilder::new()
                            .schema(Some(Ref::from_schema_name("Problem")))
                            .build(),
                    )
                    .build();
                operation.responses.responses.insert(status.to_owned(), problem.into());
            }
        }
    }
}

impl Modify for SharedProblemResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for item in openapi.paths.paths.values_mut() {
            let operations = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ];
            for operation in operations.into_iter().flatten() {
                Self::complete(operation);
                // An operation that declares no security needs no login (probes, logging in):
                // say so with an empty requirement list rather than leave clients to guess.
                operation.security.get_or_insert_with(Vec::new);
            }
        }
    }
}

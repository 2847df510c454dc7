//! The HTTP API: routes, middleware, and the server.

pub mod appointments;
pub mod attachments;
pub mod auth;
pub mod billing;
pub mod caller;
pub mod contracts;
pub mod csv;
pub mod error;
pub mod events;
pub mod extract;
pub mod health;
pub mod inbound;
pub mod interventions;
pub mod kb;
pub mod language;
pub mod me;
pub mod openapi;
pub mod organizations;
pub mod reports;
pub mod schedules;
pub mod schema;
pub mod security;
pub mod sla;
pub mod tickets;
pub mod triage;
pub mod users;
pub mod views;
pub mod web_app;
pub mod webhooks;

use crate::auth::AccessTokens;
use crate::config::Config;
use crate::store::ticket_intake::TicketIntake;
use crate::store::Store;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Server, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::{from_fn, Next};
use actix_web::{web, App, HttpMessage, HttpServer};
use error::{ApiError, ErrorCause, ErrorCode, Problem, PROBLEM_JSON};
use std::net::SocketAddr;
use tracing_actix_web::{RequestId, TracingLogger};
use utoipa::OpenApi;
use utoipa_actix_web::{scope, AppExt};
use utoipa_swagger_ui::SwaggerUi;

/// What every handler can reach.
pub struct AppState {
    /// The database.
    pub store: Store,
    /// Signs and checks access tokens.
    pub access_tokens: AccessTokens,
    /// The configuration.
    pub config: Config,
    /// Creates tickets in batches (group commit).
    pub intake: TicketIntake,
    /// Hashes and verifies passwords on two threads of their own.
    pub password_work: crate::auth::PasswordWork,
    /// The accounts of recent callers.
    pub recent_callers: caller::RecentCallers,
    /// New events for the event streams.
    pub live: crate::jobs::live_events::LiveFeed,
}

impl AppState {
    /// State for a server with this configuration and store.
    pub fn new(config: Config, store: Store) -> AppState {
        AppState {
            access_tokens: AccessTokens::new(&config.jwt_secret, config.access_token_ttl),
            intake: TicketIntake::start(store.clone()),
            password_work: crate::auth::PasswordWork::start(),
            recent_callers: caller::RecentCallers::default(),
            live: crate::jobs::live_events::LiveFeed::start(store.clone()),
            store,
            config,
        }
    }
}

/// Every route of the API; the only place paths are wired.
fn configure_routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.configure(health::routes).service(
        scope("/api/v1")
            .configure(auth::routes)
            .configure(me::routes)
            .configure(views::routes)
            .configure(organizations::routes)
            .configure(schedules::routes)
            .configure(users::routes)
            .configure(tickets::routes)
            .configure(attachments::routes)
            .configure(triage::routes)
            .configure(contracts::routes)
            .configure(billing::routes)
            .configure(kb::routes)
            .configure(interventions::routes)
            .configure(appointments::routes)
            .configure(sla::routes)
            .configure(reports::routes)
            .configure(webhooks::routes)
            .configure(inbound::routes)
            .configure(events::routes),
    );
}

/// The OpenAPI document of the running code (what `loket openapi` prints and
/// `/api/openapi.json` serves).
pub fn openapi() -> utoipa::openapi::OpenApi {
    let (_, mut spec) = App::new()
        .into_utoipa_app()
        .openapi(openapi::ApiDoc::openapi())
        .configure(configure_routes)
        .split_for_parts();
    // After the routes: the paths only exist once they are registered.
    utoipa::Modify::modify(&openapi::SharedProblemResponses, &mut spec);
    schema::with_format_patterns(spec)
}

/// A bound, not yet running server and the address it listens on (port 0 picks a free one).
pub fn bind(state: AppState, addr: SocketAddr, workers: usize) -> std::io::Result<(Server, SocketAddr)> {
    let state = web::Data::new(state);
    let spec = openapi();
    let metrics = actix_web_prom::PrometheusMetricsBuilder::new("loket")
        .endpoint("/metrics")
        // Swagger UI's asset route has a catch-all parameter the metrics cannot label.
        .exclude_regex("^/api/docs")
        .build()
        .map_err(|e| std::io::Error::other(format!("metrics: {e}")))?;
    let json_limit = state.config.max_json_bytes;
    let cors_origins = state.config.cors_origins.clone();
    let web_files = web::Data::new(match &state.config.web_dir {
        Some(dir) => web_app::WebFiles::Folder(dir.clone()),
        None => web_app::WebFiles::Embedded,
    });
    let security_headers = security::SecurityHeaders {
        hsts_seconds: state.config.hsts_seconds,
    };
    let server = HttpServer::new(move || {
        let mut cors = actix_cors::Cors::default()
            .allowed_methods(["GET", "POST", "PUT", "PATCH", "DELETE"])
            .allowed_headers([
                header::AUTHORIZATION,
                header::CONTENT_TYPE,
                header::ACCEPT,
                header::ACCEPT_LANGUAGE,
            ])
            .expose_headers(["X-Request-Id", "Retry-After"])
            .max_age(3600);
        for origin in &cors_origins {
            cors = cors.allowed_origin(origin);
        }
        let (app, _) = App::new()
            .into_utoipa_app()
            .app_data(state.clone())
            .app_data(extract::JsonLimit(json_limit))
            .app_data(web::PayloadConfig::new(json_limit))
            .app_data(web::PathConfig::default().error_handler(extract::path_error))
            .app_data(web::QueryConfig::default().error_handler(extract::query_error))
            .configure(configure_routes)
            .split_for_parts();
        app.service(SwaggerUi::new("/api/docs/{_:.*}").url("/api/openapi.json", spec.clone()))
            .app_data(web_files.clone())
            // The web app takes what no route did (and answers 404 problems under /api); only
            // its files are compressed, the API's small JSON answers are not worth the CPU.
            .default_service(web::to(web_app::serve).wrap(actix_web::middleware::Compress::default()))
            .wrap(from_fn(extract::refuse_nul_in_url))
            .app_data(security_headers)
            .wrap(from_fn(problem_details))
            .wrap(cors)
            .wrap(metrics.clone())
            .wrap(TracingLogger::<security::RequestSpan>::new())
            .wrap(from_fn(security::security_headers))
    })
    .workers(workers)
    // The caller decides about signals (the CLI stops gracefully on SIGTERM/SIGINT; tests don't).
    .disable_signals()
    .shutdown_timeout(10)
    .bind(addr)?;
    let bound = server.addrs().first().copied().unwrap_or(addr);
    Ok((server.run(), bound))
}

/// Makes every error response a complete problem document: adds the request id and path to
/// ours, turns actix's plain-text errors into problems, and logs the hidden cause of a 5xx.
async fn problem_details(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let path = req.path().to_owned();
    let request_id = req.extensions().get::<RequestId>().map(|id| id.to_string());
    let mut res = next.call(req).await?.map_into_boxed_body();
    if let Some(id) = request_id.as_deref().and_then(|id| HeaderValue::from_str(id).ok()) {
        res.headers_mut()
            .insert(header::HeaderName::from_static("x-request-id"), id);
    }
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return Ok(res);
    }
    let known = res.response().extensions().get::<Problem>().cloned();
    let cause = res.response().extensions().get::<ErrorCause>().cloned();
    let mut problem = match known {
        Some(problem) => problem,
        None => {
            let detail = res
                .response()
                .error()
                .map(|e| e.to_string())
                .unwrap_or_else(|| status.canonical_reason().unwrap_or("error").to_owned());
            let code = ErrorCode::from_status(status);
            if status.is_server_error() {
                ApiError::internal(detail).problem()
            } else {
                ApiError::new(code, detail).problem()
            }
        }
    };
    if status.is_server_error() {
        let cause = cause.map(|c| c.0).unwrap_or_else(|| problem.detail.clone());
        tracing::error!(request_id = request_id.as_deref().unwrap_or("-"), %cause, "request failed");
    }
    problem.instance = Some(path);
    problem.request_id = request_id;
    let body = serde_json::to_vec(&problem).unwrap_or_default();
    let res = res.map_body(|head, _| {
        head.headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        // The new body is plain: a compressed answer's encoding no longer applies to it.
        head.headers_mut().remove(header::CONTENT_ENCODING);
        BoxBody::new(body)
    });
    Ok(res)
}

//! `/webhooks` (admin): where Loket POSTs signed events, and each webhook's delivery log.

use super::caller::Admin;
use super::error::{ApiError, ApiResult, Problem};
use super::extract::ValidJson;
use super::AppState;
use crate::auth::random_secret;
use crate::domain::webhook::EventType;
use crate::store::outbox::{self, Delivery, Webhook};
use crate::store::StoreError;
use actix_web::{delete, get, patch, post, web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;
use validator::Validate;

/// Registers the routes of this module.
pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list_webhooks)
        .service(create_webhook)
        .service(update_webhook)
        .service(delete_webhook)
        .service(list_deliveries)
        .service(redeliver);
}

fn webhook_not_found(err: StoreError) -> ApiError {
    match err {
        StoreError::NotFound => ApiError::not_found("webhook"),
        other => other.into(),
    }
}

fn checked_url(url: &str) -> ApiResult<()> {
    let scheme_ok = url.starts_with("https://") || url.starts_with("http://");
    let host = url.split("://").nth(1).unwrap_or_default();
    if !scheme_ok || host.is_empty() || url.chars().any(char::is_whitespace) {
        return Err(ApiError::invalid_field("url", "url", "an http:// or https:// address"));
    }
    Ok(())
}

fn checked_events(events: &[EventType]) -> ApiResult<()> {
    if events.is_empty() {
        return Err(ApiError::invalid_field(
            "event_types",
            "empty",
            "subscribe to at least one event type",
        ));
    }
    Ok(())
}

/// Every webhook.
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = ["admin"])),
    responses(
        (status = 200, description = "The webhooks", body = Vec<Webhook>),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/webhooks")]
pub async fn list_webhooks(state: web::Data<AppState>, _admin: Admin) -> ApiResult<web::Json<Vec<Webhook>>> {
    Ok(web::Json(state.store.run(outbox::list_webhooks).await?))
}

/// A new webhook.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateWebhookRequest {
    /// Where to POST events.
    #[validate(length(min = 8, max = 2000))]
    #[schema(
        min_length = 8,
        max_length = 2000,
        pattern = r"^https?://[^\u0009-\u000D\u0020\u0085\u00A0\u1680\u2000-\u200A\u2028-\u2029\u202F\u205F\u3000]+$"
    )]
    pub url: String,
    /// The events to receive.
    #[schema(min_items = 1)]
    pub event_types: Vec<EventType>,
    /// Signing secret (at least 16 characters); generated when left out.
    #[validate(length(min = 16, max = 200))]
    #[schema(min_length = 16, max_length = 200)]
    pub secret: Option<String>,
}

/// A created webhook and its signing secret, shown this once.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedWebhook {
    /// The webhook.
    pub webhook: Webhook,
    /// Verify `X-Loket-Signature` (`t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">`) with it.
    pub secret: String,
}

/// Add a webhook.
///
/// Events are POSTed as JSON with `X-Loket-Event`, `X-Loket-Event-Id` (the idempotency key:
/// a retried delivery carries the same id) and `X-Loket-Signature`. A non-2xx answer or no
/// answer within the timeout is retried with exponential back-off, up to 8 attempts.
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = ["admin"])),
    request_body = CreateWebhookRequest,
    responses(
        (status = 201, description = "Created; the secret is shown once", body = CreatedWebhook),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/webhooks")]
pub async fn create_webhook(
    state: web::Data<AppState>,
    _admin: Admin,
    body: ValidJson<CreateWebhookRequest>,
) -> ApiResult<HttpResponse> {
    let body = body.0;
    checked_url(&body.url)?;
    checked_events(&body.event_types)?;
    let secret = body.secret.unwrap_or_else(|| random_secret("whsec_"));
    let stored_secret = secret.clone();
    let webhook = state
        .store
        .run(move |conn| outbox::create_webhook(conn, &body.url, &stored_secret, &body.event_types))
        .await?;
    Ok(HttpResponse::Created().json(CreatedWebhook { webhook, secret }))
}

/// Changes to a webhook.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateWebhookRequest {
    /// New address.
    #[validate(length(min = 8, max = 2000))]
    #[schema(
        min_length = 8,
        max_length = 2000,
        pattern = r"^https?://[^\u0009-\u000D\u0020\u0085\u00A0\u1680\u2000-\u200A\u2028-\u2029\u202F\u205F\u3000]+$"
    )]
    pub url: Option<String>,
    /// New event types.
    #[schema(min_items = 1)]
    pub event_types: Option<Vec<EventType>>,
    /// Pause (`false`) or resume (`true`).
    pub active: Option<bool>,
}

/// Change a webhook.
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = ["admin"])),
    params(("id" = Uuid, Path, description = "Webhook id")),
    request_body = UpdateWebhookRequest,
    responses(
        (status = 200, description = "Updated", body = Webhook),
        (status = 400, description = "The id is not a UUID", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such webhook", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/webhooks/{id}")]
pub async fn update_webhook(
    state: web::Data<AppState>,
    _admin: Admin,
    path: web::Path<Uuid>,
    body: ValidJson<UpdateWebhookRequest>,
) -> ApiResult<web::Json<Webhook>> {
    let body = body.0;
    if let Some(url) = &body.url {
        checked_url(url)?;
    }
    if let Some(events) = &body.event_types {
        checked_events(events)?;
    }
    let id = path.into_inner();
    let webhook = state
        .store
        .run(move |conn| {
            outbox::update_webhook(conn, id, body.url.as_deref(), body.event_types.as_deref(), body.active)
        })
        .await
        .map_err(webhook_not_found)?;
    Ok(web::Json(webhook))
}

/// Delete a webhook and its delivery log.
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = ["admin"])),
    params(("id" = Uuid, Path, description = "Webhook id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 400, description = "The id is not a UUID", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such webhook", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/webhooks/{id}")]
pub async fn delete_webhook(
    state: web::Data<AppState>,
    _admin: Admin,
    path: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    state
        .store
        .run(move |conn| outbox::delete_webhook(conn, id))
        .await
        .map_err(webhook_not_found)?;
    Ok(HttpResponse::NoContent().finish())
}

/// A webhook's delivery log, newest first (the last 200).
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = ["admin"])),
    params(("id" = Uuid, Path, description = "Webhook id")),
    responses(
        (status = 200, description = "Deliveries", body = Vec<Delivery>),
        (status = 400, description = "The id is not a UUID", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such webhook", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/webhooks/{id}/deliveries")]
pub async fn list_deliveries(
    state: web::Data<AppState>,
    _admin: Admin,
    path: web::Path<Uuid>,
) -> ApiResult<web::Json<Vec<Delivery>>> {
    let id = path.into_inner();
    let deliveries = state
        .store
        .run(move |conn| {
            outbox::find_webhook(conn, id)?;
            outbox::list_deliveries(conn, id, 200)
        })
        .await
        .map_err(webhook_not_found)?;
    Ok(web::Json(deliveries))
}

/// Send a delivery again now (after fixing the receiver), whatever its state.
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = ["admin"])),
    params(
        ("id" = Uuid, Path, description = "Webhook id"),
        ("delivery" = Uuid, Path, description = "Delivery id"),
    ),
    responses(
        (status = 202, description = "Queued"),
        (status = 400, description = "An id is not a UUID", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such delivery of this webhook", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/webhooks/{id}/deliveries/{delivery}/redeliver")]
pub async fn redeliver(
    state: web::Data<AppState>,
    _admin: Admin,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    let (id, delivery) = path.into_inner();
    state
        .store
        .run(move |conn| outbox::redeliver(conn, id, delivery))
        .await
        .map_err(|e| match e {
            StoreError::NotFound => ApiError::not_found("delivery"),
            other => other.into(),
        })?;
    Ok(HttpResponse::Accepted().finish())
}

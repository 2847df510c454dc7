//! `/me`: the caller's own profile and personal API tokens.

use super::caller::Caller;
use super::error::{ApiError, ApiResult, Problem};
use super::extract::ValidJson;
use super::AppState;
use crate::auth::{hash_password, hash_secret, random_secret, verify_password, API_TOKEN_PREFIX};
use crate::domain::account::{check_password, Language};
use crate::store::accounts::{self, User, UserChanges};
use crate::store::tokens::{self, ApiToken};
use actix_web::{delete, get, patch, post, web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;
use validator::Validate;

/// Registers the routes of this module.
pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(get_me)
        .service(update_me)
        .service(list_tokens)
        .service(create_token)
        .service(revoke_token);
}

/// Who am I.
#[utoipa::path(
    tag = "me",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The caller", body = User),
    )
)]
#[get("/me")]
pub async fn get_me(caller: Caller) -> web::Json<User> {
    web::Json(caller.user)
}

/// Changes to one's own profile.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateMeRequest {
    /// New display name.
    #[validate(length(min = 1, max = 120))]
    #[schema(min_length = 1, max_length = 120)]
    pub display_name: Option<String>,
    /// New language.
    pub language: Option<Language>,
    /// New password; `current_password` is then required.
    #[schema(min_length = 12, max_length = 1024)]
    pub new_password: Option<String>,
    /// The current password, to change the password.
    #[validate(length(max = 1024))]
    #[schema(max_length = 1024)]
    pub current_password: Option<String>,
}

/// Change my display name, language or password.
///
/// Changing the password ends every other login (refresh tokens are revoked).
#[utoipa::path(
    tag = "me",
    security(("bearer" = [])),
    request_body = UpdateMeRequest,
    responses(
        (status = 200, description = "Updated profile", body = User),
        (status = 422, description = "Invalid field, or wrong current password", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/me")]
pub async fn update_me(
    state: web::Data<AppState>,
    caller: Caller,
    body: ValidJson<UpdateMeRequest>,
) -> ApiResult<web::Json<User>> {
    let body = body.0;
    let password_hash = match body.new_password {
        None => None,
        Some(new_password) => {
            check_password(&new_password, &caller.user.email)
                .map_err(|e| ApiError::invalid_field("new_password", "password_rules", e.to_string()))?;
            let current = body.current_password.ok_or_else(|| {
                ApiError::invalid_field(
                    "current_password",
                    "required_with",
                    "give the current password to change it",
                )
            })?;
            let email = caller.user.email.clone();
            let stored = state
                .store
                .run(move |conn| accounts::find_credentials(conn, &email))
                .await?
                .and_then(|(_, hash)| hash);
            let hash = state
                .password_work
                .run(move || verify_password(&current, stored.as_deref()).then(|| hash_password(&new_password)))
                .await
                .map_err(ApiError::internal)?
                .ok_or_else(|| {
                    ApiError::invalid_field("current_password", "mismatch", "the current password is wrong")
                })?
                .map_err(ApiError::internal)?;
            Some(hash)
        }
    };
    let changes = UserChanges {
        display_name: body.display_name,
        language: body.language,
        password_hash,
        ..UserChanges::default()
    };
    let id = caller.id();
    let user = state
        .store
        .run(move |conn| accounts::update_user(conn, id, changes))
        .await?;
    Ok(web::Json(user))
}

/// My API tokens, newest first.
#[utoipa::path(
    tag = "me",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The caller's tokens (revoked ones marked)", body = Vec<ApiToken>),
    )
)]
#[get("/me/tokens")]
pub async fn list_tokens(state: web::Data<AppState>, caller: Caller) -> ApiResult<web::Json<Vec<ApiToken>>> {
    let id = caller.id();
    Ok(web::Json(
        state.store.run(move |conn| tokens::list_api_tokens(conn, id)).await?,
    ))
}

/// A new API token.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateTokenRequest {
    /// What it is for ("nightly billing export").
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub name: String,
    /// Days until it expires (1–3650); never when absent.
    #[validate(range(min = 1, max = 3650))]
    #[schema(minimum = 1, maximum = 3650)]
    pub expires_in_days: Option<u32>,
}

/// A created API token with its secret, shown this once.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedToken {
    /// The token.
    pub token: ApiToken,
    /// The secret to send as `Authorization: Bearer <secret>`; it cannot be shown again.
    pub secret: String,
}

/// Create a personal API token for scripts and integrations.
///
/// The token acts with the caller's role and organisation. Its secret is in this response only.
#[utoipa::path(
    tag = "me",
    security(("bearer" = [])),
    request_body = CreateTokenRequest,
    responses(
        (status = 201, description = "Created; the secret is shown once", body = CreatedToken),
    )
)]
#[post("/me/tokens")]
pub async fn create_token(
    state: web::Data<AppState>,
    caller: Caller,
    body: ValidJson<CreateTokenRequest>,
) -> ApiResult<HttpResponse> {
    let body = body.0;
    let secret = random_secret(API_TOKEN_PREFIX);
    let hash = hash_secret(&secret);
    let prefix: String = secret.chars().take(API_TOKEN_PREFIX.len() + 6).collect();
    let expires_at = body
        .expires_in_days
        .map(|days| crate::store::now() + chrono::TimeDelta::days(i64::from(days)));
    let id = caller.id();
    let token = state
        .store
        .run(move |conn| tokens::create_api_token(conn, id, &body.name, &hash, &prefix, expires_at))
        .await?;
    Ok(HttpResponse::Created().json(CreatedToken { token, secret }))
}

/// Revoke one of my API tokens. Revoking twice is fine.
#[utoipa::path(
    tag = "me",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Token id")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 400, description = "The id is not a UUID", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such token of the caller", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/me/tokens/{id}")]
pub async fn revoke_token(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let (user, token) = (caller.id(), path.into_inner());
    state
        .store
        .run(move |conn| tokens::revoke_api_token(conn, user, token))
        .await
        .map_err(|e| match e {
            crate::store::StoreError::NotFound => ApiError::not_found("API token"),
            other => other.into(),
        })?;
    Ok(HttpResponse::NoContent().finish())
}

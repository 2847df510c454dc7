//! `/auth`: log in, refresh, log out, accept an invitation.

use super::error::{ApiError, ApiResult, Problem};
use super::extract::ValidJson;
use super::AppState;
use crate::auth::{hash_password, hash_secret, random_secret, verify_password, REFRESH_TOKEN_PREFIX};
use crate::domain::account::{check_password, normalize_email};
use crate::store::accounts::{self, User, UserChanges};
use crate::store::login_attempts::{self, Admission, Limit};
use crate::store::tokens::{self, RefreshOutcome};
use actix_web::{post, web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use std::net::IpAddr;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;
use validator::Validate;

/// Registers the routes of this module.
pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(login)
        .service(refresh)
        .service(logout)
        .service(accept_invitation);
}

/// E-mail and password.
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct LoginRequest {
    /// Login e-mail address (case does not matter).
    #[validate(length(min = 3, max = 254))]
    #[schema(min_length = 3, max_length = 254)]
    pub email: String,
    /// Password.
    #[validate(length(min = 1, max = 1024))]
    #[schema(min_length = 1, max_length = 1024)]
    pub password: String,
}

/// The tokens of a login: a short-lived access token for `Authorization: Bearer`, and a refresh
/// token that buys a new pair once.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenPair {
    /// JWT to send as `Authorization: Bearer <access_token>`.
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: &'static str,
    /// Seconds until the access token expires.
    pub expires_in: u64,
    /// Single-use secret for `POST /auth/refresh`.
    pub refresh_token: String,
    /// Seconds until the refresh token expires.
    pub refresh_expires_in: u64,
    /// Who logged in.
    pub user: User,
}

/// A refresh token.
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct RefreshRequest {
    /// The refresh token from the last login or refresh.
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub refresh_token: String,
}

/// An invitation secret and the password the invited user chooses.
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct AcceptInvitationRequest {
    /// The invitation secret handed out when the user was invited.
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub invitation_token: String,
    /// The new password: at least 12 characters, at most 1024 bytes, not the e-mail address,
    /// not a common one.
    #[schema(min_length = 12, max_length = 1024)]
    pub password: String,
}

async fn issue_tokens(state: &AppState, user: User, family: Option<Uuid>) -> ApiResult<TokenPair> {
    let access_token = state.access_tokens.issue(user.id).map_err(ApiError::internal)?;
    let refresh_token = random_secret(REFRESH_TOKEN_PREFIX);
    let ttl = state.config.refresh_token_ttl;
    let expires_at =
        crate::store::now() + chrono::TimeDelta::seconds(i64::try_from(ttl.as_secs()).unwrap_or(i64::MAX / 4));
    let hash = hash_secret(&refresh_token);
    let user_id = user.id;
    let family = family.unwrap_or_else(Uuid::now_v7);
    state
        .store
        .run(move |conn| tokens::insert_refresh_token(conn, user_id, family, &hash, expires_at))
        .await?;
    Ok(TokenPair {
        access_token,
        token_type: "Bearer",
        expires_in: state.access_tokens.ttl().as_secs(),
        refresh_token,
        refresh_expires_in: ttl.as_secs(),
        user,
    })
}

const BAD_LOGIN: &str = "the e-mail address or password is wrong";

/// The address failed logins are counted under: the connection's peer or, behind a trusted
/// reverse proxy, the last `X-Forwarded-For` entry (the one the proxy appended; earlier ones
/// are the client's word). IPv6 counts per /64, the block one subscriber usually gets.
fn client_address(req: &HttpRequest, trust_forwarded_for: bool) -> String {
    let forwarded = || {
        let header = req.headers().get("x-forwarded-for")?.to_str().ok()?;
        header.rsplit(',').next()?.trim().parse::<IpAddr>().ok()
    };
    let ip = trust_forwarded_for
        .then(forwarded)
        .flatten()
        .or_else(|| req.peer_addr().map(|a| a.ip()));
    match ip.map(|ip| ip.to_canonical()) {
        Some(IpAddr::V6(v6)) => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
        Some(ip) => ip.to_string(),
        None => "unknown".to_owned(),
    }
}

/// The counters a login attempt is held against: the account (first) and the client address.
/// Keys are hashed, so the table never holds a typed e-mail address in clear.
fn login_limits(state: &AppState, req: &HttpRequest, email: &str) -> Vec<Limit> {
    let limits = state.config.login_limits;
    let address = client_address(req, state.config.trust_forwarded_for);
    vec![
        Limit {
            key: hash_secret(&format!("account:{}", normalize_email(email))),
            max_failures: limits.per_account,
        },
        Limit {
            key: hash_secret(&format!("address:{address}")),
            max_failures: limits.per_address,
        },
    ]
}

/// Log in with e-mail and password.
///
/// The answer is the same for an unknown address and a wrong password, and takes as long.
/// After too many failures for one account or from one client address within the window
/// (by default 5 and 20 in 15 minutes) every attempt is refused with 429 until the window
/// ends, even with the right password; a successful login clears the account's count.
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Logged in", body = TokenPair),
        (status = 401, description = "Wrong e-mail or password, or the account is inactive", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed logins for this account or from this address", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds until attempts are counted again"))),
    )
)]
#[post("/auth/login")]
pub async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: ValidJson<LoginRequest>,
) -> ApiResult<web::Json<TokenPair>> {
    let LoginRequest { email, password } = body.0;
    let limits = login_limits(&state, &req, &email);
    let window = i64::try_from(state.config.login_limits.window.as_secs()).unwrap_or(i64::MAX / 4);
    let counted = limits.clone();
    let admission = state
        .store
        .run(move |conn| login_attempts::admit(conn, &counted, chrono::Utc::now().timestamp(), window))
        .await?;
    if let Admission::Refused { retry_after_seconds } = admission {
        return Err(ApiError::rate_limited(
            format!("too many failed logins; try again in {retry_after_seconds} seconds"),
            retry_after_seconds,
        ));
    }
    let found = state
        .store
        .run(move |conn| accounts::find_credentials(conn, &email))
        .await?;
    let (user, hash) = found.map_or((None, None), |(user, hash)| (Some(user), hash));
    let ok = state
        .password_work
        .run(move || verify_password(&password, hash.as_deref()))
        .await
        .map_err(ApiError::internal)?;
    match user {
        Some(user) if ok && user.active => {
            let account_key = limits[0].key.clone();
            state
                .store
                .run(move |conn| login_attempts::succeeded(conn, &limits, &account_key))
                .await?;
            Ok(web::Json(issue_tokens(&state, user, None).await?))
        }
        _ => Err(ApiError::unauthenticated(BAD_LOGIN)),
    }
}

/// Trade a refresh token for a new token pair.
///
/// Each refresh token works once. Presenting one that was already used revokes the whole login
/// (someone copied it), so both the thief and the owner must log in again.
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "New tokens", body = TokenPair),
        (status = 401, description = "Unknown, used, revoked or expired refresh token", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/refresh")]
pub async fn refresh(state: web::Data<AppState>, body: ValidJson<RefreshRequest>) -> ApiResult<web::Json<TokenPair>> {
    let hash = hash_secret(&body.0.refresh_token);
    match state
        .store
        .run(move |conn| tokens::consume_refresh_token(conn, &hash))
        .await?
    {
        RefreshOutcome::Rotated { user_id, family_id } => {
            let user = state.store.run(move |conn| accounts::find_user(conn, user_id)).await?;
            Ok(web::Json(issue_tokens(&state, user, Some(family_id)).await?))
        }
        RefreshOutcome::Invalid => Err(ApiError::unauthenticated(
            "the refresh token is unknown, used, revoked or expired",
        )),
        RefreshOutcome::Reused => Err(ApiError::unauthenticated(
            "this refresh token was already used; the login was ended for safety, log in again",
        )),
    }
}

/// Log out: revoke the refresh token and every token rotated from the same login.
///
/// Access tokens already issued stay valid until they expire (minutes).
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 204, description = "Logged out (also for an unknown token)"),
    )
)]
#[post("/auth/logout")]
pub async fn logout(state: web::Data<AppState>, body: ValidJson<RefreshRequest>) -> ApiResult<HttpResponse> {
    let hash = hash_secret(&body.0.refresh_token);
    state
        .store
        .run(move |conn| tokens::revoke_refresh_family(conn, &hash))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Accept an invitation: choose a password and log in.
#[utoipa::path(
    tag = "auth",
    request_body = AcceptInvitationRequest,
    responses(
        (status = 200, description = "Password set, logged in", body = TokenPair),
        (status = 401, description = "Unknown or expired invitation", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The password does not meet the rules", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/accept-invitation")]
pub async fn accept_invitation(
    state: web::Data<AppState>,
    body: ValidJson<AcceptInvitationRequest>,
) -> ApiResult<web::Json<TokenPair>> {
    let AcceptInvitationRequest {
        invitation_token,
        password,
    } = body.0;
    let invitation_hash = hash_secret(&invitation_token);
    let user = state
        .store
        .run(move |conn| accounts::find_by_invitation(conn, &invitation_hash))
        .await
        .map_err(|e| match e {
            crate::store::StoreError::NotFound => ApiError::unauthenticated("the invitation is unknown or has expired"),
            other => other.into(),
        })?;
    check_password(&password, &user.email)
        .map_err(|e| ApiError::invalid_field("password", "password_rules", e.to_string()))?;
    let hash = state
        .password_work
        .run(move || hash_password(&password))
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)?;
    let user_id = user.id;
    let user = state
        .store
        .run(move |conn| {
            accounts::update_user(
                conn,
                user_id,
                UserChanges {
                    password_hash: Some(hash),
                    ..UserChanges::default()
                },
            )
        })
        .await?;
    Ok(web::Json(issue_tokens(&state, user, None).await?))
}

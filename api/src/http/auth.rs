//! `/auth`: log in, refresh, log out, accept an invitation.

use super::error::{ApiError, ApiResult, Problem};
use super::extract::ValidJson;
use super::AppState;
use crate::auth::{hash_password, hash_secret, random_secret, verify_password, REFRESH_TOKEN_PREFIX};
use crate::domain::account::{check_password, normalize_email};
use crate::store::accounts::{self, User, UserChanges};
use crate::store::login_attempts::{self, Admission, Limit};
use crate::store::tokens::{self, RefreshOutcome};
use actix_web::cookie::{time::Duration as CookieDuration, Cookie, SameSite};
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
    /// For browsers: set the refresh token as an HttpOnly `SameSite=Strict` cookie
    /// ([`REFRESH_COOKIE`]) instead of returning it, so that page scripts never see it.
    #[serde(default)]
    pub refresh_cookie: bool,
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
    /// Single-use secret for `POST /auth/refresh`; absent when it was set as the
    /// `loket_refresh` cookie instead.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    /// Seconds until the refresh token expires.
    pub refresh_expires_in: u64,
    /// Who logged in.
    pub user: User,
}

/// A refresh token, in the body or (for browsers) in the `loket_refresh` cookie.
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct RefreshRequest {
    /// The refresh token from the last login or refresh; leave it out to use the
    /// `loket_refresh` cookie.
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub refresh_token: Option<String>,
}

/// The cookie a browser login keeps its refresh token in. HttpOnly, so a script injected into
/// the page cannot read it; `SameSite=Strict` and the JSON body the refresh requires, so
/// another site cannot make the browser use it; limited to the auth routes' path.
pub const REFRESH_COOKIE: &str = "loket_refresh";
const REFRESH_COOKIE_PATH: &str = "/api/v1/auth";

/// Where a refresh token came from, which decides where the next one goes.
enum TokenCarrier {
    Body,
    Cookie,
}

/// The refresh token of a request: the body's, else the cookie's.
fn presented_refresh_token(req: &HttpRequest, body: RefreshRequest) -> Option<(String, TokenCarrier)> {
    match body.refresh_token {
        Some(token) => Some((token, TokenCarrier::Body)),
        None => req
            .cookie(REFRESH_COOKIE)
            .map(|c| (c.value().to_owned(), TokenCarrier::Cookie)),
    }
}

fn refresh_cookie(req: &HttpRequest, value: String, max_age_seconds: u64) -> Cookie<'static> {
    // Secure whenever the browser reached Loket over HTTPS (directly or through a proxy that
    // says so); a plain-HTTP origin such as the local demo could not store a Secure cookie.
    let secure = req.connection_info().scheme() == "https";
    Cookie::build(REFRESH_COOKIE, value)
        .path(REFRESH_COOKIE_PATH)
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(secure)
        .max_age(CookieDuration::seconds(
            i64::try_from(max_age_seconds).unwrap_or(i64::MAX / 4),
        ))
        .finish()
}

/// The answer carrying a token pair: the refresh token in the body, or moved into the cookie.
fn token_answer(req: &HttpRequest, mut pair: TokenPair, carrier: TokenCarrier) -> HttpResponse {
    let mut answer = HttpResponse::Ok();
    if let TokenCarrier::Cookie = carrier {
        if let Some(token) = pair.refresh_token.take() {
            answer.cookie(refresh_cookie(req, token, pair.refresh_expires_in));
        }
    }
    answer.json(pair)
}

/// Removes the cookie from an answer (after a logout, or a refused cookie refresh, so that the
/// browser stops sending a dead token).
fn clear_cookie(req: &HttpRequest, carrier: &TokenCarrier, response: &mut HttpResponse) {
    if let TokenCarrier::Cookie = carrier {
        // Only fails for a cookie that is not a valid header value; this one always is.
        let _ = response.add_cookie(&refresh_cookie(req, String::new(), 0));
    }
}

/// A refused refresh stays an error (logged like every other failure) that also clears the
/// cookie it came in.
fn refused_refresh(req: &HttpRequest, carrier: &TokenCarrier, error: ApiError) -> actix_web::Error {
    let mut response = actix_web::ResponseError::error_response(&error);
    clear_cookie(req, carrier, &mut response);
    actix_web::error::InternalError::from_response(error, response).into()
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
    /// For browsers, as at login: set the refresh token as the HttpOnly `loket_refresh` cookie
    /// instead of returning it.
    #[serde(default)]
    pub refresh_cookie: bool,
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
        refresh_token: Some(refresh_token),
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
    request_body(content = LoginRequest, example = json!({"email": "admin@loket.example", "password": "loket-demo-2026"})),
    responses(
        (status = 200, description = "Logged in; with `refresh_cookie` the refresh token is in the `loket_refresh` cookie instead of the body", body = TokenPair,
            headers(("Set-Cookie" = String, description = "`loket_refresh=…; Path=/api/v1/auth; HttpOnly; SameSite=Strict` when `refresh_cookie` was asked for"))),
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
) -> ApiResult<HttpResponse> {
    let LoginRequest {
        email,
        password,
        refresh_cookie,
    } = body.0;
    let carrier = if refresh_cookie {
        TokenCarrier::Cookie
    } else {
        TokenCarrier::Body
    };
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
            let pair = issue_tokens(&state, user, None).await?;
            Ok(token_answer(&req, pair, carrier))
        }
        _ => Err(ApiError::unauthenticated(BAD_LOGIN)),
    }
}

/// Trade a refresh token for a new token pair.
///
/// Each refresh token works once. Presenting one that was already used revokes the whole login
/// (someone copied it), so both the thief and the owner must log in again. Without
/// `refresh_token` in the body the `loket_refresh` cookie is used, and the new refresh token
/// replaces it there.
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "New tokens (the refresh token in the cookie when it came from the cookie)", body = TokenPair),
        (status = 401, description = "No refresh token, or an unknown, used, revoked or expired one", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/refresh")]
pub async fn refresh(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: ValidJson<RefreshRequest>,
) -> Result<HttpResponse, actix_web::Error> {
    let Some((token, carrier)) = presented_refresh_token(&req, body.0) else {
        return Err(ApiError::unauthenticated("no refresh token: send refresh_token, or log in again").into());
    };
    let hash = hash_secret(&token);
    let refused = match state
        .store
        .run(move |conn| tokens::consume_refresh_token(conn, &hash))
        .await
        .map_err(ApiError::from)?
    {
        RefreshOutcome::Rotated { user_id, family_id } => {
            let user = state
                .store
                .run(move |conn| accounts::find_user(conn, user_id))
                .await
                .map_err(ApiError::from)?;
            let pair = issue_tokens(&state, user, Some(family_id)).await?;
            return Ok(token_answer(&req, pair, carrier));
        }
        RefreshOutcome::Invalid => ApiError::unauthenticated("the refresh token is unknown, used, revoked or expired"),
        RefreshOutcome::Reused => ApiError::unauthenticated(
            "this refresh token was already used; the login was ended for safety, log in again",
        ),
    };
    Err(refused_refresh(&req, &carrier, refused))
}

/// Log out: revoke the refresh token and every token rotated from the same login.
///
/// Access tokens already issued stay valid until they expire (minutes). Without
/// `refresh_token` in the body the `loket_refresh` cookie's login ends, and the cookie is
/// removed.
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 204, description = "Logged out (also for an unknown or missing token)"),
    )
)]
#[post("/auth/logout")]
pub async fn logout(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: ValidJson<RefreshRequest>,
) -> ApiResult<HttpResponse> {
    let Some((token, carrier)) = presented_refresh_token(&req, body.0) else {
        return Ok(HttpResponse::NoContent().finish());
    };
    let hash = hash_secret(&token);
    state
        .store
        .run(move |conn| tokens::revoke_refresh_family(conn, &hash))
        .await?;
    let mut response = HttpResponse::NoContent().finish();
    clear_cookie(&req, &carrier, &mut response);
    Ok(response)
}

/// Accept an invitation: choose a password and log in.
#[utoipa::path(
    tag = "auth",
    request_body = AcceptInvitationRequest,
    responses(
        (status = 200, description = "Password set, logged in; with `refresh_cookie` the refresh token is in the `loket_refresh` cookie instead of the body", body = TokenPair,
            headers(("Set-Cookie" = String, description = "`loket_refresh=…; Path=/api/v1/auth; HttpOnly; SameSite=Strict` when `refresh_cookie` was asked for"))),
        (status = 401, description = "Unknown or expired invitation", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The password does not meet the rules", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/accept-invitation")]
pub async fn accept_invitation(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: ValidJson<AcceptInvitationRequest>,
) -> ApiResult<HttpResponse> {
    let AcceptInvitationRequest {
        invitation_token,
        password,
        refresh_cookie,
    } = body.0;
    let carrier = if refresh_cookie {
        TokenCarrier::Cookie
    } else {
        TokenCarrier::Body
    };
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
    let pair = issue_tokens(&state, user, None).await?;
    Ok(token_answer(&req, pair, carrier))
}

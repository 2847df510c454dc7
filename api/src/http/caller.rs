//! Who is calling: the one place where credentials are checked and roles are enforced.
//! A handler states what it needs in its signature (`Caller`, `Staff`, `Admin`); organisation
//! scoping then goes into the store query through [`Caller::organization_scope`].

use super::error::ApiError;
use super::AppState;
use crate::auth::{hash_secret, API_TOKEN_PREFIX};
use crate::domain::account::Role;
use crate::store::{accounts, accounts::User, tokens};
use actix_web::{dev::Payload, http::header, web, FromRequest, HttpMessage, HttpRequest};
use futures_util::future::LocalBoxFuture;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use uuid::Uuid;

/// How long a caller's account, read for one request, answers for their next requests.
pub const RECENT_CALLER_TTL: Duration = Duration::from_secs(1);

/// The accounts of recent callers with an access token, so a client's burst of requests reads
/// its account once, not once per request (on PostgreSQL a round trip, 40 % of those of a
/// ticket create). A change to a user made through this server drops them all at once
/// ([`accounts::users_changed`]); one made through another server takes effect here within
/// [`RECENT_CALLER_TTL`]. API tokens are checked in the database on every request, so a
/// revoked one stops at once everywhere.
#[derive(Debug, Default)]
pub struct RecentCallers {
    /// By user id: the account, when it was read, and [`accounts::users_changed`] before.
    accounts: Mutex<HashMap<Uuid, (User, Instant, u64)>>,
}

impl RecentCallers {
    /// Kept entries beyond which the stale ones are swept out.
    const SWEEP_ABOVE: usize = 10_000;

    fn get(&self, id: Uuid, users_changed: u64) -> Option<User> {
        let accounts = self.accounts.lock().ok()?;
        let (user, read_at, changed) = accounts.get(&id)?;
        (*changed == users_changed && read_at.elapsed() < RECENT_CALLER_TTL).then(|| user.clone())
    }

    /// Keeps `user`, read after [`accounts::users_changed`] answered `users_changed`.
    fn keep(&self, user: &User, read_at: Instant, users_changed: u64) {
        if let Ok(mut accounts) = self.accounts.lock() {
            if accounts.len() >= Self::SWEEP_ABOVE {
                accounts.retain(|_, (_, at, _)| at.elapsed() < RECENT_CALLER_TTL);
                // Still full of fresh ones: start over rather than sweep again on every request.
                if accounts.len() >= Self::SWEEP_ABOVE {
                    accounts.clear();
                }
            }
            accounts.insert(user.id, (user.clone(), read_at, users_changed));
        }
    }
}

/// How the caller proved who they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credential {
    /// A short-lived JWT from `/auth/login`.
    AccessToken,
    /// A personal API token.
    ApiToken,
}

/// An authenticated, active user.
#[derive(Debug, Clone)]
pub struct Caller {
    /// The user as stored now (role and organisation are current, not from the token).
    pub user: User,
    /// How they authenticated.
    pub credential: Credential,
}

impl Caller {
    /// The caller's role.
    pub fn role(&self) -> Role {
        self.user.role
    }

    /// The caller's id.
    pub fn id(&self) -> Uuid {
        self.user.id
    }

    /// Vendor staff see every organisation; a customer only their own.
    pub fn organization_scope(&self) -> Option<Uuid> {
        if self.user.role.is_staff() {
            None
        } else {
            // Customers always have one (a database CHECK), the nil id would match nothing.
            Some(self.user.organization_id.unwrap_or(Uuid::nil()))
        }
    }

    /// Whether the caller may see data of this organisation.
    pub fn can_see_organization(&self, organization_id: Uuid) -> bool {
        self.organization_scope().is_none_or(|own| own == organization_id)
    }

    /// Refuses with 403 unless the caller has one of the roles.
    pub fn require(&self, roles: &[Role]) -> Result<(), ApiError> {
        if roles.contains(&self.user.role) {
            Ok(())
        } else {
            let names: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
            Err(ApiError::forbidden(format!(
                "this needs the role {}; you are {}",
                names.join(" or "),
                self.user.role
            )))
        }
    }
}

/// The token of `Authorization: Bearer <token>`.
pub(crate) fn bearer_token(req: &HttpRequest) -> Result<String, ApiError> {
    let value = req
        .headers()
        .get(header::AUTHORIZATION)
        .ok_or_else(|| ApiError::unauthenticated("log in and send `Authorization: Bearer <token>`"))?;
    let value = value
        .to_str()
        .map_err(|_| ApiError::unauthenticated("the Authorization header is not readable text"))?;
    let (scheme, token) = value
        .split_once(' ')
        .ok_or_else(|| ApiError::unauthenticated("use `Authorization: Bearer <token>`"))?;
    if !scheme.eq_ignore_ascii_case("bearer") || token.trim().is_empty() {
        return Err(ApiError::unauthenticated("use `Authorization: Bearer <token>`"));
    }
    Ok(token.trim().to_owned())
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Caller, ApiError>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        // The same request may ask twice (a role wrapper and the handler): authenticate once.
        if let Some(caller) = req.extensions().get::<Caller>() {
            let caller = caller.clone();
            return Box::pin(async move { Ok(caller) });
        }
        let token = bearer_token(req);
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let req = req.clone();
        Box::pin(async move {
            let token = token?;
            let state = state.ok_or_else(|| ApiError::internal("application state missing"))?;
            let caller = if token.starts_with(API_TOKEN_PREFIX) {
                let hash = hash_secret(&token);
                let user = state
                    .store
                    .run(move |conn| tokens::authenticate_api_token(conn, &hash))
                    .await?;
                let user =
                    user.ok_or_else(|| ApiError::unauthenticated("the API token is unknown, revoked or expired"))?;
                Caller {
                    user,
                    credential: Credential::ApiToken,
                }
            } else {
                let user_id = state.access_tokens.verify(&token).ok_or_else(|| {
                    ApiError::unauthenticated("the access token is invalid or expired; refresh or log in")
                })?;
                let users_changed = accounts::users_changed();
                let found = match state.recent_callers.get(user_id, users_changed) {
                    Some(user) => Ok(user),
                    None => {
                        let read_at = Instant::now();
                        let found = state.store.run(move |conn| accounts::find_user(conn, user_id)).await;
                        if let Ok(user) = &found {
                            state.recent_callers.keep(user, read_at, users_changed);
                        }
                        found
                    }
                };
                let user = match found {
                    Ok(user) if user.active => user,
                    Ok(_) | Err(crate::store::StoreError::NotFound) => {
                        return Err(ApiError::unauthenticated("this account is no longer active"))
                    }
                    Err(e) => return Err(e.into()),
                };
                Caller {
                    user,
                    credential: Credential::AccessToken,
                }
            };
            req.extensions_mut().insert(caller.clone());
            Ok(caller)
        })
    }
}

/// Declares a wrapper extractor that only lets certain roles through (403 otherwise).
macro_rules! role_extractor {
    ($(#[$doc:meta])* $name:ident => [$($role:expr),+]) => {
        $(#[$doc])*
        #[derive(Debug, Clone)]
        pub struct $name(pub Caller);

        impl FromRequest for $name {
            type Error = ApiError;
            type Future = LocalBoxFuture<'static, Result<$name, ApiError>>;

            fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
                let caller = Caller::from_request(req, payload);
                Box::pin(async move {
                    let caller = caller.await?;
                    caller.require(&[$($role),+])?;
                    Ok($name(caller))
                })
            }
        }
    };
}

role_extractor!(
    /// An agent or an admin.
    Staff => [Role::Agent, Role::Admin]
);
role_extractor!(
    /// An admin.
    Admin => [Role::Admin]
);
role_extractor!(
    /// Someone who manages users: an admin, or a customer admin (for their own organisation).
    UserManager => [Role::Admin, Role::CustomerAdmin]
);

/// A caller who may also be anonymous: no `Authorization` header gives `None`, but a header
/// with a bad token is still refused (401) rather than silently treated as anonymous.
#[derive(Debug, Clone)]
pub struct MaybeCaller(pub Option<Caller>);

impl FromRequest for MaybeCaller {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<MaybeCaller, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        if req.headers().get(header::AUTHORIZATION).is_none() {
            return Box::pin(async { Ok(MaybeCaller(None)) });
        }
        let caller = Caller::from_request(req, payload);
        Box::pin(async move { Ok(MaybeCaller(Some(caller.await?))) })
    }
}

//! `/users`: admins manage everyone; customer admins list and invite the users of their own
//! organisation; agents read. Users are deactivated, never deleted (tickets keep their author).

use super::caller::{Caller, UserManager};
use super::error::{ApiError, ApiResult, Problem};
use super::extract::{encode_cursor, PageQuery, ValidJson};
use super::AppState;
use crate::auth::{hash_password, hash_secret, random_secret, INVITATION_PREFIX};
use crate::domain::account::{check_membership, check_password, Language, Role};
use crate::store::accounts::{self, NewUser, User, UserChanges, UserFilter};
use crate::store::StoreError;
use actix_web::{get, patch, post, web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;
use validator::Validate;

/// How long an invitation can be accepted.
const INVITATION_DAYS: i64 = 14;

/// Registers the routes of this module.
pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list_users)
        .service(create_user)
        .service(get_user)
        .service(update_user);
}

/// Filters of the user list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UserQuery {
    /// Only users of this organisation (customer admins always get their own).
    pub organization: Option<Uuid>,
    /// Only users with this role.
    pub role: Option<Role>,
    /// Only active (`true`) or inactive (`false`) users.
    pub active: Option<bool>,
    /// Part of the e-mail address or name.
    pub q: Option<String>,
    /// Items per page, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// A page of users.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserPage {
    /// The users, by e-mail address.
    pub items: Vec<User>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// List users by e-mail address.
#[utoipa::path(
    tag = "users",
    security(("bearer" = ["admin", "agent", "customer_admin"])),
    params(UserQuery),
    responses(
        (status = 200, description = "A page of users", body = UserPage),
        (status = 400, description = "Bad filter, limit or cursor", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Customers cannot list users", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No organisation with this id that the caller may see", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/users")]
pub async fn list_users(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<UserQuery>,
) -> ApiResult<web::Json<UserPage>> {
    caller.require(&[Role::Admin, Role::Agent, Role::CustomerAdmin])?;
    let query = query.into_inner();
    let page = PageQuery {
        limit: query.limit,
        cursor: query.cursor,
    }
    .to_request()?;
    let organization_id = match caller.organization_scope() {
        None => query.organization,
        Some(own) if query.organization.is_none_or(|asked| asked == own) => Some(own),
        Some(_) => return Err(ApiError::not_found("organization")),
    };
    let filter = UserFilter {
        organization_id,
        role: query.role,
        active: query.active,
        text: query.q,
    };
    let page = state
        .store
        .run(move |conn| accounts::list_users(conn, &filter, &page))
        .await?;
    Ok(web::Json(UserPage {
        items: page.items,
        next_cursor: page.next.as_ref().map(encode_cursor),
    }))
}

/// A new user. Without a password the user is invited: the answer carries an invitation secret
/// to hand over (valid 14 days), with which they choose a password.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateUserRequest {
    /// Login e-mail address, unique case-insensitively.
    #[validate(email, length(max = 254))]
    #[schema(format = "email", max_length = 254)]
    pub email: String,
    /// Name shown to others.
    #[validate(length(min = 1, max = 120))]
    #[schema(
        min_length = 1,
        max_length = 120,
        pattern = r"[^\u0009-\u000D\u0020\u0085\u00A0\u1680\u2000-\u200A\u2028-\u2029\u202F\u205F\u3000]"
    )]
    pub display_name: String,
    /// Interface language (default `nl`).
    pub language: Option<Language>,
    /// Role. Customer admins may only create `customer` and `customer_admin` users.
    pub role: Role,
    /// Organisation: required for customers, absent for staff. Customer admins may leave it
    /// out (their own is used).
    pub organization_id: Option<Uuid>,
    /// Initial password (admins only); leave out to send an invitation instead.
    #[schema(min_length = 12, max_length = 1024)]
    pub password: Option<String>,
}

/// A created user, with the invitation secret when no password was set.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedUser {
    /// The user.
    pub user: User,
    /// Secret for `POST /auth/accept-invitation`, shown this once.
    pub invitation_token: Option<String>,
}

/// Create (invite) a user.
#[utoipa::path(
    tag = "users",
    security(("bearer" = ["admin", "customer_admin"])),
    request_body = CreateUserRequest,
    responses(
        (status = 201, description = "Created", body = CreatedUser),
        (status = 403, description = "Role not allowed to create this user", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Organisation not found (or not the caller's)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "E-mail address taken (`email` in `errors`, code `taken`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Beyond the schema: an organisation given to staff or left out for a customer (`organization_id`, code `membership`), one that does not exist (`not_found`), a password that breaks the password rules (`password`, `password_rules`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/users")]
pub async fn create_user(
    state: web::Data<AppState>,
    manager: UserManager,
    body: ValidJson<CreateUserRequest>,
) -> ApiResult<HttpResponse> {
    let caller = manager.0;
    let body = body.0;
    let organization_id = match caller.organization_scope() {
        None => body.organization_id,
        Some(own) => {
            if body.role.is_staff() {
                return Err(ApiError::forbidden(
                    "customer admins can only create customers and customer admins",
                ));
            }
            if body.password.is_some() {
                return Err(ApiError::forbidden(
                    "customer admins invite users; the user chooses the password",
                ));
            }
            match body.organization_id {
                Some(asked) if asked != own => return Err(ApiError::not_found("organization")),
                _ => Some(own),
            }
        }
    };
    check_membership(body.role, organization_id.is_some())
        .map_err(|e| ApiError::invalid_field("organization_id", "membership", e.to_string()))?;
    if body.display_name.trim().is_empty() {
        return Err(ApiError::invalid_field("display_name", "blank", "must not be blank"));
    }
    if let Some(password) = &body.password {
        check_password(password, &body.email)
            .map_err(|e| ApiError::invalid_field("password", "password_rules", e.to_string()))?;
    }
    let password_hash = match body.password {
        Some(password) => Some(
            state
                .password_work
                .run(move || hash_password(&password))
                .await
                .map_err(ApiError::internal)?
                .map_err(ApiError::internal)?,
        ),
        None => None,
    };
    let invitation_token = password_hash.is_none().then(|| random_secret(INVITATION_PREFIX));
    let invitation = invitation_token.as_deref().map(|secret| {
        (
            hash_secret(secret),
            crate::store::now() + chrono::TimeDelta::days(INVITATION_DAYS),
        )
    });
    let new = NewUser {
        email: body.email,
        display_name: body.display_name,
        language: body.language.unwrap_or_default(),
        role: body.role,
        organization_id,
        password_hash,
        invitation,
    };
    let user = state
        .store
        .run(move |conn| {
            if let Some(org) = new.organization_id {
                accounts::find_organization(conn, org).map_err(|e| match e {
                    StoreError::NotFound => StoreError::Conflict("organization_missing".into()),
                    other => other,
                })?;
            }
            accounts::create_user(conn, new)
        })
        .await
        .map_err(|e| match e {
            StoreError::Conflict(what) if what == "organization_missing" => {
                ApiError::invalid_field("organization_id", "not_found", "no organisation has this id")
            }
            StoreError::Conflict(_) => {
                ApiError::conflict_on("email", "taken", "a user with this e-mail address exists")
            }
            other => other.into(),
        })?;
    Ok(HttpResponse::Created().json(CreatedUser { user, invitation_token }))
}

/// Loads a user the caller may see: staff any, a customer admin those of their organisation,
/// a customer themself. Anything else is "not found".
async fn visible_user(state: &AppState, caller: &Caller, id: Uuid) -> ApiResult<User> {
    let user = state
        .store
        .run(move |conn| accounts::find_user(conn, id))
        .await
        .map_err(|e| match e {
            StoreError::NotFound => ApiError::not_found("user"),
            other => other.into(),
        })?;
    let visible = match caller.role() {
        Role::Admin | Role::Agent => true,
        Role::CustomerAdmin => user.organization_id.is_some() && user.organization_id == caller.user.organization_id,
        Role::Customer => user.id == caller.id(),
    };
    if visible {
        Ok(user)
    } else {
        Err(ApiError::not_found("user"))
    }
}

/// One user.
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "User id")),
    responses(
        (status = 200, description = "The user", body = User),
        (status = 400, description = "The id is not a UUID", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such user, or not one the caller may see", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/users/{id}")]
pub async fn get_user(state: web::Data<AppState>, caller: Caller, path: web::Path<Uuid>) -> ApiResult<web::Json<User>> {
    Ok(web::Json(visible_user(&state, &caller, path.into_inner()).await?))
}

/// Changes to a user.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateUserRequest {
    /// New display name.
    #[validate(length(min = 1, max = 120))]
    #[schema(
        min_length = 1,
        max_length = 120,
        pattern = r"[^\u0009-\u000D\u0020\u0085\u00A0\u1680\u2000-\u200A\u2028-\u2029\u202F\u205F\u3000]"
    )]
    pub display_name: Option<String>,
    /// New language.
    pub language: Option<Language>,
    /// New role: within the customer roles or within the staff roles.
    pub role: Option<Role>,
    /// Deactivate (`false`) or reactivate (`true`); deactivation ends their logins and tokens.
    pub active: Option<bool>,
}

/// Change a user (admins: anyone; customer admins: users of their organisation).
#[utoipa::path(
    tag = "users",
    security(("bearer" = ["admin", "customer_admin"])),
    params(("id" = Uuid, Path, description = "User id")),
    request_body = UpdateUserRequest,
    responses(
        (status = 200, description = "Updated", body = User),
        (status = 400, description = "The id is not a UUID", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Role not allowed to make this change", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such user, or not one the caller may manage", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The change would lock the caller out", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Beyond the schema: a role that would move the user between staff and customers (`role`, code `membership`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/users/{id}")]
pub async fn update_user(
    state: web::Data<AppState>,
    manager: UserManager,
    path: web::Path<Uuid>,
    body: ValidJson<UpdateUserRequest>,
) -> ApiResult<web::Json<User>> {
    let caller = manager.0;
    let body = body.0;
    let target = visible_user(&state, &caller, path.into_inner()).await?;
    if let Some(role) = body.role {
        if caller.role() == Role::CustomerAdmin && role.is_staff() {
            return Err(ApiError::forbidden("customer admins can only give customer roles"));
        }
        check_membership(role, target.organization_id.is_some()).map_err(|e| {
            ApiError::invalid_field(
                "role",
                "membership",
                format!("{e}: a user cannot move between staff and customers"),
            )
        })?;
    }
    if target.id == caller.id() && (body.active == Some(false) || body.role.is_some_and(|r| r != caller.role())) {
        return Err(ApiError::conflict(
            "you cannot deactivate yourself or change your own role",
        ));
    }
    if body.display_name.as_deref().is_some_and(|n| n.trim().is_empty()) {
        return Err(ApiError::invalid_field("display_name", "blank", "must not be blank"));
    }
    let changes = UserChanges {
        display_name: body.display_name,
        language: body.language,
        role: body.role,
        active: body.active,
        password_hash: None,
    };
    let id = target.id;
    Ok(web::Json(
        state
            .store
            .run(move |conn| accounts::update_user(conn, id, changes))
            .await?,
    ))
}

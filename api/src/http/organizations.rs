//! `/organizations`: customer companies. Admins manage them; staff see all; a customer sees
//! only their own (another organisation is "not found", so its existence does not leak).

use super::caller::{Admin, Caller};
use super::error::{ApiError, ApiResult, Problem};
use super::extract::{encode_cursor, PageQuery, ValidJson};
use super::AppState;
use crate::domain::vat::normalize_belgian_vat;
use crate::store::accounts::{self, NewOrganization, Organization, OrganizationChanges};
use crate::store::StoreError;
use actix_web::{delete, get, patch, post, web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;
use validator::Validate;

/// Registers the routes of this module.
pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list_organizations)
        .service(create_organization)
        .service(get_organization)
        .service(update_organization)
        .service(delete_organization);
}

/// A page of organisations.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrganizationPage {
    /// The organisations, by name.
    pub items: Vec<Organization>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// `?q=` of the organisation list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrganizationQuery {
    /// Only organisations whose name holds each of these words (or the start of a word, or
    /// any part), case and accents aside: `peet` finds "Bakkerij Peeters bv".
    #[param(max_length = 200, example = "peeters")]
    pub q: Option<String>,
}

/// The longest name search.
const MAX_SEARCH: usize = 200;

/// List organisations by name, optionally only those matching a search (a customer gets only
/// their own).
#[utoipa::path(
    tag = "organizations",
    security(("bearer" = [])),
    params(OrganizationQuery, PageQuery),
    responses(
        (status = 200, description = "A page of organisations", body = OrganizationPage),
        (status = 400, description = "Bad search, limit or cursor (named in `errors`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/organizations")]
pub async fn list_organizations(
    state: web::Data<AppState>,
    caller: Caller,
    search: web::Query<OrganizationQuery>,
    query: web::Query<PageQuery>,
) -> ApiResult<web::Json<OrganizationPage>> {
    let page = query.to_request()?;
    let text = search.into_inner().q;
    if text.as_deref().is_some_and(|q| q.chars().count() > MAX_SEARCH) {
        return Err(ApiError::invalid_parameter(
            "q",
            "length",
            format!("must be at most {MAX_SEARCH} characters long"),
        ));
    }
    let only = caller.organization_scope();
    let page = state
        .store
        .run(move |conn| accounts::list_organizations(conn, only, text.as_deref(), &page))
        .await?;
    Ok(web::Json(OrganizationPage {
        items: page.items,
        next_cursor: page.next.as_ref().map(encode_cursor),
    }))
}

/// A new organisation.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateOrganizationRequest {
    /// Company name, unique case-insensitively.
    #[validate(length(min = 1, max = 200))]
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = r"[^\u0009-\u000D\u0020\u0085\u00A0\u1680\u2000-\u200A\u2028-\u2029\u202F\u205F\u3000]"
    )]
    pub name: String,
    /// Belgian VAT number (`BE0417497106`, dots and spaces allowed), checked when given.
    #[validate(length(max = 32))]
    #[schema(max_length = 32)]
    pub vat_number: Option<String>,
}

fn checked_vat(vat: Option<String>) -> ApiResult<Option<String>> {
    vat.filter(|v| !v.trim().is_empty())
        .map(|v| normalize_belgian_vat(&v).map_err(|e| ApiError::invalid_field("vat_number", "vat", e.to_string())))
        .transpose()
}

fn checked_name(name: &str) -> ApiResult<()> {
    if name.trim().is_empty() {
        return Err(ApiError::invalid_field("name", "blank", "must not be blank"));
    }
    Ok(())
}

fn organization_conflict(err: StoreError) -> ApiError {
    match err {
        StoreError::Conflict(what) if what.contains("vat") => {
            ApiError::conflict_on("vat_number", "taken", "another organisation has this VAT number")
        }
        StoreError::Conflict(_) => ApiError::conflict_on("name", "taken", "another organisation has this name"),
        StoreError::NotFound => ApiError::not_found("organization"),
        other => other.into(),
    }
}

/// Create an organisation.
#[utoipa::path(
    tag = "organizations",
    security(("bearer" = ["admin"])),
    request_body = CreateOrganizationRequest,
    responses(
        (status = 201, description = "Created", body = Organization),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Name or VAT number taken (`name` or `vat_number` in `errors`, code `taken`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/organizations")]
pub async fn create_organization(
    state: web::Data<AppState>,
    _admin: Admin,
    body: ValidJson<CreateOrganizationRequest>,
) -> ApiResult<HttpResponse> {
    let body = body.0;
    checked_name(&body.name)?;
    let new = NewOrganization {
        name: body.name,
        vat_number: checked_vat(body.vat_number)?,
    };
    let org = state
        .store
        .run(move |conn| accounts::create_organization(conn, new))
        .await
        .map_err(organization_conflict)?;
    Ok(HttpResponse::Created().json(org))
}

/// One organisation.
#[utoipa::path(
    tag = "organizations",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Organisation id")),
    responses(
        (status = 200, description = "The organisation", body = Organization),
        (status = 400, description = "The id is not a UUID", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation, or not the caller's", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/organizations/{id}")]
pub async fn get_organization(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<Uuid>,
) -> ApiResult<web::Json<Organization>> {
    let id = path.into_inner();
    if !caller.can_see_organization(id) {
        return Err(ApiError::not_found("organization"));
    }
    let org = state
        .store
        .run(move |conn| accounts::find_organization(conn, id))
        .await
        .map_err(organization_conflict)?;
    Ok(web::Json(org))
}

/// Changes to an organisation.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateOrganizationRequest {
    /// New name.
    #[validate(length(min = 1, max = 200))]
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = r"[^\u0009-\u000D\u0020\u0085\u00A0\u1680\u2000-\u200A\u2028-\u2029\u202F\u205F\u3000]"
    )]
    pub name: Option<String>,
    /// New VAT number; an empty string clears it.
    #[validate(length(max = 32))]
    #[schema(max_length = 32)]
    pub vat_number: Option<String>,
}

/// Change an organisation.
#[utoipa::path(
    tag = "organizations",
    security(("bearer" = ["admin"])),
    params(("id" = Uuid, Path, description = "Organisation id")),
    request_body = UpdateOrganizationRequest,
    responses(
        (status = 200, description = "Updated", body = Organization),
        (status = 400, description = "The id is not a UUID", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Name or VAT number taken (`name` or `vat_number` in `errors`, code `taken`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/organizations/{id}")]
pub async fn update_organization(
    state: web::Data<AppState>,
    _admin: Admin,
    path: web::Path<Uuid>,
    body: ValidJson<UpdateOrganizationRequest>,
) -> ApiResult<web::Json<Organization>> {
    let body = body.0;
    if let Some(name) = &body.name {
        checked_name(name)?;
    }
    let changes = OrganizationChanges {
        name: body.name,
        vat_number: match body.vat_number {
            None => None,
            Some(v) => Some(checked_vat(Some(v))?),
        },
    };
    let id = path.into_inner();
    let org = state
        .store
        .run(move |conn| accounts::update_organization(conn, id, changes))
        .await
        .map_err(organization_conflict)?;
    Ok(web::Json(org))
}

/// Delete an organisation that has no users (deactivate its users otherwise) and no contracts.
#[utoipa::path(
    tag = "organizations",
    security(("bearer" = ["admin"])),
    params(("id" = Uuid, Path, description = "Organisation id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 400, description = "The id is not a UUID", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The organisation still has users or maintenance contracts", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/organizations/{id}")]
pub async fn delete_organization(
    state: web::Data<AppState>,
    _admin: Admin,
    path: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    state
        .store
        .run(move |conn| accounts::delete_organization(conn, id))
        .await
        .map_err(|e| match e {
            StoreError::Conflict(what) if what == "organization_has_users" => {
                ApiError::conflict("the organisation still has users; deactivate them instead")
            }
            // A foreign key: records such as maintenance contracts still refer to it.
            StoreError::Conflict(_) => ApiError::conflict(
                "the organisation still has maintenance contracts or other records; delete those first",
            ),
            other => organization_conflict(other),
        })?;
    Ok(HttpResponse::NoContent().finish())
}

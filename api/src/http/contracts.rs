//! `/contracts`: maintenance contracts of customer organisations, and
//! `/organizations/{id}/coverage`: whether an organisation is covered on a day. Admins manage
//! contracts; staff read all; a customer (admin) reads only their own organisation's —
//! another organisation's contract is "not found".

use super::caller::{Admin, Caller};
use super::error::{ApiError, ApiResult, Problem};
use super::extract::{encode_cursor, PageQuery, ValidJson};
use super::AppState;
use crate::domain::contract::{ContractPeriod, Coverage};
use crate::store::contracts::{self, Contract, ContractChanges, ContractRefusal, NewContract};
use crate::store::StoreError;
use actix_web::{delete, get, patch, post, web, HttpResponse};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;
use validator::Validate;

/// Registers the routes of this module.
pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list_contracts)
        .service(create_contract)
        .service(get_contract)
        .service(update_contract)
        .service(delete_contract)
        .service(organization_coverage);
}

/// Highest hourly rate accepted: 10 000.00 EUR.
const MAX_HOURLY_RATE_CENTS: u32 = 1_000_000;

/// Longest notes accepted, in characters.
const MAX_NOTES_CHARS: u64 = 4_000;

/// Filters of the contract list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ContractQuery {
    /// Only contracts of this organisation (customers always get their own).
    pub organization: Option<Uuid>,
    /// Items per page, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// A page of contracts.
#[derive(Debug, Serialize, ToSchema)]
pub struct ContractPage {
    /// The contracts, by first day.
    pub items: Vec<Contract>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// List maintenance contracts by first day (a customer gets only their organisation's).
#[utoipa::path(
    tag = "contracts",
    security(("bearer" = [])),
    params(ContractQuery),
    responses(
        (status = 200, description = "A page of contracts", body = ContractPage),
        (status = 400, description = "Bad filter, limit or cursor", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The organisation filter names another organisation than the customer's own", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/contracts")]
pub async fn list_contracts(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<ContractQuery>,
) -> ApiResult<web::Json<ContractPage>> {
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
    let page = state
        .store
        .run(move |conn| contracts::list_contracts(conn, organization_id, &page))
        .await?;
    Ok(web::Json(ContractPage {
        items: page.items,
        next_cursor: page.next.as_ref().map(encode_cursor),
    }))
}

/// A new maintenance contract; its number `MC-<year it starts>-NNN` is given by the server.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateContractRequest {
    /// The customer organisation.
    pub organization_id: Uuid,
    /// First day the contract is valid (`YYYY-MM-DD`).
    #[schema(schema_with = starts_on_schema)]
    pub starts_on: NaiveDate,
    /// Last day the contract is valid, inclusive; absent or null for open-ended.
    #[schema(schema_with = ends_on_schema)]
    pub ends_on: Option<NaiveDate>,
    /// Hourly rate in cents, excluding VAT, for work the contract does not include.
    #[validate(range(max = MAX_HOURLY_RATE_CENTS))]
    #[schema(maximum = 1_000_000)]
    pub hourly_rate_cents: u32,
    /// Free text: scope, sites, agreements.
    #[validate(length(max = MAX_NOTES_CHARS))]
    #[schema(max_length = 4000)]
    pub notes: Option<String>,
}

/// The years a contract's days may lie in: dates are stored as `YYYY-MM-DD` and numbers carry
/// a four-digit year.
const YEARS: std::ops::RangeInclusive<i32> = 1900..=9999;

fn starts_on_schema() -> utoipa::openapi::schema::Schema {
    super::schema::day_from_year(*YEARS.start(), "First day the contract is valid (`YYYY-MM-DD`)")
}

fn ends_on_schema() -> utoipa::openapi::schema::Schema {
    super::schema::optional_day_from_year(
        *YEARS.start(),
        "Last day the contract is valid, inclusive; absent or null for open-ended. Not before `starts_on` (else `before_start`)",
    )
}

fn new_starts_on_schema() -> utoipa::openapi::schema::Schema {
    super::schema::optional_day_from_year(*YEARS.start(), "New first day")
}

fn new_ends_on_schema() -> utoipa::openapi::schema::Schema {
    super::schema::optional_day_from_year(*YEARS.start(), "New last day; `null` makes the contract open-ended")
}

fn checked_day(field: &str, day: NaiveDate) -> ApiResult<NaiveDate> {
    if YEARS.contains(&day.year()) {
        Ok(day)
    } else {
        Err(ApiError::invalid_field(
            field,
            "range",
            "the year must be between 1900 and 9999",
        ))
    }
}

fn contract_refused(refusal: ContractRefusal) -> ApiError {
    match refusal {
        ContractRefusal::Overlap(overlap) => {
            ApiError::conflict(format!("{overlap}; contracts of one organisation may not overlap"))
        }
        ContractRefusal::InvalidPeriod(invalid) => {
            ApiError::invalid_field("ends_on", "before_start", invalid.to_string())
        }
    }
}

fn contract_store_error(err: StoreError) -> ApiError {
    match err {
        StoreError::NotFound => ApiError::not_found("contract"),
        StoreError::Conflict(what) if what == "organization_missing" => {
            ApiError::invalid_field("organization_id", "not_found", "no organisation has this id")
        }
        other => other.into(),
    }
}

/// Create a maintenance contract; a period overlapping another contract of the organisation
/// is refused.
#[utoipa::path(
    tag = "contracts",
    security(("bearer" = ["admin"])),
    request_body = CreateContractRequest,
    responses(
        (status = 201, description = "Created", body = Contract),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Overlaps another contract of the organisation (named with its period)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Beyond the schema: an organisation that does not exist (`organization_id`, code `not_found`), an end before the start (`ends_on`, `before_start`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/contracts")]
pub async fn create_contract(
    state: web::Data<AppState>,
    _admin: Admin,
    body: ValidJson<CreateContractRequest>,
) -> ApiResult<HttpResponse> {
    let body = body.0;
    let starts_on = checked_day("starts_on", body.starts_on)?;
    let ends_on = body.ends_on.map(|day| checked_day("ends_on", day)).transpose()?;
    let period = ContractPeriod::new(starts_on, ends_on)
        .map_err(|invalid| contract_refused(ContractRefusal::InvalidPeriod(invalid)))?;
    let new = NewContract {
        organization_id: body.organization_id,
        period,
        hourly_rate_cents: body.hourly_rate_cents,
        notes: body.notes.unwrap_or_default(),
    };
    let contract = state
        .store
        .run(move |conn| contracts::create_contract(conn, new))
        .await
        .map_err(contract_store_error)?
        .map_err(contract_refused)?;
    Ok(HttpResponse::Created().json(contract))
}

/// One maintenance contract.
#[utoipa::path(
    tag = "contracts",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Contract id")),
    responses(
        (status = 200, description = "The contract", body = Contract),
        (status = 400, description = "The id is not a UUID", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such contract, or not the caller's organisation's", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/contracts/{id}")]
pub async fn get_contract(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<Uuid>,
) -> ApiResult<web::Json<Contract>> {
    let id = path.into_inner();
    let contract = state
        .store
        .run(move |conn| contracts::find_contract(conn, id))
        .await
        .map_err(contract_store_error)?;
    if !caller.can_see_organization(contract.organization_id) {
        return Err(ApiError::not_found("contract"));
    }
    Ok(web::Json(contract))
}

/// A present JSON value, `null` included, as `Some` (absent stays `None` by `default`).
fn present<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}

/// Changes to a contract; absent fields stay as they are. The organisation and the number
/// never change.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateContractRequest {
    /// New first day.
    #[schema(schema_with = new_starts_on_schema)]
    pub starts_on: Option<NaiveDate>,
    /// New last day; `null` makes the contract open-ended.
    #[serde(default, deserialize_with = "present")]
    #[schema(schema_with = new_ends_on_schema)]
    pub ends_on: Option<Option<NaiveDate>>,
    /// New hourly rate in cents, excluding VAT.
    #[validate(range(max = MAX_HOURLY_RATE_CENTS))]
    #[schema(maximum = 1_000_000)]
    pub hourly_rate_cents: Option<u32>,
    /// New notes.
    #[validate(length(max = MAX_NOTES_CHARS))]
    #[schema(max_length = 4000)]
    pub notes: Option<String>,
}

/// Change a maintenance contract; the new period is checked against the organisation's other
/// contracts.
#[utoipa::path(
    tag = "contracts",
    security(("bearer" = ["admin"])),
    params(("id" = Uuid, Path, description = "Contract id")),
    request_body = UpdateContractRequest,
    responses(
        (status = 200, description = "Updated", body = Contract),
        (status = 400, description = "The id is not a UUID", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such contract", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Overlaps another contract of the organisation (named with its period)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Beyond the schema: an end before the start (`ends_on`, code `before_start`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/contracts/{id}")]
pub async fn update_contract(
    state: web::Data<AppState>,
    _admin: Admin,
    path: web::Path<Uuid>,
    body: ValidJson<UpdateContractRequest>,
) -> ApiResult<web::Json<Contract>> {
    let body = body.0;
    let changes = ContractChanges {
        starts_on: body.starts_on.map(|day| checked_day("starts_on", day)).transpose()?,
        ends_on: match body.ends_on {
            Some(Some(day)) => Some(Some(checked_day("ends_on", day)?)),
            other => other,
        },
        hourly_rate_cents: body.hourly_rate_cents,
        notes: body.notes,
    };
    let id = path.into_inner();
    let contract = state
        .store
        .run(move |conn| contracts::update_contract(conn, id, changes))
        .await
        .map_err(contract_store_error)?
        .map_err(contract_refused)?;
    Ok(web::Json(contract))
}

/// Delete a maintenance contract.
#[utoipa::path(
    tag = "contracts",
    security(("bearer" = ["admin"])),
    params(("id" = Uuid, Path, description = "Contract id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 400, description = "The id is not a UUID", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such contract", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/contracts/{id}")]
pub async fn delete_contract(
    state: web::Data<AppState>,
    _admin: Admin,
    path: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    state
        .store
        .run(move |conn| contracts::delete_contract(conn, id))
        .await
        .map_err(contract_store_error)?;
    Ok(HttpResponse::NoContent().finish())
}

/// `?on=` of the coverage question.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CoverageQuery {
    /// The day asked about (`YYYY-MM-DD`); today in Belgium when absent.
    pub on: Option<NaiveDate>,
}

/// Whether an organisation is covered by a maintenance contract on a day.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrganizationCoverage {
    /// The organisation.
    pub organization_id: Uuid,
    /// The day asked about.
    pub on: NaiveDate,
    /// Covered or not, by which contract, until when.
    #[serde(flatten)]
    pub coverage: Coverage,
}

/// Whether an organisation has a valid maintenance contract (today, or on `on`), which one,
/// and until when coverage runs without interruption.
#[utoipa::path(
    tag = "contracts",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Organisation id"), CoverageQuery),
    responses(
        (status = 200, description = "The coverage", body = OrganizationCoverage),
        (status = 400, description = "The id or the day does not parse", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation, or not the caller's", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/organizations/{id}/coverage")]
pub async fn organization_coverage(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<Uuid>,
    query: web::Query<CoverageQuery>,
) -> ApiResult<web::Json<OrganizationCoverage>> {
    let organization_id = path.into_inner();
    if !caller.can_see_organization(organization_id) {
        return Err(ApiError::not_found("organization"));
    }
    let on = query.on.unwrap_or_else(crate::store::today);
    let coverage = state
        .store
        .run(move |conn| contracts::coverage_of(conn, organization_id, on))
        .await
        .map_err(|e| match e {
            StoreError::NotFound => ApiError::not_found("organization"),
            other => other.into(),
        })?;
    Ok(web::Json(OrganizationCoverage {
        organization_id,
        on,
        coverage,
    }))
}

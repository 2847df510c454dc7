//! `/billing`: the coverage table (which subjects a maintenance contract includes), the
//! billing settings, and the classification dry-run agents use before work starts.

use super::caller::{Admin, Caller, Staff};
use super::error::{ApiError, ApiResult, Problem};
use super::extract::ValidJson;
use super::language::preferred_language;
use super::AppState;
use crate::domain::account::Language;
use crate::domain::billing::{
    BillingSettings, Classification, CoverageRow, InvalidBillingSettings, InvalidCoverageRow, Totals,
    MAX_SETTING_MINUTES,
};
use crate::store::billing::{self, CoverageChanges, Intervention};
use crate::store::StoreError;
use actix_web::{get, patch, post, put, web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;
use validator::{Validate, ValidationError, ValidationErrors};

/// Registers the routes of this module.
pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list_coverage)
        .service(create_coverage)
        .service(get_coverage)
        .service(update_coverage)
        .service(get_settings)
        .service(put_settings)
        .service(classify_intervention);
}

/// Longest intervention the dry-run accepts: one week of round-the-clock work.
const MAX_MINUTES: u32 = 7 * 24 * 60;

/// The coverage table: every subject, retired ones included, in table order.
#[derive(Debug, Serialize, ToSchema)]
pub struct CoverageTable {
    /// The subjects.
    pub items: Vec<CoverageRow>,
}

/// The coverage table (small; not paginated).
#[utoipa::path(
    tag = "billing",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The coverage table", body = CoverageTable),
    )
)]
#[get("/billing/coverage")]
pub async fn list_coverage(state: web::Data<AppState>, _caller: Caller) -> ApiResult<web::Json<CoverageTable>> {
    let items = state.store.run(billing::list_coverage).await?;
    Ok(web::Json(CoverageTable { items }))
}

/// One subject of the coverage table, retired or not.
#[utoipa::path(
    tag = "billing",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "Subject code, e.g. `database_script`")),
    responses(
        (status = 200, description = "The subject", body = CoverageRow),
        (status = 404, description = "No such subject", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/billing/coverage/{code}")]
pub async fn get_coverage(
    state: web::Data<AppState>,
    _caller: Caller,
    path: web::Path<String>,
) -> ApiResult<web::Json<CoverageRow>> {
    let code = path.into_inner();
    let row = state
        .store
        .run(move |conn| billing::find_coverage(conn, &code))
        .await
        .map_err(subject_store_error)?;
    Ok(web::Json(row))
}

fn subject_store_error(err: StoreError) -> ApiError {
    match err {
        StoreError::NotFound => ApiError::not_found("subject"),
        StoreError::Conflict(_) => ApiError::conflict_on("code", "taken", "another subject has this code"),
        other => other.into(),
    }
}

/// Names the field of an invalid row: the code, or the label that is blank.
fn invalid_subject(invalid: &InvalidCoverageRow, label_nl_blank: bool) -> ApiError {
    let field = match invalid {
        InvalidCoverageRow::Code(_) => "code",
        InvalidCoverageRow::EmptyLabel { .. } if label_nl_blank => "label_nl",
        InvalidCoverageRow::EmptyLabel { .. } => "label_en",
    };
    let code = if field == "code" { "snake_case" } else { "blank" };
    ApiError::invalid_field(field, code, invalid.to_string())
}

/// A new subject of the coverage table, added at the end.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateCoverageRequest {
    /// Stable snake_case code, e.g. `data_migration`.
    #[validate(length(min = 1, max = 64))]
    #[schema(min_length = 1, max_length = 64, pattern = r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")]
    pub code: String,
    /// Dutch label.
    #[validate(length(min = 1, max = 200))]
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = r"[^\u0009-\u000D\u0020\u0085\u00A0\u1680\u2000-\u200A\u2028-\u2029\u202F\u205F\u3000]"
    )]
    pub label_nl: String,
    /// English label.
    #[validate(length(min = 1, max = 200))]
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = r"[^\u0009-\u000D\u0020\u0085\u00A0\u1680\u2000-\u200A\u2028-\u2029\u202F\u205F\u3000]"
    )]
    pub label_en: String,
    /// Included in a maintenance contract (not billed) or not.
    pub included: bool,
}

/// Add a subject to the coverage table.
#[utoipa::path(
    tag = "billing",
    security(("bearer" = ["admin"])),
    request_body = CreateCoverageRequest,
    responses(
        (status = 201, description = "Created", body = CoverageRow),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The code is taken, retired subjects keep theirs (`code` in `errors`, code `taken`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The code is not snake_case or a label is blank", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/billing/coverage")]
pub async fn create_coverage(
    state: web::Data<AppState>,
    _admin: Admin,
    body: ValidJson<CreateCoverageRequest>,
) -> ApiResult<HttpResponse> {
    let body = body.0;
    let row = CoverageRow {
        code: body.code.trim().to_owned(),
        label_nl: body.label_nl.trim().to_owned(),
        label_en: body.label_en.trim().to_owned(),
        included: body.included,
        retired: false,
    };
    row.validate()
        .map_err(|invalid| invalid_subject(&invalid, row.label_nl.is_empty()))?;
    let row = state
        .store
        .run(move |conn| billing::create_coverage(conn, row))
        .await
        .map_err(subject_store_error)?;
    Ok(HttpResponse::Created().json(row))
}

/// Changes to a subject; absent fields stay as they are. The code never changes, and a
/// subject is never deleted: retire it instead.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateCoverageRequest {
    /// New Dutch label.
    #[validate(length(min = 1, max = 200))]
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = r"[^\u0009-\u000D\u0020\u0085\u00A0\u1680\u2000-\u200A\u2028-\u2029\u202F\u205F\u3000]"
    )]
    pub label_nl: Option<String>,
    /// New English label.
    #[validate(length(min = 1, max = 200))]
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = r"[^\u0009-\u000D\u0020\u0085\u00A0\u1680\u2000-\u200A\u2028-\u2029\u202F\u205F\u3000]"
    )]
    pub label_en: Option<String>,
    /// Included in a maintenance contract or not.
    pub included: Option<bool>,
    /// `true` retires the subject: it stays readable (and classifies old work as before) but
    /// is no longer offered; `false` brings it back.
    pub retired: Option<bool>,
}

/// Rename, toggle, retire or bring back a subject of the coverage table.
#[utoipa::path(
    tag = "billing",
    security(("bearer" = ["admin"])),
    params(("code" = String, Path, description = "Subject code")),
    request_body = UpdateCoverageRequest,
    responses(
        (status = 200, description = "Updated", body = CoverageRow),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such subject", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A label is blank", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/billing/coverage/{code}")]
pub async fn update_coverage(
    state: web::Data<AppState>,
    _admin: Admin,
    path: web::Path<String>,
    body: ValidJson<UpdateCoverageRequest>,
) -> ApiResult<web::Json<CoverageRow>> {
    let body = body.0;
    let label_nl_blank = body.label_nl.as_deref().is_some_and(|l| l.trim().is_empty());
    let changes = CoverageChanges {
        label_nl: body.label_nl,
        label_en: body.label_en,
        included: body.included,
        retired: body.retired,
    };
    let code = path.into_inner();
    let row = state
        .store
        .run(move |conn| billing::update_coverage(conn, &code, changes))
        .await
        .map_err(subject_store_error)?
        .map_err(|invalid| invalid_subject(&invalid, label_nl_blank))?;
    Ok(web::Json(row))
}

/// The body of `PUT /billing/settings` is the settings themselves; the rule lives in the
/// domain ([`BillingSettings::validate`]).
impl Validate for BillingSettings {
    fn validate(&self) -> Result<(), ValidationErrors> {
        BillingSettings::validate(self).map_err(|invalid| {
            let field = match invalid {
                InvalidBillingSettings::VatRateAbove100Percent(_) => "vat_rate_basis_points",
                InvalidBillingSettings::MinutesAboveADay(_) if self.increment_minutes.get() > MAX_SETTING_MINUTES => {
                    "increment_minutes"
                }
                InvalidBillingSettings::MinutesAboveADay(_) => "minimum_minutes",
                InvalidBillingSettings::RateTooHigh(_) => "default_hourly_rate_cents",
            };
            let mut errors = ValidationErrors::new();
            errors.add(
                field,
                ValidationError::new("range").with_message(invalid.to_string().into()),
            );
            errors
        })
    }
}

/// The billing settings: rounding increment, minimum, default hourly rate, VAT rate.
#[utoipa::path(
    tag = "billing",
    security(("bearer" = ["admin"])),
    responses(
        (status = 200, description = "The settings", body = BillingSettings),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/billing/settings")]
pub async fn get_settings(state: web::Data<AppState>, _admin: Admin) -> ApiResult<web::Json<BillingSettings>> {
    Ok(web::Json(state.store.run(billing::settings).await?))
}

/// Replace the billing settings.
#[utoipa::path(
    tag = "billing",
    security(("bearer" = ["admin"])),
    request_body = BillingSettings,
    responses(
        (status = 200, description = "Saved", body = BillingSettings),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is missing or out of range (the schema states every rule)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/billing/settings")]
pub async fn put_settings(
    state: web::Data<AppState>,
    _admin: Admin,
    body: ValidJson<BillingSettings>,
) -> ApiResult<web::Json<BillingSettings>> {
    let settings = body.0;
    let saved = state
        .store
        .run(move |conn| billing::save_settings(conn, &settings))
        .await?;
    Ok(web::Json(saved))
}

/// An intervention to classify.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClassifyRequest {
    /// The customer organisation.
    pub organization_id: Uuid,
    /// Day of the work (`YYYY-MM-DD`).
    pub date: NaiveDate,
    /// Coverage subject code, e.g. `database_script`.
    #[validate(length(min = 1, max = 64))]
    #[schema(min_length = 1, max_length = 64)]
    pub subject: String,
    /// Time worked or expected, in minutes.
    #[validate(range(max = MAX_MINUTES))]
    #[schema(maximum = 10080)]
    pub minutes: u32,
}

/// What an intervention would be: included or billable, why, and what it would cost.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClassifyResponse {
    /// Outcome, reason code, both sentences, contract, rate, billed minutes, amount.
    #[serde(flatten)]
    pub classification: Classification,
    /// The language of `explanation`: `Accept-Language` (nl/en) wins over the user's own.
    pub language: Language,
    /// The reason as a sentence in `language`.
    pub explanation: String,
    /// The subject as in the coverage table (`retired` tells whether it is still offered).
    pub subject: CoverageRow,
    /// VAT rate applied, in basis points (2100 is 21 %).
    pub vat_rate_basis_points: u32,
    /// VAT on `amount_cents`, rounded half up to the cent; shown separately.
    pub vat_cents: u64,
    /// `amount_cents` plus `vat_cents`.
    pub total_including_vat_cents: u64,
}

/// Classify an intervention without recording anything: the web app warns an agent before
/// work starts whether it is included in the maintenance contract or billed, and how much.
#[utoipa::path(
    tag = "billing",
    security(("bearer" = ["admin", "agent"])),
    request_body = ClassifyRequest,
    responses(
        (status = 200, description = "The classification", body = ClassifyResponse),
        (status = 403, description = "Not staff", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Beyond the schema: an organisation or subject that does not exist (`organization_id` or `subject`, code `not_found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/billing/classify")]
pub async fn classify_intervention(
    state: web::Data<AppState>,
    staff: Staff,
    req: HttpRequest,
    body: ValidJson<ClassifyRequest>,
) -> ApiResult<web::Json<ClassifyResponse>> {
    let body = body.0;
    let language = preferred_language(&req, staff.0.user.language);
    let intervention = Intervention {
        organization_id: body.organization_id,
        performed_on: body.date,
        subject_code: body.subject.trim().to_owned(),
        minutes_worked: body.minutes,
    };
    let classified = state
        .store
        .run(move |conn| billing::classify_intervention(conn, &intervention))
        .await
        .map_err(|e| match e {
            StoreError::NotFound => {
                ApiError::invalid_field("organization_id", "not_found", "no organisation has this id")
            }
            other => other.into(),
        })?;
    let subject = classified.subject.ok_or_else(|| {
        ApiError::invalid_field("subject", "not_found", "no subject of the coverage table has this code")
    })?;
    let vat_rate = classified.settings.vat_rate_basis_points;
    let totals = Totals::from_lines([&classified.classification], vat_rate);
    let classification = classified.classification;
    Ok(web::Json(ClassifyResponse {
        explanation: match language {
            Language::Nl => classification.explanation_nl.clone(),
            Language::En => classification.explanation_en.clone(),
        },
        language,
        subject,
        vat_rate_basis_points: vat_rate,
        vat_cents: totals.vat_cents,
        total_including_vat_cents: totals.total_including_vat_cents,
        classification,
    }))
}

//! `/tickets/{reference}/interventions`: work recorded on a ticket with its frozen billing
//! classification, and `/billing/report`: an organisation's interventions over a period, as
//! JSON or CSV.

use super::caller::{Caller, Staff};
use super::csv::{csv_response, wants_csv, Delimiter};
use super::error::{ApiError, ApiResult, Problem};
use super::extract::{OptionalJson, ValidJson};
use super::language::preferred_language;
use super::tickets::{checked_reference, scope_of};
use super::AppState;
use crate::domain::account::{Language, Role};
use crate::domain::billing::{Classification, Totals};
use crate::store::interventions::{self, Intervention, InterventionRefusal, ReportLine, Work, WorkChanges};
use crate::store::{accounts, billing, StoreError};
use actix_web::{delete, get, patch, post, web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;
use validator::Validate;

/// Registers the routes of this module.
pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list_interventions)
        .service(record_intervention)
        .service(update_intervention)
        .service(delete_intervention)
        .service(reclassify_intervention)
        .service(billing_report)
        .service(billing_report_csv);
}

/// Longest intervention: one week of round-the-clock work (as the classification dry-run).
const MAX_MINUTES: u32 = 7 * 24 * 60;

fn explanation(classification: &Classification, language: Language) -> String {
    match language {
        Language::Nl => classification.explanation_nl.clone(),
        Language::En => classification.explanation_en.clone(),
    }
}

/// An intervention with its classification explained in the caller's language.
#[derive(Debug, Serialize, ToSchema)]
pub struct InterventionView {
    /// The intervention as recorded, classification frozen.
    #[serde(flatten)]
    pub intervention: Intervention,
    /// Why it is included or billable, in `Accept-Language` (nl/en) or the user's language.
    pub explanation: String,
    /// The display name of the agent who did the work.
    pub agent_name: String,
}

impl InterventionView {
    fn new(intervention: Intervention, language: Language, names: &HashMap<Uuid, String>) -> InterventionView {
        InterventionView {
            explanation: explanation(&intervention.classification, language),
            agent_name: names.get(&intervention.agent_id).cloned().unwrap_or_default(),
            intervention,
        }
    }
}

/// An intervention write's outcome with its agent's name, looked up in the same connection.
fn with_agent_name(
    conn: &mut crate::store::DbConnection,
    outcome: interventions::Outcome<Intervention>,
) -> interventions::Outcome<(Intervention, HashMap<Uuid, String>)> {
    Ok(match outcome? {
        Ok(intervention) => {
            let names = accounts::display_names(conn, &[intervention.agent_id])?;
            Ok((intervention, names))
        }
        Err(refusal) => Err(refusal),
    })
}

/// A ticket's interventions and what they add up to: its included and billable time and amount.
#[derive(Debug, Serialize, ToSchema)]
pub struct TicketInterventions {
    /// Interventions, oldest work first.
    pub items: Vec<InterventionView>,
    /// Included time, billable time, amount excluding VAT, VAT (on the total) and total.
    pub totals: Totals,
}

fn refused(refusal: InterventionRefusal) -> ApiError {
    let message = refusal.to_string();
    match refusal {
        InterventionRefusal::TicketClosed | InterventionRefusal::NoOrganization => ApiError::conflict(message),
        InterventionRefusal::NoSubject => ApiError::invalid_field("subject", "no_category", message),
        InterventionRefusal::UnknownAppointment => ApiError::invalid_field("appointment_id", "not_found", message),
        InterventionRefusal::UnknownSubject(_) => ApiError::invalid_field("subject", "not_found", message),
        InterventionRefusal::RetiredSubject(_) => ApiError::invalid_field("subject", "retired", message),
    }
}

fn missing(what: &'static str) -> impl Fn(StoreError) -> ApiError {
    move |err| match err {
        StoreError::NotFound => ApiError::not_found(what),
        other => other.into(),
    }
}

/// A ticket's interventions with its included and billable totals.
///
/// Staff see every ticket's; a customer admin reads (only) those of their organisation's
/// tickets, to follow billable time. Other customers are refused.
#[utoipa::path(
    tag = "tickets",
    security(("bearer" = ["admin", "agent", "customer_admin"])),
    params(("reference" = super::schema::TicketReference, Path, description = "The ticket's reference")),
    responses(
        (status = 200, description = "Interventions and totals", body = TicketInterventions),
        (status = 400, description = "Not a reference", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not staff or a customer admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such ticket, or not one the caller may see", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/tickets/{reference}/interventions")]
pub async fn list_interventions(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> ApiResult<web::Json<TicketInterventions>> {
    let reference = path.into_inner();
    checked_reference(&reference)?;
    caller.require(&[Role::Admin, Role::Agent, Role::CustomerAdmin])?;
    let scope = scope_of(&caller);
    let (items, names, settings) = state
        .store
        .run(move |conn| {
            let items = interventions::list_interventions(conn, &reference, scope)?;
            let agents: Vec<Uuid> = items.iter().map(|i| i.agent_id).collect();
            let names = accounts::display_names(conn, &agents)?;
            Ok::<_, StoreError>((items, names, billing::settings(conn)?))
        })
        .await
        .map_err(missing("ticket"))?;
    let totals = Totals::from_lines(items.iter().map(|i| &i.classification), settings.vat_rate_basis_points);
    let language = preferred_language(&req, caller.user.language);
    Ok(web::Json(TicketInterventions {
        items: items
            .into_iter()
            .map(|i| InterventionView::new(i, language, &names))
            .collect(),
        totals,
    }))
}

/// Work done on a ticket.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecordInterventionRequest {
    /// Day of the work (`YYYY-MM-DD`).
    pub performed_on: NaiveDate,
    /// Time worked, in minutes.
    #[validate(range(min = 1, max = MAX_MINUTES))]
    #[schema(minimum = 1, maximum = 10080)]
    pub minutes: u32,
    /// Coverage subject code; defaults to the ticket's category.
    #[validate(length(min = 1, max = 64))]
    #[schema(
        min_length = 1,
        max_length = 64,
        pattern = r"[^\u0009-\u000D\u0020\u0085\u00A0\u1680\u2000-\u200A\u2028-\u2029\u202F\u205F\u3000]"
    )]
    pub subject: Option<String>,
    /// What was done.
    #[validate(length(min = 1, max = 20000))]
    #[schema(
        min_length = 1,
        max_length = 20000,
        pattern = r"[^\u0009-\u000D\u0020\u0085\u00A0\u1680\u2000-\u200A\u2028-\u2029\u202F\u205F\u3000]"
    )]
    pub description: String,
    /// The appointment the work was done in (one of the ticket's), if any.
    pub appointment_id: Option<Uuid>,
}

fn not_blank(field: &str, value: Option<&str>) -> ApiResult<()> {
    if value.is_some_and(|v| v.trim().is_empty()) {
        return Err(ApiError::invalid_field(field, "blank", "must not be blank"));
    }
    Ok(())
}

/// Record an intervention on a ticket, classified at once.
///
/// Included in the maintenance contract or billable, with the reason, rate, rounded time and
/// amount: frozen on the entry, so later contract or coverage changes never rewrite it (see
/// reclassify). A closed
/// ticket takes no interventions (409).
#[utoipa::path(
    tag = "tickets",
    security(("bearer" = ["admin", "agent"])),
    params(("reference" = super::schema::TicketReference, Path, description = "The ticket's reference")),
    request_body(content = RecordInterventionRequest, example = json!({"performed_on": "2026-12-01", "minutes": 30, "subject": "database_script", "description": "Index van de kassatabel herbouwd"})),
    responses(
        (status = 201, description = "Recorded and classified", body = InterventionView),
        (status = 400, description = "Not a reference", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such ticket", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The ticket is closed, or has no customer organisation", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Beyond the schema: an unknown or retired subject (`subject`, code `not_found` or `retired`), no subject for a ticket without a category (`no_category`), an appointment that is not the ticket's (`appointment_id`, `not_found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/tickets/{reference}/interventions")]
pub async fn record_intervention(
    req: HttpRequest,
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
    body: ValidJson<RecordInterventionRequest>,
) -> ApiResult<HttpResponse> {
    let reference = path.into_inner();
    checked_reference(&reference)?;
    let body = body.0;
    not_blank("subject", body.subject.as_deref())?;
    not_blank("description", Some(&body.description))?;
    let work = Work {
        performed_on: body.performed_on,
        minutes: body.minutes,
        subject: body.subject.map(|s| s.trim().to_owned()),
        description: body.description.trim().to_owned(),
        appointment_id: body.appointment_id,
    };
    let agent = staff.0.id();
    let (intervention, names) = state
        .store
        .run(move |conn| {
            let outcome = interventions::record_intervention(conn, &reference, agent, work);
            with_agent_name(conn, outcome)
        })
        .await
        .map_err(missing("ticket"))?
        .map_err(refused)?;
    let language = preferred_language(&req, staff.0.user.language);
    Ok(HttpResponse::Created().json(InterventionView::new(intervention, language, &names)))
}

/// Changes to an intervention's work; absent fields stay as they are.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateInterventionRequest {
    /// New day (`YYYY-MM-DD`).
    pub performed_on: Option<NaiveDate>,
    /// New time worked, in minutes.
    #[validate(range(min = 1, max = MAX_MINUTES))]
    #[schema(minimum = 1, maximum = 10080)]
    pub minutes: Option<u32>,
    /// New coverage subject code.
    #[validate(length(min = 1, max = 64))]
    #[schema(
        min_length = 1,
        max_length = 64,
        pattern = r"[^\u0009-\u000D\u0020\u0085\u00A0\u1680\u2000-\u200A\u2028-\u2029\u202F\u205F\u3000]"
    )]
    pub subject: Option<String>,
    /// New description.
    #[validate(length(min = 1, max = 20000))]
    #[schema(
        min_length = 1,
        max_length = 20000,
        pattern = r"[^\u0009-\u000D\u0020\u0085\u00A0\u1680\u2000-\u200A\u2028-\u2029\u202F\u205F\u3000]"
    )]
    pub description: Option<String>,
}

/// Correct an intervention's day, time, subject or description.
///
/// A changed day, time or subject is classified again as of now; a corrected description keeps
/// the frozen classification. The ticket records old → new. A closed ticket's interventions
/// are read-only (409).
#[utoipa::path(
    tag = "tickets",
    security(("bearer" = ["admin", "agent"])),
    params(
        ("reference" = super::schema::TicketReference, Path, description = "The ticket's reference"),
        ("id" = Uuid, Path, description = "Intervention id"),
    ),
    request_body = UpdateInterventionRequest,
    responses(
        (status = 200, description = "Updated", body = InterventionView),
        (status = 400, description = "Not a reference or not an id", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such ticket or intervention", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The ticket is closed", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Beyond the schema: an unknown or retired subject (`subject`, code `not_found` or `retired`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/tickets/{reference}/interventions/{id}")]
pub async fn update_intervention(
    req: HttpRequest,
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<(String, Uuid)>,
    body: ValidJson<UpdateInterventionRequest>,
) -> ApiResult<web::Json<InterventionView>> {
    let (reference, id) = path.into_inner();
    checked_reference(&reference)?;
    let body = body.0;
    not_blank("subject", body.subject.as_deref())?;
    not_blank("description", body.description.as_deref())?;
    let changes = WorkChanges {
        performed_on: body.performed_on,
        minutes: body.minutes,
        subject: body.subject.map(|s| s.trim().to_owned()),
        description: body.description.map(|d| d.trim().to_owned()),
    };
    let actor = staff.0.id();
    let (intervention, names) = state
        .store
        .run(move |conn| {
            let outcome = interventions::update_intervention(conn, &reference, id, actor, changes);
            with_agent_name(conn, outcome)
        })
        .await
        .map_err(missing("intervention"))?
        .map_err(refused)?;
    let language = preferred_language(&req, staff.0.user.language);
    Ok(web::Json(InterventionView::new(intervention, language, &names)))
}

/// Delete an intervention recorded by mistake; the ticket's history keeps what it was.
#[utoipa::path(
    tag = "tickets",
    security(("bearer" = ["admin", "agent"])),
    params(
        ("reference" = super::schema::TicketReference, Path, description = "The ticket's reference"),
        ("id" = Uuid, Path, description = "Intervention id"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 400, description = "Not a reference or not an id", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such ticket or intervention", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The ticket is closed", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/tickets/{reference}/interventions/{id}")]
pub async fn delete_intervention(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<(String, Uuid)>,
) -> ApiResult<HttpResponse> {
    let (reference, id) = path.into_inner();
    checked_reference(&reference)?;
    let actor = staff.0.id();
    state
        .store
        .run(move |conn| interventions::delete_intervention(conn, &reference, id, actor))
        .await
        .map_err(missing("intervention"))?
        .map_err(refused)?;
    Ok(HttpResponse::NoContent().finish())
}

/// Why an intervention is classified again; recorded in the ticket's history.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReclassifyRequest {
    /// Why, in the agent's words (e.g. "contract renewed retroactively").
    #[validate(length(min = 1, max = 2000))]
    #[schema(
        min_length = 1,
        max_length = 2000,
        pattern = r"[^\u0009-\u000D\u0020\u0085\u00A0\u1680\u2000-\u200A\u2028-\u2029\u202F\u205F\u3000]"
    )]
    pub reason: Option<String>,
}

/// Classify an intervention again with today's contracts, coverage table and settings.
///
/// The only way a recorded classification changes without editing the work; the ticket
/// records who, old → new and the optional reason. The body may be left out. Allowed on
/// closed tickets: billing corrections come after closing.
#[utoipa::path(
    tag = "tickets",
    security(("bearer" = ["admin", "agent"])),
    params(
        ("reference" = super::schema::TicketReference, Path, description = "The ticket's reference"),
        ("id" = Uuid, Path, description = "Intervention id"),
    ),
    request_body(content = Option<ReclassifyRequest>, description = "Optional: why (recorded in the history)"),
    responses(
        (status = 200, description = "Classified again", body = InterventionView),
        (status = 400, description = "Not a reference or not an id, or malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such ticket or intervention", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The reason is blank or longer than 2000 characters, or the subject is no longer in the coverage table", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/tickets/{reference}/interventions/{id}/reclassify")]
pub async fn reclassify_intervention(
    req: HttpRequest,
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<(String, Uuid)>,
    body: OptionalJson<ReclassifyRequest>,
) -> ApiResult<web::Json<InterventionView>> {
    let (reference, id) = path.into_inner();
    checked_reference(&reference)?;
    let reason = body.0.and_then(|b| b.reason);
    not_blank("reason", reason.as_deref())?;
    let reason = reason.map(|r| r.trim().to_owned());
    let actor = staff.0.id();
    let (intervention, names) = state
        .store
        .run(move |conn| {
            let outcome = interventions::reclassify_intervention(conn, &reference, id, actor, reason);
            with_agent_name(conn, outcome)
        })
        .await
        .map_err(missing("intervention"))?
        .map_err(refused)?;
    let language = preferred_language(&req, staff.0.user.language);
    Ok(web::Json(InterventionView::new(intervention, language, &names)))
}

/// `?organization=&from=&to=` of the billing report.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportQuery {
    /// The customer organisation.
    pub organization: Uuid,
    /// First day (`YYYY-MM-DD`), included.
    #[param(example = "2026-11-01")]
    pub from: NaiveDate,
    /// Last day (`YYYY-MM-DD`), included; not before `from` (else `before_from`).
    #[param(example = "2026-11-30")]
    pub to: NaiveDate,
    /// CSV only: `comma` (default) or `semicolon`.
    #[param(inline)]
    pub delimiter: Option<Delimiter>,
}

/// One line of the billing report.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportLineView {
    /// Day of the work.
    pub date: NaiveDate,
    /// Ticket reference.
    pub ticket_reference: String,
    /// Coverage subject code.
    pub subject: String,
    /// The agent's name.
    pub agent: String,
    /// Time worked.
    pub minutes: u32,
    /// Time billed after rounding and minimum; 0 when included.
    pub rounded_minutes: u64,
    /// Included or billable, why, contract, rate and amount, as frozen.
    pub classification: Classification,
    /// Why, in the caller's language.
    pub explanation: String,
}

/// An organisation's interventions over a period, with totals.
#[derive(Debug, Serialize, ToSchema)]
pub struct BillingReport {
    /// The customer organisation.
    pub organization_id: Uuid,
    /// Its name.
    pub organization_name: String,
    /// First day, included.
    pub from: NaiveDate,
    /// Last day, included.
    pub to: NaiveDate,
    /// Interventions by day.
    pub lines: Vec<ReportLineView>,
    /// Sums of the lines; VAT on the total amount.
    pub totals: Totals,
}

async fn build_report(
    req: &HttpRequest,
    state: &AppState,
    caller: &Caller,
    query: &ReportQuery,
) -> ApiResult<BillingReport> {
    caller.require(&[Role::Admin, Role::Agent, Role::CustomerAdmin])?;
    if !caller.can_see_organization(query.organization) {
        return Err(ApiError::not_found("organization"));
    }
    if query.from > query.to {
        return Err(ApiError::invalid_parameter(
            "to",
            "before_from",
            "must not be before `from`",
        ));
    }
    let (organization_id, from, to) = (query.organization, query.from, query.to);
    let (organization, lines, settings) = state
        .store
        .run(move |conn| {
            let organization = accounts::find_organization(conn, organization_id)?;
            let lines = interventions::report_lines(conn, organization_id, from, to)?;
            Ok::<_, StoreError>((organization, lines, billing::settings(conn)?))
        })
        .await
        .map_err(missing("organization"))?;
    let totals = Totals::from_lines(
        lines.iter().map(|l| &l.intervention.classification),
        settings.vat_rate_basis_points,
    );
    let language = preferred_language(req, caller.user.language);
    Ok(BillingReport {
        organization_id,
        organization_name: organization.name,
        from,
        to,
        lines: lines
            .into_iter()
            .map(|line: ReportLine| ReportLineView {
                date: line.intervention.performed_on,
                ticket_reference: line.ticket_reference,
                subject: line.intervention.subject,
                agent: line.agent_name,
                minutes: line.intervention.minutes,
                rounded_minutes: line.intervention.classification.billed_minutes,
                explanation: explanation(&line.intervention.classification, language),
                classification: line.intervention.classification,
            })
            .collect(),
        totals,
    })
}

/// The CSV columns, one line per intervention; amounts in cents excluding VAT.
const CSV_HEADER: [&str; 11] = [
    "date",
    "ticket",
    "subject",
    "agent",
    "minutes",
    "rounded_minutes",
    "classification",
    "reason",
    "contract",
    "rate_cents",
    "amount_cents",
];

fn csv_report(report: &BillingReport, delimiter: Delimiter) -> ApiResult<HttpResponse> {
    let rows = report.lines.iter().map(|line| {
        let c = &line.classification;
        [
            line.date.to_string(),
            line.ticket_reference.clone(),
            line.subject.clone(),
            line.agent.clone(),
            line.minutes.to_string(),
            line.rounded_minutes.to_string(),
            interventions::outcome_code(c.outcome),
            interventions::reason_code(c.reason),
            c.contract_number.clone().unwrap_or_default(),
            c.hourly_rate_cents.map(|r| r.to_string()).unwrap_or_default(),
            c.amount_cents.to_string(),
        ]
    });
    let filename = format!("loket-billing-{}-{}.csv", report.from, report.to);
    csv_response(&filename, CSV_HEADER, rows, delimiter)
}

/// An organisation's billing report for a period, as JSON or (`Accept: text/csv`) CSV.
///
/// Lines: date, ticket, subject, agent, minutes, rounded minutes, classification, rate and
/// amount, as frozen when recorded. Totals: included and billable time, amount excluding VAT,
/// VAT on that total, total including VAT. Staff see every organisation; a customer admin
/// only their own (another organisation answers 404).
#[utoipa::path(
    tag = "billing",
    security(("bearer" = ["admin", "agent", "customer_admin"])),
    params(ReportQuery),
    responses(
        (status = 200, description = "The report", content(
            (BillingReport = "application/json"),
            (String = "text/csv"),
        )),
        (status = 400, description = "A query parameter is missing or invalid, or `from` is after `to`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not staff or a customer admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation, or not the caller's", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/billing/report")]
pub async fn billing_report(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<ReportQuery>,
) -> ApiResult<HttpResponse> {
    let report = build_report(&req, &state, &caller, &query).await?;
    if wants_csv(&req) {
        csv_report(&report, query.delimiter.unwrap_or_default())
    } else {
        Ok(HttpResponse::Ok().json(report))
    }
}

/// An organisation's billing report for a period, as CSV (`delimiter=semicolon` for Belgian
/// spreadsheets).
///
/// The same lines as `GET /billing/report`; amounts in cents excluding VAT.
#[utoipa::path(
    tag = "billing",
    security(("bearer" = ["admin", "agent", "customer_admin"])),
    params(ReportQuery),
    responses(
        (status = 200, description = "The report as CSV", body = String, content_type = "text/csv"),
        (status = 400, description = "A query parameter is missing or invalid, or `from` is after `to`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not staff or a customer admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation, or not the caller's", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/billing/report.csv")]
pub async fn billing_report_csv(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<ReportQuery>,
) -> ApiResult<HttpResponse> {
    let report = build_report(&req, &state, &caller, &query).await?;
    csv_report(&report, query.delimiter.unwrap_or_default())
}

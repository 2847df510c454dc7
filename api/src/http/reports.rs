//! `/reports/...`: the figures of the dashboard, as JSON or (`Accept: text/csv`) CSV. Staff
//! see every organisation (or one, with `organization_id`); a customer admin the same figures
//! for their own organisation only; plain customers none.
//!
//! Periods are days in Belgium (Europe/Brussels), `from` to `to` included, at most 366 days;
//! tickets count in the week or month they were created in.

use super::caller::Caller;
use super::csv::{csv_response, wants_csv, Delimiter};
use super::error::{ApiError, ApiResult, Problem};
use super::AppState;
use crate::domain::account::Role;
use crate::domain::billing::Totals;
use crate::domain::priority::Priority;
use crate::domain::reports::{Bucket, Period, PeriodError, MAX_PERIOD_DAYS};
use crate::domain::ticket_status::{Channel, Kind};
use crate::store::reports::{self as store, FirstResponseTimes, SlaWeek};
use crate::store::{accounts, billing, StoreError};
use actix_web::{get, web, HttpRequest, HttpResponse};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

/// Registers the routes of this module.
pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(backlog_report)
        .service(sla_report)
        .service(billing_summary_report)
        .service(tickets_report)
        .service(first_response_report);
}

/// `?organization_id=&delimiter=` of the backlog.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ScopeQuery {
    /// Staff: only this organisation's tickets. A customer admin always gets their own
    /// organisation's figures; another organisation's id answers 404.
    #[param(value_type = Option<super::schema::UuidOrEmpty>)]
    pub organization_id: Option<String>,
    /// CSV only: `comma` (default) or `semicolon`.
    #[param(inline)]
    pub delimiter: Option<Delimiter>,
}

/// `?from=&to=&organization_id=&delimiter=` of the reports over a period.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeriodQuery {
    /// The first day in Belgium, `YYYY-MM-DD`.
    #[param(required, value_type = String, format = Date, example = "2026-11-01", pattern = "^(1970|197[1-9]|19[8-9][0-9]{1}|[2-9][0-9]{3})-")]
    pub from: Option<String>,
    /// The last day in Belgium (included), `YYYY-MM-DD`: not before `from` (else `before_from`),
    /// at most 366 days in all (else `too_long`).
    #[param(required, value_type = String, format = Date, example = "2026-11-30", pattern = "^(1970|197[1-9]|19[8-9][0-9]{1}|[2-9][0-9]{3})-")]
    pub to: Option<String>,
    /// Staff: only this organisation's figures. A customer admin always gets their own
    /// organisation's figures; another organisation's id answers 404.
    #[param(value_type = Option<super::schema::UuidOrEmpty>)]
    pub organization_id: Option<String>,
    /// CSV only: `comma` (default) or `semicolon`.
    #[param(inline)]
    pub delimiter: Option<Delimiter>,
}

/// A required day of the query: 422 naming it when absent or not a day.
fn query_day(name: &str, value: Option<&str>) -> ApiResult<NaiveDate> {
    let text = value
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .ok_or_else(|| ApiError::invalid_field(name, "required", "is required: a day YYYY-MM-DD"))?;
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .filter(|day| (1970..=9999).contains(&day.year()))
        .ok_or_else(|| ApiError::invalid_field(name, "invalid", "must be a day YYYY-MM-DD in the years 1970 to 9999"))
}

fn period_of(query: &PeriodQuery) -> ApiResult<Period> {
    let from = query_day("from", query.from.as_deref())?;
    let to = query_day("to", query.to.as_deref())?;
    Period::new(from, to).map_err(|error| match error {
        PeriodError::Inverted => ApiError::invalid_field("to", "before_from", format!("{to} is before `from` {from}")),
        PeriodError::TooLong => ApiError::invalid_field(
            "to",
            "too_long",
            format!("a period spans at most {MAX_PERIOD_DAYS} days"),
        ),
    })
}

/// Whose figures: `None` for every organisation (staff only). Refuses plain customers (403),
/// a malformed id (422), another organisation for a customer admin and an unknown one (404).
async fn scope_of(state: &AppState, caller: &Caller, organization_id: Option<&str>) -> ApiResult<Option<Uuid>> {
    caller.require(&[Role::Admin, Role::Agent, Role::CustomerAdmin])?;
    let asked = organization_id
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(|text| {
            Uuid::parse_str(text).map_err(|_| {
                ApiError::invalid_field("organization_id", "invalid", "must be an organisation id (a UUID)")
            })
        })
        .transpose()?;
    let scope = match (caller.organization_scope(), asked) {
        (Some(own), Some(asked)) if asked != own => return Err(ApiError::not_found("organization")),
        (Some(own), _) => Some(own),
        (None, asked) => asked,
    };
    if let Some(id) = scope {
        state
            .store
            .run(move |conn| accounts::find_organization(conn, id))
            .await
            .map_err(|e| match e {
                StoreError::NotFound => ApiError::not_found("organization"),
                other => other.into(),
            })?;
    }
    Ok(scope)
}

fn respond<T: Serialize>(
    req: &HttpRequest,
    report: &T,
    delimiter: Option<Delimiter>,
    filename: &str,
    header: &[&str],
    rows: impl FnOnce() -> Vec<Vec<String>>,
) -> ApiResult<HttpResponse> {
    if wants_csv(req) {
        csv_response(filename, header, rows(), delimiter.unwrap_or_default())
    } else {
        Ok(HttpResponse::Ok().json(report))
    }
}

/// Open tickets with one kind and priority.
#[derive(Debug, Serialize, ToSchema)]
pub struct BacklogCellView {
    /// The kind.
    pub kind: Kind,
    /// The priority.
    pub priority: Priority,
    /// How many are open now (new, open, waiting on the customer or scheduled).
    pub tickets: u64,
}

/// The open backlog now.
#[derive(Debug, Serialize, ToSchema)]
pub struct BacklogReport {
    /// When it was counted.
    pub generated_at: DateTime<Utc>,
    /// The organisation counted; `null` for all.
    pub organization_id: Option<Uuid>,
    /// Every kind × priority (zeros included), kinds in the order support, issue,
    /// change_request and priorities from critical to low.
    pub cells: Vec<BacklogCellView>,
    /// All open tickets.
    pub total: u64,
}

/// The open backlog now by kind and priority, as JSON or (`Accept: text/csv`) CSV with the
/// columns `kind,priority,tickets`.
#[utoipa::path(
    tag = "reports",
    security(("bearer" = ["admin", "agent", "customer_admin"])),
    params(ScopeQuery),
    responses(
        (status = 200, description = "The backlog", content(
            (BacklogReport = "application/json"),
            (String = "text/csv"),
        )),
        (status = 400, description = "`delimiter` is not `comma` or `semicolon`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not staff or a customer admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation, or not the caller's", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`organization_id` is not a UUID (named in `errors`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/reports/backlog")]
pub async fn backlog_report(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<ScopeQuery>,
) -> ApiResult<HttpResponse> {
    let scope = scope_of(&state, &caller, query.organization_id.as_deref()).await?;
    let found = state.store.run(move |conn| store::backlog(conn, scope)).await?;
    let mut cells = Vec::new();
    for kind in Kind::ALL {
        for priority in Priority::ALL {
            let tickets = found
                .iter()
                .filter(|c| c.kind == kind.as_str() && c.priority == priority.as_str())
                .map(|c| c.tickets)
                .sum();
            cells.push(BacklogCellView {
                kind,
                priority,
                tickets,
            });
        }
    }
    let report = BacklogReport {
        generated_at: Utc::now(),
        organization_id: scope,
        total: cells.iter().map(|c| c.tickets).sum(),
        cells,
    };
    respond(
        &req,
        &report,
        query.delimiter,
        "loket-backlog.csv",
        &["kind", "priority", "tickets"],
        || {
            report
                .cells
                .iter()
                .map(|c| {
                    vec![
                        c.kind.as_str().into(),
                        c.priority.as_str().into(),
                        c.tickets.to_string(),
                    ]
                })
                .collect()
        },
    )
}

/// Met and missed targets of the tickets created in a week (or the period).
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct SlaFigures {
    /// Tickets created.
    pub tickets: u64,
    /// First response given by its due time.
    pub first_response_met: u64,
    /// First response given late, or not given and overdue now.
    pub first_response_missed: u64,
    /// Resolved by the due time.
    pub resolution_met: u64,
    /// Resolved late, or not resolved and overdue now (while a ticket waits on the
    /// customer, its clock stands still).
    pub resolution_missed: u64,
}

impl From<&SlaWeek> for SlaFigures {
    fn from(w: &SlaWeek) -> SlaFigures {
        SlaFigures {
            tickets: w.tickets,
            first_response_met: w.first_response_met,
            first_response_missed: w.first_response_missed,
            resolution_met: w.resolution_met,
            resolution_missed: w.resolution_missed,
        }
    }
}

/// One ISO week's SLA compliance.
#[derive(Debug, Serialize, ToSchema)]
pub struct SlaWeekView {
    /// ISO week, `YYYY-Www`.
    pub week: String,
    /// Its first day within the period.
    pub first_day: NaiveDate,
    /// Its last day within the period.
    pub last_day: NaiveDate,
    /// The figures.
    #[serde(flatten)]
    pub figures: SlaFigures,
}

/// SLA compliance per ISO week.
#[derive(Debug, Serialize, ToSchema)]
pub struct SlaReport {
    /// First day.
    pub from: NaiveDate,
    /// Last day, included.
    pub to: NaiveDate,
    /// The organisation counted; `null` for all.
    pub organization_id: Option<Uuid>,
    /// Every ISO week the period touches, in order (cut to the period).
    pub weeks: Vec<SlaWeekView>,
    /// The whole period.
    pub totals: SlaFigures,
}

fn week_start(bucket: &Bucket) -> (String, NaiveDate, NaiveDate) {
    (bucket.label.clone(), bucket.first_day, bucket.last_day)
}

/// SLA compliance per ISO week (Monday to Sunday in Belgium) of the tickets created in the
/// period: first response and resolution met or missed, as the SLA clock judges them
/// (targets still running count in neither). CSV columns: `week,first_day,last_day,tickets,
/// first_response_met,first_response_missed,resolution_met,resolution_missed`.
#[utoipa::path(
    tag = "reports",
    security(("bearer" = ["admin", "agent", "customer_admin"])),
    params(PeriodQuery),
    responses(
        (status = 200, description = "The weeks", content(
            (SlaReport = "application/json"),
            (String = "text/csv"),
        )),
        (status = 400, description = "`delimiter` is not `comma` or `semicolon`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not staff or a customer admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation, or not the caller's", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`from` or `to` missing or not a day, `to` before `from`, a period over 366 days, or `organization_id` not a UUID (named in `errors`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/reports/sla")]
pub async fn sla_report(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<PeriodQuery>,
) -> ApiResult<HttpResponse> {
    let scope = scope_of(&state, &caller, query.organization_id.as_deref()).await?;
    let period = period_of(&query)?;
    let weeks = period.iso_weeks();
    let buckets = weeks.clone();
    let figures = state
        .store
        .run(move |conn| store::sla_by_week(conn, &buckets, scope))
        .await?;
    let mut totals = SlaFigures::default();
    for week in &figures {
        totals.tickets += week.tickets;
        totals.first_response_met += week.first_response_met;
        totals.first_response_missed += week.first_response_missed;
        totals.resolution_met += week.resolution_met;
        totals.resolution_missed += week.resolution_missed;
    }
    let report = SlaReport {
        from: period.from(),
        to: period.to(),
        organization_id: scope,
        weeks: weeks
            .iter()
            .zip(&figures)
            .map(|(bucket, week)| {
                let (week_label, first_day, last_day) = week_start(bucket);
                SlaWeekView {
                    week: week_label,
                    first_day,
                    last_day,
                    figures: week.into(),
                }
            })
            .collect(),
        totals,
    };
    let filename = format!("loket-sla-{}-{}.csv", period.from(), period.to());
    let header = [
        "week",
        "first_day",
        "last_day",
        "tickets",
        "first_response_met",
        "first_response_missed",
        "resolution_met",
        "resolution_missed",
    ];
    respond(&req, &report, query.delimiter, &filename, &header, || {
        report
            .weeks
            .iter()
            .map(|w| {
                let f = &w.figures;
                vec![
                    w.week.clone(),
                    w.first_day.to_string(),
                    w.last_day.to_string(),
                    f.tickets.to_string(),
                    f.first_response_met.to_string(),
                    f.first_response_missed.to_string(),
                    f.resolution_met.to_string(),
                    f.resolution_missed.to_string(),
                ]
            })
            .collect()
    })
}

/// One organisation's interventions in one month.
#[derive(Debug, Serialize, ToSchema)]
pub struct BillingMonthView {
    /// Month, `YYYY-MM`.
    pub month: String,
    /// The customer organisation.
    pub organization_id: Uuid,
    /// Its name.
    pub organization_name: String,
    /// Interventions performed that month.
    pub interventions: u64,
    /// As the billing report adds them up: included time (unrounded), billable time after
    /// rounding and minimum, amounts excluding VAT, VAT on the month's total.
    pub totals: Totals,
}

/// One organisation's interventions over the whole period.
#[derive(Debug, Serialize, ToSchema)]
pub struct BillingOrganizationView {
    /// The customer organisation.
    pub organization_id: Uuid,
    /// Its name.
    pub organization_name: String,
    /// Interventions performed in the period.
    pub interventions: u64,
    /// The period's totals (VAT on the period's total, as in `GET /billing/report`).
    pub totals: Totals,
}

/// Included and billable time and amounts per month and organisation.
#[derive(Debug, Serialize, ToSchema)]
pub struct BillingSummaryReport {
    /// First day.
    pub from: NaiveDate,
    /// Last day, included.
    pub to: NaiveDate,
    /// The organisation counted; `null` for all.
    pub organization_id: Option<Uuid>,
    /// The VAT rate of the billing settings, in basis points.
    pub vat_rate_basis_points: u32,
    /// Per month (in order) and organisation (by name); only organisations with work.
    pub months: Vec<BillingMonthView>,
    /// Per organisation over the period, by name.
    pub organizations: Vec<BillingOrganizationView>,
}

/// Included versus billable minutes and amounts per month and per organisation, from the
/// interventions' frozen classifications, added up as the billing report does (the same
/// totals function, the billing settings' VAT rate). CSV columns: `month,organization_id,
/// organization,interventions,included_minutes,billable_minutes,amount_excluding_vat_cents,
/// vat_cents,total_including_vat_cents`.
#[utoipa::path(
    tag = "reports",
    security(("bearer" = ["admin", "agent", "customer_admin"])),
    params(PeriodQuery),
    responses(
        (status = 200, description = "The months", content(
            (BillingSummaryReport = "application/json"),
            (String = "text/csv"),
        )),
        (status = 400, description = "`delimiter` is not `comma` or `semicolon`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not staff or a customer admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation, or not the caller's", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`from` or `to` missing or not a day, `to` before `from`, a period over 366 days, or `organization_id` not a UUID (named in `errors`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/reports/billing")]
pub async fn billing_summary_report(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<PeriodQuery>,
) -> ApiResult<HttpResponse> {
    let scope = scope_of(&state, &caller, query.organization_id.as_deref()).await?;
    let period = period_of(&query)?;
    let months = period.months();
    let buckets = months.clone();
    let (vat, figures) = state
        .store
        .run(move |conn| {
            let vat = billing::settings(conn)?.vat_rate_basis_points;
            let figures = store::billing_by_month(conn, &period, &buckets, scope, vat)?;
            Ok::<_, StoreError>((vat, figures))
        })
        .await?;
    let report = BillingSummaryReport {
        from: period.from(),
        to: period.to(),
        organization_id: scope,
        vat_rate_basis_points: vat,
        months: figures
            .months
            .into_iter()
            .map(|m| BillingMonthView {
                month: months.get(m.month).map(|b| b.label.clone()).unwrap_or_default(),
                organization_id: m.organization_id,
                organization_name: m.organization_name,
                interventions: m.interventions,
                totals: m.totals,
            })
            .collect(),
        organizations: figures
            .organizations
            .into_iter()
            .map(|o| BillingOrganizationView {
                organization_id: o.organization_id,
                organization_name: o.organization_name,
                interventions: o.interventions,
                totals: o.totals,
            })
            .collect(),
    };
    let filename = format!("loket-billing-summary-{}-{}.csv", period.from(), period.to());
    let header = [
        "month",
        "organization_id",
        "organization",
        "interventions",
        "included_minutes",
        "billable_minutes",
        "amount_excluding_vat_cents",
        "vat_cents",
        "total_including_vat_cents",
    ];
    respond(&req, &report, query.delimiter, &filename, &header, || {
        report
            .months
            .iter()
            .map(|m| {
                let t = &m.totals;
                vec![
                    m.month.clone(),
                    m.organization_id.to_string(),
                    m.organization_name.clone(),
                    m.interventions.to_string(),
                    t.included_minutes.to_string(),
                    t.billable_minutes.to_string(),
                    t.amount_excluding_vat_cents.to_string(),
                    t.vat_cents.to_string(),
                    t.total_including_vat_cents.to_string(),
                ]
            })
            .collect()
    })
}

/// Tickets of one channel.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChannelCount {
    /// The channel.
    pub channel: Channel,
    /// Tickets created.
    pub tickets: u64,
}

/// Tickets of one kind.
#[derive(Debug, Serialize, ToSchema)]
pub struct KindCount {
    /// The kind.
    pub kind: Kind,
    /// Tickets created.
    pub tickets: u64,
}

/// The tickets created in one month.
#[derive(Debug, Serialize, ToSchema)]
pub struct TicketMonthView {
    /// Month, `YYYY-MM`.
    pub month: String,
    /// Its first day within the period.
    pub first_day: NaiveDate,
    /// Its last day within the period.
    pub last_day: NaiveDate,
    /// All tickets created.
    pub tickets: u64,
    /// Per channel, every channel (portal, email, phone, api).
    pub by_channel: Vec<ChannelCount>,
    /// Per kind, every kind (support, issue, change_request).
    pub by_kind: Vec<KindCount>,
}

/// Tickets created per month by channel and by kind.
#[derive(Debug, Serialize, ToSchema)]
pub struct TicketsReport {
    /// First day.
    pub from: NaiveDate,
    /// Last day, included.
    pub to: NaiveDate,
    /// The organisation counted; `null` for all.
    pub organization_id: Option<Uuid>,
    /// Every month the period touches, in order (cut to the period).
    pub months: Vec<TicketMonthView>,
}

/// The tickets created per month (in Belgium) by channel and by kind. CSV columns:
/// `month,first_day,last_day,tickets,portal,email,phone,api,support,issue,change_request`.
#[utoipa::path(
    tag = "reports",
    security(("bearer" = ["admin", "agent", "customer_admin"])),
    params(PeriodQuery),
    responses(
        (status = 200, description = "The months", content(
            (TicketsReport = "application/json"),
            (String = "text/csv"),
        )),
        (status = 400, description = "`delimiter` is not `comma` or `semicolon`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not staff or a customer admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation, or not the caller's", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`from` or `to` missing or not a day, `to` before `from`, a period over 366 days, or `organization_id` not a UUID (named in `errors`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/reports/tickets")]
pub async fn tickets_report(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<PeriodQuery>,
) -> ApiResult<HttpResponse> {
    let scope = scope_of(&state, &caller, query.organization_id.as_deref()).await?;
    let period = period_of(&query)?;
    let months = period.months();
    let buckets = months.clone();
    let counts = state
        .store
        .run(move |conn| store::tickets_by_month(conn, &buckets, scope))
        .await?;
    let report = TicketsReport {
        from: period.from(),
        to: period.to(),
        organization_id: scope,
        months: months
            .iter()
            .zip(counts)
            .map(|(bucket, counts)| TicketMonthView {
                month: bucket.label.clone(),
                first_day: bucket.first_day,
                last_day: bucket.last_day,
                tickets: counts.tickets,
                by_channel: Channel::ALL
                    .into_iter()
                    .zip(counts.by_channel)
                    .map(|(channel, tickets)| ChannelCount { channel, tickets })
                    .collect(),
                by_kind: Kind::ALL
                    .into_iter()
                    .zip(counts.by_kind)
                    .map(|(kind, tickets)| KindCount { kind, tickets })
                    .collect(),
            })
            .collect(),
    };
    let filename = format!("loket-tickets-{}-{}.csv", period.from(), period.to());
    let mut header = vec!["month", "first_day", "last_day", "tickets"];
    header.extend(Channel::ALL.iter().map(|c| c.as_str()));
    header.extend(Kind::ALL.iter().map(|k| k.as_str()));
    respond(&req, &report, query.delimiter, &filename, &header, || {
        report
            .months
            .iter()
            .map(|m| {
                let mut row = vec![
                    m.month.clone(),
                    m.first_day.to_string(),
                    m.last_day.to_string(),
                    m.tickets.to_string(),
                ];
                row.extend(m.by_channel.iter().map(|c| c.tickets.to_string()));
                row.extend(m.by_kind.iter().map(|k| k.tickets.to_string()));
                row
            })
            .collect()
    })
}

/// The first-response time of the tickets created in a month (or the period).
#[derive(Debug, Serialize, ToSchema)]
pub struct FirstResponseFigures {
    /// Tickets created that had a first response.
    pub answered: u64,
    /// Median business minutes from creation to the first public staff reply, on the SLA's
    /// calendar (the intervention schedule with its holidays and closures); the mean of the
    /// two middle values for an even count; `null` when none was answered.
    pub median_business_minutes: Option<f64>,
}

impl From<FirstResponseTimes> for FirstResponseFigures {
    fn from(t: FirstResponseTimes) -> FirstResponseFigures {
        FirstResponseFigures {
            answered: t.answered,
            median_business_minutes: t.median_business_minutes,
        }
    }
}

/// One month's first-response time.
#[derive(Debug, Serialize, ToSchema)]
pub struct FirstResponseMonthView {
    /// Month, `YYYY-MM`.
    pub month: String,
    /// Its first day within the period.
    pub first_day: NaiveDate,
    /// Its last day within the period.
    pub last_day: NaiveDate,
    /// The figures.
    #[serde(flatten)]
    pub figures: FirstResponseFigures,
}

/// Median first-response business time per month and for the period.
#[derive(Debug, Serialize, ToSchema)]
pub struct FirstResponseReport {
    /// First day.
    pub from: NaiveDate,
    /// Last day, included.
    pub to: NaiveDate,
    /// The organisation counted; `null` for all.
    pub organization_id: Option<Uuid>,
    /// Every month the period touches, in order (cut to the period).
    pub months: Vec<FirstResponseMonthView>,
    /// The whole period (the median of all its tickets, not of the months' medians).
    pub period: FirstResponseFigures,
}

/// The median first-response time in business minutes (as the SLA counts them) of the
/// tickets created per month and in the whole period. CSV columns:
/// `month,first_day,last_day,answered,median_business_minutes`, then a line `period`.
#[utoipa::path(
    tag = "reports",
    security(("bearer" = ["admin", "agent", "customer_admin"])),
    params(PeriodQuery),
    responses(
        (status = 200, description = "The months and the period", content(
            (FirstResponseReport = "application/json"),
            (String = "text/csv"),
        )),
        (status = 400, description = "`delimiter` is not `comma` or `semicolon`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not staff or a customer admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation, or not the caller's", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`from` or `to` missing or not a day, `to` before `from`, a period over 366 days, or `organization_id` not a UUID (named in `errors`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/reports/first-response")]
pub async fn first_response_report(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<PeriodQuery>,
) -> ApiResult<HttpResponse> {
    let scope = scope_of(&state, &caller, query.organization_id.as_deref()).await?;
    let period = period_of(&query)?;
    let months = period.months();
    let buckets = months.clone();
    let (per_month, whole) = state
        .store
        .run(move |conn| store::first_response_times(conn, &period, &buckets, scope))
        .await?;
    let report = FirstResponseReport {
        from: period.from(),
        to: period.to(),
        organization_id: scope,
        months: months
            .iter()
            .zip(per_month)
            .map(|(bucket, times)| FirstResponseMonthView {
                month: bucket.label.clone(),
                first_day: bucket.first_day,
                last_day: bucket.last_day,
                figures: times.into(),
            })
            .collect(),
        period: whole.into(),
    };
    let filename = format!("loket-first-response-{}-{}.csv", period.from(), period.to());
    let header = ["month", "first_day", "last_day", "answered", "median_business_minutes"];
    let median = |m: Option<f64>| m.map(|v| v.to_string()).unwrap_or_default();
    respond(&req, &report, query.delimiter, &filename, &header, || {
        let mut rows: Vec<Vec<String>> = report
            .months
            .iter()
            .map(|m| {
                vec![
                    m.month.clone(),
                    m.first_day.to_string(),
                    m.last_day.to_string(),
                    m.figures.answered.to_string(),
                    median(m.figures.median_business_minutes),
                ]
            })
            .collect();
        rows.push(vec![
            "period".into(),
            report.from.to_string(),
            report.to.to_string(),
            report.period.answered.to_string(),
            median(report.period.median_business_minutes),
        ]);
        rows
    })
}

//! `/appointments`: interventions booked by staff for a ticket, always inside the
//! interventions schedule and never overlapping another appointment of the agent. Refusals
//! say why in the caller's language (`Accept-Language` nl/en). Customers see the
//! appointments of their own tickets, accept them or ask to move them. Every appointment and
//! every agent's agenda is also an iCalendar file.

use super::caller::{Caller, Staff};
use super::error::{ApiError, ApiResult, ErrorCode, FieldError, Problem};
use super::extract::ValidJson;
use super::language::preferred_language;
use super::tickets::{checked_reference_in, scope_of};
use super::AppState;
use crate::domain::account::Language;
use crate::store::appointments::{self, Appointment, AppointmentError, AppointmentMode, Booking, CustomerAnswer};
use crate::store::tickets::{self, TicketScope};
use crate::store::StoreError;
use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, TimeDelta, Utc};
use chrono_tz::Europe::Brussels;
use icalendar::{Calendar as ICalendar, CalendarComponent, CalendarDateTime, Component, EventLike};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;
use validator::Validate;

/// Registers the routes of this module.
pub fn routes(cfg: &mut ServiceConfig) {
    // The `.ics` route first: `{id}` alone would also match `….ics`.
    cfg.service(appointment_ics)
        .service(agent_feed)
        .service(list_appointments)
        .service(create_appointment)
        .service(get_appointment)
        .service(reschedule_appointment)
        .service(cancel_appointment)
        .service(accept_appointment)
        .service(request_move);
}

/// The longest intervention that can be booked in one appointment, in minutes.
const MAX_MINUTES: u32 = 600;

/// A booking: ticket, agent, start and length, on site or remote.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateAppointmentRequest {
    /// The ticket's reference, e.g. `2026-000123`.
    #[schema(value_type = super::schema::TicketReference)]
    pub ticket: String,
    /// The agent who intervenes.
    pub agent_id: Uuid,
    /// Start, RFC 3339 (`2026-12-04T13:00:00+01:00`).
    pub starts_at: DateTime<Utc>,
    /// Length in minutes.
    #[validate(range(min = 1, max = 600))]
    #[schema(minimum = 1, maximum = 600)]
    pub minutes: u32,
    /// On site or remote.
    pub mode: AppointmentMode,
    /// What the intervention is about (shown to the customer).
    #[validate(length(max = 2000))]
    #[schema(max_length = 2000)]
    #[serde(default)]
    pub note: String,
}

/// A move: the new time and, optionally, another agent, mode or note.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RescheduleRequest {
    /// Another agent; default the same.
    pub agent_id: Option<Uuid>,
    /// New start, RFC 3339.
    pub starts_at: DateTime<Utc>,
    /// New length in minutes.
    #[validate(range(min = 1, max = 600))]
    #[schema(minimum = 1, maximum = 600)]
    pub minutes: u32,
    /// Another mode; default the same.
    pub mode: Option<AppointmentMode>,
    /// Another note; default the same.
    #[validate(length(max = 2000))]
    #[schema(max_length = 2000)]
    pub note: Option<String>,
}

/// The customer's reason to ask for another time.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MoveRequest {
    /// Why, or which times suit better.
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000)]
    pub note: String,
}

/// `?ticket=` of the list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AppointmentQuery {
    /// The ticket's reference.
    #[param(value_type = super::schema::TicketReference)]
    pub ticket: String,
}

/// The appointments of a ticket.
#[derive(Debug, Serialize, ToSchema)]
pub struct AppointmentList {
    /// By start.
    pub items: Vec<Appointment>,
}

fn ends_at(starts_at: DateTime<Utc>, minutes: u32) -> DateTime<Utc> {
    starts_at + TimeDelta::minutes(i64::from(minutes.min(MAX_MINUTES)))
}

/// The API answer to a refused change, in `language`.
fn refusal(err: AppointmentError, language: Language) -> ApiError {
    match err {
        AppointmentError::Store(StoreError::NotFound) => ApiError::not_found("ticket or appointment"),
        AppointmentError::Store(other) => other.into(),
        AppointmentError::OutsideSchedule(refusal) => {
            let message = refusal.describe(language);
            ApiError {
                errors: vec![FieldError::new("starts_at", "outside_support_hours", message.clone())],
                ..ApiError::new(ErrorCode::ValidationFailed, message)
            }
        }
        AppointmentError::Overlaps(other) => {
            let local = |at: DateTime<Utc>| at.with_timezone(&Brussels).format("%Y-%m-%d %H:%M").to_string();
            let span = format!(
                "{}–{}",
                local(other.starts_at),
                other.ends_at.with_timezone(&Brussels).format("%H:%M")
            );
            ApiError::conflict(match language {
                Language::Nl => format!(
                    "de agent heeft al een afspraak van {span} (ticket {})",
                    other.ticket_reference
                ),
                Language::En => format!(
                    "the agent already has an appointment {span} (ticket {})",
                    other.ticket_reference
                ),
            })
        }
        AppointmentError::NotAnAgent => ApiError::invalid_field(
            "agent_id",
            "not_an_agent",
            match language {
                Language::Nl => "is geen actieve agent of beheerder",
                Language::En => "is not an active agent or admin",
            },
        ),
        AppointmentError::Ticket(e) => ApiError::conflict(e.to_string()),
        AppointmentError::Cancelled => ApiError::conflict(match language {
            Language::Nl => "de afspraak is geannuleerd",
            Language::En => "the appointment is cancelled",
        }),
    }
}

/// The appointment `id` if the caller may see its ticket (otherwise not found).
fn visible(conn: &mut crate::store::DbConnection, id: Uuid, scope: TicketScope) -> Result<Appointment, StoreError> {
    let appointment = appointments::find(conn, id)?;
    tickets::find_ticket(conn, &appointment.ticket_reference, scope)?;
    Ok(appointment)
}

fn not_found(err: StoreError) -> ApiError {
    match err {
        StoreError::NotFound => ApiError::not_found("appointment"),
        other => other.into(),
    }
}

/// The appointments of a ticket the caller may see.
#[utoipa::path(
    tag = "appointments",
    security(("bearer" = [])),
    params(AppointmentQuery),
    responses(
        (status = 200, description = "The ticket's appointments, by start", body = AppointmentList),
        (status = 400, description = "`ticket` is not a reference", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such ticket, or not one the caller may see", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/appointments")]
pub async fn list_appointments(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<AppointmentQuery>,
) -> ApiResult<web::Json<AppointmentList>> {
    let reference = query.into_inner().ticket;
    checked_reference_in("ticket", &reference)?;
    let scope = scope_of(&caller);
    let items = state
        .store
        .run(move |conn| {
            let ticket = tickets::find_ticket(conn, &reference, scope)?;
            appointments::of_ticket(conn, ticket.id)
        })
        .await
        .map_err(|e| match e {
            StoreError::NotFound => ApiError::not_found("ticket"),
            other => other.into(),
        })?;
    Ok(web::Json(AppointmentList { items }))
}

/// Book an intervention for a ticket (staff); the ticket becomes `scheduled`.
#[utoipa::path(
    tag = "appointments",
    security(("bearer" = ["admin", "agent"])),
    request_body(content = CreateAppointmentRequest, example = json!({
    "ticket": "2026-000001",
    "agent_id": "01936f0e-8a3c-7d4e-9f10-2b3c4d5e6f70",
    "starts_at": "2027-03-01T09:00:00Z",
    "minutes": 60,
    "mode": "remote",
    "note": "Kassasoftware bijwerken"
})),
    params(("Accept-Language" = Option<String>, Header, description = "`nl` or `en` for refusals; default the caller's language")),
    responses(
        (status = 201, description = "Booked", body = Appointment),
        (status = 403, description = "Not staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such ticket", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The agent already has an appointment then, or the ticket is closed", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Beyond the schema: outside the interventions schedule's support hours (`starts_at`, code `outside_support_hours`, the reason in the caller's language), or an agent who is not an active agent or admin (`agent_id`, `not_an_agent`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/appointments")]
pub async fn create_appointment(
    req: HttpRequest,
    state: web::Data<AppState>,
    staff: Staff,
    body: ValidJson<CreateAppointmentRequest>,
) -> ApiResult<HttpResponse> {
    let body = body.0;
    if !crate::domain::ticket::is_reference(&body.ticket) {
        return Err(ApiError::invalid_field(
            "ticket",
            "pattern",
            "is not a ticket reference (they look like 2026-000123)",
        ));
    }
    let language = preferred_language(&req, staff.0.user.language);
    let actor = staff.0.id();
    let booking = Booking {
        agent_id: body.agent_id,
        starts_at: body.starts_at,
        ends_at: ends_at(body.starts_at, body.minutes),
        mode: body.mode,
        note: body.note,
    };
    let reference = body.ticket;
    let appointment = state
        .store
        .run(move |conn| Ok::<_, StoreError>(appointments::book(conn, &reference, booking, actor)))
        .await?
        .map_err(|e| refusal(e, language))?;
    Ok(HttpResponse::Created().json(appointment))
}

/// One appointment of a ticket the caller may see.
#[utoipa::path(
    tag = "appointments",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Appointment id")),
    responses(
        (status = 200, description = "The appointment", body = Appointment),
        (status = 404, description = "No such appointment, or not one the caller may see", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/appointments/{id}")]
pub async fn get_appointment(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<Uuid>,
) -> ApiResult<web::Json<Appointment>> {
    let id = path.into_inner();
    let scope = scope_of(&caller);
    let appointment = state
        .store
        .run(move |conn| visible(conn, id, scope))
        .await
        .map_err(not_found)?;
    Ok(web::Json(appointment))
}

/// Move an appointment (staff): the same checks as booking; recorded on the ticket.
#[utoipa::path(
    tag = "appointments",
    security(("bearer" = ["admin", "agent"])),
    request_body = RescheduleRequest,
    params(
        ("id" = Uuid, Path, description = "Appointment id"),
        ("Accept-Language" = Option<String>, Header, description = "`nl` or `en` for refusals; default the caller's language"),
    ),
    responses(
        (status = 200, description = "Moved; booked again, awaiting the customer's answer", body = Appointment),
        (status = 403, description = "Not staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such appointment", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Overlaps another appointment of the agent, or cancelled", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Beyond the schema: outside the interventions schedule's support hours (`starts_at`, code `outside_support_hours`, the reason in the caller's language), or an agent who is not an active agent or admin (`agent_id`, `not_an_agent`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/appointments/{id}")]
pub async fn reschedule_appointment(
    req: HttpRequest,
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<Uuid>,
    body: ValidJson<RescheduleRequest>,
) -> ApiResult<web::Json<Appointment>> {
    let id = path.into_inner();
    let body = body.0;
    let language = preferred_language(&req, staff.0.user.language);
    let actor = staff.0.id();
    let moved = state
        .store
        .run(move |conn| {
            let current = appointments::find(conn, id)?;
            let booking = Booking {
                agent_id: body.agent_id.unwrap_or(current.agent_id),
                starts_at: body.starts_at,
                ends_at: ends_at(body.starts_at, body.minutes),
                mode: body.mode.unwrap_or(current.mode),
                note: body.note.unwrap_or(current.note),
            };
            Ok::<_, StoreError>(appointments::reschedule(conn, id, booking, actor))
        })
        .await
        .map_err(not_found)?
        .map_err(|e| refusal(e, language))?;
    Ok(web::Json(moved))
}

/// Cancel an appointment (staff); recorded on the ticket, which goes back to `open` when no
/// other appointment is upcoming.
#[utoipa::path(
    tag = "appointments",
    security(("bearer" = ["admin", "agent"])),
    params(("id" = Uuid, Path, description = "Appointment id")),
    responses(
        (status = 200, description = "Cancelled", body = Appointment),
        (status = 403, description = "Not staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such appointment", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already cancelled, or the ticket is closed", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/appointments/{id}/cancel")]
pub async fn cancel_appointment(
    req: HttpRequest,
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<Uuid>,
) -> ApiResult<web::Json<Appointment>> {
    let id = path.into_inner();
    let language = preferred_language(&req, staff.0.user.language);
    let actor = staff.0.id();
    let cancelled = state
        .store
        .run(move |conn| Ok::<_, StoreError>(appointments::cancel(conn, id, actor)))
        .await?
        .map_err(|e| refusal(e, language))?;
    Ok(web::Json(cancelled))
}

async fn answer(
    req: &HttpRequest,
    state: &AppState,
    caller: &Caller,
    id: Uuid,
    answer: CustomerAnswer,
) -> ApiResult<web::Json<Appointment>> {
    let language = preferred_language(req, caller.user.language);
    let scope = scope_of(caller);
    let actor = caller.id();
    let answered = state
        .store
        .run(move |conn| {
            visible(conn, id, scope)?;
            Ok::<_, StoreError>(appointments::answer(conn, id, answer, actor))
        })
        .await
        .map_err(not_found)?
        .map_err(|e| refusal(e, language))?;
    Ok(web::Json(answered))
}

/// Accept an appointment on one of the caller's tickets; recorded on the ticket.
#[utoipa::path(
    tag = "appointments",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Appointment id")),
    responses(
        (status = 200, description = "Accepted", body = Appointment),
        (status = 404, description = "No such appointment, or not one the caller may see", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Cancelled, or the ticket is closed", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/appointments/{id}/accept")]
pub async fn accept_appointment(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<Uuid>,
) -> ApiResult<web::Json<Appointment>> {
    answer(&req, &state, &caller, path.into_inner(), CustomerAnswer::Accept).await
}

/// Ask for another time for an appointment on one of the caller's tickets; the note is
/// added to the ticket's conversation.
#[utoipa::path(
    tag = "appointments",
    security(("bearer" = [])),
    request_body = MoveRequest,
    params(("id" = Uuid, Path, description = "Appointment id")),
    responses(
        (status = 200, description = "Move requested", body = Appointment),
        (status = 404, description = "No such appointment, or not one the caller may see", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Cancelled, or the ticket is closed", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The note is missing or too long", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/appointments/{id}/request-move")]
pub async fn request_move(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<Uuid>,
    body: ValidJson<MoveRequest>,
) -> ApiResult<web::Json<Appointment>> {
    let note = body.0.note;
    answer(
        &req,
        &state,
        &caller,
        path.into_inner(),
        CustomerAnswer::RequestMove(note),
    )
    .await
}

/// The Europe/Brussels time zone (CET/CEST, EU rules since 1996) as a VTIMEZONE block.
const BRUSSELS_VTIMEZONE: &str = "BEGIN:VTIMEZONE\r
TZID:Europe/Brussels\r
BEGIN:DAYLIGHT\r
TZOFFSETFROM:+0100\r
TZOFFSETTO:+0200\r
TZNAME:CEST\r
DTSTART:19700329T020000\r
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r
END:DAYLIGHT\r
BEGIN:STANDARD\r
TZOFFSETFROM:+0200\r
TZOFFSETTO:+0100\r
TZNAME:CET\r
DTSTART:19701025T030000\r
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r
END:STANDARD\r
END:VTIMEZONE\r
";

/// The appointments as an iCalendar file, times in Europe/Brussels.
fn ics(name: &str, items: &[Appointment]) -> ApiResult<HttpResponse> {
    let mut calendar = ICalendar::new();
    calendar.name(name);
    let zone: CalendarComponent = BRUSSELS_VTIMEZONE.parse().map_err(ApiError::internal)?;
    calendar.push(zone);
    let local = |at: DateTime<Utc>| CalendarDateTime::WithTimezone {
        date_time: at.with_timezone(&Brussels).naive_local(),
        tzid: "Europe/Brussels".into(),
    };
    for appointment in items {
        let mode = match appointment.mode {
            AppointmentMode::OnSite => "on site / ter plaatse",
            AppointmentMode::Remote => "remote / op afstand",
        };
        let event = icalendar::Event::new()
            .uid(&format!("{}@loket", appointment.id))
            .summary(&format!("Ticket {} ({mode})", appointment.ticket_reference))
            .description(&appointment.note)
            .starts(local(appointment.starts_at))
            .ends(local(appointment.ends_at))
            .timestamp(appointment.updated_at)
            .status(if appointment.status == appointments::AppointmentStatus::Cancelled {
                icalendar::EventStatus::Cancelled
            } else {
                icalendar::EventStatus::Confirmed
            })
            .done();
        calendar.push(event);
    }
    Ok(HttpResponse::Ok()
        .content_type("text/calendar; charset=utf-8")
        .body(calendar.done().to_string()))
}

/// One appointment as an iCalendar file (with the Europe/Brussels VTIMEZONE).
#[utoipa::path(
    tag = "appointments",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Appointment id")),
    responses(
        (status = 200, description = "The iCalendar file", body = String, content_type = "text/calendar"),
        (status = 404, description = "No such appointment, or not one the caller may see", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/appointments/{id}.ics")]
pub async fn appointment_ics(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = Uuid::parse_str(&path.into_inner()).map_err(|_| ApiError::not_found("appointment"))?;
    let scope = scope_of(&caller);
    let appointment = state
        .store
        .run(move |conn| visible(conn, id, scope))
        .await
        .map_err(not_found)?;
    ics(&format!("Ticket {}", appointment.ticket_reference), &[appointment])
}

/// An agent's appointments (not cancelled) as an iCalendar feed (staff).
#[utoipa::path(
    tag = "appointments",
    security(("bearer" = ["admin", "agent"])),
    params(("id" = Uuid, Path, description = "The agent's user id")),
    responses(
        (status = 200, description = "The iCalendar feed", body = String, content_type = "text/calendar"),
        (status = 403, description = "Not staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such agent", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/agents/{id}/appointments.ics")]
pub async fn agent_feed(state: web::Data<AppState>, _staff: Staff, path: web::Path<Uuid>) -> ApiResult<HttpResponse> {
    let agent = path.into_inner();
    let (user, items) = state
        .store
        .run(move |conn| {
            let user = crate::store::accounts::find_user(conn, agent)?;
            if !user.role.is_staff() {
                return Err(StoreError::NotFound);
            }
            Ok((user, appointments::of_agent(conn, agent)?))
        })
        .await
        .map_err(|e| match e {
            StoreError::NotFound => ApiError::not_found("agent"),
            other => other.into(),
        })?;
    ics(&format!("Loket: {}", user.display_name), &items)
}

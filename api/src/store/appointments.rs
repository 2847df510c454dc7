//! Appointments: interventions booked for a ticket, inside the interventions schedule and
//! never overlapping another appointment of the same agent.
//!
//! Every change runs in one write transaction that first serialises the bookings of the
//! agent (SQLite: `BEGIN IMMEDIATE`; PostgreSQL: a row lock on the agent), so two concurrent
//! bookings of one slot cannot both pass the overlap check. The ticket's history records
//! each booking, move and cancellation, and its status follows: `scheduled` while an
//! appointment is upcoming.

use super::accounts::{self, parse_id};
use super::schedules::{find_schedule, BusyInterval, INTERVENTIONS};
use super::schema::{appointments, tickets as ticket_table, users};
use super::tickets::{self, NewComment, NewEvent, Ticket, TicketScope, TicketUpdate};
use super::{now, DbConnection, ResultExt, StoreError};
use crate::domain::account::UnknownValue;
use crate::domain::calendar::BookingRefusal;
use crate::domain::ticket_status::{self, ActorKind, TicketStatus, TransitionError};
use crate::domain::webhook::EventType;
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use std::str::FromStr;
use utoipa::ToSchema;
use uuid::Uuid;

/// Where the intervention happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AppointmentMode {
    /// At the customer's premises.
    OnSite,
    /// Remotely (screen sharing, phone).
    Remote,
}

/// Where an appointment is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AppointmentStatus {
    /// Booked by staff, not yet answered by the customer.
    Booked,
    /// Accepted by the customer.
    Accepted,
    /// The customer asked for another time.
    MoveRequested,
    /// Cancelled by staff; no longer blocks the agent.
    Cancelled,
}

impl AppointmentMode {
    /// Every mode.
    pub const ALL: [AppointmentMode; 2] = [AppointmentMode::OnSite, AppointmentMode::Remote];

    /// The stored and serialised name.
    pub fn as_str(self) -> &'static str {
        match self {
            AppointmentMode::OnSite => "on_site",
            AppointmentMode::Remote => "remote",
        }
    }
}

impl AppointmentStatus {
    /// Every status.
    pub const ALL: [AppointmentStatus; 4] = [
        AppointmentStatus::Booked,
        AppointmentStatus::Accepted,
        AppointmentStatus::MoveRequested,
        AppointmentStatus::Cancelled,
    ];

    /// The stored and serialised name.
    pub fn as_str(self) -> &'static str {
        match self {
            AppointmentStatus::Booked => "booked",
            AppointmentStatus::Accepted => "accepted",
            AppointmentStatus::MoveRequested => "move_requested",
            AppointmentStatus::Cancelled => "cancelled",
        }
    }
}

impl FromStr for AppointmentMode {
    type Err = UnknownValue;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|v| v.as_str() == s)
            .ok_or_else(|| UnknownValue(s.to_owned()))
    }
}

impl FromStr for AppointmentStatus {
    type Err = UnknownValue;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|v| v.as_str() == s)
            .ok_or_else(|| UnknownValue(s.to_owned()))
    }
}

/// An appointment as the API shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Appointment {
    /// Identifier.
    pub id: Uuid,
    /// The ticket it is for.
    pub ticket_id: Uuid,
    /// The ticket's reference.
    pub ticket_reference: String,
    /// The agent who intervenes.
    pub agent_id: Uuid,
    /// The agent's display name (customers cannot look staff up).
    pub agent_name: String,
    /// Start.
    pub starts_at: DateTime<Utc>,
    /// End.
    pub ends_at: DateTime<Utc>,
    /// On site or remote.
    pub mode: AppointmentMode,
    /// What the intervention is about (shown to the customer).
    pub note: String,
    /// Booked, accepted, move requested or cancelled.
    pub status: AppointmentStatus,
    /// The customer's note when asking to move it.
    pub customer_note: Option<String>,
    /// Who booked it.
    pub created_by: Uuid,
    /// When it was booked.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

#[derive(Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = appointments, treat_none_as_null = true)]
struct AppointmentRow {
    id: String,
    ticket_id: String,
    agent_id: String,
    starts_at: NaiveDateTime,
    ends_at: NaiveDateTime,
    mode: String,
    note: String,
    status: String,
    customer_note: Option<String>,
    created_by: String,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

impl AppointmentRow {
    fn into_appointment(self, ticket_reference: String, agent_name: String) -> Result<Appointment, StoreError> {
        Ok(Appointment {
            id: parse_id(&self.id),
            ticket_id: parse_id(&self.ticket_id),
            ticket_reference,
            agent_id: parse_id(&self.agent_id),
            agent_name,
            starts_at: self.starts_at.and_utc(),
            ends_at: self.ends_at.and_utc(),
            mode: self
                .mode
                .parse()
                .map_err(|e| accounts::corrupt("appointments.mode", e))?,
            note: self.note,
            status: self
                .status
                .parse()
                .map_err(|e| accounts::corrupt("appointments.status", e))?,
            customer_note: self.customer_note,
            created_by: parse_id(&self.created_by),
            created_at: self.created_at.and_utc(),
            updated_at: self.updated_at.and_utc(),
        })
    }

    fn of(appointment: &Appointment) -> AppointmentRow {
        AppointmentRow {
            id: appointment.id.to_string(),
            ticket_id: appointment.ticket_id.to_string(),
            agent_id: appointment.agent_id.to_string(),
            starts_at: appointment.starts_at.naive_utc(),
            ends_at: appointment.ends_at.naive_utc(),
            mode: appointment.mode.as_str().to_owned(),
            note: appointment.note.clone(),
            status: appointment.status.as_str().to_owned(),
            customer_note: appointment.customer_note.clone(),
            created_by: appointment.created_by.to_string(),
            created_at: appointment.created_at.naive_utc(),
            updated_at: appointment.updated_at.naive_utc(),
        }
    }
}

/// Why an appointment change is refused.
#[derive(Debug, thiserror::Error)]
pub enum AppointmentError {
    /// The database failed, or the ticket or appointment does not exist.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The time is not entirely inside the interventions schedule.
    #[error(transparent)]
    OutsideSchedule(BookingRefusal),
    /// The agent already has an appointment then.
    #[error("the agent already has an appointment from {} to {}", .0.starts_at, .0.ends_at)]
    Overlaps(Box<Appointment>),
    /// The agent is not an active agent or admin.
    #[error("the agent is not an active agent or admin")]
    NotAnAgent,
    /// The ticket's life cycle does not allow it (a closed ticket, …).
    #[error(transparent)]
    Ticket(#[from] TransitionError),
    /// The appointment is cancelled and can no longer change.
    #[error("the appointment is cancelled")]
    Cancelled,
}

/// What to book, or where to move an appointment to.
#[derive(Debug, Clone)]
pub struct Booking {
    /// The agent who intervenes.
    pub agent_id: Uuid,
    /// Start.
    pub starts_at: DateTime<Utc>,
    /// End.
    pub ends_at: DateTime<Utc>,
    /// On site or remote.
    pub mode: AppointmentMode,
    /// What it is about.
    pub note: String,
}

/// Runs `work` in a write transaction, returning its own refusal unchanged (and rolling back).
fn transaction<T>(
    conn: &mut DbConnection,
    work: impl FnOnce(&mut DbConnection) -> Result<T, AppointmentError>,
) -> Result<T, AppointmentError> {
    super::write_transaction_or(conn, work)
}

/// Serialises the bookings of `agent` until the transaction ends. SQLite's `BEGIN IMMEDIATE`
/// already serialises every writer; PostgreSQL needs a lock on the agent's row. `FOR NO KEY
/// UPDATE`, not `FOR UPDATE`: rows that merely refer to the agent (a comment the agent
/// writes meanwhile, with the ticket locked) take a key-share lock on it, which `FOR UPDATE`
/// would block, and the booking waiting for that ticket would then deadlock with it.
fn lock_agent(conn: &mut DbConnection, agent: Uuid) -> Result<(), AppointmentError> {
    if let DbConnection::Postgres(pg) = conn {
        users::table
            .find(agent.to_string())
            .select(users::id)
            .for_no_key_update()
            .first::<String>(pg)
            .optional()
            .store()?;
    }
    match accounts::find_user(conn, agent) {
        Ok(user) if user.active && user.role.is_staff() => Ok(()),
        Ok(_) | Err(StoreError::NotFound) => Err(AppointmentError::NotAnAgent),
        Err(e) => Err(e.into()),
    }
}

fn reference_of(conn: &mut DbConnection, ticket_id: &str) -> Result<String, StoreError> {
    ticket_table::table
        .find(ticket_id.to_owned())
        .select(ticket_table::reference)
        .first(conn)
        .store()
}

fn agent_name_of(conn: &mut DbConnection, agent_id: &str) -> Result<String, StoreError> {
    use super::schema::users;
    users::table
        .find(agent_id.to_owned())
        .select(users::display_name)
        .first(conn)
        .store()
}

fn load(conn: &mut DbConnection, row: AppointmentRow) -> Result<Appointment, StoreError> {
    let reference = reference_of(conn, &row.ticket_id)?;
    let agent_name = agent_name_of(conn, &row.agent_id)?;
    row.into_appointment(reference, agent_name)
}

/// Checks `booking` against the schedule and the agent's other appointments (all but
/// `except`); call inside the transaction after [`lock_agent`].
fn check(conn: &mut DbConnection, booking: &Booking, except: Option<Uuid>) -> Result<(), AppointmentError> {
    let schedule = find_schedule(conn, INTERVENTIONS)?;
    schedule
        .calendar
        .check_booking(booking.starts_at, booking.ends_at)
        .map_err(AppointmentError::OutsideSchedule)?;
    let mut query = appointments::table
        .filter(appointments::agent_id.eq(booking.agent_id.to_string()))
        .filter(appointments::status.ne(AppointmentStatus::Cancelled.as_str()))
        .filter(appointments::starts_at.lt(booking.ends_at.naive_utc()))
        .filter(appointments::ends_at.gt(booking.starts_at.naive_utc()))
        .into_boxed();
    if let Some(id) = except {
        query = query.filter(appointments::id.ne(id.to_string()));
    }
    let clash = query
        .select(AppointmentRow::as_select())
        .order(appointments::starts_at)
        .first(conn)
        .optional()
        .store()?;
    match clash {
        Some(row) => Err(AppointmentError::Overlaps(Box::new(load(conn, row)?))),
        None => Ok(()),
    }
}

fn span(appointment: &Appointment) -> String {
    format!(
        "{}/{}",
        appointment.starts_at.format("%Y-%m-%dT%H:%MZ"),
        appointment.ends_at.format("%Y-%m-%dT%H:%MZ")
    )
}

/// Whether the ticket has an appointment that is not cancelled and not yet over.
fn has_upcoming(conn: &mut DbConnection, ticket_id: Uuid) -> Result<bool, StoreError> {
    let count: i64 = appointments::table
        .filter(appointments::ticket_id.eq(ticket_id.to_string()))
        .filter(appointments::status.ne(AppointmentStatus::Cancelled.as_str()))
        .filter(appointments::ends_at.gt(now()))
        .count()
        .get_result(conn)
        .store()?;
    Ok(count > 0)
}

/// The `scheduled` tickets whose appointments that are not cancelled have all ended by `at`
/// (at least one, none upcoming), by reference: the scheduler opens them again.
pub(crate) fn scheduled_with_appointments_passed(
    conn: &mut DbConnection,
    at: DateTime<Utc>,
) -> Result<Vec<String>, StoreError> {
    use diesel::dsl::{exists, not};
    let of_ticket = || {
        appointments::table
            .filter(appointments::ticket_id.eq(ticket_table::id))
            .filter(appointments::status.ne(AppointmentStatus::Cancelled.as_str()))
    };
    ticket_table::table
        .filter(ticket_table::status.eq(TicketStatus::Scheduled.as_str()))
        .filter(exists(of_ticket().filter(appointments::ends_at.le(at.naive_utc()))))
        .filter(not(exists(
            of_ticket().filter(appointments::ends_at.gt(at.naive_utc())),
        )))
        .order(ticket_table::id)
        .select(ticket_table::reference)
        .load(conn)
        .store()
}

/// When the ticket's last appointment that is not cancelled ended, if that is at or before
/// `at` (so none is upcoming); `None` while one is upcoming or when there is none.
pub(crate) fn last_appointment_ended(
    conn: &mut DbConnection,
    ticket_id: Uuid,
    at: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, StoreError> {
    let last: Option<NaiveDateTime> = appointments::table
        .filter(appointments::ticket_id.eq(ticket_id.to_string()))
        .filter(appointments::status.ne(AppointmentStatus::Cancelled.as_str()))
        .select(diesel::dsl::max(appointments::ends_at))
        .first(conn)
        .store()?;
    Ok(last.map(|end| end.and_utc()).filter(|end| *end <= at))
}

/// Records `event` on the ticket and moves its status to `status` when it differs and the
/// life cycle allows it for `actor`.
fn record_on_ticket(
    conn: &mut DbConnection,
    reference: &str,
    event: NewEvent,
    comment: Option<NewComment>,
    status: Option<(TicketStatus, ActorKind)>,
) -> Result<Ticket, AppointmentError> {
    tickets::modify_ticket(conn, reference, TicketScope::Everything, |current| {
        ticket_status::ensure_editable(current.status)?;
        let mut ticket = current.clone();
        let mut events = vec![event.clone()];
        if let Some((to, actor)) = status.filter(|(to, _)| *to != current.status) {
            ticket_status::transition(current.status, to, actor)?;
            ticket.status = to;
            events.push(NewEvent {
                actor_id: event.actor_id,
                field: "status".into(),
                old_value: Some(current.status.as_str().to_owned()),
                new_value: Some(to.as_str().to_owned()),
                ..NewEvent::default()
            });
        }
        Ok::<_, AppointmentError>(TicketUpdate {
            ticket,
            events,
            comments: comment.into_iter().collect(),
        })
    })
}

/// Books an appointment for the ticket `reference` and moves the ticket to `scheduled`.
pub fn book(
    conn: &mut DbConnection,
    reference: &str,
    booking: Booking,
    actor: Uuid,
) -> Result<Appointment, AppointmentError> {
    transaction(conn, |conn| {
        lock_agent(conn, booking.agent_id)?;
        let ticket = tickets::find_ticket(conn, reference, TicketScope::Everything)?;
        check(conn, &booking, None)?;
        let at = now().and_utc();
        let appointment = Appointment {
            id: Uuid::now_v7(),
            ticket_id: ticket.id,
            ticket_reference: ticket.reference.clone(),
            agent_id: booking.agent_id,
            agent_name: agent_name_of(conn, &booking.agent_id.to_string())?,
            starts_at: booking.starts_at,
            ends_at: booking.ends_at,
            mode: booking.mode,
            note: booking.note.trim().to_owned(),
            status: AppointmentStatus::Booked,
            customer_note: None,
            created_by: actor,
            created_at: at,
            updated_at: at,
        };
        diesel::insert_into(appointments::table)
            .values(AppointmentRow::of(&appointment))
            .execute(conn)
            .store()?;
        let event = NewEvent {
            actor_id: Some(actor),
            field: "appointment_booked".into(),
            new_value: Some(span(&appointment)),
            ..NewEvent::default()
        };
        record_on_ticket(
            conn,
            reference,
            event,
            None,
            Some((TicketStatus::Scheduled, ActorKind::Staff)),
        )?;
        announce(conn, EventType::AppointmentBooked, &appointment)?;
        Ok(appointment)
    })
}

/// A webhook event in the change's transaction.
fn announce(conn: &mut DbConnection, event: EventType, appointment: &Appointment) -> Result<(), StoreError> {
    super::outbox::record_event(conn, event, serde_json::json!({ "appointment": appointment }))?;
    super::notifications::after_appointment(conn, event, appointment)
}

fn find_row(conn: &mut DbConnection, id: Uuid) -> Result<AppointmentRow, StoreError> {
    appointments::table
        .find(id.to_string())
        .select(AppointmentRow::as_select())
        .first(conn)
        .store()
}

/// One appointment.
pub fn find(conn: &mut DbConnection, id: Uuid) -> Result<Appointment, StoreError> {
    let row = find_row(conn, id)?;
    load(conn, row)
}

fn save(conn: &mut DbConnection, appointment: &mut Appointment) -> Result<(), StoreError> {
    appointment.updated_at = now().and_utc();
    diesel::update(appointments::table.find(appointment.id.to_string()))
        .set(AppointmentRow::of(appointment))
        .execute(conn)
        .store()
        .map(drop)
}

/// Moves an appointment (same checks as booking); it is booked again, awaiting the
/// customer's answer.
pub fn reschedule(
    conn: &mut DbConnection,
    id: Uuid,
    booking: Booking,
    actor: Uuid,
) -> Result<Appointment, AppointmentError> {
    transaction(conn, |conn| {
        let current = find(conn, id)?;
        if current.status == AppointmentStatus::Cancelled {
            return Err(AppointmentError::Cancelled);
        }
        // Lock both agents in a fixed order so two moves between them cannot deadlock.
        let mut agents = [current.agent_id, booking.agent_id];
        agents.sort();
        lock_agent(conn, agents[0])?;
        lock_agent(conn, agents[1])?;
        check(conn, &booking, Some(id))?;
        let mut moved = Appointment {
            agent_id: booking.agent_id,
            agent_name: agent_name_of(conn, &booking.agent_id.to_string())?,
            starts_at: booking.starts_at,
            ends_at: booking.ends_at,
            mode: booking.mode,
            note: booking.note.trim().to_owned(),
            status: AppointmentStatus::Booked,
            customer_note: None,
            ..current.clone()
        };
        save(conn, &mut moved)?;
        let event = NewEvent {
            actor_id: Some(actor),
            field: "appointment_moved".into(),
            old_value: Some(span(&current)),
            new_value: Some(span(&moved)),
            ..NewEvent::default()
        };
        record_on_ticket(
            conn,
            &current.ticket_reference,
            event,
            None,
            Some((TicketStatus::Scheduled, ActorKind::Staff)),
        )?;
        announce(conn, EventType::AppointmentMoved, &moved)?;
        Ok(moved)
    })
}

/// Cancels an appointment; when the ticket has no other upcoming appointment and is
/// `scheduled`, it goes back to `open`.
pub fn cancel(conn: &mut DbConnection, id: Uuid, actor: Uuid) -> Result<Appointment, AppointmentError> {
    transaction(conn, |conn| {
        let mut appointment = find(conn, id)?;
        if appointment.status == AppointmentStatus::Cancelled {
            return Err(AppointmentError::Cancelled);
        }
        appointment.status = AppointmentStatus::Cancelled;
        save(conn, &mut appointment)?;
        let ticket = tickets::find_ticket(conn, &appointment.ticket_reference, TicketScope::Everything)?;
        let back_to_open = ticket.status == TicketStatus::Scheduled && !has_upcoming(conn, ticket.id)?;
        let event = NewEvent {
            actor_id: Some(actor),
            field: "appointment_cancelled".into(),
            old_value: Some(span(&appointment)),
            ..NewEvent::default()
        };
        record_on_ticket(
            conn,
            &appointment.ticket_reference,
            event,
            None,
            back_to_open.then_some((TicketStatus::Open, ActorKind::System)),
        )?;
        announce(conn, EventType::AppointmentCancelled, &appointment)?;
        Ok(appointment)
    })
}

/// The customer's answer to an appointment.
#[derive(Debug, Clone)]
pub enum CustomerAnswer {
    /// The time suits.
    Accept,
    /// Another time, please (with why or when).
    RequestMove(String),
}

/// Records the customer's answer on the appointment and on the ticket (a move request also
/// as a public comment, so staff see it in the conversation).
pub fn answer(
    conn: &mut DbConnection,
    id: Uuid,
    answer: CustomerAnswer,
    actor: Uuid,
) -> Result<Appointment, AppointmentError> {
    transaction(conn, |conn| {
        let mut appointment = find(conn, id)?;
        if appointment.status == AppointmentStatus::Cancelled {
            return Err(AppointmentError::Cancelled);
        }
        let (field, comment) = match answer {
            CustomerAnswer::Accept => {
                appointment.status = AppointmentStatus::Accepted;
                appointment.customer_note = None;
                ("appointment_accepted", None)
            }
            CustomerAnswer::RequestMove(note) => {
                appointment.status = AppointmentStatus::MoveRequested;
                appointment.customer_note = Some(note.trim().to_owned());
                let comment = NewComment {
                    author_id: Some(actor),
                    body: note.trim().to_owned(),
                    internal: false,
                };
                ("appointment_move_requested", Some(comment))
            }
        };
        save(conn, &mut appointment)?;
        let event = NewEvent {
            actor_id: Some(actor),
            field: field.into(),
            new_value: Some(span(&appointment)),
            ..NewEvent::default()
        };
        record_on_ticket(conn, &appointment.ticket_reference, event, comment, None)?;
        Ok(appointment)
    })
}

fn load_all(conn: &mut DbConnection, rows: Vec<AppointmentRow>) -> Result<Vec<Appointment>, StoreError> {
    rows.into_iter().map(|row| load(conn, row)).collect()
}

/// Whether the appointment exists and is for this ticket.
pub fn belongs_to_ticket(conn: &mut DbConnection, appointment: Uuid, ticket_id: Uuid) -> Result<bool, StoreError> {
    let count: i64 = appointments::table
        .filter(appointments::id.eq(appointment.to_string()))
        .filter(appointments::ticket_id.eq(ticket_id.to_string()))
        .count()
        .get_result(conn)
        .store()?;
    Ok(count > 0)
}

/// The appointments of a ticket, by start.
pub fn of_ticket(conn: &mut DbConnection, ticket_id: Uuid) -> Result<Vec<Appointment>, StoreError> {
    let rows = appointments::table
        .filter(appointments::ticket_id.eq(ticket_id.to_string()))
        .order((appointments::starts_at, appointments::id))
        .select(AppointmentRow::as_select())
        .load(conn)
        .store()?;
    load_all(conn, rows)
}

/// The appointments of an agent that are not cancelled, by start (the agent's feed).
pub fn of_agent(conn: &mut DbConnection, agent: Uuid) -> Result<Vec<Appointment>, StoreError> {
    let rows = appointments::table
        .filter(appointments::agent_id.eq(agent.to_string()))
        .filter(appointments::status.ne(AppointmentStatus::Cancelled.as_str()))
        .order((appointments::starts_at, appointments::id))
        .select(AppointmentRow::as_select())
        .load(conn)
        .store()?;
    load_all(conn, rows)
}

/// The intervals between `from` and `to` in which `agent` has an appointment that is not
/// cancelled.
pub fn busy_intervals(
    conn: &mut DbConnection,
    agent: Uuid,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<BusyInterval>, StoreError> {
    let rows: Vec<(NaiveDateTime, NaiveDateTime)> = appointments::table
        .filter(appointments::agent_id.eq(agent.to_string()))
        .filter(appointments::status.ne(AppointmentStatus::Cancelled.as_str()))
        .filter(appointments::starts_at.lt(to.naive_utc()))
        .filter(appointments::ends_at.gt(from.naive_utc()))
        .order(appointments::starts_at)
        .select((appointments::starts_at, appointments::ends_at))
        .load(conn)
        .store()?;
    Ok(rows
        .into_iter()
        .map(|(start, end)| (start.and_utc(), end.and_utc()))
        .collect())
}

/// Demo data: a remote intervention on the oldest open demo ticket that has an assignee, by
/// that agent, in the first free hour of the interventions schedule from 1 December 2026
/// (call inside the demo's transaction, after the demo tickets).
pub fn seed_demo(conn: &mut DbConnection) -> Result<(), StoreError> {
    use chrono::TimeZone;
    use std::num::NonZeroU32;
    let ticket: Option<(String, Option<String>)> = ticket_table::table
        .filter(ticket_table::status.eq(TicketStatus::Open.as_str()))
        .filter(ticket_table::assignee_id.is_not_null())
        .order((ticket_table::created_at, ticket_table::id))
        .select((ticket_table::reference, ticket_table::assignee_id))
        .first(conn)
        .optional()
        .store()?;
    // The first free hour from tomorrow on, so that a fresh demo always has an upcoming
    // appointment for the customer to accept or ask to move.
    let tomorrow = crate::store::today().succ_opt().and_then(|d| d.and_hms_opt(0, 0, 0));
    let (Some((reference, Some(agent))), Some(from), Some(length)) = (
        ticket,
        tomorrow.and_then(|t| Utc.from_local_datetime(&t).single()),
        NonZeroU32::new(60),
    ) else {
        return Ok(());
    };
    let agent = parse_id(&agent);
    let to = from + chrono::Duration::days(14);
    let schedule = find_schedule(conn, INTERVENTIONS)?;
    let busy = busy_intervals(conn, agent, from, to)?;
    let query = crate::domain::calendar::SlotQuery::new(from, to, length);
    let Some(slot) = schedule.calendar.free_slots(&query, &busy).into_iter().next() else {
        return Ok(());
    };
    let booking = Booking {
        agent_id: agent,
        starts_at: slot.start,
        ends_at: slot.end,
        mode: AppointmentMode::Remote,
        note: "Printerdriver opnieuw installeren via schermdeling / reinstall the printer driver over screen sharing"
            .into(),
    };
    match book(conn, &reference, booking, agent) {
        Ok(_) => Ok(()),
        Err(AppointmentError::Store(e)) => Err(e),
        Err(refused) => Err(accounts::corrupt("demo appointment", refused)),
    }
}

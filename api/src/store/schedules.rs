//! Schedules: named business calendars (weekly hours in a time zone, Belgian holidays, the
//! Christmas closure) and the one-off closures admins add to them. The two schedules of the
//! support policy, `interventions` and `phone`, are created by the migration.

use super::accounts::{corrupt, parse_id};
use super::schema::{schedule_closures, schedules};
use super::{day_text, now, parse_day, write_transaction, DbConnection, ResultExt, StoreError};
use crate::domain::calendar::{Calendar, CalendarSpec, Closure, WeeklyInterval};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// The code of the intervention (support-hours) schedule: every appointment lies in it.
pub const INTERVENTIONS: &str = "interventions";
/// The code of the phone-line schedule of contract customers.
pub const PHONE: &str = "phone";

/// A schedule with its calendar (closures included).
#[derive(Debug, Clone)]
pub struct Schedule {
    /// Stable name used in URLs.
    pub code: String,
    /// Name shown to people.
    pub name: String,
    /// The calendar: weekly hours, holidays, the Christmas closure and the closures below.
    pub calendar: Calendar,
    /// The one-off closures, by first day.
    pub closures: Vec<ScheduleClosure>,
    /// When the hours or settings last changed.
    pub updated_at: DateTime<Utc>,
}

/// A one-off closure added by an admin.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ScheduleClosure {
    /// Identifier.
    pub id: Uuid,
    /// The first closed day, in the schedule's zone.
    pub first_day: NaiveDate,
    /// The last closed day (included).
    pub last_day: NaiveDate,
    /// Why, as the admin wrote it (shown to customers).
    pub reason: String,
    /// The admin who added it.
    pub created_by: Option<Uuid>,
    /// When it was added.
    pub created_at: DateTime<Utc>,
}

impl ScheduleClosure {
    /// The closure as the calendar domain knows it.
    pub fn closure(&self) -> Closure {
        Closure {
            first_day: self.first_day,
            last_day: self.last_day,
            reason: self.reason.clone(),
        }
    }
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = schedules)]
struct ScheduleRow {
    id: String,
    code: String,
    name: String,
    time_zone: String,
    belgian_holidays: bool,
    christmas_closure: bool,
    weekly_hours: String,
    updated_at: NaiveDateTime,
}

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = schedule_closures)]
struct ClosureRow {
    id: String,
    schedule_id: String,
    first_day: String,
    last_day: String,
    reason: String,
    created_by: Option<String>,
    created_at: NaiveDateTime,
}

impl ClosureRow {
    fn into_closure(self) -> Result<ScheduleClosure, StoreError> {
        Ok(ScheduleClosure {
            id: parse_id(&self.id),
            first_day: parse_day("schedule_closures.first_day", &self.first_day)?,
            last_day: parse_day("schedule_closures.last_day", &self.last_day)?,
            reason: self.reason,
            created_by: self.created_by.as_deref().map(parse_id),
            created_at: self.created_at.and_utc(),
        })
    }
}

impl ScheduleRow {
    fn into_schedule(self, closures: Vec<ScheduleClosure>) -> Result<Schedule, StoreError> {
        let weekly: Vec<WeeklyInterval> =
            serde_json::from_str(&self.weekly_hours).map_err(|e| corrupt("schedules.weekly_hours", e))?;
        let calendar = Calendar::from_spec(CalendarSpec {
            time_zone: self.time_zone,
            weekly,
            belgian_holidays: self.belgian_holidays,
            christmas_closure: self.christmas_closure,
            closures: closures.iter().map(ScheduleClosure::closure).collect(),
        })
        .map_err(|e| corrupt("schedules", e))?;
        Ok(Schedule {
            code: self.code,
            name: self.name,
            calendar,
            closures,
            updated_at: self.updated_at.and_utc(),
        })
    }
}

fn closure_rows(conn: &mut DbConnection, schedule_id: Option<&str>) -> Result<Vec<ClosureRow>, StoreError> {
    let mut query = schedule_closures::table.select(ClosureRow::as_select()).into_boxed();
    if let Some(id) = schedule_id {
        query = query.filter(schedule_closures::schedule_id.eq(id.to_owned()));
    }
    query
        .order((
            schedule_closures::first_day,
            schedule_closures::created_at,
            schedule_closures::id,
        ))
        .load(conn)
        .store()
}

fn schedule_row(conn: &mut DbConnection, code: &str) -> Result<ScheduleRow, StoreError> {
    schedules::table
        .filter(schedules::code.eq(code))
        .select(ScheduleRow::as_select())
        .first(conn)
        .store()
}

/// Every schedule, by code.
pub fn list_schedules(conn: &mut DbConnection) -> Result<Vec<Schedule>, StoreError> {
    let rows: Vec<ScheduleRow> = schedules::table
        .select(ScheduleRow::as_select())
        .order(schedules::code)
        .load(conn)
        .store()?;
    let mut closures = closure_rows(conn, None)?;
    rows.into_iter()
        .map(|row| {
            let (own, others) = closures.drain(..).partition(|c| c.schedule_id == row.id);
            closures = others;
            let own = own
                .into_iter()
                .map(ClosureRow::into_closure)
                .collect::<Result<Vec<_>, _>>()?;
            row.into_schedule(own)
        })
        .collect()
}

/// One schedule by code, with its closures.
pub fn find_schedule(conn: &mut DbConnection, code: &str) -> Result<Schedule, StoreError> {
    let row = schedule_row(conn, code)?;
    let closures = closure_rows(conn, Some(&row.id))?
        .into_iter()
        .map(ClosureRow::into_closure)
        .collect::<Result<Vec<_>, _>>()?;
    row.into_schedule(closures)
}

/// New settings of a schedule, already checked.
#[derive(Debug, Clone)]
pub struct ScheduleSettings {
    /// Name shown to people.
    pub name: String,
    /// Time zone, weekly hours and the holiday and Christmas flags. Its one-off closures are
    /// not stored here: they change through [`add_closure`] and [`delete_closure`].
    pub calendar: Calendar,
}

/// Replaces a schedule's name, zone, weekly hours and flags; its closures stay.
pub fn update_schedule(
    conn: &mut DbConnection,
    code: &str,
    settings: ScheduleSettings,
) -> Result<Schedule, StoreError> {
    let spec = settings.calendar.to_spec();
    let weekly_hours = serde_json::to_string(&spec.weekly).map_err(|e| corrupt("schedules.weekly_hours", e))?;
    write_transaction(conn, |conn| {
        let row = schedule_row(conn, code)?;
        diesel::update(schedules::table.find(&row.id))
            .set((
                schedules::name.eq(settings.name.trim()),
                schedules::time_zone.eq(&spec.time_zone),
                schedules::belgian_holidays.eq(spec.belgian_holidays),
                schedules::christmas_closure.eq(spec.christmas_closure),
                schedules::weekly_hours.eq(&weekly_hours),
                schedules::updated_at.eq(now()),
            ))
            .execute(conn)
            .store()?;
        find_schedule(conn, code)
    })
}

/// Adds a closure to the schedule `code` (its days are already checked: last not before first).
pub fn add_closure(
    conn: &mut DbConnection,
    code: &str,
    closure: Closure,
    created_by: Option<Uuid>,
) -> Result<ScheduleClosure, StoreError> {
    let schedule = schedule_row(conn, code)?;
    let row = ClosureRow {
        id: Uuid::now_v7().to_string(),
        schedule_id: schedule.id,
        first_day: day_text(closure.first_day),
        last_day: day_text(closure.last_day),
        reason: closure.reason.trim().to_owned(),
        created_by: created_by.map(|id| id.to_string()),
        created_at: now(),
    };
    diesel::insert_into(schedule_closures::table)
        .values(&row)
        .execute(conn)
        .store()?;
    row.into_closure()
}

/// Removes a closure of the schedule `code`; [`StoreError::NotFound`] if the schedule has no
/// such closure.
pub fn delete_closure(conn: &mut DbConnection, code: &str, closure_id: Uuid) -> Result<(), StoreError> {
    let schedule = schedule_row(conn, code)?;
    let deleted = diesel::delete(
        schedule_closures::table
            .filter(schedule_closures::id.eq(closure_id.to_string()))
            .filter(schedule_closures::schedule_id.eq(&schedule.id)),
    )
    .execute(conn)
    .store()?;
    if deleted == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// A time in which someone is already booked: (start, end).
pub type BusyInterval = (DateTime<Utc>, DateTime<Utc>);

/// The intervals between `from` and `to` in which `agent` is already booked (their
/// appointments that are not cancelled), for the free slots of that agent.
pub fn agent_busy_intervals(
    conn: &mut DbConnection,
    agent: Uuid,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<BusyInterval>, StoreError> {
    super::appointments::busy_intervals(conn, agent, from, to)
}

/// The demo's closures: (schedule, day, reason).
const DEMO_CLOSURES: [(&str, (i32, u32, u32), &str); 3] = [
    (
        INTERVENTIONS,
        (2027, 3, 12),
        "Opleidingsdag voor het team / staff training day",
    ),
    (
        INTERVENTIONS,
        (2027, 5, 7),
        "Brugdag na O.L.H. Hemelvaart / bridge day after Ascension",
    ),
    (
        PHONE,
        (2027, 5, 7),
        "Brugdag na O.L.H. Hemelvaart / bridge day after Ascension",
    ),
];

/// Demo data: a staff training day and a bridge day, added by `admin` (call inside the demo's
/// transaction).
pub fn seed_demo_closures(conn: &mut DbConnection, admin: Uuid) -> Result<(), StoreError> {
    for (code, (year, month, day), reason) in DEMO_CLOSURES {
        let Some(day) = NaiveDate::from_ymd_opt(year, month, day) else {
            continue;
        };
        let closure = Closure {
            first_day: day,
            last_day: day,
            reason: reason.to_owned(),
        };
        add_closure(conn, code, closure, Some(admin))?;
    }
    Ok(())
}

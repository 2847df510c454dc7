//! `/schedules`: the support (intervention) hours and the phone line of the policy, with
//! Belgian holidays, the Christmas closure and closures added by admins. Every logged-in user
//! reads them (customers need the status and free slots to book); admins change them.
//! Messages about opening and closing are in the caller's language (`Accept-Language`
//! nl/en wins over the user's own language).

use super::caller::{Admin, Caller};
use super::error::{ApiError, ApiResult, Problem};
use super::extract::ValidJson;
use super::language::preferred_language;
use super::AppState;
use crate::domain::account::Language;
use crate::domain::calendar::{
    Calendar, CalendarError, CalendarSpec, ClosedPeriod, ClosedReason, Closure, ClosureKind, ScheduleError, SlotQuery,
    Status, TimeOfDay, WeeklyInterval, WeeklySchedule,
};
use crate::store::accounts;
use crate::store::schedules::{self, Schedule, ScheduleClosure, ScheduleSettings};
use crate::store::StoreError;
use actix_web::{delete, get, post, put, web, HttpRequest, HttpResponse};
use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, TimeDelta, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use std::num::NonZeroU32;
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;
use validator::Validate;

/// Registers the routes of this module.
pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list_schedules)
        .service(get_schedule)
        .service(update_schedule)
        .service(schedule_status)
        .service(list_closures)
        .service(add_closure)
        .service(delete_closure)
        .service(free_slots)
        .service(schedule_days);
}

/// The longest window `slots` searches, in days.
pub const MAX_SLOT_WINDOW_DAYS: i64 = 62;
/// The most days `days` lists at once.
pub const MAX_DAYS: i64 = 62;
/// The longest slot, in minutes (a working day).
pub const MAX_SLOT_MINUTES: u32 = 480;
/// The longest closure an admin adds at once, in days.
pub const MAX_CLOSURE_DAYS: i64 = 366;
/// The years a closure or a listing may concern.
const YEARS: std::ops::RangeInclusive<i32> = 1970..=9999;

/// An opening interval of one day, in wall-clock time of the schedule's zone.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HoursInterval {
    /// Opening time, `HH:MM`.
    pub start: TimeOfDay,
    /// Closing time, `HH:MM` (excluded; `24:00` is the end of the day); after the start (else
    /// `end_not_after_start`), the day's intervals in order (else `unsorted`) and apart (else
    /// `overlap`).
    pub end: TimeOfDay,
}

/// Opening hours per weekday, each day's intervals in time order and not overlapping; a day
/// left out or empty has none.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WeeklyHours {
    /// Monday.
    #[serde(default)]
    #[validate(length(max = 24))]
    #[schema(max_items = 24)]
    pub monday: Vec<HoursInterval>,
    /// Tuesday.
    #[serde(default)]
    #[validate(length(max = 24))]
    #[schema(max_items = 24)]
    pub tuesday: Vec<HoursInterval>,
    /// Wednesday.
    #[serde(default)]
    #[validate(length(max = 24))]
    #[schema(max_items = 24)]
    pub wednesday: Vec<HoursInterval>,
    /// Thursday.
    #[serde(default)]
    #[validate(length(max = 24))]
    #[schema(max_items = 24)]
    pub thursday: Vec<HoursInterval>,
    /// Friday.
    #[serde(default)]
    #[validate(length(max = 24))]
    #[schema(max_items = 24)]
    pub friday: Vec<HoursInterval>,
    /// Saturday.
    #[serde(default)]
    #[validate(length(max = 24))]
    #[schema(max_items = 24)]
    pub saturday: Vec<HoursInterval>,
    /// Sunday.
    #[serde(default)]
    #[validate(length(max = 24))]
    #[schema(max_items = 24)]
    pub sunday: Vec<HoursInterval>,
}

/// The JSON name of a weekday, as in [`WeeklyHours`].
fn weekday_field(weekday: Weekday) -> &'static str {
    match weekday {
        Weekday::Mon => "monday",
        Weekday::Tue => "tuesday",
        Weekday::Wed => "wednesday",
        Weekday::Thu => "thursday",
        Weekday::Fri => "friday",
        Weekday::Sat => "saturday",
        Weekday::Sun => "sunday",
    }
}

impl WeeklyHours {
    fn days(&self) -> [(Weekday, &Vec<HoursInterval>); 7] {
        [
            (Weekday::Mon, &self.monday),
            (Weekday::Tue, &self.tuesday),
            (Weekday::Wed, &self.wednesday),
            (Weekday::Thu, &self.thursday),
            (Weekday::Fri, &self.friday),
            (Weekday::Sat, &self.saturday),
            (Weekday::Sun, &self.sunday),
        ]
    }

    /// The hours as the domain's rows, each day's intervals in the order given.
    fn rows(&self) -> Vec<WeeklyInterval> {
        self.days()
            .into_iter()
            .flat_map(|(weekday, intervals)| {
                intervals.iter().map(move |i| WeeklyInterval {
                    weekday,
                    start: i.start,
                    end: i.end,
                })
            })
            .collect()
    }

    fn of(weekly: &WeeklySchedule) -> WeeklyHours {
        let day = |weekday| {
            weekly
                .on(weekday)
                .iter()
                .map(|i| HoursInterval {
                    start: i.start,
                    end: i.end,
                })
                .collect()
        };
        WeeklyHours {
            monday: day(Weekday::Mon),
            tuesday: day(Weekday::Tue),
            wednesday: day(Weekday::Wed),
            thursday: day(Weekday::Thu),
            friday: day(Weekday::Fri),
            saturday: day(Weekday::Sat),
            sunday: day(Weekday::Sun),
        }
    }
}

/// A schedule: weekly hours in a time zone and the holidays it observes.
#[derive(Debug, Serialize, ToSchema)]
pub struct ScheduleView {
    /// Stable name used in URLs: `interventions` (support hours; every appointment lies in
    /// them) or `phone` (the phone line of contract customers).
    pub code: String,
    /// Name shown to people.
    pub name: String,
    /// IANA time zone of the hours, e.g. `Europe/Brussels`.
    #[schema(schema_with = time_zone_schema)]
    pub time_zone: String,
    /// Whether Belgian public holidays are closed.
    pub belgian_holidays: bool,
    /// Whether the Christmas closure (25 December to 1 January) applies.
    pub christmas_closure: bool,
    /// The weekly opening hours.
    pub weekly_hours: WeeklyHours,
    /// When the settings last changed.
    pub updated_at: DateTime<Utc>,
}

impl From<&Schedule> for ScheduleView {
    fn from(schedule: &Schedule) -> Self {
        let calendar = &schedule.calendar;
        ScheduleView {
            code: schedule.code.clone(),
            name: schedule.name.clone(),
            time_zone: calendar.zone().name().to_owned(),
            belgian_holidays: calendar.observes_belgian_holidays(),
            christmas_closure: calendar.observes_christmas_closure(),
            weekly_hours: WeeklyHours::of(calendar.weekly()),
            updated_at: schedule.updated_at,
        }
    }
}

/// Every schedule.
#[derive(Debug, Serialize, ToSchema)]
pub struct ScheduleList {
    /// The schedules, by code.
    pub items: Vec<ScheduleView>,
}

fn schedule_not_found(err: StoreError) -> ApiError {
    match err {
        StoreError::NotFound => ApiError::not_found("schedule"),
        other => other.into(),
    }
}

/// A bad query parameter: 400 naming it.
fn invalid_parameter(name: &str, message: impl Into<String>) -> ApiError {
    ApiError::invalid_parameter(name, "invalid", message)
}

async fn load(state: &AppState, code: String) -> ApiResult<Schedule> {
    state
        .store
        .run(move |conn| schedules::find_schedule(conn, &code))
        .await
        .map_err(schedule_not_found)
}

/// List the schedules.
#[utoipa::path(
    tag = "schedules",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Every schedule", body = ScheduleList),
    )
)]
#[get("/schedules")]
pub async fn list_schedules(state: web::Data<AppState>, _caller: Caller) -> ApiResult<web::Json<ScheduleList>> {
    let all = state.store.run(schedules::list_schedules).await?;
    Ok(web::Json(ScheduleList {
        items: all.iter().map(ScheduleView::from).collect(),
    }))
}

/// One schedule.
#[utoipa::path(
    tag = "schedules",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "Schedule code: `interventions` or `phone`")),
    responses(
        (status = 200, description = "The schedule", body = ScheduleView),
        (status = 404, description = "No such schedule", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/schedules/{code}")]
pub async fn get_schedule(
    state: web::Data<AppState>,
    _caller: Caller,
    path: web::Path<String>,
) -> ApiResult<web::Json<ScheduleView>> {
    let schedule = load(&state, path.into_inner()).await?;
    Ok(web::Json(ScheduleView::from(&schedule)))
}

/// New settings of a schedule (all of them: this replaces the hours).
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateScheduleRequest {
    /// Name shown to people.
    #[validate(length(min = 1, max = 200))]
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = r"[^\u0009-\u000D\u0020\u0085\u00A0\u1680\u2000-\u200A\u2028-\u2029\u202F\u205F\u3000]"
    )]
    pub name: String,
    /// IANA time zone, e.g. `Europe/Brussels`.
    #[validate(length(min = 1, max = 64))]
    #[schema(schema_with = time_zone_schema)]
    pub time_zone: String,
    /// Whether Belgian public holidays are closed.
    pub belgian_holidays: bool,
    /// Whether the Christmas closure (25 December to 1 January) applies.
    pub christmas_closure: bool,
    /// The weekly opening hours.
    #[validate(nested)]
    pub weekly_hours: WeeklyHours,
}

/// A calendar the domain refused, as a 422 naming the field (`weekly_hours.friday[1]`).
/// A time zone of the IANA database, as chrono-tz (which the calendar parses it with) names them.
fn time_zone_schema() -> utoipa::openapi::schema::Schema {
    utoipa::openapi::schema::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .enum_values(Some(chrono_tz::TZ_VARIANTS.iter().map(|zone| zone.name())))
        .description(Some("The schedule's time zone (IANA), e.g. `Europe/Brussels`"))
        .examples(["Europe/Brussels"])
        .into()
}

fn calendar_error(err: CalendarError) -> ApiError {
    let message = err.to_string();
    match err {
        CalendarError::UnknownTimeZone(_) => ApiError::invalid_field("time_zone", "unknown_time_zone", message),
        CalendarError::Schedule(problem) => {
            let (weekday, index, code) = match problem {
                ScheduleError::EmptyInterval { weekday, index, .. } => (weekday, index, "end_not_after_start"),
                ScheduleError::Unsorted { weekday, index, .. } => (weekday, index, "unsorted"),
                ScheduleError::Overlapping { weekday, index, .. } => (weekday, index, "overlap"),
            };
            let field = format!("weekly_hours.{}[{index}]", weekday_field(weekday));
            ApiError::invalid_field(&field, code, message)
        }
        // The settings carry no closures.
        CalendarError::ClosureEndsBeforeStart { .. } => ApiError::internal(message),
    }
}

/// Change a schedule's hours, zone and holiday settings (its closures stay).
#[utoipa::path(
    tag = "schedules",
    security(("bearer" = ["admin"])),
    params(("code" = String, Path, description = "Schedule code: `interventions` or `phone`")),
    request_body(content = UpdateScheduleRequest, example = json!({
    "name": "Interventies / Interventions",
    "time_zone": "Europe/Brussels",
    "belgian_holidays": true,
    "christmas_closure": true,
    "weekly_hours": {
        "monday": [{"start": "09:00", "end": "12:00"}, {"start": "13:00", "end": "17:00"}],
        "tuesday": [{"start": "09:00", "end": "12:00"}, {"start": "13:00", "end": "17:00"}],
        "wednesday": [{"start": "09:00", "end": "12:00"}, {"start": "13:00", "end": "17:00"}],
        "thursday": [{"start": "09:00", "end": "12:00"}, {"start": "13:00", "end": "17:00"}],
        "friday": [{"start": "09:00", "end": "12:00"}, {"start": "13:00", "end": "16:00"}],
        "saturday": [],
        "sunday": []
    }
})),
    responses(
        (status = 200, description = "Updated", body = ScheduleView),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such schedule", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Beyond the schema: an interval that ends at or before its start (`weekly_hours.<day>[i]`, code `end_not_after_start`), is out of order (`unsorted`) or overlaps the one before (`overlap`); no opening on any day (`weekly_hours`, `never_open`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/schedules/{code}")]
pub async fn update_schedule(
    state: web::Data<AppState>,
    _admin: Admin,
    path: web::Path<String>,
    body: ValidJson<UpdateScheduleRequest>,
) -> ApiResult<web::Json<ScheduleView>> {
    let body = body.0;
    if body.name.trim().is_empty() {
        return Err(ApiError::invalid_field("name", "blank", "must not be blank"));
    }
    if body
        .weekly_hours
        .days()
        .iter()
        .all(|(_, intervals)| intervals.is_empty())
    {
        // Due times are counted in the schedule's hours: a schedule that never opens has none.
        return Err(ApiError::invalid_field(
            "weekly_hours",
            "never_open",
            "open on at least one day of the week",
        ));
    }
    let calendar = Calendar::from_spec(CalendarSpec {
        time_zone: body.time_zone.clone(),
        weekly: body.weekly_hours.rows(),
        belgian_holidays: body.belgian_holidays,
        christmas_closure: body.christmas_closure,
        closures: Vec::new(),
    })
    .map_err(calendar_error)?;
    let settings = ScheduleSettings {
        name: body.name,
        calendar,
    };
    let code = path.into_inner();
    let schedule = state
        .store
        .run(move |conn| schedules::update_schedule(conn, &code, settings))
        .await
        .map_err(schedule_not_found)?;
    Ok(web::Json(ScheduleView::from(&schedule)))
}

/// Why a schedule is closed, as a stable code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ClosedCode {
    /// A Belgian public holiday.
    PublicHoliday,
    /// The Christmas closure, 25 December to 1 January.
    ChristmasClosure,
    /// A closure added by an admin.
    Closure,
    /// A day without opening hours (the weekend).
    NoOpeningHours,
    /// Before the day's first opening.
    BeforeOpening,
    /// A break between two openings, such as lunch.
    Break,
    /// After the day's last closing time.
    AfterClosing,
}

impl ClosedCode {
    fn of_day(kind: &ClosureKind) -> ClosedCode {
        match kind {
            ClosureKind::PublicHoliday { .. } => ClosedCode::PublicHoliday,
            ClosureKind::ChristmasClosure => ClosedCode::ChristmasClosure,
            ClosureKind::Closure { .. } => ClosedCode::Closure,
            ClosureKind::NoOpeningHours => ClosedCode::NoOpeningHours,
        }
    }

    fn of(reason: &ClosedReason) -> ClosedCode {
        match reason {
            ClosedReason::ClosedDay { closure, .. } => ClosedCode::of_day(closure),
            ClosedReason::BeforeOpening { .. } => ClosedCode::BeforeOpening,
            ClosedReason::Break { .. } => ClosedCode::Break,
            ClosedReason::AfterClosing { .. } => ClosedCode::AfterClosing,
        }
    }
}

/// Why a schedule is closed.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClosedReasonView {
    /// The kind of reason.
    pub code: ClosedCode,
    /// The reason as a sentence in the answer's language, e.g. "Paasmaandag 29 maart 2027
    /// is een feestdag" / "Easter Monday 29 March 2027 is a public holiday".
    pub message: String,
}

/// Whether a schedule is open at an instant.
#[derive(Debug, Serialize, ToSchema)]
pub struct ScheduleStatus {
    /// The schedule's code.
    pub schedule: String,
    /// The instant asked about.
    pub at: DateTime<Utc>,
    /// Whether the schedule is open then.
    pub open: bool,
    /// When open: when this opening ends.
    pub closes_at: Option<DateTime<Utc>>,
    /// When closed: why.
    pub reason: Option<ClosedReasonView>,
    /// When closed: the next opening (absent if there is none within a century).
    pub next_opening: Option<DateTime<Utc>>,
    /// The language of `reason.message`.
    pub language: Language,
}

/// `?at=` of the status.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatusQuery {
    /// The instant, RFC 3339 (`2027-03-29T10:00:00+02:00`); default now.
    #[param(value_type = Option<String>, format = DateTime, example = "2027-03-29T10:00:00+02:00")]
    pub at: Option<String>,
}

fn parse_instant(name: &str, text: &str) -> ApiResult<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text.trim())
        .map(|at| at.with_timezone(&Utc))
        .map_err(|_| invalid_parameter(name, "must be an RFC 3339 instant such as 2027-03-29T10:00:00+02:00"))
}

/// Open or closed at an instant, why, and the next opening.
#[utoipa::path(
    tag = "schedules",
    security(("bearer" = [])),
    params(
        ("code" = String, Path, description = "Schedule code: `interventions` or `phone`"),
        StatusQuery,
        ("Accept-Language" = Option<String>, Header, description = "`nl` or `en` for the reason; default the caller's language"),
    ),
    responses(
        (status = 200, description = "Open or closed, and why", body = ScheduleStatus),
        (status = 400, description = "`at` is not an instant", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such schedule", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/schedules/{code}/status")]
pub async fn schedule_status(
    state: web::Data<AppState>,
    caller: Caller,
    req: HttpRequest,
    path: web::Path<String>,
    query: web::Query<StatusQuery>,
) -> ApiResult<web::Json<ScheduleStatus>> {
    let at = match query.at.as_deref() {
        Some(text) => parse_instant("at", text)?,
        None => Utc::now(),
    };
    let language = preferred_language(&req, caller.user.language);
    let schedule = load(&state, path.into_inner()).await?;
    let (open, closes_at, reason, next_opening) = match schedule.calendar.status_at(at) {
        Status::Open { closes_at } => (true, Some(closes_at), None, None),
        Status::Closed { reason, next_opening } => {
            let reason = ClosedReasonView {
                code: ClosedCode::of(&reason),
                message: reason.describe(language),
            };
            (false, None, Some(reason), next_opening)
        }
    };
    Ok(web::Json(ScheduleStatus {
        schedule: schedule.code,
        at,
        open,
        closes_at,
        reason,
        next_opening,
        language,
    }))
}

/// A name in both languages.
#[derive(Debug, Serialize, ToSchema)]
pub struct LocalizedName {
    /// Dutch.
    pub nl: String,
    /// English.
    pub en: String,
}

/// A closed day or run of days: a holiday, the Christmas closure or an admin's closure.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClosedPeriodView {
    /// What kind: `public_holiday`, `christmas_closure` or `closure`.
    pub kind: ClosedCode,
    /// The holiday (`easter_monday`, `national_day`, …) for a public holiday.
    #[schema(value_type = Option<String>, example = "easter_monday")]
    pub holiday: Option<crate::domain::calendar::BelgianHoliday>,
    /// The first closed day.
    pub first_day: NaiveDate,
    /// The last closed day (included).
    pub last_day: NaiveDate,
    /// Its name: the holiday's official name, or the admin's reason.
    pub name: LocalizedName,
    /// For an admin's closure: its id (to delete it).
    pub closure_id: Option<Uuid>,
}

/// The closed days of a schedule in a year.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClosureList {
    /// The schedule's code.
    pub schedule: String,
    /// The year.
    pub year: i32,
    /// Holidays and closures touching the year, by first day (weekends are not listed; a
    /// Christmas closure is listed in both years it spans).
    pub items: Vec<ClosedPeriodView>,
}

/// `?year=` of the closures.
#[derive(Debug, Deserialize)]
pub struct ClosuresQuery {
    /// The year, e.g. 2027; default the current year.
    pub year: Option<String>,
}

impl IntoParams for ClosuresQuery {
    fn into_params(
        _: impl Fn() -> Option<utoipa::openapi::path::ParameterIn>,
    ) -> Vec<utoipa::openapi::path::Parameter> {
        vec![super::schema::query_parameter(
            "year",
            false,
            "The year, e.g. 2027; default the current year",
            year_schema(),
        )]
    }
}

/// The years whose closures can be listed: the Christmas closure of 9999 would end in 10000.
const LISTED_YEARS: std::ops::RangeInclusive<i32> = 1970..=9998;

fn year_schema() -> utoipa::openapi::schema::Schema {
    super::schema::integer_between(i64::from(*LISTED_YEARS.start()), i64::from(*LISTED_YEARS.end()), 2027)
}

/// Public holidays and closures of a year, with names in Dutch and English.
#[utoipa::path(
    tag = "schedules",
    security(("bearer" = [])),
    params(
        ("code" = String, Path, description = "Schedule code: `interventions` or `phone`"),
        ClosuresQuery,
    ),
    responses(
        (status = 200, description = "Holidays and closures", body = ClosureList),
        (status = 400, description = "`year` is not a year", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such schedule", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/schedules/{code}/closures")]
pub async fn list_closures(
    state: web::Data<AppState>,
    _caller: Caller,
    path: web::Path<String>,
    query: web::Query<ClosuresQuery>,
) -> ApiResult<web::Json<ClosureList>> {
    let year = match query.year.as_deref() {
        Some(text) => text
            .trim()
            .parse::<i32>()
            .ok()
            .filter(|year| LISTED_YEARS.contains(year))
            .ok_or_else(|| ApiError::invalid_parameter("year", "range", "must be a year from 1970 to 9998"))?,
        None => Utc::now().year(),
    };
    let schedule = load(&state, path.into_inner()).await?;
    // Pair each listed admin closure with its stored row, in order (two closures may be alike).
    let mut unclaimed: Vec<&ScheduleClosure> = schedule.closures.iter().collect();
    let items = schedule
        .calendar
        .closures_in_year(year)
        .into_iter()
        .map(|period| {
            let closure_id = match &period.kind {
                ClosureKind::Closure { reason } => unclaimed
                    .iter()
                    .position(|c| {
                        c.first_day == period.first_day && c.last_day == period.last_day && &c.reason == reason
                    })
                    .map(|index| unclaimed.remove(index).id),
                _ => None,
            };
            ClosedPeriodView {
                kind: ClosedCode::of_day(&period.kind),
                holiday: match period.kind {
                    ClosureKind::PublicHoliday { holiday } => Some(holiday),
                    _ => None,
                },
                first_day: period.first_day,
                last_day: period.last_day,
                name: LocalizedName {
                    nl: period.name(Language::Nl),
                    en: period.name(Language::En),
                },
                closure_id,
            }
        })
        .collect();
    Ok(web::Json(ClosureList {
        schedule: schedule.code,
        year,
        items,
    }))
}

/// A closure to add.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateClosureRequest {
    /// The first closed day, `YYYY-MM-DD`, in the schedule's zone.
    #[schema(schema_with = first_day_schema)]
    pub first_day: NaiveDate,
    /// The last closed day (included); default the first day. At most 366 days in all.
    #[schema(schema_with = last_day_schema)]
    pub last_day: Option<NaiveDate>,
    /// Why, shown to customers (write it in both languages if they differ).
    #[validate(length(min = 1, max = 200))]
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = r"[^\u0009-\u000D\u0020\u0085\u00A0\u1680\u2000-\u200A\u2028-\u2029\u202F\u205F\u3000]"
    )]
    pub reason: String,
}

fn first_day_schema() -> utoipa::openapi::schema::Schema {
    super::schema::day_from_year(
        *YEARS.start(),
        "The first closed day, `YYYY-MM-DD`, in the schedule's zone",
    )
}

fn last_day_schema() -> utoipa::openapi::schema::Schema {
    super::schema::optional_day_from_year(
        *YEARS.start(),
        "The last closed day (included); default the first day. Not before the first day (else \
         `before_first_day`), at most 366 days in all (else `too_long`)",
    )
}

/// Close a schedule for one or more whole days.
#[utoipa::path(
    tag = "schedules",
    security(("bearer" = ["admin"])),
    params(("code" = String, Path, description = "Schedule code: `interventions` or `phone`")),
    request_body = CreateClosureRequest,
    responses(
        (status = 201, description = "Added", body = ScheduleClosure),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such schedule", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Beyond the schema: the last day before the first (`last_day`, code `before_first_day`) or more than 366 days after it (`too_long`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/schedules/{code}/closures")]
pub async fn add_closure(
    state: web::Data<AppState>,
    admin: Admin,
    path: web::Path<String>,
    body: ValidJson<CreateClosureRequest>,
) -> ApiResult<HttpResponse> {
    let body = body.0;
    if body.reason.trim().is_empty() {
        return Err(ApiError::invalid_field("reason", "blank", "must not be blank"));
    }
    let first_day = body.first_day;
    let last_day = body.last_day.unwrap_or(first_day);
    for (field, day) in [("first_day", first_day), ("last_day", last_day)] {
        if !YEARS.contains(&day.year()) {
            return Err(ApiError::invalid_field(
                field,
                "range",
                "must lie in the years 1970 to 9999",
            ));
        }
    }
    if last_day < first_day {
        return Err(ApiError::invalid_field(
            "last_day",
            "before_first_day",
            format!("{last_day} is before the first day {first_day}"),
        ));
    }
    if (last_day - first_day).num_days() >= MAX_CLOSURE_DAYS {
        return Err(ApiError::invalid_field(
            "last_day",
            "too_long",
            format!("a closure spans at most {MAX_CLOSURE_DAYS} days"),
        ));
    }
    let closure = Closure {
        first_day,
        last_day,
        reason: body.reason,
    };
    let code = path.into_inner();
    let created_by = admin.0.id();
    let added = state
        .store
        .run(move |conn| schedules::add_closure(conn, &code, closure, Some(created_by)))
        .await
        .map_err(schedule_not_found)?;
    Ok(HttpResponse::Created().json(added))
}

/// Remove a closure.
#[utoipa::path(
    tag = "schedules",
    security(("bearer" = ["admin"])),
    params(
        ("code" = String, Path, description = "Schedule code: `interventions` or `phone`"),
        ("id" = Uuid, Path, description = "Closure id"),
    ),
    responses(
        (status = 204, description = "Removed"),
        (status = 400, description = "The id is not a UUID", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such schedule or closure", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/schedules/{code}/closures/{id}")]
pub async fn delete_closure(
    state: web::Data<AppState>,
    _admin: Admin,
    path: web::Path<(String, Uuid)>,
) -> ApiResult<HttpResponse> {
    let (code, id) = path.into_inner();
    state
        .store
        .run(move |conn| schedules::delete_closure(conn, &code, id))
        .await
        .map_err(|e| match e {
            StoreError::NotFound => ApiError::not_found("closure"),
            other => other.into(),
        })?;
    Ok(HttpResponse::NoContent().finish())
}

/// `?from=&to=&minutes=&agent=` of the free slots.
#[derive(Debug, Deserialize)]
pub struct SlotsQuery {
    /// Start of the window.
    pub from: Option<String>,
    /// End of the window.
    pub to: Option<String>,
    /// The length of a slot in minutes.
    pub minutes: Option<String>,
    /// Only slots in which this agent is free.
    pub agent: Option<String>,
}

impl IntoParams for SlotsQuery {
    fn into_params(
        _: impl Fn() -> Option<utoipa::openapi::path::ParameterIn>,
    ) -> Vec<utoipa::openapi::path::Parameter> {
        use super::schema::query_parameter;
        use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
        let uuid = ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Uuid)))
            .into();
        vec![
            query_parameter(
                "from",
                true,
                "Start of the window: an RFC 3339 instant, or a day `YYYY-MM-DD` (its start in the schedule's zone)",
                window_from_schema(),
            ),
            query_parameter(
                "to",
                true,
                &format!(
                    "End of the window: an RFC 3339 instant, or a day (included: its end in the schedule's zone). \
                     After `from` (else `before_from`), at most {MAX_SLOT_WINDOW_DAYS} days after it (else `too_long`)"
                ),
                window_to_schema(),
            ),
            query_parameter(
                "minutes",
                true,
                "The length of a slot in minutes",
                slot_minutes_schema(),
            ),
            query_parameter(
                "agent",
                false,
                "Only slots in which this agent (an active agent or admin, else `not_an_agent`) is free: the \
                 agent's appointments are subtracted",
                uuid,
            ),
        ]
    }
}

fn window_from_schema() -> utoipa::openapi::schema::Schema {
    super::schema::day_or_instant("2027-03-01")
}

fn window_to_schema() -> utoipa::openapi::schema::Schema {
    super::schema::day_or_instant("2027-03-05")
}

fn slot_minutes_schema() -> utoipa::openapi::schema::Schema {
    super::schema::integer_between(1, i64::from(MAX_SLOT_MINUTES), 60)
}

/// A free slot.
#[derive(Debug, Serialize, ToSchema)]
pub struct SlotView {
    /// Start.
    pub start: DateTime<Utc>,
    /// End.
    pub end: DateTime<Utc>,
}

/// Free slots of a schedule.
#[derive(Debug, Serialize, ToSchema)]
pub struct FreeSlots {
    /// The schedule's code.
    pub schedule: String,
    /// Start of the window searched.
    pub from: DateTime<Utc>,
    /// End of the window searched.
    pub to: DateTime<Utc>,
    /// The length of each slot in minutes.
    pub minutes: u32,
    /// The agent whose appointments are subtracted, when asked.
    pub agent: Option<Uuid>,
    /// The slots, in time order, on a 15-minute grid from each opening.
    pub slots: Vec<SlotView>,
}

fn required<'a>(name: &str, value: &'a Option<String>) -> ApiResult<&'a str> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .ok_or_else(|| ApiError::invalid_parameter(name, "required", "is required"))
}

/// An instant, or the start of a day in `zone` (`end_of_day`: the start of the next day).
fn parse_window_bound(name: &str, text: &str, zone: Tz, end_of_day: bool) -> ApiResult<DateTime<Utc>> {
    let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") else {
        return parse_instant(name, text)
            .map_err(|_| invalid_parameter(name, "must be an RFC 3339 instant or a day YYYY-MM-DD"));
    };
    let day = if end_of_day { day.succ_opt() } else { Some(day) };
    day.and_then(|day| zone.from_local_datetime(&day.and_time(NaiveTime::MIN)).earliest())
        .map(|at| at.with_timezone(&Utc))
        .ok_or_else(|| invalid_parameter(name, "is out of range"))
}

/// Free slots of a given length in a window (bounded to 62 days), optionally for one agent.
#[utoipa::path(
    tag = "schedules",
    security(("bearer" = [])),
    params(
        ("code" = String, Path, description = "Schedule code: `interventions` or `phone`"),
        SlotsQuery,
    ),
    responses(
        (status = 200, description = "The free slots", body = FreeSlots),
        (status = 400, description = "A parameter is missing or invalid (named in `errors`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such schedule", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/schedules/{code}/slots")]
pub async fn free_slots(
    state: web::Data<AppState>,
    _caller: Caller,
    path: web::Path<String>,
    query: web::Query<SlotsQuery>,
) -> ApiResult<web::Json<FreeSlots>> {
    let from_text = required("from", &query.from)?;
    let to_text = required("to", &query.to)?;
    let minutes = required("minutes", &query.minutes)?
        .parse::<u32>()
        .ok()
        .filter(|m| (1..=MAX_SLOT_MINUTES).contains(m))
        .and_then(NonZeroU32::new)
        .ok_or_else(|| {
            invalid_parameter(
                "minutes",
                format!("must be a whole number from 1 to {MAX_SLOT_MINUTES}"),
            )
        })?;
    let agent = match query.agent.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => Some(Uuid::parse_str(text).map_err(|_| invalid_parameter("agent", "must be a user id (UUID)"))?),
    };
    let schedule = load(&state, path.into_inner()).await?;
    let zone = schedule.calendar.zone();
    let from = parse_window_bound("from", from_text, zone, false)?;
    let to = parse_window_bound("to", to_text, zone, true)?;
    if to <= from {
        return Err(ApiError::invalid_parameter("to", "before_from", "must be after `from`"));
    }
    if to - from > TimeDelta::days(MAX_SLOT_WINDOW_DAYS) {
        return Err(ApiError::invalid_parameter(
            "to",
            "too_long",
            format!("must be at most {MAX_SLOT_WINDOW_DAYS} days after `from`"),
        ));
    }
    let busy = match agent {
        None => Vec::new(),
        Some(agent) => state
            .store
            .run(move |conn| {
                match accounts::find_user(conn, agent) {
                    Ok(user) if user.active && user.role.is_staff() => {}
                    Ok(_) | Err(StoreError::NotFound) => return Ok(None),
                    Err(e) => return Err(e),
                }
                schedules::agent_busy_intervals(conn, agent, from, to).map(Some)
            })
            .await?
            .ok_or_else(|| ApiError::invalid_parameter("agent", "not_an_agent", "is not an active agent or admin"))?,
    };
    let slots = schedule
        .calendar
        .free_slots(&SlotQuery::new(from, to, minutes), &busy)
        .into_iter()
        .map(|slot| SlotView {
            start: slot.start,
            end: slot.end,
        })
        .collect();
    Ok(web::Json(FreeSlots {
        schedule: schedule.code,
        from,
        to,
        minutes: minutes.get(),
        agent,
        slots,
    }))
}

/// `?from=&to=` of the days.
#[derive(Debug, Deserialize)]
pub struct DaysQuery {
    /// The first day, `YYYY-MM-DD`.
    pub from: Option<String>,
    /// The last day (included), `YYYY-MM-DD`.
    pub to: Option<String>,
}

impl IntoParams for DaysQuery {
    fn into_params(
        _: impl Fn() -> Option<utoipa::openapi::path::ParameterIn>,
    ) -> Vec<utoipa::openapi::path::Parameter> {
        use super::schema::query_parameter;
        vec![
            query_parameter("from", true, "The first day, `YYYY-MM-DD`", days_from_schema()),
            query_parameter(
                "to",
                true,
                &format!(
                    "The last day (included), `YYYY-MM-DD`: not before `from` (else `before_from`), at most \
                     {MAX_DAYS} days in all (else `too_long`)"
                ),
                days_to_schema(),
            ),
        ]
    }
}

fn days_from_schema() -> utoipa::openapi::schema::Schema {
    super::schema::day_parameter(*YEARS.start(), "2026-12-21")
}

fn days_to_schema() -> utoipa::openapi::schema::Schema {
    super::schema::day_parameter(*YEARS.start(), "2027-01-08")
}

/// Why a day is closed, as a stable code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DayClosedKind {
    /// Saturday or Sunday without opening hours.
    Weekend,
    /// A Belgian public holiday.
    Holiday,
    /// The Christmas closure, 25 December to 1 January.
    ChristmasClosure,
    /// A closure added by an admin (a bridge day, a company event).
    Closure,
    /// A weekday the weekly hours leave closed.
    NoOpeningHours,
}

/// Why a day is closed.
#[derive(Debug, Serialize, ToSchema)]
pub struct DayClosedReason {
    /// The kind of reason.
    pub kind: DayClosedKind,
    /// Its name in the answer's language: the holiday ("Paasmaandag" / "Easter Monday"), the
    /// Christmas closure, the admin's reason, "Weekend".
    #[schema(example = "Easter Monday")]
    pub name: String,
    /// The reason as a sentence in the answer's language, as `status` gives it ("Easter Monday
    /// 29 March 2027 is a public holiday").
    pub description: String,
}

/// Opening hours of one day, in wall-clock time of the schedule's zone.
#[derive(Debug, Serialize, ToSchema)]
pub struct DayHours {
    /// Opening time, `HH:MM`.
    #[schema(value_type = String, example = "09:00", pattern = r"^\d{2}:\d{2}$")]
    pub from: TimeOfDay,
    /// Closing time, `HH:MM` (excluded; `24:00` is the end of the day).
    #[schema(value_type = String, example = "12:00", pattern = r"^\d{2}:\d{2}$")]
    pub to: TimeOfDay,
}

/// One day of a schedule.
#[derive(Debug, Serialize, ToSchema)]
pub struct ScheduleDay {
    /// The day, in the schedule's zone.
    pub date: NaiveDate,
    /// Whether the schedule opens that day.
    pub open: bool,
    /// The opening hours in time order (a split day has a morning and an afternoon); empty
    /// on a closed day.
    pub hours: Vec<DayHours>,
    /// Why the day is closed; absent on an open day.
    pub closed_reason: Option<DayClosedReason>,
}

/// The days of a schedule.
#[derive(Debug, Serialize, ToSchema)]
pub struct ScheduleDays {
    /// The schedule's code.
    pub schedule: String,
    /// The language of the names and descriptions.
    pub language: Language,
    /// Every day from `from` to `to`, in order.
    pub days: Vec<ScheduleDay>,
}

/// A required day of the query: 422 naming it when absent or not a day.
fn query_day(name: &str, value: &Option<String>) -> ApiResult<NaiveDate> {
    let text = value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .ok_or_else(|| ApiError::invalid_field(name, "required", "is required: a day YYYY-MM-DD"))?;
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .filter(|day| YEARS.contains(&day.year()))
        .ok_or_else(|| ApiError::invalid_field(name, "invalid", "must be a day YYYY-MM-DD in the years 1970 to 9999"))
}

fn closed_reason(day: NaiveDate, closure: ClosureKind, language: Language) -> DayClosedReason {
    let kind = match &closure {
        ClosureKind::PublicHoliday { .. } => DayClosedKind::Holiday,
        ClosureKind::ChristmasClosure => DayClosedKind::ChristmasClosure,
        ClosureKind::Closure { .. } => DayClosedKind::Closure,
        ClosureKind::NoOpeningHours if matches!(day.weekday(), Weekday::Sat | Weekday::Sun) => DayClosedKind::Weekend,
        ClosureKind::NoOpeningHours => DayClosedKind::NoOpeningHours,
    };
    let name = ClosedPeriod {
        first_day: day,
        last_day: day,
        kind: closure.clone(),
    }
    .name(language);
    let description = ClosedReason::ClosedDay { date: day, closure }.describe(language);
    DayClosedReason {
        kind,
        name,
        description,
    }
}

/// Each day of a period (up to 62 days): open or closed, its opening hours, and why it is
/// closed (the weekend, a public holiday by name, the Christmas closure, an admin's closure),
/// in the caller's language.
#[utoipa::path(
    tag = "schedules",
    security(("bearer" = [])),
    params(
        ("code" = String, Path, description = "Schedule code: `interventions` or `phone`"),
        DaysQuery,
        ("Accept-Language" = Option<String>, Header, description = "`nl` or `en` for the names; default the caller's language"),
    ),
    responses(
        (status = 200, description = "The days", body = ScheduleDays),
        (status = 404, description = "No such schedule", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`from` or `to` is missing or not a day, `to` is before `from`, or the period is longer than 62 days (named in `errors`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/schedules/{code}/days")]
pub async fn schedule_days(
    state: web::Data<AppState>,
    caller: Caller,
    req: HttpRequest,
    path: web::Path<String>,
    query: web::Query<DaysQuery>,
) -> ApiResult<web::Json<ScheduleDays>> {
    let from = query_day("from", &query.from)?;
    let to = query_day("to", &query.to)?;
    if to < from {
        return Err(ApiError::invalid_field(
            "to",
            "before_from",
            format!("{to} is before `from` {from}"),
        ));
    }
    if (to - from).num_days() >= MAX_DAYS {
        return Err(ApiError::invalid_field(
            "to",
            "too_long",
            format!("a period spans at most {MAX_DAYS} days"),
        ));
    }
    let language = preferred_language(&req, caller.user.language);
    let schedule = load(&state, path.into_inner()).await?;
    let calendar = &schedule.calendar;
    let days = from
        .iter_days()
        .take_while(|day| *day <= to)
        .map(|day| match calendar.closure_on(day) {
            Some(closure) => ScheduleDay {
                date: day,
                open: false,
                hours: Vec::new(),
                closed_reason: Some(closed_reason(day, closure, language)),
            },
            None => ScheduleDay {
                date: day,
                open: true,
                hours: calendar
                    .weekly()
                    .on(day.weekday())
                    .iter()
                    .map(|interval| DayHours {
                        from: interval.start,
                        to: interval.end,
                    })
                    .collect(),
                closed_reason: None,
            },
        })
        .collect();
    Ok(web::Json(ScheduleDays {
        schedule: schedule.code,
        language,
        days,
    }))
}

//! Business calendars: weekly opening hours in a time zone, Belgian public holidays and
//! closure periods, and the arithmetic on them (is it open, the next opening, business
//! time between two instants, an instant plus business minutes, free slots, bookings).
//!
//! Pure logic: no I/O and no clock. Every operation takes and returns UTC instants and
//! works in the calendar's zone internally.
//!
//! # Which days are closed
//!
//! A day is closed for the first of these that applies (the order decides which reason is
//! reported when several apply, e.g. 25 December is Christmas Day *and* in the Christmas
//! closure):
//! 1. the Christmas closure (25 December to 1 January, both included), if the calendar
//!    applies it;
//! 2. a one-off closure added by an admin (the first one in the list that covers the day);
//! 3. a Belgian public holiday, if the calendar applies them;
//! 4. a weekday without opening hours (the weekend).
//!
//! # Daylight saving time
//!
//! Opening hours are wall-clock times, mapped to instants day by day, so 09:00 is 09:00
//! in summer and winter and a DST change shifts nothing on the days around it. On the
//! transition days themselves:
//! - a time that does not exist (the hour skipped in spring, 02:00–03:00 in Brussels)
//!   moves to the first instant after the gap; an interval loses the part that did not
//!   exist, and an interval entirely inside the gap is closed that day;
//! - a time that exists twice (the hour repeated in autumn) opens at its first occurrence
//!   and closes at its last, so the interval never loses the repeated hour: 02:15–02:45
//!   is open from 02:15 summer time to 02:45 winter time, 90 minutes.
//!
//! # Arithmetic
//!
//! Computations walk open intervals and days, never minutes, so adding 10,000 business
//! hours costs a few thousand day steps. Every search stops after [`SEARCH_HORIZON_DAYS`];
//! a calendar that never opens gives `None` instead of looping.

mod booking;
mod days;
mod explain;
mod holidays;
mod schedule;
mod timeline;
pub mod words;

pub use booking::{BookingProblem, BookingRefusal, Slot, SlotQuery};
pub use days::{ClosedPeriod, ClosureKind};
pub use explain::DueExplanation;
pub use holidays::{easter_sunday, BelgianHoliday};
pub use schedule::{
    InvalidTimeOfDay, OpeningInterval, ScheduleError, TimeOfDay, WeeklyInterval, WeeklySchedule, TIME_OF_DAY_PATTERN,
};
pub use timeline::{ClosedReason, Status};
pub use words::local_instant;

use chrono::NaiveDate;
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// Calendar messages are written in the user's language.
pub use super::account::Language;

/// The zone of the policy's schedules and the default for new ones.
pub const DEFAULT_TIME_ZONE: Tz = chrono_tz::Europe::Brussels;

/// How far ahead (in days, about 100 years) a search for an opening goes before it gives
/// up; also the furthest a due time can lie.
pub const SEARCH_HORIZON_DAYS: u64 = 36_525;

/// A one-off closure added by an admin: whole days, in the calendar's zone.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Closure {
    /// The first closed day.
    pub first_day: NaiveDate,
    /// The last closed day (included).
    pub last_day: NaiveDate,
    /// Why, as the admin wrote it (shown to customers).
    pub reason: String,
}

impl Closure {
    /// Whether `day` is one of the closed days.
    pub fn covers(&self, day: NaiveDate) -> bool {
        self.first_day <= day && day <= self.last_day
    }
}

/// A calendar as plain data, the way the store holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarSpec {
    /// IANA zone name, e.g. `Europe/Brussels`.
    pub time_zone: String,
    /// The weekly opening hours, as rows (validated when the calendar is built).
    pub weekly: Vec<WeeklyInterval>,
    /// Whether Belgian public holidays are closed.
    pub belgian_holidays: bool,
    /// Whether the Christmas closure (25 December to 1 January) applies.
    pub christmas_closure: bool,
    /// One-off closures.
    pub closures: Vec<Closure>,
}

/// Why a [`CalendarSpec`] does not make a calendar.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// The zone is not an IANA time zone name.
    #[error("unknown time zone `{0}`")]
    UnknownTimeZone(String),
    /// The weekly opening hours are not valid.
    #[error(transparent)]
    Schedule(#[from] ScheduleError),
    /// A closure whose last day is before its first.
    #[error("closure {index} ends on {last_day}, before it starts on {first_day}")]
    ClosureEndsBeforeStart {
        /// Position of the closure in the list.
        index: usize,
        /// Its first day.
        first_day: NaiveDate,
        /// Its last day.
        last_day: NaiveDate,
    },
}

/// A weekly schedule in a time zone, with the holidays and closures it observes.
#[derive(Debug, Clone, PartialEq)]
pub struct Calendar {
    zone: Tz,
    weekly: WeeklySchedule,
    belgian_holidays: bool,
    christmas_closure: bool,
    closures: Vec<Closure>,
}

impl Calendar {
    /// A calendar with the weekly hours in `zone`, without holidays or closures.
    pub fn new(weekly: WeeklySchedule, zone: Tz) -> Calendar {
        Calendar {
            zone,
            weekly,
            belgian_holidays: false,
            christmas_closure: false,
            closures: Vec::new(),
        }
    }

    /// The calendar with Belgian public holidays closed (`true`) or open (`false`).
    pub fn with_belgian_holidays(self, apply: bool) -> Calendar {
        Calendar {
            belgian_holidays: apply,
            ..self
        }
    }

    /// The calendar with the Christmas closure applied (`true`) or not (`false`).
    pub fn with_christmas_closure(self, apply: bool) -> Calendar {
        Calendar {
            christmas_closure: apply,
            ..self
        }
    }

    /// The calendar with `closures` instead of its one-off closures.
    pub fn with_closures(self, closures: Vec<Closure>) -> Result<Calendar, CalendarError> {
        if let Some((index, bad)) = closures.iter().enumerate().find(|(_, c)| c.last_day < c.first_day) {
            return Err(CalendarError::ClosureEndsBeforeStart {
                index,
                first_day: bad.first_day,
                last_day: bad.last_day,
            });
        }
        Ok(Calendar { closures, ..self })
    }

    /// Builds a calendar from stored data, checking it.
    pub fn from_spec(spec: CalendarSpec) -> Result<Calendar, CalendarError> {
        let zone: Tz = spec
            .time_zone
            .parse()
            .map_err(|_| CalendarError::UnknownTimeZone(spec.time_zone.clone()))?;
        let weekly = WeeklySchedule::from_rows(spec.weekly)?;
        Calendar::new(weekly, zone)
            .with_belgian_holidays(spec.belgian_holidays)
            .with_christmas_closure(spec.christmas_closure)
            .with_closures(spec.closures)
    }

    /// The calendar as plain data; [`Calendar::from_spec`] gives it back.
    pub fn to_spec(&self) -> CalendarSpec {
        CalendarSpec {
            time_zone: self.zone.name().to_owned(),
            weekly: self.weekly.rows(),
            belgian_holidays: self.belgian_holidays,
            christmas_closure: self.christmas_closure,
            closures: self.closures.clone(),
        }
    }

    /// The policy's intervention (support) hours in Brussels, closed on Belgian public
    /// holidays and during the Christmas closure.
    pub fn interventions() -> Calendar {
        Self::policy(WeeklySchedule::interventions())
    }

    /// The policy's phone-line hours in Brussels, closed on Belgian public holidays and
    /// during the Christmas closure.
    pub fn phone() -> Calendar {
        Self::policy(WeeklySchedule::phone())
    }

    fn policy(weekly: WeeklySchedule) -> Calendar {
        Calendar::new(weekly, DEFAULT_TIME_ZONE)
            .with_belgian_holidays(true)
            .with_christmas_closure(true)
    }

    /// The time zone the opening hours are in.
    pub fn zone(&self) -> Tz {
        self.zone
    }

    /// The weekly opening hours.
    pub fn weekly(&self) -> &WeeklySchedule {
        &self.weekly
    }

    /// Whether Belgian public holidays are closed.
    pub fn observes_belgian_holidays(&self) -> bool {
        self.belgian_holidays
    }

    /// Whether the Christmas closure applies.
    pub fn observes_christmas_closure(&self) -> bool {
        self.christmas_closure
    }

    /// The one-off closures.
    pub fn closures(&self) -> &[Closure] {
        &self.closures
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    #[test]
    fn spec_round_trips() {
        let calendar = Calendar::interventions()
            .with_closures(vec![Closure {
                first_day: day(2026, 8, 3),
                last_day: day(2026, 8, 4),
                reason: "inventaris".to_owned(),
            }])
            .expect("valid closure");
        let spec = calendar.to_spec();
        assert_eq!(spec.time_zone, "Europe/Brussels");
        let json = serde_json::to_string(&spec).expect("serialises");
        let back: CalendarSpec = serde_json::from_str(&json).expect("deserialises");
        assert_eq!(Calendar::from_spec(back), Ok(calendar));
    }

    #[test]
    fn bad_specs_are_refused_with_the_reason() {
        let spec = Calendar::phone().to_spec();
        let unknown_zone = CalendarSpec {
            time_zone: "Europe/Bruxelles".to_owned(),
            ..spec.clone()
        };
        assert_eq!(
            Calendar::from_spec(unknown_zone),
            Err(CalendarError::UnknownTimeZone("Europe/Bruxelles".to_owned()))
        );

        let mut rows = spec.weekly.clone();
        rows.swap(0, 1);
        let unsorted = CalendarSpec {
            weekly: rows,
            ..spec.clone()
        };
        assert!(matches!(
            Calendar::from_spec(unsorted),
            Err(CalendarError::Schedule(ScheduleError::Unsorted {
                weekday: chrono::Weekday::Mon,
                index: 1,
                ..
            }))
        ));

        let backwards = Closure {
            first_day: day(2026, 8, 4),
            last_day: day(2026, 8, 3),
            reason: "x".to_owned(),
        };
        let fine = Closure {
            first_day: day(2026, 8, 4),
            last_day: day(2026, 8, 4),
            reason: "y".to_owned(),
        };
        let bad_closure = CalendarSpec {
            closures: vec![fine, backwards],
            ..spec
        };
        assert_eq!(
            Calendar::from_spec(bad_closure),
            Err(CalendarError::ClosureEndsBeforeStart {
                index: 1,
                first_day: day(2026, 8, 4),
                last_day: day(2026, 8, 3)
            })
        );
    }

    #[test]
    fn seeded_calendars_observe_the_policy() {
        for calendar in [Calendar::interventions(), Calendar::phone()] {
            assert_eq!(calendar.zone(), chrono_tz::Europe::Brussels);
            assert!(calendar.observes_belgian_holidays() && calendar.observes_christmas_closure());
            assert!(calendar.closures().is_empty());
        }
        assert_eq!(Calendar::phone().weekly(), &WeeklySchedule::phone());
    }
}

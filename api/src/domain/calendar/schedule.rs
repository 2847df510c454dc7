//! Weekly opening hours: for each weekday, a sorted list of wall-clock intervals.

use chrono::Weekday;
use serde::{Deserialize, Serialize};
use std::{fmt, str::FromStr};

/// A wall-clock time of day to the minute, from 00:00 up to and including 24:00.
///
/// 24:00 exists so that an interval can run to the end of the day ("22:00–24:00").
/// Serialised as `"HH:MM"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TimeOfDay {
    minutes_since_midnight: u16,
}

/// The end of the day, 24:00.
const MINUTES_PER_DAY: u16 = 24 * 60;

impl TimeOfDay {
    /// 00:00.
    pub const MIDNIGHT: TimeOfDay = TimeOfDay {
        minutes_since_midnight: 0,
    };
    /// 24:00, the end of the day.
    pub const END_OF_DAY: TimeOfDay = TimeOfDay {
        minutes_since_midnight: MINUTES_PER_DAY,
    };

    /// The time `hour`:`minute`; `None` unless it lies within 00:00..=24:00.
    pub fn from_hm(hour: u32, minute: u32) -> Option<TimeOfDay> {
        if minute >= 60 {
            return None;
        }
        Self::from_minutes(hour.checked_mul(60)?.checked_add(minute)?)
    }

    /// The time `minutes` after midnight; `None` past 24:00.
    pub fn from_minutes(minutes: u32) -> Option<TimeOfDay> {
        let minutes_since_midnight = u16::try_from(minutes).ok().filter(|m| *m <= MINUTES_PER_DAY)?;
        Some(TimeOfDay { minutes_since_midnight })
    }

    /// Minutes since midnight (0..=1440).
    pub fn minutes(self) -> u32 {
        u32::from(self.minutes_since_midnight)
    }

    /// The hour (0..=24).
    pub fn hour(self) -> u32 {
        self.minutes() / 60
    }

    /// The minute within the hour (0..=59).
    pub fn minute(self) -> u32 {
        self.minutes() % 60
    }

    /// Only for the seeded schedules, whose literal times are checked by a test.
    const fn at(hour: u16, minute: u16) -> TimeOfDay {
        TimeOfDay {
            minutes_since_midnight: hour * 60 + minute,
        }
    }
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour(), self.minute())
    }
}

/// What [`TimeOfDay`]'s `FromStr` accepts, as a regular expression (for the OpenAPI document):
/// `H:MM` or `HH:MM` from 00:00 to 23:59, and 24:00.
pub const TIME_OF_DAY_PATTERN: &str = "^(([01]?[0-9]|2[0-3]):[0-5][0-9]|24:00)$";

/// A text that is not a time of day `HH:MM` between 00:00 and 24:00.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a time of day between 00:00 and 24:00 (HH:MM)")]
pub struct InvalidTimeOfDay(pub String);

impl FromStr for TimeOfDay {
    type Err = InvalidTimeOfDay;

    /// Parses `H:MM` or `HH:MM`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let invalid = || InvalidTimeOfDay(text.to_owned());
        let (hour, minute) = text.split_once(':').ok_or_else(invalid)?;
        let all_digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
        if !all_digits(hour) || hour.len() > 2 || !all_digits(minute) || minute.len() != 2 {
            return Err(invalid());
        }
        let hour = hour.parse().map_err(|_| invalid())?;
        let minute = minute.parse().map_err(|_| invalid())?;
        TimeOfDay::from_hm(hour, minute).ok_or_else(invalid)
    }
}

impl TryFrom<String> for TimeOfDay {
    type Error = InvalidTimeOfDay;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

impl From<TimeOfDay> for String {
    fn from(time: TimeOfDay) -> String {
        time.to_string()
    }
}

/// An opening interval within one day, from `start` (included) to `end` (excluded),
/// in wall-clock time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct OpeningInterval {
    /// Opening time.
    pub start: TimeOfDay,
    /// Closing time.
    pub end: TimeOfDay,
}

impl OpeningInterval {
    /// The interval `start`–`end` (checked when it becomes part of a [`WeeklySchedule`]).
    pub fn new(start: TimeOfDay, end: TimeOfDay) -> OpeningInterval {
        OpeningInterval { start, end }
    }
}

impl fmt::Display for OpeningInterval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}–{}", self.start, self.end)
    }
}

/// One row of a weekly schedule as it is stored: a weekday and an interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct WeeklyInterval {
    /// The day of the week.
    pub weekday: Weekday,
    /// Opening time.
    pub start: TimeOfDay,
    /// Closing time.
    pub end: TimeOfDay,
}

/// Why a weekly schedule is not valid; names the day and the interval (0-based position
/// within that day).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    /// An interval that does not end after it starts.
    #[error("{weekday}: interval {index} ({interval}) does not end after it starts")]
    EmptyInterval {
        /// The day.
        weekday: Weekday,
        /// Position of the interval within the day.
        index: usize,
        /// The interval.
        interval: OpeningInterval,
    },
    /// An interval that starts before the previous one of the same day.
    #[error("{weekday}: interval {index} ({interval}) starts before interval {} ({previous})", index - 1)]
    Unsorted {
        /// The day.
        weekday: Weekday,
        /// Position of the interval within the day.
        index: usize,
        /// The interval.
        interval: OpeningInterval,
        /// The interval before it.
        previous: OpeningInterval,
    },
    /// An interval that starts before the previous one of the same day has ended.
    #[error("{weekday}: interval {index} ({interval}) overlaps interval {} ({previous})", index - 1)]
    Overlapping {
        /// The day.
        weekday: Weekday,
        /// Position of the interval within the day.
        index: usize,
        /// The interval.
        interval: OpeningInterval,
        /// The interval before it.
        previous: OpeningInterval,
    },
}

/// Opening hours for each day of the week. Always valid: every day's intervals are
/// non-empty, sorted and separated (touching intervals such as 09:00–12:00 and 12:00–13:00
/// are allowed and count as one opening).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WeeklySchedule {
    /// Indexed by [`Weekday::num_days_from_monday`].
    days: [Vec<OpeningInterval>; 7],
}

impl WeeklySchedule {
    /// Checks and builds a schedule from each day's intervals, Monday first.
    pub fn new(days: [Vec<OpeningInterval>; 7]) -> Result<WeeklySchedule, ScheduleError> {
        for (weekday, intervals) in WEEK.into_iter().zip(&days) {
            for (index, interval) in intervals.iter().enumerate() {
                if interval.start >= interval.end {
                    return Err(ScheduleError::EmptyInterval {
                        weekday,
                        index,
                        interval: *interval,
                    });
                }
                let Some(previous) = index.checked_sub(1).map(|i| intervals[i]) else {
                    continue;
                };
                if interval.start < previous.start {
                    return Err(ScheduleError::Unsorted {
                        weekday,
                        index,
                        interval: *interval,
                        previous,
                    });
                }
                if interval.start < previous.end {
                    return Err(ScheduleError::Overlapping {
                        weekday,
                        index,
                        interval: *interval,
                        previous,
                    });
                }
            }
        }
        Ok(WeeklySchedule { days })
    }

    /// Checks and builds a schedule from stored rows; the rows of one weekday must come in
    /// time order (the order is checked, not repaired, so that a wrong row is reported).
    pub fn from_rows(rows: impl IntoIterator<Item = WeeklyInterval>) -> Result<WeeklySchedule, ScheduleError> {
        let mut days: [Vec<OpeningInterval>; 7] = Default::default();
        for row in rows {
            days[row.weekday.num_days_from_monday() as usize].push(OpeningInterval::new(row.start, row.end));
        }
        Self::new(days)
    }

    /// The schedule as stored rows, Monday first.
    pub fn rows(&self) -> Vec<WeeklyInterval> {
        WEEK.into_iter()
            .flat_map(|weekday| {
                self.on(weekday).iter().map(move |interval| WeeklyInterval {
                    weekday,
                    start: interval.start,
                    end: interval.end,
                })
            })
            .collect()
    }

    /// The intervals of `weekday`, in time order; empty on a closed weekday.
    pub fn on(&self, weekday: Weekday) -> &[OpeningInterval] {
        &self.days[weekday.num_days_from_monday() as usize]
    }

    /// Whether no weekday has any opening hours.
    pub fn is_always_closed(&self) -> bool {
        self.days.iter().all(Vec::is_empty)
    }

    /// The intervention (support) hours of the policy: Monday to Thursday 09:00–12:00 and
    /// 13:00–16:30, Friday 09:00–12:00 and 13:00–15:30.
    pub fn interventions() -> WeeklySchedule {
        Self::seeded(vec![
            MORNING,
            OpeningInterval::new(TimeOfDay::at(13, 0), TimeOfDay::at(15, 30)),
        ])
    }

    /// The phone line of the policy: Monday to Thursday 09:00–12:00 and 13:00–16:30,
    /// Friday 09:00–12:00 only.
    pub fn phone() -> WeeklySchedule {
        Self::seeded(vec![MORNING])
    }

    fn seeded(friday: Vec<OpeningInterval>) -> WeeklySchedule {
        let afternoon = OpeningInterval::new(TimeOfDay::at(13, 0), TimeOfDay::at(16, 30));
        let workday = vec![MORNING, afternoon];
        WeeklySchedule {
            days: [
                workday.clone(),
                workday.clone(),
                workday.clone(),
                workday,
                friday,
                Vec::new(),
                Vec::new(),
            ],
        }
    }
}

/// The morning of both seeded schedules, every workday.
const MORNING: OpeningInterval = OpeningInterval {
    start: TimeOfDay::at(9, 0),
    end: TimeOfDay::at(12, 0),
};

impl Serialize for WeeklySchedule {
    /// Serialises as the stored rows (see [`WeeklySchedule::rows`]).
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.rows().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for WeeklySchedule {
    /// Deserialises from stored rows and validates them.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let rows = Vec::<WeeklyInterval>::deserialize(deserializer)?;
        WeeklySchedule::from_rows(rows).map_err(serde::de::Error::custom)
    }
}

/// The days of the week, Monday first.
pub const WEEK: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pattern_accepts_what_from_str_accepts() {
        let pattern = regex::Regex::new(TIME_OF_DAY_PATTERN).unwrap();
        let digits: Vec<String> = (0..=99)
            .map(|n| n.to_string())
            .chain((0..=9).map(|n| format!("0{n}")))
            .collect();
        for hour in digits.iter().chain([String::new(), "123".to_owned()].iter()) {
            for minute in digits.iter().chain(["5".to_owned(), "600".to_owned()].iter()) {
                let text = format!("{hour}:{minute}");
                assert_eq!(pattern.is_match(&text), text.parse::<TimeOfDay>().is_ok(), "{text}");
            }
        }
    }

    fn time(text: &str) -> TimeOfDay {
        text.parse().expect("valid time")
    }

    fn interval(start: &str, end: &str) -> OpeningInterval {
        OpeningInterval::new(time(start), time(end))
    }

    fn only_on(weekday: Weekday, intervals: Vec<OpeningInterval>) -> [Vec<OpeningInterval>; 7] {
        let mut days: [Vec<OpeningInterval>; 7] = Default::default();
        days[weekday.num_days_from_monday() as usize] = intervals;
        days
    }

    #[test]
    fn times_parse_and_print_as_hh_mm() {
        assert_eq!(time("9:00").minutes(), 540);
        assert_eq!(time("16:30").to_string(), "16:30");
        assert_eq!(time("24:00"), TimeOfDay::END_OF_DAY);
        assert_eq!(time("00:00"), TimeOfDay::MIDNIGHT);
        for bad in [
            "24:01", "25:00", "12:60", "12", "12:5", "-1:00", "1a:00", "", ":30", "123:00",
        ] {
            assert_eq!(bad.parse::<TimeOfDay>(), Err(InvalidTimeOfDay(bad.to_owned())), "{bad}");
        }
        assert_eq!(TimeOfDay::from_hm(24, 1), None);
        assert_eq!(TimeOfDay::from_minutes(1441), None);
    }

    #[test]
    fn seeded_schedules_are_valid_and_as_published() {
        for seeded in [WeeklySchedule::interventions(), WeeklySchedule::phone()] {
            assert_eq!(WeeklySchedule::new(seeded.days.clone()), Ok(seeded.clone()));
            for weekday in [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu] {
                assert_eq!(
                    seeded.on(weekday),
                    [interval("09:00", "12:00"), interval("13:00", "16:30")]
                );
            }
            assert!(seeded.on(Weekday::Sat).is_empty() && seeded.on(Weekday::Sun).is_empty());
        }
        assert_eq!(
            WeeklySchedule::interventions().on(Weekday::Fri),
            [interval("09:00", "12:00"), interval("13:00", "15:30")]
        );
        assert_eq!(WeeklySchedule::phone().on(Weekday::Fri), [interval("09:00", "12:00")]);
    }

    #[test]
    fn validation_names_the_bad_day_and_interval() {
        let empty = WeeklySchedule::new(only_on(
            Weekday::Tue,
            vec![interval("09:00", "12:00"), interval("14:00", "14:00")],
        ));
        assert_eq!(
            empty,
            Err(ScheduleError::EmptyInterval {
                weekday: Weekday::Tue,
                index: 1,
                interval: interval("14:00", "14:00")
            })
        );
        let unsorted = WeeklySchedule::new(only_on(
            Weekday::Wed,
            vec![interval("13:00", "16:00"), interval("09:00", "12:00")],
        ));
        assert_eq!(
            unsorted.map_err(|e| e.to_string()),
            Err("Wed: interval 1 (09:00–12:00) starts before interval 0 (13:00–16:00)".to_owned())
        );
        let overlapping = WeeklySchedule::new(only_on(
            Weekday::Fri,
            vec![interval("09:00", "12:30"), interval("12:00", "16:00")],
        ));
        assert_eq!(
            overlapping,
            Err(ScheduleError::Overlapping {
                weekday: Weekday::Fri,
                index: 1,
                interval: interval("12:00", "16:00"),
                previous: interval("09:00", "12:30"),
            })
        );
        let backwards = WeeklySchedule::new(only_on(Weekday::Mon, vec![interval("17:00", "09:00")]));
        assert!(matches!(
            backwards,
            Err(ScheduleError::EmptyInterval {
                weekday: Weekday::Mon,
                index: 0,
                ..
            })
        ));
    }

    #[test]
    fn touching_intervals_and_whole_days_are_valid() {
        let days = only_on(
            Weekday::Sun,
            vec![interval("00:00", "12:00"), interval("12:00", "24:00")],
        );
        assert!(WeeklySchedule::new(days).is_ok());
        assert!(WeeklySchedule::default().is_always_closed());
        assert!(!WeeklySchedule::phone().is_always_closed());
    }

    #[test]
    fn rows_round_trip_through_json() {
        let schedule = WeeklySchedule::interventions();
        assert_eq!(WeeklySchedule::from_rows(schedule.rows()), Ok(schedule.clone()));
        let json = serde_json::to_string(&schedule).expect("serialises");
        assert!(
            json.starts_with(r#"[{"weekday":"Mon","start":"09:00","end":"12:00"}"#),
            "{json}"
        );
        let back: WeeklySchedule = serde_json::from_str(&json).expect("deserialises");
        assert_eq!(back, schedule);
        let overlapping =
            r#"[{"weekday":"Mon","start":"09:00","end":"12:00"},{"weekday":"Mon","start":"11:00","end":"13:00"}]"#;
        assert!(serde_json::from_str::<WeeklySchedule>(overlapping).is_err());
        assert!(serde_json::from_str::<TimeOfDay>(r#""25:00""#).is_err());
    }
}

//! Days: which are closed and why, and a day's opening intervals as instants.

use super::holidays::BelgianHoliday;
use super::schedule::{OpeningInterval, TimeOfDay};
use super::{words, Calendar, Language};
use chrono::{DateTime, Datelike, Days, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use serde::Serialize;

/// Why a whole day is closed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ClosureKind {
    /// The Christmas closure, 25 December to 1 January.
    ChristmasClosure,
    /// A one-off closure added by an admin.
    Closure {
        /// The admin's reason.
        reason: String,
    },
    /// A Belgian public holiday.
    PublicHoliday {
        /// Which one.
        holiday: BelgianHoliday,
    },
    /// A weekday without opening hours in the weekly schedule (the weekend).
    NoOpeningHours,
}

/// A run of closed days with one reason: a holiday, a closure period, a weekend.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct ClosedPeriod {
    /// The first closed day.
    pub first_day: NaiveDate,
    /// The last closed day (included).
    pub last_day: NaiveDate,
    /// Why these days are closed.
    pub kind: ClosureKind,
}

impl ClosedPeriod {
    /// A name for a listing: "Paasmaandag" / "Easter Monday", "Kerstsluiting" /
    /// "Christmas closure", the reason of a one-off closure, "Weekend".
    pub fn name(&self, lang: Language) -> String {
        match (&self.kind, lang) {
            (ClosureKind::PublicHoliday { holiday }, _) => holiday.name(lang).to_owned(),
            (ClosureKind::ChristmasClosure, Language::Nl) => "Kerstsluiting".to_owned(),
            (ClosureKind::ChristmasClosure, Language::En) => "Christmas closure".to_owned(),
            (ClosureKind::Closure { reason }, _) => reason.clone(),
            (ClosureKind::NoOpeningHours, _) if self.is_weekend() => "Weekend".to_owned(),
            (ClosureKind::NoOpeningHours, Language::Nl) => "Geen openingsuren".to_owned(),
            (ClosureKind::NoOpeningHours, Language::En) => "No opening hours".to_owned(),
        }
    }

    /// The period as a phrase: "Easter Monday 29 March 2027", "the Christmas closure
    /// 25 December 2026 – 1 January 2027", "the weekend 2–3 January 2027".
    pub fn describe(&self, lang: Language) -> String {
        let days = words::date_range(self.first_day, self.last_day, lang);
        match (&self.kind, lang) {
            (ClosureKind::PublicHoliday { holiday }, _) => format!("{} {days}", holiday.name(lang)),
            (ClosureKind::ChristmasClosure, Language::Nl) => format!("de kerstsluiting {days}"),
            (ClosureKind::ChristmasClosure, Language::En) => format!("the Christmas closure {days}"),
            (ClosureKind::Closure { reason }, Language::Nl) => format!("de sluiting {days} ({reason})"),
            (ClosureKind::Closure { reason }, Language::En) => format!("the closure {days} ({reason})"),
            (ClosureKind::NoOpeningHours, Language::Nl) if self.is_weekend() => format!("het weekend {days}"),
            (ClosureKind::NoOpeningHours, Language::En) if self.is_weekend() => format!("the weekend {days}"),
            (ClosureKind::NoOpeningHours, Language::Nl) => format!("{days} zonder openingsuren"),
            (ClosureKind::NoOpeningHours, Language::En) => format!("{days} without opening hours"),
        }
    }

    fn is_weekend(&self) -> bool {
        self.first_day
            .iter_days()
            .take_while(|day| *day <= self.last_day)
            .all(|day| is_weekend(day.weekday()))
    }
}

fn is_weekend(weekday: Weekday) -> bool {
    matches!(weekday, Weekday::Sat | Weekday::Sun)
}

/// One closed day as a sentence: "Easter Monday 29 March 2027 is a public holiday",
/// "28 December 2026 falls in the Christmas closure", "Saturday 5 December 2026 falls in
/// the weekend".
pub(super) fn closed_day_sentence(day: NaiveDate, kind: &ClosureKind, lang: Language) -> String {
    let date = words::date(day, lang);
    let dated = words::date_with_weekday(day, lang);
    match (kind, lang) {
        (ClosureKind::PublicHoliday { holiday }, Language::Nl) => {
            format!("{} {date} is een feestdag", holiday.name(lang))
        }
        (ClosureKind::PublicHoliday { holiday }, Language::En) => {
            format!("{} {date} is a public holiday", holiday.name(lang))
        }
        (ClosureKind::ChristmasClosure, Language::Nl) => format!("{date} valt in de kerstsluiting"),
        (ClosureKind::ChristmasClosure, Language::En) => format!("{date} falls in the Christmas closure"),
        (ClosureKind::Closure { reason }, Language::Nl) => format!("{date} valt in een sluitingsperiode ({reason})"),
        (ClosureKind::Closure { reason }, Language::En) => format!("{date} falls in a closure ({reason})"),
        (ClosureKind::NoOpeningHours, Language::Nl) if is_weekend(day.weekday()) => {
            format!("{dated} valt in het weekend")
        }
        (ClosureKind::NoOpeningHours, Language::En) if is_weekend(day.weekday()) => {
            format!("{dated} falls in the weekend")
        }
        (ClosureKind::NoOpeningHours, Language::Nl) => format!("{dated} heeft geen openingsuren"),
        (ClosureKind::NoOpeningHours, Language::En) => format!("{dated} has no opening hours"),
    }
}

/// An opening interval of one day, with the instants it maps to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct ResolvedInterval {
    pub(super) local: OpeningInterval,
    pub(super) start: DateTime<Utc>,
    pub(super) end: DateTime<Utc>,
}

impl Calendar {
    /// Why `day` (in the calendar's zone) is closed, or `None` if it has opening hours.
    pub fn closure_on(&self, day: NaiveDate) -> Option<ClosureKind> {
        if self.christmas_closure && christmas_closure_around(day).is_some() {
            return Some(ClosureKind::ChristmasClosure);
        }
        if let Some(closure) = self.closures.iter().find(|closure| closure.covers(day)) {
            return Some(ClosureKind::Closure {
                reason: closure.reason.clone(),
            });
        }
        if self.belgian_holidays {
            if let Some(holiday) = BelgianHoliday::on(day) {
                return Some(ClosureKind::PublicHoliday { holiday });
            }
        }
        if self.weekly.on(day.weekday()).is_empty() {
            return Some(ClosureKind::NoOpeningHours);
        }
        None
    }

    /// The Belgian holidays and closure periods that touch `year`, in date order, for
    /// listing. A Christmas closure is listed whole in both years it spans, and a holiday
    /// inside a closure is listed as well, though the closure is the reason reported for
    /// that day. Weekends are not listed.
    pub fn closures_in_year(&self, year: i32) -> Vec<ClosedPeriod> {
        let mut periods = Vec::new();
        if self.belgian_holidays {
            periods.extend(
                BelgianHoliday::in_year(year)
                    .into_iter()
                    .map(|(day, holiday)| ClosedPeriod {
                        first_day: day,
                        last_day: day,
                        kind: ClosureKind::PublicHoliday { holiday },
                    }),
            );
        }
        if self.christmas_closure {
            let around = |day| christmas_closure_around(day?);
            let previous = around(NaiveDate::from_ymd_opt(year, 1, 1));
            let this = around(NaiveDate::from_ymd_opt(year, 12, 25));
            periods.extend(
                previous
                    .into_iter()
                    .chain(this)
                    .map(|(first_day, last_day)| ClosedPeriod {
                        first_day,
                        last_day,
                        kind: ClosureKind::ChristmasClosure,
                    }),
            );
        }
        periods.extend(
            self.closures
                .iter()
                .filter(|closure| closure.first_day.year() <= year && year <= closure.last_day.year())
                .map(|closure| ClosedPeriod {
                    first_day: closure.first_day,
                    last_day: closure.last_day,
                    kind: ClosureKind::Closure {
                        reason: closure.reason.clone(),
                    },
                }),
        );
        periods.sort_by_key(|period| (period.first_day, period.last_day));
        periods
    }

    /// The opening intervals of `day` mapped to instants, in time order; empty on a
    /// closed day. Intervals that vanish in a spring-forward gap are left out.
    pub(super) fn resolved_intervals(&self, day: NaiveDate) -> Vec<ResolvedInterval> {
        if self.closure_on(day).is_some() {
            return Vec::new();
        }
        self.weekly
            .on(day.weekday())
            .iter()
            .filter_map(|local| {
                let start = resolve(self.zone, day, local.start, Occurrence::First)?;
                let end = resolve(self.zone, day, local.end, Occurrence::Last)?;
                (start < end).then_some(ResolvedInterval {
                    local: *local,
                    start,
                    end,
                })
            })
            .collect()
    }

    /// The calendar day of `at` in the calendar's zone.
    pub(super) fn local_day(&self, at: DateTime<Utc>) -> NaiveDate {
        self.local(at).date()
    }

    /// The wall-clock date and time of `at` in the calendar's zone.
    pub(crate) fn local(&self, at: DateTime<Utc>) -> NaiveDateTime {
        at.with_timezone(&self.zone).naive_local()
    }
}

/// The Christmas closure that `day` falls in, as (25 December, 1 January).
fn christmas_closure_around(day: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    let starting_in = |year| {
        Some((
            NaiveDate::from_ymd_opt(year, 12, 25)?,
            NaiveDate::from_ymd_opt(year + 1, 1, 1)?,
        ))
    };
    match (day.month(), day.day()) {
        (12, 25..) => starting_in(day.year()),
        (1, 1) => starting_in(day.year() - 1),
        _ => None,
    }
}

/// Which instant a wall-clock time that occurs twice (autumn) maps to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Occurrence {
    First,
    Last,
}

/// The instant at which the wall clock in `zone` shows `time` on `day` (24:00 being the
/// next midnight); see the module documentation for the DST rules.
fn resolve(zone: Tz, day: NaiveDate, time: TimeOfDay, occurrence: Occurrence) -> Option<DateTime<Utc>> {
    let local = if time == TimeOfDay::END_OF_DAY {
        day.checked_add_days(Days::new(1))?.and_time(NaiveTime::MIN)
    } else {
        day.and_time(NaiveTime::from_hms_opt(time.hour(), time.minute(), 0)?)
    };
    match zone.from_local_datetime(&local) {
        LocalResult::Single(at) => Some(at.with_timezone(&Utc)),
        LocalResult::Ambiguous(first, last) => {
            let chosen = if occurrence == Occurrence::First {
                first.min(last)
            } else {
                first.max(last)
            };
            Some(chosen.with_timezone(&Utc))
        }
        LocalResult::None => end_of_gap(zone, local),
    }
}

/// The first instant whose wall-clock time in `zone` is at or after `local`: for a time
/// inside a spring-forward gap, the instant the clock jumps.
fn end_of_gap(zone: Tz, local: NaiveDateTime) -> Option<DateTime<Utc>> {
    // Offsets are less than a day, so the answer lies within a day either side of `local`
    // read as UTC; bisecting on seconds takes 18 steps.
    let mut before = local.checked_sub_days(Days::new(1))?.and_utc().timestamp();
    let mut at_or_after = local.checked_add_days(Days::new(1))?.and_utc().timestamp();
    while at_or_after - before > 1 {
        let middle = before + (at_or_after - before) / 2;
        let wall_clock = DateTime::from_timestamp(middle, 0)?.with_timezone(&zone).naive_local();
        if wall_clock >= local {
            at_or_after = middle;
        } else {
            before = middle;
        }
    }
    DateTime::from_timestamp(at_or_after, 0)
}

#[cfg(test)]
mod tests {
    use super::super::{Closure, WeeklySchedule};
    use super::*;
    use chrono_tz::Europe::Brussels;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    fn utc(text: &str) -> DateTime<Utc> {
        text.parse().expect("RFC 3339 instant")
    }

    fn time(text: &str) -> TimeOfDay {
        text.parse().expect("valid time")
    }

    fn every_day(intervals: &[(&str, &str)]) -> Calendar {
        let day: Vec<_> = intervals
            .iter()
            .map(|(start, end)| OpeningInterval::new(time(start), time(end)))
            .collect();
        let weekly = WeeklySchedule::new(std::array::from_fn(|_| day.clone())).expect("valid schedule");
        Calendar::new(weekly, Brussels)
    }

    fn spans(calendar: &Calendar, on: NaiveDate) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
        calendar
            .resolved_intervals(on)
            .into_iter()
            .map(|i| (i.start, i.end))
            .collect()
    }

    #[test]
    fn wall_clock_hours_keep_their_time_across_dst() {
        let calendar = Calendar::interventions();
        // Friday before and Monday after the spring change: 09:00 is 08:00 UTC, then 07:00 UTC.
        assert_eq!(
            spans(&calendar, day(2026, 3, 27))[0],
            (utc("2026-03-27T08:00:00Z"), utc("2026-03-27T11:00:00Z"))
        );
        assert_eq!(
            spans(&calendar, day(2026, 3, 30))[0],
            (utc("2026-03-30T07:00:00Z"), utc("2026-03-30T10:00:00Z"))
        );
        assert_eq!(
            spans(&calendar, day(2026, 10, 23))[1],
            (utc("2026-10-23T11:00:00Z"), utc("2026-10-23T13:30:00Z"))
        );
        assert_eq!(
            spans(&calendar, day(2026, 10, 26))[1],
            (utc("2026-10-26T12:00:00Z"), utc("2026-10-26T15:30:00Z"))
        );
    }

    #[test]
    fn a_whole_day_lasts_23_hours_in_spring_and_25_in_autumn() {
        let calendar = every_day(&[("00:00", "24:00")]);
        assert_eq!(
            spans(&calendar, day(2026, 3, 29)),
            [(utc("2026-03-28T23:00:00Z"), utc("2026-03-29T22:00:00Z"))]
        );
        assert_eq!(
            spans(&calendar, day(2026, 10, 25)),
            [(utc("2026-10-24T22:00:00Z"), utc("2026-10-25T23:00:00Z"))]
        );
    }

    #[test]
    fn times_in_the_spring_gap_move_to_the_end_of_the_gap() {
        // 02:00–03:00 does not exist on 29 March 2026; 03:00 CEST is 01:00 UTC.
        let calendar = every_day(&[("01:00", "02:30"), ("02:45", "04:00")]);
        assert_eq!(
            spans(&calendar, day(2026, 3, 29)),
            [
                (utc("2026-03-29T00:00:00Z"), utc("2026-03-29T01:00:00Z")),
                (utc("2026-03-29T01:00:00Z"), utc("2026-03-29T02:00:00Z"))
            ]
        );
        let inside_gap = every_day(&[("02:00", "02:30"), ("09:00", "10:00")]);
        assert_eq!(
            spans(&inside_gap, day(2026, 3, 29)),
            [(utc("2026-03-29T07:00:00Z"), utc("2026-03-29T08:00:00Z"))]
        );
    }

    #[test]
    fn times_in_the_repeated_autumn_hour_span_both_occurrences() {
        // 02:00–03:00 happens twice on 25 October 2026: 00:00–01:00 UTC and 01:00–02:00 UTC.
        let calendar = every_day(&[("02:15", "02:45")]);
        assert_eq!(
            spans(&calendar, day(2026, 10, 25)),
            [(utc("2026-10-25T00:15:00Z"), utc("2026-10-25T01:45:00Z"))]
        );
        assert_eq!(
            spans(&calendar, day(2026, 10, 26)),
            [(utc("2026-10-26T01:15:00Z"), utc("2026-10-26T01:45:00Z"))]
        );
    }

    #[test]
    fn closure_reasons_follow_the_documented_priority() {
        let calendar = Calendar::interventions()
            .with_closures(vec![Closure {
                first_day: day(2026, 7, 20),
                last_day: day(2026, 7, 31),
                reason: "bouwverlof".to_owned(),
            }])
            .expect("valid closure");
        assert_eq!(
            calendar.closure_on(day(2026, 12, 25)),
            Some(ClosureKind::ChristmasClosure)
        );
        assert_eq!(
            calendar.closure_on(day(2027, 1, 1)),
            Some(ClosureKind::ChristmasClosure)
        );
        assert_eq!(
            calendar.closure_on(day(2026, 12, 27)),
            Some(ClosureKind::ChristmasClosure)
        );
        assert_eq!(calendar.closure_on(day(2026, 12, 24)), None);
        assert_eq!(calendar.closure_on(day(2027, 1, 2)), Some(ClosureKind::NoOpeningHours));
        assert_eq!(calendar.closure_on(day(2027, 1, 4)), None);
        assert_eq!(
            calendar.closure_on(day(2026, 7, 21)),
            Some(ClosureKind::Closure {
                reason: "bouwverlof".to_owned()
            }),
            "the closure hides the National Day inside it"
        );
        assert_eq!(
            calendar.closure_on(day(2027, 3, 29)),
            Some(ClosureKind::PublicHoliday {
                holiday: BelgianHoliday::EasterMonday
            })
        );
        assert_eq!(
            calendar.closure_on(day(2026, 11, 1)),
            Some(ClosureKind::PublicHoliday {
                holiday: BelgianHoliday::AllSaints
            }),
            "a holiday on a Sunday is still reported as the holiday"
        );

        let plain = calendar
            .clone()
            .with_christmas_closure(false)
            .with_belgian_holidays(false);
        assert_eq!(plain.closure_on(day(2026, 12, 28)), None);
        assert_eq!(plain.closure_on(day(2027, 3, 29)), None);
        assert_eq!(plain.closure_on(day(2026, 12, 25)), None);
    }

    #[test]
    fn closures_in_a_year_are_listed_with_names() {
        let calendar = Calendar::phone()
            .with_closures(vec![Closure {
                first_day: day(2026, 8, 3),
                last_day: day(2026, 8, 4),
                reason: "inventaris".to_owned(),
            }])
            .expect("valid closure");
        let listed = calendar.closures_in_year(2026);
        let names: Vec<_> = listed
            .iter()
            .map(|p| format!("{} {}..{}", p.name(Language::En), p.first_day, p.last_day))
            .collect();
        assert_eq!(
            names,
            [
                "Christmas closure 2025-12-25..2026-01-01",
                "New Year's Day 2026-01-01..2026-01-01",
                "Easter Monday 2026-04-06..2026-04-06",
                "Labour Day 2026-05-01..2026-05-01",
                "Ascension Day 2026-05-14..2026-05-14",
                "Whit Monday 2026-05-25..2026-05-25",
                "Belgian National Day 2026-07-21..2026-07-21",
                "inventaris 2026-08-03..2026-08-04",
                "Assumption Day 2026-08-15..2026-08-15",
                "All Saints' Day 2026-11-01..2026-11-01",
                "Armistice Day 2026-11-11..2026-11-11",
                "Christmas Day 2026-12-25..2026-12-25",
                "Christmas closure 2026-12-25..2027-01-01",
            ]
        );
        assert_eq!(listed[0].name(Language::Nl), "Kerstsluiting");
        assert_eq!(listed[2].name(Language::Nl), "Paasmaandag");
        assert!(calendar
            .with_belgian_holidays(false)
            .with_christmas_closure(false)
            .closures_in_year(2027)
            .is_empty());
    }

    #[test]
    fn closed_days_read_as_sentences() {
        let holiday = ClosureKind::PublicHoliday {
            holiday: BelgianHoliday::EasterMonday,
        };
        assert_eq!(
            closed_day_sentence(day(2027, 3, 29), &holiday, Language::En),
            "Easter Monday 29 March 2027 is a public holiday"
        );
        assert_eq!(
            closed_day_sentence(day(2027, 3, 29), &holiday, Language::Nl),
            "Paasmaandag 29 maart 2027 is een feestdag"
        );
        let christmas = ClosureKind::ChristmasClosure;
        assert_eq!(
            closed_day_sentence(day(2026, 12, 28), &christmas, Language::En),
            "28 December 2026 falls in the Christmas closure"
        );
        assert_eq!(
            closed_day_sentence(day(2026, 12, 28), &christmas, Language::Nl),
            "28 december 2026 valt in de kerstsluiting"
        );
        let weekend = ClosureKind::NoOpeningHours;
        assert_eq!(
            closed_day_sentence(day(2026, 12, 5), &weekend, Language::En),
            "Saturday 5 December 2026 falls in the weekend"
        );
        assert_eq!(
            closed_day_sentence(day(2026, 12, 9), &weekend, Language::Nl),
            "woensdag 9 december 2026 heeft geen openingsuren"
        );
        let closure = ClosureKind::Closure {
            reason: "inventaris".to_owned(),
        };
        assert_eq!(
            closed_day_sentence(day(2026, 8, 3), &closure, Language::Nl),
            "3 augustus 2026 valt in een sluitingsperiode (inventaris)"
        );
    }

    #[test]
    fn periods_read_as_phrases() {
        let period = |first, last, kind| ClosedPeriod {
            first_day: first,
            last_day: last,
            kind,
        };
        let christmas = period(day(2026, 12, 25), day(2027, 1, 1), ClosureKind::ChristmasClosure);
        assert_eq!(
            christmas.describe(Language::En),
            "the Christmas closure 25 December 2026 – 1 January 2027"
        );
        assert_eq!(
            christmas.describe(Language::Nl),
            "de kerstsluiting 25 december 2026 – 1 januari 2027"
        );
        let weekend = period(day(2027, 1, 2), day(2027, 1, 3), ClosureKind::NoOpeningHours);
        assert_eq!(weekend.describe(Language::En), "the weekend 2–3 January 2027");
        assert_eq!(weekend.describe(Language::Nl), "het weekend 2–3 januari 2027");
        let wednesday = period(day(2027, 1, 6), day(2027, 1, 6), ClosureKind::NoOpeningHours);
        assert_eq!(wednesday.describe(Language::En), "6 January 2027 without opening hours");
        assert_eq!(wednesday.name(Language::Nl), "Geen openingsuren");
    }
}

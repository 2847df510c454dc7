//! The calendar as a timeline of open spans: open or closed at an instant, the next
//! opening, business time between instants, an instant plus business minutes.

use super::days::{closed_day_sentence, ClosureKind};
use super::schedule::TimeOfDay;
use super::{Calendar, Language, SEARCH_HORIZON_DAYS};
use chrono::{DateTime, Days, Duration, NaiveDate, Utc};
use serde::Serialize;
use std::collections::VecDeque;

/// Whether a calendar is open at an instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Status {
    /// Open, until `closes_at`.
    Open {
        /// When the current opening ends: the first closed instant. For a calendar open
        /// round the clock, the end of the search horizon.
        closes_at: DateTime<Utc>,
    },
    /// Closed.
    Closed {
        /// Why.
        reason: ClosedReason,
        /// The next opening; `None` if there is none within [`SEARCH_HORIZON_DAYS`].
        next_opening: Option<DateTime<Utc>>,
    },
}

/// Why a calendar is closed at an instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ClosedReason {
    /// The whole day is closed: a holiday, a closure period, the weekend.
    ClosedDay {
        /// The day, in the calendar's zone.
        date: NaiveDate,
        /// Why it is closed.
        closure: ClosureKind,
    },
    /// Before the day's first opening.
    BeforeOpening {
        /// The day's first opening time.
        opens_at: TimeOfDay,
    },
    /// Between two openings of the day, such as the lunch break.
    Break {
        /// When the break started.
        from: TimeOfDay,
        /// When it ends.
        until: TimeOfDay,
    },
    /// After the day's last closing time.
    AfterClosing {
        /// The day's last closing time.
        closed_at: TimeOfDay,
    },
}

impl ClosedReason {
    /// The reason as a sentence: "Easter Monday 29 March 2027 is a public holiday",
    /// "break from 12:00 to 13:00" / "pauze van 12:00 tot 13:00".
    pub fn describe(&self, lang: Language) -> String {
        match (self, lang) {
            (ClosedReason::ClosedDay { date, closure }, _) => closed_day_sentence(*date, closure, lang),
            (ClosedReason::BeforeOpening { opens_at }, Language::Nl) => format!("nog niet open: opent om {opens_at}"),
            (ClosedReason::BeforeOpening { opens_at }, Language::En) => format!("not open yet: opens at {opens_at}"),
            (ClosedReason::Break { from, until }, Language::Nl) => format!("pauze van {from} tot {until}"),
            (ClosedReason::Break { from, until }, Language::En) => format!("break from {from} to {until}"),
            (ClosedReason::AfterClosing { closed_at }, Language::Nl) => format!("gesloten sinds {closed_at}"),
            (ClosedReason::AfterClosing { closed_at }, Language::En) => format!("closed since {closed_at}"),
        }
    }
}

/// A maximal open stretch of time: touching intervals (12:00–24:00 and the next day's
/// 00:00–06:00) are one span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Span {
    pub(super) start: DateTime<Utc>,
    pub(super) end: DateTime<Utc>,
}

/// The open time after an instant, up to a last day, in time order: either each opening
/// interval on its own (never overlapping the previous one) or maximal merged spans.
pub(super) struct OpenSpans<'a> {
    calendar: &'a Calendar,
    after: DateTime<Utc>,
    merge_touching: bool,
    next_day: Option<NaiveDate>,
    last_day: NaiveDate,
    pending: VecDeque<Span>,
    /// Merging: the span being extended. Not merging: the last span returned.
    current: Option<Span>,
}

impl OpenSpans<'_> {
    /// The next interval or merged span; when merging, looks at most one day ahead.
    fn next_span(&mut self) -> Option<Span> {
        loop {
            if let Some(mut span) = self.pending.pop_front() {
                match &mut self.current {
                    Some(current) if self.merge_touching && span.start <= current.end => {
                        current.end = current.end.max(span.end);
                    }
                    Some(_) if self.merge_touching => return self.current.replace(span),
                    None if self.merge_touching => self.current = Some(span),
                    _ => {
                        // An autumn night can resolve two intervals to overlapping spans.
                        if let Some(previous) = self.current {
                            span.start = span.start.max(previous.end);
                        }
                        if span.start < span.end {
                            self.current = Some(span);
                            return Some(span);
                        }
                    }
                }
                continue;
            }
            let day = match self.next_day {
                Some(day) if day <= self.last_day => day,
                _ if self.merge_touching => return self.current.take(),
                _ => return None,
            };
            self.next_day = day.succ_opt();
            let intervals = self.calendar.resolved_intervals(day);
            if self.merge_touching && intervals.is_empty() && self.current.is_some() {
                return self.current.take();
            }
            self.pending.extend(intervals.into_iter().map(|interval| Span {
                start: interval.start,
                end: interval.end,
            }));
        }
    }
}

impl Iterator for OpenSpans<'_> {
    type Item = Span;

    fn next(&mut self) -> Option<Span> {
        loop {
            let span = self.next_span()?;
            if span.end > self.after {
                return Some(span);
            }
        }
    }
}

impl Calendar {
    /// The opening intervals that end after `after`, through the local day `last_day`,
    /// each on its own; an interval that started before `after` is returned whole.
    pub(super) fn open_intervals(&self, after: DateTime<Utc>, last_day: NaiveDate) -> OpenSpans<'_> {
        let first_day = self.local_day(after);
        // The day before can hold an interval running to midnight that continues today.
        let next_day = (!self.weekly().is_always_closed()).then(|| first_day.pred_opt().unwrap_or(first_day));
        OpenSpans {
            calendar: self,
            after,
            merge_touching: false,
            next_day,
            last_day,
            pending: VecDeque::new(),
            current: None,
        }
    }

    /// Like [`Calendar::open_intervals`], with touching intervals merged into one span
    /// (12:00–24:00 and the next day's 00:00–06:00). A calendar open round the clock
    /// merges up to `last_day`, so this costs a step per day up to there.
    pub(super) fn open_spans(&self, after: DateTime<Utc>, last_day: NaiveDate) -> OpenSpans<'_> {
        OpenSpans {
            merge_touching: true,
            ..self.open_intervals(after, last_day)
        }
    }

    /// The last day a search starting at `from` looks at.
    pub(super) fn search_end(&self, from: DateTime<Utc>) -> NaiveDate {
        self.local_day(from)
            .checked_add_days(Days::new(SEARCH_HORIZON_DAYS))
            .unwrap_or(NaiveDate::MAX)
    }

    /// Open or closed at `at`, and if closed why and until when.
    pub fn status_at(&self, at: DateTime<Utc>) -> Status {
        match self.open_spans(at, self.search_end(at)).next() {
            Some(span) if span.start <= at => Status::Open { closes_at: span.end },
            next => Status::Closed {
                reason: self.closed_reason_at(at),
                next_opening: next.map(|span| span.start),
            },
        }
    }

    /// Whether the calendar is open at `at` (opening times included, closing times not).
    pub fn is_open_at(&self, at: DateTime<Utc>) -> bool {
        self.next_opening(at) == Some(at)
    }

    /// The first open instant at or after `at`: `at` itself when open. `None` if the
    /// calendar does not open within [`SEARCH_HORIZON_DAYS`].
    pub fn next_opening(&self, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.open_intervals(at, self.search_end(at))
            .next()
            .map(|span| span.start.max(at))
    }

    /// The open time between `from` and `to`; zero when `to` is not after `from`. Counts
    /// at most [`SEARCH_HORIZON_DAYS`] days after `from`, so an absurd range costs no more
    /// than a long search.
    pub fn business_time_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Duration {
        if to <= from {
            return Duration::zero();
        }
        let last_day = self
            .local_day(to)
            .succ_opt()
            .unwrap_or(NaiveDate::MAX)
            .min(self.search_end(from));
        self.open_intervals(from, last_day)
            .take_while(|span| span.start < to)
            .map(|span| span.end.min(to) - span.start.max(from))
            .sum()
    }

    /// The open time between `from` and `to` in whole minutes (rounded down); 0 when `to`
    /// is not after `from`.
    pub fn business_minutes_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
        self.business_time_between(from, to).num_minutes()
    }

    /// The instant at which `minutes` of open time have passed since `from`.
    ///
    /// When the last minute ends exactly at a closing time, that closing time is the
    /// answer, not the next opening. For 0 minutes the answer is the next opening (`from`
    /// itself when open): a due time is then always a moment at which someone can act.
    /// `None` if the answer lies beyond [`SEARCH_HORIZON_DAYS`] or the calendar never opens.
    pub fn add_business_minutes(&self, from: DateTime<Utc>, minutes: u32) -> Option<DateTime<Utc>> {
        if minutes == 0 {
            return self.next_opening(from);
        }
        let mut remaining = Duration::minutes(i64::from(minutes));
        for span in self.open_intervals(from, self.search_end(from)) {
            let start = span.start.max(from);
            let available = span.end - start;
            if available >= remaining {
                return start.checked_add_signed(remaining);
            }
            remaining -= available;
        }
        None
    }

    /// Why the calendar is closed at `at`, which must be a closed instant.
    pub(super) fn closed_reason_at(&self, at: DateTime<Utc>) -> ClosedReason {
        let date = self.local_day(at);
        if let Some(closure) = self.closure_on(date) {
            return ClosedReason::ClosedDay { date, closure };
        }
        let intervals = self.resolved_intervals(date);
        let next = intervals.iter().position(|interval| interval.start > at);
        match (next, intervals.last()) {
            (Some(0), _) => ClosedReason::BeforeOpening {
                opens_at: intervals[0].local.start,
            },
            (Some(next), _) => ClosedReason::Break {
                from: intervals[next - 1].local.end,
                until: intervals[next].local.start,
            },
            (None, Some(last)) => ClosedReason::AfterClosing {
                closed_at: last.local.end,
            },
            // Every interval of the day fell in a spring-forward gap.
            (None, None) => ClosedReason::ClosedDay {
                date,
                closure: ClosureKind::NoOpeningHours,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::holidays::BelgianHoliday;
    use super::super::schedule::{OpeningInterval, WeeklySchedule};
    use super::super::Closure;
    use super::*;
    use chrono::TimeZone;
    use chrono_tz::Europe::Brussels;
    use proptest::prelude::*;

    /// An instant given in Brussels wall-clock time, "2026-12-23 15:00".
    fn bxl(text: &str) -> DateTime<Utc> {
        let local = chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").expect("local time");
        Brussels
            .from_local_datetime(&local)
            .single()
            .expect("unambiguous local time")
            .with_timezone(&Utc)
    }

    fn utc(text: &str) -> DateTime<Utc> {
        text.parse().expect("RFC 3339 instant")
    }

    fn time(text: &str) -> TimeOfDay {
        text.parse().expect("valid time")
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    /// Open every day with the same intervals, no holidays.
    fn every_day(intervals: &[(&str, &str)]) -> Calendar {
        let day: Vec<_> = intervals
            .iter()
            .map(|(start, end)| OpeningInterval::new(time(start), time(end)))
            .collect();
        let weekly = WeeklySchedule::new(std::array::from_fn(|_| day.clone())).expect("valid schedule");
        Calendar::new(weekly, Brussels)
    }

    #[test]
    fn status_during_opening_hours() {
        let calendar = Calendar::interventions();
        assert_eq!(
            calendar.status_at(bxl("2026-12-02 10:00")),
            Status::Open {
                closes_at: bxl("2026-12-02 12:00")
            }
        );
        assert_eq!(
            calendar.status_at(bxl("2026-12-02 09:00")),
            Status::Open {
                closes_at: bxl("2026-12-02 12:00")
            }
        );
        assert_eq!(
            calendar.status_at(bxl("2026-12-04 15:29")),
            Status::Open {
                closes_at: bxl("2026-12-04 15:30")
            }
        );
        assert!(
            !calendar.is_open_at(bxl("2026-12-04 15:30")),
            "the closing time itself is closed"
        );
    }

    #[test]
    fn status_outside_opening_hours_says_why_and_until_when() {
        let calendar = Calendar::interventions();
        let closed = |reason, next| Status::Closed {
            reason,
            next_opening: Some(bxl(next)),
        };
        assert_eq!(
            calendar.status_at(bxl("2026-12-02 08:00")),
            closed(
                ClosedReason::BeforeOpening {
                    opens_at: time("09:00")
                },
                "2026-12-02 09:00"
            )
        );
        assert_eq!(
            calendar.status_at(bxl("2026-12-02 12:30")),
            closed(
                ClosedReason::Break {
                    from: time("12:00"),
                    until: time("13:00")
                },
                "2026-12-02 13:00"
            )
        );
        assert_eq!(
            calendar.status_at(bxl("2026-12-04 15:30")),
            closed(
                ClosedReason::AfterClosing {
                    closed_at: time("15:30")
                },
                "2026-12-07 09:00"
            )
        );
        assert_eq!(
            calendar.status_at(bxl("2026-12-05 11:00")),
            closed(
                ClosedReason::ClosedDay {
                    date: day(2026, 12, 5),
                    closure: ClosureKind::NoOpeningHours
                },
                "2026-12-07 09:00"
            )
        );
        assert_eq!(
            calendar.status_at(bxl("2027-03-29 10:00")),
            closed(
                ClosedReason::ClosedDay {
                    date: day(2027, 3, 29),
                    closure: ClosureKind::PublicHoliday {
                        holiday: BelgianHoliday::EasterMonday
                    }
                },
                "2027-03-30 09:00"
            )
        );
        assert_eq!(
            calendar.status_at(bxl("2026-12-28 10:00")),
            closed(
                ClosedReason::ClosedDay {
                    date: day(2026, 12, 28),
                    closure: ClosureKind::ChristmasClosure
                },
                "2027-01-04 09:00"
            )
        );
    }

    #[test]
    fn closed_reasons_read_in_both_languages() {
        let lunch = ClosedReason::Break {
            from: time("12:00"),
            until: time("13:00"),
        };
        assert_eq!(lunch.describe(Language::En), "break from 12:00 to 13:00");
        assert_eq!(lunch.describe(Language::Nl), "pauze van 12:00 tot 13:00");
        let evening = ClosedReason::AfterClosing {
            closed_at: time("16:30"),
        };
        assert_eq!(evening.describe(Language::Nl), "gesloten sinds 16:30");
        let morning = ClosedReason::BeforeOpening {
            opens_at: time("09:00"),
        };
        assert_eq!(morning.describe(Language::En), "not open yet: opens at 09:00");
        let holiday = ClosedReason::ClosedDay {
            date: day(2027, 3, 29),
            closure: ClosureKind::PublicHoliday {
                holiday: BelgianHoliday::EasterMonday,
            },
        };
        assert_eq!(
            holiday.describe(Language::Nl),
            "Paasmaandag 29 maart 2027 is een feestdag"
        );
    }

    #[test]
    fn status_serialises_with_tags() {
        let status = Calendar::phone().status_at(bxl("2026-12-04 13:00"));
        let json = serde_json::to_value(&status).expect("serialises");
        assert_eq!(
            json,
            serde_json::json!({
                "state": "closed",
                "reason": { "kind": "after_closing", "closed_at": "12:00" },
                "next_opening": "2026-12-07T08:00:00Z"
            })
        );
    }

    #[test]
    fn next_opening_is_now_when_open() {
        let calendar = Calendar::phone();
        assert_eq!(
            calendar.next_opening(bxl("2026-12-03 14:00")),
            Some(bxl("2026-12-03 14:00"))
        );
        assert_eq!(
            calendar.next_opening(bxl("2026-12-04 12:00")),
            Some(bxl("2026-12-07 09:00"))
        );
        assert_eq!(
            calendar.next_opening(bxl("2026-12-23 17:00")),
            Some(bxl("2026-12-24 09:00"))
        );
        assert_eq!(
            calendar.next_opening(bxl("2026-12-24 17:00")),
            Some(bxl("2027-01-04 09:00"))
        );
    }

    #[test]
    fn a_calendar_that_never_opens_gives_none_instead_of_looping() {
        let never = Calendar::new(WeeklySchedule::default(), Brussels);
        let at = bxl("2026-12-02 10:00");
        assert_eq!(never.next_opening(at), None);
        assert_eq!(never.add_business_minutes(at, 60), None);
        assert_eq!(never.business_minutes_between(at, bxl("2030-01-01 00:00")), 0);
        assert!(matches!(never.status_at(at), Status::Closed { next_opening: None, .. }));

        let closed_for_ever = Calendar::interventions()
            .with_closures(vec![Closure {
                first_day: day(2026, 1, 1),
                last_day: NaiveDate::MAX,
                reason: "x".to_owned(),
            }])
            .expect("valid closure");
        assert_eq!(closed_for_ever.next_opening(at), None);
        assert_eq!(closed_for_ever.add_business_minutes(at, 1), None);
    }

    #[test]
    fn friday_afternoon_plus_minutes() {
        let calendar = Calendar::interventions();
        let friday = bxl("2026-12-04 15:00");
        assert_eq!(calendar.add_business_minutes(friday, 0), Some(friday));
        assert_eq!(calendar.add_business_minutes(friday, 29), Some(bxl("2026-12-04 15:29")));
        assert_eq!(
            calendar.add_business_minutes(friday, 30),
            Some(bxl("2026-12-04 15:30")),
            "ends at closing time"
        );
        assert_eq!(calendar.add_business_minutes(friday, 31), Some(bxl("2026-12-07 09:01")));
        assert_eq!(
            calendar.add_business_minutes(friday, 30 + 180),
            Some(bxl("2026-12-07 12:00"))
        );
        assert_eq!(
            calendar.add_business_minutes(friday, 30 + 181),
            Some(bxl("2026-12-07 13:01"))
        );
        // The rest of Friday, all of Monday (390), Tuesday morning (180).
        assert_eq!(
            calendar.add_business_minutes(friday, 30 + 390 + 180),
            Some(bxl("2026-12-08 12:00"))
        );
        // The phone line is already closed on Friday afternoon.
        assert_eq!(
            Calendar::phone().add_business_minutes(friday, 1),
            Some(bxl("2026-12-07 09:01"))
        );
        assert_eq!(
            Calendar::phone().add_business_minutes(friday, 0),
            Some(bxl("2026-12-07 09:00"))
        );
    }

    #[test]
    fn sixteen_business_hours_from_23_december_land_on_5_january() {
        // Wed 23 Dec 15:00–16:30 (1.5 h), Thu 24 Dec (6.5 h), 25 Dec–1 Jan Christmas closure,
        // 2–3 Jan weekend, Mon 4 Jan (6.5 h): 14.5 h, then 1.5 h on Tue 5 Jan from 09:00.
        let due = Calendar::interventions().add_business_minutes(bxl("2026-12-23 15:00"), 16 * 60);
        assert_eq!(due, Some(bxl("2027-01-05 10:30")));
        assert_eq!(due, Some(utc("2027-01-05T09:30:00Z")));
    }

    #[test]
    fn business_time_across_the_spring_change() {
        let calendar = Calendar::interventions();
        // Friday 27 March 15:00 (CET) to Monday 30 March 10:00 (CEST): 30 + 60 minutes,
        // though 66 real hours pass instead of 67.
        let from = bxl("2026-03-27 15:00");
        let to = bxl("2026-03-30 10:00");
        assert_eq!(to - from, Duration::hours(66));
        assert_eq!(calendar.business_minutes_between(from, to), 90);
        assert_eq!(calendar.add_business_minutes(from, 90), Some(to));
        assert_eq!(
            calendar.add_business_minutes(from, 31),
            Some(utc("2026-03-30T07:01:00Z"))
        );
    }

    #[test]
    fn business_time_across_the_autumn_change() {
        let calendar = Calendar::interventions();
        let from = bxl("2026-10-23 15:00");
        let to = bxl("2026-10-26 10:00");
        assert_eq!(to - from, Duration::hours(68));
        assert_eq!(calendar.business_minutes_between(from, to), 90);
        assert_eq!(
            calendar.add_business_minutes(from, 31),
            Some(utc("2026-10-26T08:01:00Z"))
        );
    }

    #[test]
    fn open_through_the_transition_nights() {
        let calendar = every_day(&[("00:00", "24:00")]);
        let (spring_from, spring_to) = (bxl("2026-03-29 00:00"), bxl("2026-03-30 00:00"));
        assert_eq!(calendar.business_minutes_between(spring_from, spring_to), 23 * 60);
        let (autumn_from, autumn_to) = (bxl("2026-10-25 00:00"), bxl("2026-10-26 00:00"));
        assert_eq!(calendar.business_minutes_between(autumn_from, autumn_to), 25 * 60);
        assert_eq!(calendar.add_business_minutes(autumn_from, 25 * 60), Some(autumn_to));
        assert_eq!(
            calendar.add_business_minutes(spring_from, 24 * 60),
            Some(bxl("2026-03-30 01:00"))
        );
        let Status::Open { closes_at } = calendar.status_at(spring_from) else {
            panic!("open round the clock")
        };
        assert!(
            closes_at > bxl("2100-01-01 00:00"),
            "open until the search horizon: {closes_at}"
        );
    }

    #[test]
    fn night_shift_across_the_gap_and_the_repeated_hour() {
        let calendar = every_day(&[("01:00", "02:30"), ("02:45", "04:00")]);
        // Spring: 01:00 CET–gap–03:00 CEST, then 02:45→03:00 CEST–04:00 CEST: 60 + 60 minutes.
        assert_eq!(
            calendar.business_minutes_between(bxl("2026-03-29 00:00"), bxl("2026-03-29 12:00")),
            120
        );
        assert_eq!(
            calendar.status_at(utc("2026-03-29T00:30:00Z")),
            Status::Open {
                closes_at: utc("2026-03-29T02:00:00Z")
            }
        );
        // Autumn: 01:00 CEST to the second 02:30 (CET), then the first 02:45 (CEST) to 04:00
        // CET overlaps it: one span from 23:00 UTC to 03:00 UTC, 4 hours.
        assert_eq!(
            calendar.business_minutes_between(bxl("2026-10-25 00:00"), bxl("2026-10-25 12:00")),
            240
        );
    }

    #[test]
    fn ten_thousand_business_hours_walk_day_by_day() {
        let calendar = Calendar::interventions();
        let from = bxl("2026-01-05 09:00");
        let due = calendar
            .add_business_minutes(from, 10_000 * 60)
            .expect("due within the horizon");
        assert_eq!(calendar.business_minutes_between(from, due), 600_000);

        // The same count done the slow, obvious way: wall-clock minutes of each open day.
        let mut remaining = 600_000;
        let mut current = day(2026, 1, 5);
        let expected = 'days: loop {
            if calendar.closure_on(current).is_none() {
                for interval in calendar.weekly().on(chrono::Datelike::weekday(&current)) {
                    let length = interval.end.minutes() - interval.start.minutes();
                    if remaining <= length {
                        let minute = interval.start.minutes() + remaining;
                        break 'days current.and_hms_opt(minute / 60, minute % 60, 0).expect("valid time");
                    }
                    remaining -= length;
                }
            }
            current = current.succ_opt().expect("next day");
        };
        assert_eq!(due.with_timezone(&Brussels).naive_local(), expected);
        assert_eq!(expected.to_string(), "2032-05-21 15:30:00");
    }

    #[test]
    fn an_absurd_range_is_counted_up_to_the_horizon_only() {
        let calendar = Calendar::phone();
        let from = bxl("2026-01-01 00:00");
        let far = "9999-01-01T00:00:00Z".parse().expect("instant");
        let horizon = chrono::TimeZone::from_utc_datetime(
            &Utc,
            &calendar
                .search_end(from)
                .succ_opt()
                .expect("next day")
                .and_time(chrono::NaiveTime::MIN),
        );
        assert_eq!(
            calendar.business_time_between(from, far),
            calendar.business_time_between(from, horizon)
        );
        assert!(calendar.business_minutes_between(from, far) > 0);
        assert_eq!(
            calendar.add_business_minutes(from, u32::MAX),
            None,
            "8,000 years of minutes lie past the horizon"
        );
    }

    #[test]
    fn between_is_zero_when_the_end_is_not_after_the_start() {
        let calendar = Calendar::interventions();
        let at = bxl("2026-12-02 10:00");
        assert_eq!(calendar.business_minutes_between(at, at), 0);
        assert_eq!(calendar.business_minutes_between(at, bxl("2026-12-02 09:30")), 0);
        assert_eq!(calendar.business_minutes_between(bxl("2026-12-02 09:30"), at), 30);
        assert_eq!(
            calendar.business_minutes_between(bxl("2026-12-02 11:00"), bxl("2026-12-02 14:00")),
            120
        );
    }

    fn calendars() -> impl Strategy<Value = Calendar> {
        let with_closure = Calendar::interventions()
            .with_closures(vec![Closure {
                first_day: day(2026, 7, 20),
                last_day: day(2026, 8, 2),
                reason: "zomer".to_owned(),
            }])
            .expect("valid closure");
        prop_oneof![
            Just(Calendar::interventions()),
            Just(Calendar::phone()),
            Just(with_closure),
            Just(every_day(&[("00:00", "02:30"), ("02:45", "06:00"), ("22:00", "24:00")])),
        ]
    }

    /// Instants from 2025 to 2030 on whole minutes.
    fn instants() -> impl Strategy<Value = DateTime<Utc>> {
        let start = utc("2025-01-01T00:00:00Z").timestamp() / 60;
        let end = utc("2031-01-01T00:00:00Z").timestamp() / 60;
        (start..end).prop_map(|minute| DateTime::from_timestamp(minute * 60, 0).expect("in range"))
    }

    proptest! {
        #[test]
        fn adding_then_measuring_gives_back_the_minutes(calendar in calendars(), from in instants(), minutes in 0u32..200_000) {
            let due = calendar.add_business_minutes(from, minutes).expect("opens");
            prop_assert!(due >= from);
            prop_assert_eq!(calendar.business_time_between(from, due), Duration::minutes(i64::from(minutes)));
            if minutes > 0 {
                let almost = calendar.add_business_minutes(from, minutes - 1).expect("opens");
                prop_assert!(almost < due);
            }
        }

        #[test]
        fn the_next_opening_is_open_and_nothing_before_it_is(calendar in calendars(), at in instants()) {
            let opening = calendar.next_opening(at).expect("opens");
            prop_assert!(opening >= at);
            prop_assert!(calendar.is_open_at(opening));
            prop_assert_eq!(calendar.business_time_between(at, opening), Duration::zero());
            match calendar.status_at(at) {
                Status::Open { closes_at } => {
                    prop_assert_eq!(opening, at);
                    prop_assert_eq!(calendar.business_time_between(at, closes_at), closes_at - at);
                    prop_assert!(!calendar.is_open_at(closes_at));
                }
                Status::Closed { next_opening, .. } => prop_assert_eq!(next_opening, Some(opening)),
            }
        }

        #[test]
        fn business_time_is_additive(calendar in calendars(), mut instants in proptest::collection::vec(instants(), 3)) {
            instants.sort();
            let (a, b, c) = (instants[0], instants[1], instants[2]);
            prop_assert_eq!(
                calendar.business_time_between(a, b) + calendar.business_time_between(b, c),
                calendar.business_time_between(a, c)
            );
            prop_assert!(calendar.business_time_between(a, c) <= c - a);
        }
    }
}

//! Appointments: checking a booking against the opening hours, and finding free slots.

use super::days::{closed_day_sentence, ClosureKind};
use super::schedule::TimeOfDay;
use super::timeline::ClosedReason;
use super::{words, Calendar, Language};
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Timelike, Utc};
use serde::Serialize;
use std::num::NonZeroU32;

/// Why a booking does not fit in the opening hours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BookingProblem {
    /// The end is not after the start.
    EndNotAfterStart,
    /// The booking starts on a closed day.
    ClosedDay {
        /// The day, in the calendar's zone.
        date: NaiveDate,
        /// Why it is closed.
        closure: ClosureKind,
    },
    /// The booking starts before the day's first opening.
    StartsBeforeOpening {
        /// The day's first opening time.
        opens_at: TimeOfDay,
    },
    /// The booking starts during a break.
    StartsInBreak {
        /// When the break starts.
        from: TimeOfDay,
        /// When it ends.
        until: TimeOfDay,
    },
    /// The booking starts after the day's last closing time.
    StartsAfterClosing {
        /// The day's last closing time.
        closed_at: TimeOfDay,
    },
    /// The booking starts in opening hours and runs into a break.
    CrossesBreak {
        /// When the break starts.
        from: TimeOfDay,
        /// When it ends.
        until: TimeOfDay,
    },
    /// The booking starts in opening hours and runs past closing time.
    EndsAfterClosing {
        /// The closing time it runs past.
        closes_at: TimeOfDay,
    },
}

/// A refused booking: what was asked, in the calendar's wall-clock time, and why not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{}", self.describe(Language::En))]
pub struct BookingRefusal {
    /// The requested start, wall-clock time in the calendar's zone.
    pub start: NaiveDateTime,
    /// The requested end, wall-clock time in the calendar's zone.
    pub end: NaiveDateTime,
    /// What is wrong with it.
    pub problem: BookingProblem,
}

impl BookingRefusal {
    /// The refusal as a sentence a person understands, e.g. "Friday 4 December 2026
    /// 15:00–16:00 ends after closing time 15:30" / "vrijdag 4 december 2026 15:00–16:00
    /// eindigt na sluitingstijd 15:30", "28 December 2026 falls in the Christmas closure".
    pub fn describe(&self, lang: Language) -> String {
        let span = words::local_span(self.start, self.end, lang);
        match (&self.problem, lang) {
            (BookingProblem::EndNotAfterStart, Language::Nl) => format!("{span}: het einde ligt niet na het begin"),
            (BookingProblem::EndNotAfterStart, Language::En) => format!("{span}: the end is not after the start"),
            (BookingProblem::ClosedDay { date, closure }, _) => closed_day_sentence(*date, closure, lang),
            (BookingProblem::StartsBeforeOpening { opens_at }, Language::Nl) => {
                format!("{span} begint vóór openingstijd {opens_at}")
            }
            (BookingProblem::StartsBeforeOpening { opens_at }, Language::En) => {
                format!("{span} starts before opening time {opens_at}")
            }
            (BookingProblem::StartsInBreak { from, until }, Language::Nl) => {
                format!("{span} begint tijdens de pauze {from}–{until}")
            }
            (BookingProblem::StartsInBreak { from, until }, Language::En) => {
                format!("{span} starts during the break {from}–{until}")
            }
            (BookingProblem::StartsAfterClosing { closed_at }, Language::Nl) => {
                format!("{span} begint na sluitingstijd {closed_at}")
            }
            (BookingProblem::StartsAfterClosing { closed_at }, Language::En) => {
                format!("{span} starts after closing time {closed_at}")
            }
            (BookingProblem::CrossesBreak { from, until }, Language::Nl) => {
                format!("{span} loopt door in de pauze {from}–{until}")
            }
            (BookingProblem::CrossesBreak { from, until }, Language::En) => {
                format!("{span} runs into the break {from}–{until}")
            }
            (BookingProblem::EndsAfterClosing { closes_at }, Language::Nl) => {
                format!("{span} eindigt na sluitingstijd {closes_at}")
            }
            (BookingProblem::EndsAfterClosing { closes_at }, Language::En) => {
                format!("{span} ends after closing time {closes_at}")
            }
        }
    }
}

/// A free slot for an appointment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Slot {
    /// Start.
    pub start: DateTime<Utc>,
    /// End (start + the asked length).
    pub end: DateTime<Utc>,
}

/// What free slots to look for: slots of `length` minutes between `from` and `to`, whose
/// starts lie on a grid of `step` minutes.
///
/// The grid is anchored at the opening time of each open span: with a 15-minute step and
/// opening hours 09:00–12:00 and 13:00–16:30, slots start at 09:00, 09:15, … and 13:00,
/// 13:15, …; after a busy interval the next slot starts on the next grid line. Anchoring
/// on openings rather than on the clock keeps the grid on the wall clock on DST days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlotQuery {
    /// Slots start at or after this instant.
    pub from: DateTime<Utc>,
    /// Slots end at or before this instant.
    pub to: DateTime<Utc>,
    /// The length of a slot in minutes.
    pub length: NonZeroU32,
    /// The distance between possible slot starts, in minutes.
    pub step: NonZeroU32,
}

impl SlotQuery {
    /// The step used unless another is asked for: a quarter of an hour.
    pub const DEFAULT_STEP: NonZeroU32 = match NonZeroU32::new(15) {
        Some(step) => step,
        None => NonZeroU32::MIN,
    };

    /// Slots of `length` minutes between `from` and `to`, on the default step.
    pub fn new(from: DateTime<Utc>, to: DateTime<Utc>, length: NonZeroU32) -> SlotQuery {
        SlotQuery {
            from,
            to,
            length,
            step: Self::DEFAULT_STEP,
        }
    }

    /// The same query with another step.
    pub fn with_step(self, step: NonZeroU32) -> SlotQuery {
        SlotQuery { step, ..self }
    }
}

impl Calendar {
    /// Checks that the booking `start`–`end` lies entirely in opening hours.
    ///
    /// A booking may run through touching intervals (23:00 to 01:00 when one interval
    /// ends at 24:00 and the next starts at 00:00), never through a break or a closed day.
    pub fn check_booking(&self, start: DateTime<Utc>, end: DateTime<Utc>) -> Result<(), BookingRefusal> {
        let refuse = |problem| {
            Err(BookingRefusal {
                start: self.local(start),
                end: self.local(end),
                problem,
            })
        };
        if end <= start {
            return refuse(BookingProblem::EndNotAfterStart);
        }
        let last_day = self.local_day(end).succ_opt().unwrap_or(NaiveDate::MAX);
        match self.open_spans(start, last_day).next() {
            Some(span) if span.start <= start && end <= span.end => Ok(()),
            Some(span) if span.start <= start => refuse(match self.closed_reason_at(span.end) {
                ClosedReason::Break { from, until } => BookingProblem::CrossesBreak { from, until },
                ClosedReason::AfterClosing { closed_at } => BookingProblem::EndsAfterClosing { closes_at: closed_at },
                ClosedReason::ClosedDay { .. } | ClosedReason::BeforeOpening { .. } => {
                    BookingProblem::EndsAfterClosing {
                        closes_at: closing_time(self.local(span.end)),
                    }
                }
            }),
            _ => refuse(match self.closed_reason_at(start) {
                ClosedReason::ClosedDay { date, closure } => BookingProblem::ClosedDay { date, closure },
                ClosedReason::BeforeOpening { opens_at } => BookingProblem::StartsBeforeOpening { opens_at },
                ClosedReason::Break { from, until } => BookingProblem::StartsInBreak { from, until },
                ClosedReason::AfterClosing { closed_at } => BookingProblem::StartsAfterClosing { closed_at },
            }),
        }
    }

    /// The free slots of `query`: each lies entirely in an open span and overlaps none of
    /// the `busy` intervals (touching is fine). Busy intervals may be unsorted and may
    /// overlap each other. The number of slots grows with the window, so the caller bounds
    /// `from`–`to`; days beyond [`super::SEARCH_HORIZON_DAYS`] after `from` are not searched.
    pub fn free_slots(&self, query: &SlotQuery, busy: &[(DateTime<Utc>, DateTime<Utc>)]) -> Vec<Slot> {
        let mut slots = Vec::new();
        if query.to <= query.from {
            return slots;
        }
        let length = Duration::minutes(i64::from(query.length.get()));
        let step = Duration::minutes(i64::from(query.step.get()));
        let mut busy: Vec<_> = busy
            .iter()
            .copied()
            .filter(|&(start, end)| start < end && end > query.from && start < query.to)
            .collect();
        busy.sort();
        // Busy intervals that end before the candidate slot are behind it for good.
        let mut first_relevant = 0;
        let last_day = self
            .local_day(query.to)
            .succ_opt()
            .unwrap_or(NaiveDate::MAX)
            .min(self.search_end(query.from));
        for span in self
            .open_spans(query.from, last_day)
            .take_while(|span| span.start < query.to)
        {
            let window_end = span.end.min(query.to);
            let mut candidate = grid_line_at_or_after(span.start, query.from.max(span.start), step);
            while let Some(start) = candidate {
                let Some(end) = start.checked_add_signed(length).filter(|end| *end <= window_end) else {
                    break;
                };
                while busy.get(first_relevant).is_some_and(|&(_, busy_end)| busy_end <= start) {
                    first_relevant += 1;
                }
                // Sorted by start: if the first busy interval not behind the slot starts
                // after the slot, so do all others.
                candidate = match busy.get(first_relevant) {
                    Some(&(busy_start, busy_end)) if busy_start < end => {
                        grid_line_at_or_after(span.start, busy_end, step)
                    }
                    _ => {
                        slots.push(Slot { start, end });
                        start.checked_add_signed(step)
                    }
                };
            }
        }
        slots
    }
}

/// The first instant `anchor + k × step` (k ≥ 0) at or after `at`.
fn grid_line_at_or_after(anchor: DateTime<Utc>, at: DateTime<Utc>, step: Duration) -> Option<DateTime<Utc>> {
    let elapsed = (at - anchor).num_milliseconds().max(0);
    let step_ms = step.num_milliseconds().max(1);
    let lines = elapsed.div_euclid(step_ms) + i64::from(elapsed.rem_euclid(step_ms) != 0);
    anchor.checked_add_signed(Duration::milliseconds(lines.checked_mul(step_ms)?))
}

/// The wall-clock closing time of a span that ends at `local`: midnight is 24:00 of the
/// day before.
fn closing_time(local: NaiveDateTime) -> TimeOfDay {
    match TimeOfDay::from_hm(local.hour(), local.minute()) {
        Some(TimeOfDay::MIDNIGHT) | None => TimeOfDay::END_OF_DAY,
        Some(time) => time,
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

    fn bxl(text: &str) -> DateTime<Utc> {
        let local = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").expect("local time");
        Brussels
            .from_local_datetime(&local)
            .single()
            .expect("unambiguous local time")
            .with_timezone(&Utc)
    }

    fn time(text: &str) -> TimeOfDay {
        text.parse().expect("valid time")
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    fn minutes(n: u32) -> NonZeroU32 {
        NonZeroU32::new(n).expect("not zero")
    }

    fn refusal(calendar: &Calendar, start: &str, end: &str) -> BookingRefusal {
        calendar.check_booking(bxl(start), bxl(end)).expect_err("refused")
    }

    fn both(refusal: &BookingRefusal) -> (String, String) {
        (refusal.describe(Language::En), refusal.describe(Language::Nl))
    }

    #[test]
    fn bookings_inside_opening_hours_are_accepted() {
        let calendar = Calendar::interventions();
        assert_eq!(
            calendar.check_booking(bxl("2026-12-04 13:00"), bxl("2026-12-04 15:30")),
            Ok(())
        );
        assert_eq!(
            calendar.check_booking(bxl("2026-12-03 09:00"), bxl("2026-12-03 12:00")),
            Ok(())
        );
        assert_eq!(
            calendar.check_booking(bxl("2026-12-03 16:00"), bxl("2026-12-03 16:30")),
            Ok(())
        );
    }

    #[test]
    fn a_booking_past_closing_time_is_refused() {
        let refused = refusal(&Calendar::interventions(), "2026-12-04 15:00", "2026-12-04 16:00");
        assert_eq!(
            refused.problem,
            BookingProblem::EndsAfterClosing {
                closes_at: time("15:30")
            }
        );
        assert_eq!(
            both(&refused),
            (
                "Friday 4 December 2026 15:00–16:00 ends after closing time 15:30".to_owned(),
                "vrijdag 4 december 2026 15:00–16:00 eindigt na sluitingstijd 15:30".to_owned()
            )
        );
        assert_eq!(
            refused.to_string(),
            "Friday 4 December 2026 15:00–16:00 ends after closing time 15:30"
        );
        // The phone line closes at noon on Fridays, so this call starts after closing.
        let phone = refusal(&Calendar::phone(), "2026-12-04 15:00", "2026-12-04 16:00");
        assert_eq!(
            phone.describe(Language::En),
            "Friday 4 December 2026 15:00–16:00 starts after closing time 12:00"
        );
    }

    #[test]
    fn a_booking_in_the_christmas_closure_is_refused() {
        let refused = refusal(&Calendar::interventions(), "2026-12-28 10:00", "2026-12-28 11:00");
        assert_eq!(
            refused.problem,
            BookingProblem::ClosedDay {
                date: day(2026, 12, 28),
                closure: ClosureKind::ChristmasClosure
            }
        );
        assert_eq!(
            both(&refused),
            (
                "28 December 2026 falls in the Christmas closure".to_owned(),
                "28 december 2026 valt in de kerstsluiting".to_owned()
            )
        );
    }

    #[test]
    fn a_booking_on_a_public_holiday_is_refused() {
        let refused = refusal(&Calendar::interventions(), "2027-03-29 10:00", "2027-03-29 11:00");
        assert_eq!(
            refused.problem,
            BookingProblem::ClosedDay {
                date: day(2027, 3, 29),
                closure: ClosureKind::PublicHoliday {
                    holiday: BelgianHoliday::EasterMonday
                }
            }
        );
        assert_eq!(
            both(&refused),
            (
                "Easter Monday 29 March 2027 is a public holiday".to_owned(),
                "Paasmaandag 29 maart 2027 is een feestdag".to_owned()
            )
        );
    }

    #[test]
    fn a_booking_across_the_lunch_break_is_refused() {
        let refused = refusal(&Calendar::interventions(), "2026-12-04 11:30", "2026-12-04 12:30");
        assert_eq!(
            refused.problem,
            BookingProblem::CrossesBreak {
                from: time("12:00"),
                until: time("13:00")
            }
        );
        assert_eq!(
            both(&refused),
            (
                "Friday 4 December 2026 11:30–12:30 runs into the break 12:00–13:00".to_owned(),
                "vrijdag 4 december 2026 11:30–12:30 loopt door in de pauze 12:00–13:00".to_owned()
            )
        );
        let inside = refusal(&Calendar::interventions(), "2026-12-04 12:15", "2026-12-04 12:45");
        assert_eq!(
            inside.describe(Language::En),
            "Friday 4 December 2026 12:15–12:45 starts during the break 12:00–13:00"
        );
    }

    #[test]
    fn a_booking_on_a_weekend_or_before_opening_is_refused() {
        let calendar = Calendar::interventions();
        let weekend = refusal(&calendar, "2026-12-05 10:00", "2026-12-05 11:00");
        assert_eq!(
            both(&weekend),
            (
                "Saturday 5 December 2026 falls in the weekend".to_owned(),
                "zaterdag 5 december 2026 valt in het weekend".to_owned()
            )
        );
        let early = refusal(&calendar, "2026-12-04 08:30", "2026-12-04 09:30");
        assert_eq!(
            early.problem,
            BookingProblem::StartsBeforeOpening {
                opens_at: time("09:00")
            }
        );
        assert_eq!(
            both(&early),
            (
                "Friday 4 December 2026 08:30–09:30 starts before opening time 09:00".to_owned(),
                "vrijdag 4 december 2026 08:30–09:30 begint vóór openingstijd 09:00".to_owned()
            )
        );
    }

    #[test]
    fn a_booking_over_several_days_or_backwards_is_refused() {
        let calendar = Calendar::interventions();
        let overnight = refusal(&calendar, "2026-12-03 16:00", "2026-12-04 10:00");
        assert_eq!(
            overnight.describe(Language::En),
            "Thursday 3 December 2026 16:00 – Friday 4 December 2026 10:00 ends after closing time 16:30"
        );
        let backwards = refusal(&calendar, "2026-12-03 11:00", "2026-12-03 10:00");
        assert_eq!(backwards.problem, BookingProblem::EndNotAfterStart);
        assert_eq!(
            backwards.describe(Language::Nl),
            "donderdag 3 december 2026 11:00–10:00: het einde ligt niet na het begin"
        );
    }

    #[test]
    fn a_booking_in_an_admin_closure_is_refused_with_its_reason() {
        let calendar = Calendar::interventions()
            .with_closures(vec![Closure {
                first_day: day(2026, 8, 3),
                last_day: day(2026, 8, 4),
                reason: "inventaris".to_owned(),
            }])
            .expect("valid closure");
        let refused = refusal(&calendar, "2026-08-04 10:00", "2026-08-04 11:00");
        assert_eq!(
            refused.describe(Language::En),
            "4 August 2026 falls in a closure (inventaris)"
        );
    }

    #[test]
    fn a_booking_may_run_through_midnight_when_the_hours_touch() {
        let day_and_night: Vec<_> = vec![
            OpeningInterval::new(time("00:00"), time("06:00")),
            OpeningInterval::new(time("20:00"), time("24:00")),
        ];
        let calendar = Calendar::new(
            WeeklySchedule::new(std::array::from_fn(|_| day_and_night.clone())).expect("valid"),
            Brussels,
        );
        assert_eq!(
            calendar.check_booking(bxl("2026-12-03 23:00"), bxl("2026-12-04 01:00")),
            Ok(())
        );
        let refused = refusal(&calendar, "2026-12-03 23:00", "2026-12-04 07:00");
        assert_eq!(
            refused.problem,
            BookingProblem::CrossesBreak {
                from: time("06:00"),
                until: time("20:00")
            }
        );
        let to_midnight = Calendar::new(
            WeeklySchedule::new(std::array::from_fn(|_| {
                vec![OpeningInterval::new(time("20:00"), time("24:00"))]
            }))
            .expect("valid"),
            Brussels,
        );
        let refused = refusal(&to_midnight, "2026-12-03 23:00", "2026-12-04 01:00");
        assert_eq!(
            refused.problem,
            BookingProblem::EndsAfterClosing {
                closes_at: TimeOfDay::END_OF_DAY
            }
        );
    }

    #[test]
    fn refusals_serialise_with_tags() {
        let refused = refusal(&Calendar::interventions(), "2027-03-29 10:00", "2027-03-29 11:00");
        assert_eq!(
            serde_json::to_value(&refused).expect("serialises"),
            serde_json::json!({
                "start": "2027-03-29T10:00:00",
                "end": "2027-03-29T11:00:00",
                "problem": {
                    "kind": "closed_day",
                    "date": "2027-03-29",
                    "closure": { "kind": "public_holiday", "holiday": "easter_monday" }
                }
            })
        );
    }

    fn starts(slots: &[Slot]) -> Vec<String> {
        slots
            .iter()
            .map(|slot| slot.start.with_timezone(&Brussels).format("%a %H:%M").to_string())
            .collect()
    }

    #[test]
    fn free_slots_follow_the_grid_and_avoid_busy_intervals() {
        let calendar = Calendar::interventions();
        let query = SlotQuery::new(bxl("2026-12-04 10:50"), bxl("2026-12-07 10:00"), minutes(60));
        let busy = [
            (bxl("2026-12-04 13:10"), bxl("2026-12-04 14:05")),
            (bxl("2026-12-04 13:00"), bxl("2026-12-04 13:20")),
        ];
        let slots = calendar.free_slots(&query, &busy);
        assert_eq!(starts(&slots), ["Fri 11:00", "Fri 14:15", "Fri 14:30", "Mon 09:00"]);
        assert!(slots.iter().all(|slot| slot.end - slot.start == Duration::hours(1)));

        let hourly = calendar.free_slots(&query.with_step(minutes(60)), &busy);
        // 13:00 and 14:00 collide with the busy intervals, 15:00 would end after 15:30.
        assert_eq!(starts(&hourly), ["Fri 11:00", "Mon 09:00"]);
    }

    #[test]
    fn no_slots_in_an_empty_window_or_on_closed_days() {
        let calendar = Calendar::interventions();
        let christmas = SlotQuery::new(bxl("2026-12-25 00:00"), bxl("2027-01-04 00:00"), minutes(30));
        assert!(calendar.free_slots(&christmas, &[]).is_empty());
        let backwards = SlotQuery::new(bxl("2026-12-04 12:00"), bxl("2026-12-04 09:00"), minutes(30));
        assert!(calendar.free_slots(&backwards, &[]).is_empty());
        let too_long = SlotQuery::new(bxl("2026-12-04 00:00"), bxl("2026-12-05 00:00"), minutes(181));
        assert!(calendar.free_slots(&too_long, &[]).is_empty());
    }

    fn calendars() -> impl Strategy<Value = Calendar> {
        let night_shift: Vec<_> = [("00:00", "02:30"), ("02:45", "06:00"), ("22:00", "24:00")]
            .iter()
            .map(|(s, e)| OpeningInterval::new(time(s), time(e)))
            .collect();
        prop_oneof![
            Just(Calendar::interventions()),
            Just(Calendar::phone()),
            Just(Calendar::new(
                WeeklySchedule::new(std::array::from_fn(|_| night_shift.clone())).expect("valid"),
                Brussels
            )),
        ]
    }

    fn instant_in(first: &str, last: &str) -> impl Strategy<Value = DateTime<Utc>> {
        let (first, last) = (bxl(first).timestamp() / 60, bxl(last).timestamp() / 60);
        (first..last).prop_map(|minute| DateTime::from_timestamp(minute * 60, 0).expect("in range"))
    }

    proptest! {
        #[test]
        fn free_slots_are_open_free_and_on_the_grid(
            calendar in calendars(),
            from in instant_in("2026-03-20 00:00", "2026-04-10 00:00"),
            window_hours in 1i64..400,
            length in 5u32..240,
            step in prop_oneof![Just(5u32), Just(15), Just(30), Just(60)],
            busy in proptest::collection::vec((instant_in("2026-03-20 00:00", "2026-04-30 00:00"), 1i64..600), 0..12),
        ) {
            let to = from + Duration::hours(window_hours);
            let busy: Vec<_> = busy.into_iter().map(|(start, minutes)| (start, start + Duration::minutes(minutes))).collect();
            let query = SlotQuery::new(from, to, minutes(length)).with_step(minutes(step));
            let slots = calendar.free_slots(&query, &busy);
            for pair in slots.windows(2) {
                prop_assert!(pair[0].start < pair[1].start);
            }
            for slot in &slots {
                let span = calendar.open_spans(slot.start, calendar.local_day(slot.end)).next().expect("inside a span");
                prop_assert_eq!((slot.start - span.start).num_minutes() % i64::from(step), 0, "off the grid");
                prop_assert!(from <= slot.start && slot.end <= to);
                prop_assert_eq!(slot.end - slot.start, Duration::minutes(i64::from(length)));
                prop_assert_eq!(calendar.business_time_between(slot.start, slot.end), slot.end - slot.start, "slot closed somewhere");
                prop_assert_eq!(calendar.check_booking(slot.start, slot.end), Ok(()));
                prop_assert!(busy.iter().all(|&(start, end)| end <= slot.start || slot.end <= start), "slot overlaps busy");
            }
        }

        #[test]
        fn a_booking_is_accepted_exactly_when_it_is_open_throughout(
            calendar in calendars(),
            start in instant_in("2026-03-20 00:00", "2026-11-10 00:00"),
            length in 1i64..600,
        ) {
            let end = start + Duration::minutes(length);
            let open_throughout = calendar.business_time_between(start, end) == end - start;
            prop_assert_eq!(calendar.check_booking(start, end).is_ok(), open_throughout);
        }
    }
}

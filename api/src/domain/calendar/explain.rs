//! Why a due time lies where it does: what business-time arithmetic skipped.

use super::days::{ClosedPeriod, ClosureKind};
use super::timeline::ClosedReason;
use super::{words, Calendar, Language};
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};
use serde::Serialize;

/// An instant plus business minutes, with what was skipped on the way: closed days
/// (grouped into holidays, closure periods and weekends), nights and breaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DueExplanation {
    /// The start.
    pub from: DateTime<Utc>,
    /// The business minutes added.
    pub minutes: u32,
    /// The due instant ([`Calendar::add_business_minutes`]).
    pub due: DateTime<Utc>,
    /// The start, wall-clock time in the calendar's zone.
    pub local_from: NaiveDateTime,
    /// The due instant, wall-clock time in the calendar's zone.
    pub local_due: NaiveDateTime,
    /// The closed days between the start and the due instant, in runs with one reason,
    /// in date order.
    pub skipped: Vec<ClosedPeriod>,
    /// How many times the count paused outside opening hours without a closed day in
    /// between: overnight, or before the first opening when the start is early.
    pub nights: u32,
    /// How many breaks between two openings of one day the count paused for.
    pub breaks: u32,
}

impl DueExplanation {
    /// The explanation as a sentence: "16 business hours from Wednesday 23 December 2026
    /// 15:00 end on Tuesday 5 January 2027 10:30; skipped the Christmas closure 25 December
    /// 2026 – 1 January 2027, the weekend 2–3 January 2027, 2 nights and 2 breaks".
    pub fn describe(&self, lang: Language) -> String {
        let (count, unit_one, unit_many) = match (self.minutes % 60 == 0 && self.minutes > 0, lang) {
            (true, Language::Nl) => (self.minutes / 60, "werkuur", "werkuren"),
            (true, Language::En) => (self.minutes / 60, "business hour", "business hours"),
            (false, Language::Nl) => (self.minutes, "werkminuut", "werkminuten"),
            (false, Language::En) => (self.minutes, "business minute", "business minutes"),
        };
        let amount = counted(count, unit_one, unit_many);
        let from = words::local_instant(self.local_from, lang);
        let due = words::local_instant(self.local_due, lang);
        let mut sentence = match (lang, count == 1) {
            (Language::Nl, true) => format!("{amount} vanaf {from} eindigt op {due}"),
            (Language::Nl, false) => format!("{amount} vanaf {from} eindigen op {due}"),
            (Language::En, true) => format!("{amount} from {from} ends on {due}"),
            (Language::En, false) => format!("{amount} from {from} end on {due}"),
        };
        let mut skipped: Vec<String> = self.skipped.iter().map(|period| period.describe(lang)).collect();
        let (night, nights, pause, pauses) = match lang {
            Language::Nl => ("nacht", "nachten", "pauze", "pauzes"),
            Language::En => ("night", "nights", "break", "breaks"),
        };
        if self.nights > 0 {
            skipped.push(counted(self.nights, night, nights));
        }
        if self.breaks > 0 {
            skipped.push(counted(self.breaks, pause, pauses));
        }
        if !skipped.is_empty() {
            let intro = match lang {
                Language::Nl => "; overgeslagen: ",
                Language::En => "; skipped ",
            };
            sentence.push_str(intro);
            sentence.push_str(&words::list(&skipped, lang));
        }
        sentence
    }
}

impl DueExplanation {
    /// The due instant as people read it: "Tuesday 5 January 2027 10:30".
    pub fn due_phrase(&self, lang: Language) -> String {
        words::local_instant(self.local_due, lang)
    }
}

fn counted(count: u32, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

impl Calendar {
    /// [`Calendar::add_business_minutes`], with what was skipped on the way; `None` when
    /// that gives `None`.
    pub fn explain_add(&self, from: DateTime<Utc>, minutes: u32) -> Option<DueExplanation> {
        let due = self.add_business_minutes(from, minutes)?;
        let (nights, breaks) = self.pauses_between(from, due);
        Some(DueExplanation {
            from,
            minutes,
            due,
            local_from: self.local(from),
            local_due: self.local(due),
            skipped: self.closed_periods_between(from, due),
            nights,
            breaks,
        })
    }

    /// The closed days from the day of `from` up to the instant before `to`, grouped.
    fn closed_periods_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<ClosedPeriod> {
        let mut periods: Vec<ClosedPeriod> = Vec::new();
        if to <= from {
            return periods;
        }
        // A due time at midnight belongs to the day before, not to the (maybe closed) day after.
        let last_day = self.local_day(to - Duration::milliseconds(1));
        for day in self.local_day(from).iter_days().take_while(|day| *day <= last_day) {
            let Some(kind) = self.closure_on(day) else { continue };
            match periods.last_mut() {
                Some(run) if run.last_day.succ_opt() == Some(day) && continues(&run.kind, &kind) => run.last_day = day,
                _ => periods.push(ClosedPeriod {
                    first_day: day,
                    last_day: day,
                    kind,
                }),
            }
        }
        periods
    }

    /// Counts the nights and breaks between `from` and `to` that are not part of a closed day.
    fn pauses_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> (u32, u32) {
        let (mut nights, mut breaks) = (0, 0);
        let mut previous_end: Option<DateTime<Utc>> = None;
        for span in self
            .open_intervals(from, self.local_day(to))
            .take_while(|span| span.start < to)
        {
            let is_first = previous_end.is_none();
            let pause_start = previous_end.unwrap_or(from);
            previous_end = Some(span.end);
            let (pause_day, next_open_day) = (self.local_day(pause_start), self.local_day(span.start));
            if span.start <= pause_start || self.has_closed_day(pause_day, next_open_day) {
                continue;
            }
            // Waiting from an early start until the first opening counts as the night.
            let is_break = pause_day == next_open_day
                && (!is_first || matches!(self.closed_reason_at(from), ClosedReason::Break { .. }));
            if is_break {
                breaks += 1;
            } else {
                nights += 1;
            }
        }
        (nights, breaks)
    }

    fn has_closed_day(&self, first: NaiveDate, last: NaiveDate) -> bool {
        first
            .iter_days()
            .take_while(|day| *day <= last)
            .any(|day| self.closure_on(day).is_some())
    }
}

/// Whether a closed day with `next` extends a run of `run`: the same closure period or
/// more days without opening hours; every holiday stands alone.
fn continues(run: &ClosureKind, next: &ClosureKind) -> bool {
    match (run, next) {
        (ClosureKind::ChristmasClosure, ClosureKind::ChristmasClosure)
        | (ClosureKind::NoOpeningHours, ClosureKind::NoOpeningHours) => true,
        (ClosureKind::Closure { reason: run }, ClosureKind::Closure { reason: next }) => run == next,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::super::holidays::BelgianHoliday;
    use super::*;
    use chrono::TimeZone;
    use chrono_tz::Europe::Brussels;

    fn bxl(text: &str) -> DateTime<Utc> {
        let local = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").expect("local time");
        Brussels
            .from_local_datetime(&local)
            .single()
            .expect("unambiguous local time")
            .with_timezone(&Utc)
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    fn period(first_day: NaiveDate, last_day: NaiveDate, kind: ClosureKind) -> ClosedPeriod {
        ClosedPeriod {
            first_day,
            last_day,
            kind,
        }
    }

    #[test]
    fn sixteen_hours_over_christmas_skip_the_closure_and_the_weekend() {
        let explained = Calendar::interventions()
            .explain_add(bxl("2026-12-23 15:00"), 16 * 60)
            .expect("due");
        assert_eq!(explained.due, bxl("2027-01-05 10:30"));
        assert_eq!(
            explained.skipped,
            [
                period(day(2026, 12, 25), day(2027, 1, 1), ClosureKind::ChristmasClosure),
                period(day(2027, 1, 2), day(2027, 1, 3), ClosureKind::NoOpeningHours),
            ]
        );
        // 23→24 December and 4→5 January; lunch on 24 December and 4 January.
        assert_eq!((explained.nights, explained.breaks), (2, 2));
        assert_eq!(
            explained.describe(Language::En),
            "16 business hours from Wednesday 23 December 2026 15:00 end on Tuesday 5 January 2027 10:30; \
             skipped the Christmas closure 25 December 2026 – 1 January 2027, the weekend 2–3 January 2027, \
             2 nights and 2 breaks"
        );
        assert_eq!(
            explained.describe(Language::Nl),
            "16 werkuren vanaf woensdag 23 december 2026 15:00 eindigen op dinsdag 5 januari 2027 10:30; \
             overgeslagen: de kerstsluiting 25 december 2026 – 1 januari 2027, het weekend 2–3 januari 2027, \
             2 nachten en 2 pauzes"
        );
    }

    #[test]
    fn holidays_stand_alone_and_weekends_group() {
        // Thursday 13 May 2027 15:00: Friday 14 May is open, the weekend, Monday 17 May is
        // Whit Monday. 1.5 h Thursday + 5.5 h Friday + 1 h Tuesday.
        let explained = Calendar::interventions()
            .explain_add(bxl("2027-05-13 15:00"), 8 * 60)
            .expect("due");
        assert_eq!(explained.due, bxl("2027-05-18 10:00"));
        assert_eq!(
            explained.skipped,
            [
                period(day(2027, 5, 15), day(2027, 5, 16), ClosureKind::NoOpeningHours),
                period(
                    day(2027, 5, 17),
                    day(2027, 5, 17),
                    ClosureKind::PublicHoliday {
                        holiday: BelgianHoliday::WhitMonday
                    }
                ),
            ]
        );
        assert_eq!((explained.nights, explained.breaks), (1, 1));
        assert_eq!(
            explained.describe(Language::En),
            "8 business hours from Thursday 13 May 2027 15:00 end on Tuesday 18 May 2027 10:00; \
             skipped the weekend 15–16 May 2027, Whit Monday 17 May 2027, 1 night and 1 break"
        );
    }

    #[test]
    fn nothing_skipped_inside_one_opening() {
        let explained = Calendar::interventions()
            .explain_add(bxl("2026-12-02 09:00"), 60)
            .expect("due");
        assert_eq!(explained.due, bxl("2026-12-02 10:00"));
        assert!(explained.skipped.is_empty());
        assert_eq!((explained.nights, explained.breaks), (0, 0));
        assert_eq!(
            explained.describe(Language::Nl),
            "1 werkuur vanaf woensdag 2 december 2026 09:00 eindigt op woensdag 2 december 2026 10:00"
        );
    }

    #[test]
    fn an_early_or_lunchtime_start_counts_the_wait() {
        let calendar = Calendar::interventions();
        let early = calendar.explain_add(bxl("2026-12-02 07:00"), 30).expect("due");
        assert_eq!((early.due, early.nights, early.breaks), (bxl("2026-12-02 09:30"), 1, 0));
        let lunch = calendar.explain_add(bxl("2026-12-02 12:10"), 30).expect("due");
        assert_eq!((lunch.due, lunch.nights, lunch.breaks), (bxl("2026-12-02 13:30"), 0, 1));
        let saturday = calendar.explain_add(bxl("2026-12-05 10:00"), 0).expect("due");
        assert_eq!(saturday.due, bxl("2026-12-07 09:00"));
        assert_eq!(
            saturday.skipped,
            [period(day(2026, 12, 5), day(2026, 12, 6), ClosureKind::NoOpeningHours)]
        );
        assert_eq!((saturday.nights, saturday.breaks), (0, 0));
        assert_eq!(
            saturday.describe(Language::En),
            "0 business minutes from Saturday 5 December 2026 10:00 end on Monday 7 December 2026 09:00; \
             skipped the weekend 5–6 December 2026"
        );
    }

    #[test]
    fn nothing_to_explain_for_a_calendar_that_never_opens() {
        let never = Calendar::new(super::super::WeeklySchedule::default(), Brussels);
        assert_eq!(never.explain_add(bxl("2026-12-02 09:00"), 60), None);
    }
}

//! The rules of the reports: a bounded period of Belgian days, its months and ISO weeks as
//! instants (Europe/Brussels, summer time included), the business minutes of many spans from
//! one walk over the calendar, and the median.

use super::calendar::{Calendar, Status};
use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::Brussels;

/// The longest period a report covers, in days (a leap year).
pub const MAX_PERIOD_DAYS: i64 = 366;

/// Why a period is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodError {
    /// `to` is before `from`.
    Inverted,
    /// More than [`MAX_PERIOD_DAYS`] days.
    TooLong,
}

/// A period of whole days in Belgium, `from` to `to` included, at most [`MAX_PERIOD_DAYS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    from: NaiveDate,
    to: NaiveDate,
}

impl Period {
    /// Checks the order and the length.
    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<Period, PeriodError> {
        if to < from {
            return Err(PeriodError::Inverted);
        }
        if (to - from).num_days() >= MAX_PERIOD_DAYS {
            return Err(PeriodError::TooLong);
        }
        Ok(Period { from, to })
    }

    /// The first day.
    pub fn from(&self) -> NaiveDate {
        self.from
    }

    /// The last day, included.
    pub fn to(&self) -> NaiveDate {
        self.to
    }

    /// The instant the period starts: midnight of `from` in Brussels.
    pub fn start(&self) -> DateTime<Utc> {
        brussels_midnight(self.from)
    }

    /// The instant the period ends (excluded): midnight after `to` in Brussels.
    pub fn end(&self) -> DateTime<Utc> {
        brussels_midnight(self.to.succ_opt().unwrap_or(self.to))
    }

    /// The calendar months the period touches, each cut to the period.
    pub fn months(&self) -> Vec<Bucket> {
        self.buckets(
            |day| NaiveDate::from_ymd_opt(day.year(), day.month(), 1).unwrap_or(day),
            |first| {
                let (year, month) = if first.month() == 12 {
                    (first.year() + 1, 1)
                } else {
                    (first.year(), first.month() + 1)
                };
                NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(first)
            },
        )
        .into_iter()
        .map(|(first, last)| Bucket::new(format!("{:04}-{:02}", first.year(), first.month()), first, last))
        .collect()
    }

    /// The ISO weeks (Monday to Sunday) the period touches, each cut to the period.
    pub fn iso_weeks(&self) -> Vec<Bucket> {
        self.buckets(
            |day| day - Duration::days(i64::from(day.weekday().num_days_from_monday())),
            |monday| monday + Duration::days(7),
        )
        .into_iter()
        .map(|(first, last)| {
            let week = first.iso_week();
            Bucket::new(format!("{:04}-W{:02}", week.year(), week.week()), first, last)
        })
        .collect()
    }

    /// The (first, last) days of each bucket: `start_of(day)` is the bucket's natural first
    /// day, `next(start)` the next bucket's; both cut to the period.
    fn buckets(
        &self,
        start_of: impl Fn(NaiveDate) -> NaiveDate,
        next: impl Fn(NaiveDate) -> NaiveDate,
    ) -> Vec<(NaiveDate, NaiveDate)> {
        let mut out = Vec::new();
        let mut natural = start_of(self.from);
        while natural <= self.to {
            let following = next(natural);
            let first = natural.max(self.from);
            let last = following.pred_opt().unwrap_or(following).min(self.to);
            out.push((first, last));
            if following <= natural {
                break;
            }
            natural = following;
        }
        out
    }
}

/// Midnight at the start of a day in Brussels, as an instant. Summer time changes at 02:00
/// or 03:00, so midnight always exists once.
pub fn brussels_midnight(day: NaiveDate) -> DateTime<Utc> {
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    Brussels
        .from_local_datetime(&midnight)
        .earliest()
        .map_or_else(|| Utc.from_utc_datetime(&midnight), |t| t.with_timezone(&Utc))
}

/// A month or a week of a report: its label, its days within the period, and the instants
/// it spans (`start` included, `end` excluded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bucket {
    /// `YYYY-MM` for a month, `YYYY-Www` for an ISO week.
    pub label: String,
    /// The first day within the period.
    pub first_day: NaiveDate,
    /// The last day within the period, included.
    pub last_day: NaiveDate,
    /// Midnight of `first_day` in Brussels.
    pub start: DateTime<Utc>,
    /// Midnight after `last_day` in Brussels.
    pub end: DateTime<Utc>,
}

impl Bucket {
    fn new(label: String, first_day: NaiveDate, last_day: NaiveDate) -> Bucket {
        Bucket {
            label,
            first_day,
            last_day,
            start: brussels_midnight(first_day),
            end: brussels_midnight(last_day.succ_opt().unwrap_or(last_day)),
        }
    }
}

/// Which of `buckets` (consecutive, in order) holds `instant`, if any.
pub fn bucket_of(buckets: &[Bucket], instant: DateTime<Utc>) -> Option<usize> {
    let index = buckets.partition_point(|b| b.end <= instant);
    buckets.get(index).filter(|b| b.start <= instant).map(|_| index)
}

/// Which of `buckets` holds a day, if any.
pub fn bucket_of_day(buckets: &[Bucket], day: NaiveDate) -> Option<usize> {
    let index = buckets.partition_point(|b| b.last_day < day);
    buckets.get(index).filter(|b| b.first_day <= day).map(|_| index)
}

/// The open spans of a calendar over a stretch of time with the business time before each,
/// so the business time between any two instants in it is two binary searches rather than a
/// walk over the calendar per pair: the first-response times of a year of tickets cost one
/// walk over the year's openings.
#[derive(Debug, Clone)]
pub struct BusinessClock {
    /// Open spans `(start, end)` in order, and the open time before each.
    spans: Vec<(DateTime<Utc>, DateTime<Utc>, Duration)>,
}

impl BusinessClock {
    /// The openings of `calendar` from `from` to `to`.
    pub fn new(calendar: &Calendar, from: DateTime<Utc>, to: DateTime<Utc>) -> BusinessClock {
        let mut spans = Vec::new();
        let mut total = Duration::zero();
        let mut at = from;
        while at < to {
            match calendar.status_at(at) {
                Status::Open { closes_at } if closes_at > at => {
                    spans.push((at, closes_at, total));
                    total += closes_at - at;
                    at = closes_at;
                }
                Status::Closed {
                    next_opening: Some(next),
                    ..
                } if next > at => at = next,
                _ => break,
            }
        }
        BusinessClock { spans }
    }

    /// The open time from the clock's start to `at` (clamped to the stretch it covers).
    fn elapsed(&self, at: DateTime<Utc>) -> Duration {
        let index = self.spans.partition_point(|(start, _, _)| *start <= at);
        match index.checked_sub(1).and_then(|i| self.spans.get(i)) {
            None => Duration::zero(),
            Some((start, end, before)) => *before + (at.min(*end) - *start),
        }
    }

    /// The business minutes from `from` to `to`, as the SLA counts them (open time in whole
    /// minutes, rounded down; 0 when `to` is not after `from`), for instants within the
    /// stretch the clock was made for.
    pub fn minutes_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
        if to <= from {
            return 0;
        }
        (self.elapsed(to) - self.elapsed(from)).num_minutes()
    }
}

/// The median: the middle value, or the mean of the two middle ones for an even count
/// (so it may end in .5); `None` for no values. Reorders `values` (a selection, not a sort:
/// a year of first responses is half a million values).
pub fn median(values: &mut [i64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let even = values.len() % 2 == 0;
    let middle = values.len() / 2;
    let (below, at, _) = values.select_nth_unstable(middle);
    let at = *at;
    #[allow(clippy::cast_precision_loss)]
    let answer = match below.iter().max() {
        Some(lower) if even => (*lower as f64 + at as f64) / 2.0,
        _ => at as f64,
    };
    Some(answer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(year: i32, month: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, d).unwrap()
    }

    fn brussels(year: i32, month: u32, d: u32, hour: u32, minute: u32) -> DateTime<Utc> {
        Brussels
            .with_ymd_and_hms(year, month, d, hour, minute, 0)
            .single()
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn a_period_is_ordered_and_at_most_a_leap_year() {
        assert_eq!(
            Period::new(day(2026, 2, 1), day(2026, 1, 31)),
            Err(PeriodError::Inverted)
        );
        assert!(Period::new(day(2024, 1, 1), day(2024, 12, 31)).is_ok(), "366 days");
        assert_eq!(Period::new(day(2024, 1, 1), day(2025, 1, 1)), Err(PeriodError::TooLong));
        assert!(Period::new(day(2026, 3, 3), day(2026, 3, 3)).is_ok(), "one day");
    }

    #[test]
    fn the_period_starts_and_ends_at_brussels_midnight() {
        let winter = Period::new(day(2026, 1, 1), day(2026, 1, 31)).unwrap();
        assert_eq!(winter.start().to_rfc3339(), "2025-12-31T23:00:00+00:00");
        assert_eq!(winter.end().to_rfc3339(), "2026-01-31T23:00:00+00:00");
        let summer = Period::new(day(2026, 7, 1), day(2026, 7, 1)).unwrap();
        assert_eq!(summer.start().to_rfc3339(), "2026-06-30T22:00:00+00:00");
        assert_eq!(summer.end().to_rfc3339(), "2026-07-01T22:00:00+00:00");
    }

    #[test]
    fn months_are_cut_to_the_period_and_cross_summer_time() {
        let months = Period::new(day(2026, 3, 15), day(2026, 5, 10)).unwrap().months();
        let labels: Vec<&str> = months.iter().map(|b| b.label.as_str()).collect();
        assert_eq!(labels, ["2026-03", "2026-04", "2026-05"]);
        assert_eq!(
            (months[0].first_day, months[0].last_day),
            (day(2026, 3, 15), day(2026, 3, 31))
        );
        assert_eq!(
            (months[2].first_day, months[2].last_day),
            (day(2026, 5, 1), day(2026, 5, 10))
        );
        // March ends in summer time: 1 April 00:00 in Brussels is 22:00 UTC.
        assert_eq!(months[0].end.to_rfc3339(), "2026-03-31T22:00:00+00:00");
        assert_eq!(months[1].start, months[0].end);
        let december = Period::new(day(2026, 12, 20), day(2027, 1, 5)).unwrap().months();
        let labels: Vec<&str> = december.iter().map(|b| b.label.as_str()).collect();
        assert_eq!(labels, ["2026-12", "2027-01"]);
    }

    #[test]
    fn iso_weeks_run_monday_to_sunday_with_the_iso_year() {
        // 2026-12-28 is a Monday of week 53; 2027-01-04 starts week 1 of 2027.
        let weeks = Period::new(day(2026, 12, 30), day(2027, 1, 5)).unwrap().iso_weeks();
        let labels: Vec<&str> = weeks.iter().map(|b| b.label.as_str()).collect();
        assert_eq!(labels, ["2026-W53", "2027-W01"]);
        assert_eq!(
            (weeks[0].first_day, weeks[0].last_day),
            (day(2026, 12, 30), day(2027, 1, 3))
        );
        assert_eq!(
            (weeks[1].first_day, weeks[1].last_day),
            (day(2027, 1, 4), day(2027, 1, 5))
        );
        // 2025-12-29 (Monday) belongs to week 1 of 2026.
        let weeks = Period::new(day(2025, 12, 29), day(2025, 12, 31)).unwrap().iso_weeks();
        assert_eq!(weeks[0].label, "2026-W01");
    }

    #[test]
    fn an_instant_falls_in_the_bucket_of_its_brussels_day() {
        let period = Period::new(day(2026, 3, 1), day(2026, 4, 30)).unwrap();
        let months = period.months();
        // 31 March 23:30 in Brussels is 21:30 UTC: still March.
        assert_eq!(bucket_of(&months, brussels(2026, 3, 31, 23, 30)), Some(0));
        assert_eq!(bucket_of(&months, brussels(2026, 4, 1, 0, 0)), Some(1));
        assert_eq!(bucket_of(&months, brussels(2026, 2, 28, 23, 59)), None);
        assert_eq!(bucket_of(&months, brussels(2026, 5, 1, 0, 0)), None);
        assert_eq!(bucket_of_day(&months, day(2026, 4, 30)), Some(1));
        assert_eq!(bucket_of_day(&months, day(2026, 5, 1)), None);
    }

    #[test]
    fn the_median_is_the_middle_or_the_mean_of_the_two_middles() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [7]), Some(7.0));
        assert_eq!(median(&mut [30, 10, 20]), Some(20.0));
        assert_eq!(median(&mut [40, 10, 20, 35]), Some(27.5));
    }

    #[test]
    fn the_clock_counts_open_time_only() {
        let calendar = Calendar::interventions();
        // Friday 15:00 to Monday 10:00 in a plain week of the intervention schedule.
        let friday = brussels(2026, 3, 6, 15, 0);
        let monday = brussels(2026, 3, 9, 10, 0);
        let expected = calendar.business_minutes_between(friday, monday);
        assert!(expected > 0);
        let clock = BusinessClock::new(&calendar, friday - Duration::days(1), monday + Duration::days(1));
        assert_eq!(clock.minutes_between(friday, monday), expected);
        assert_eq!(
            expected,
            30 + 60,
            "Friday 15:00 to closing at 15:30; Monday 09:00 to 10:00"
        );
        assert_eq!(clock.minutes_between(monday, friday), 0);
        assert_eq!(clock.minutes_between(friday, friday), 0);
    }

    proptest! {
        #[test]
        fn the_clock_counts_as_the_calendar_does(
            spans in proptest::collection::vec((0i64..(60 * 24 * 60), 0i64..(20 * 24 * 60)), 1..30),
        ) {
            let calendar = Calendar::interventions();
            let base = brussels(2026, 12, 1, 0, 0);
            let spans: Vec<(DateTime<Utc>, DateTime<Utc>)> = spans
                .into_iter()
                .map(|(start, length)| (base + Duration::minutes(start), base + Duration::minutes(start + length)))
                .collect();
            let clock = BusinessClock::new(&calendar, base, base + Duration::days(81));
            for (from, to) in &spans {
                prop_assert_eq!(clock.minutes_between(*from, *to), calendar.business_minutes_between(*from, *to));
            }
        }

        #[test]
        fn the_median_is_that_of_the_sorted_values(mut values in proptest::collection::vec(-50i64..50, 0..40)) {
            let mut sorted = values.clone();
            sorted.sort_unstable();
            #[allow(clippy::cast_precision_loss)]
            let expected = match sorted.len() {
                0 => None,
                n if n % 2 == 1 => Some(sorted[n / 2] as f64),
                n => Some((sorted[n / 2 - 1] as f64 + sorted[n / 2] as f64) / 2.0),
            };
            prop_assert_eq!(median(&mut values), expected);
        }

        #[test]
        fn every_day_of_a_period_is_in_exactly_one_week_and_one_month(
            start in 0i64..3000, length in 0i64..MAX_PERIOD_DAYS,
        ) {
            let from = day(2024, 1, 1) + Duration::days(start);
            let period = Period::new(from, from + Duration::days(length)).unwrap();
            for buckets in [period.months(), period.iso_weeks()] {
                prop_assert_eq!(buckets.first().unwrap().start, period.start());
                prop_assert_eq!(buckets.last().unwrap().end, period.end());
                for pair in buckets.windows(2) {
                    prop_assert_eq!(pair[0].end, pair[1].start);
                    prop_assert_eq!(pair[0].last_day.succ_opt().unwrap(), pair[1].first_day);
                }
                let days: i64 = buckets.iter().map(|b| (b.last_day - b.first_day).num_days() + 1).sum();
                prop_assert_eq!(days, length + 1);
                for bucket in &buckets {
                    prop_assert_eq!(bucket_of(&buckets, bucket.start).map(|i| &buckets[i]), Some(bucket));
                    prop_assert_eq!(bucket_of(&buckets, bucket.end - Duration::seconds(1)).map(|i| &buckets[i]), Some(bucket));
                }
            }
        }
    }
}

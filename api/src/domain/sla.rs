//! Service levels in business time: per priority, a first-response and a resolution target in
//! business minutes of the interventions calendar.
//!
//! - Both clocks start when the ticket is logged. The first response is the first public
//!   staff reply; the resolution is met when the ticket is resolved (or closed).
//! - While the ticket waits on the customer (`pending_customer`) the resolution clock stops:
//!   the business minutes spent waiting are added to the resolution target, so the due time
//!   moves later by exactly that much business time. The first-response clock never pauses.
//! - A priority change recomputes both due times from the creation instant with the new
//!   policy (pauses kept).
//! - A target is *breached* when it was met late or is still open after its due time, and
//!   *at risk* while it is open and at most `100 - at_risk_percent` % of its business minutes
//!   remain. The queue orders by the most pressing due time: the first-response due time
//!   while nobody answered, the resolution due time afterwards.
//!
//! Pure logic: the calendar and the clock are passed in.

use super::calendar::{local_instant, Calendar, DueExplanation, Language};
use super::priority::Priority;
use chrono::{DateTime, Days, NaiveDateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The targets for one priority, in business minutes of the interventions calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SlaPolicy {
    /// The priority the targets apply to.
    pub priority: Priority,
    /// Business minutes from logging to the first public staff reply.
    pub first_response_minutes: u32,
    /// Business minutes from logging to resolution, not counting time waiting on the customer.
    pub resolution_minutes: u32,
}

impl SlaPolicy {
    /// The seeded policies: critical 1 h / 1 day, high 4 h / 2 days, medium 1 day / 5 days,
    /// low 2 days / 10 days (a business day counted as 8 hours = 480 minutes).
    pub const DEFAULTS: [SlaPolicy; 4] = [
        SlaPolicy::new(Priority::Critical, 60, 480),
        SlaPolicy::new(Priority::High, 240, 960),
        SlaPolicy::new(Priority::Medium, 480, 2400),
        SlaPolicy::new(Priority::Low, 960, 4800),
    ];

    /// The seeded policy of `priority`.
    pub fn default_for(priority: Priority) -> SlaPolicy {
        let [critical, high, medium, low] = SlaPolicy::DEFAULTS;
        match priority {
            Priority::Critical => critical,
            Priority::High => high,
            Priority::Medium => medium,
            Priority::Low => low,
        }
    }

    /// A policy.
    pub const fn new(priority: Priority, first_response_minutes: u32, resolution_minutes: u32) -> SlaPolicy {
        SlaPolicy {
            priority,
            first_response_minutes,
            resolution_minutes,
        }
    }
}

/// The due times of a ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DueTimes {
    /// When the first public staff reply is due.
    pub first_response: DateTime<Utc>,
    /// When the resolution is due, pauses included.
    pub resolution: DateTime<Utc>,
}

/// The due times of a ticket logged at `created_at` under `policy`, after `paused_minutes`
/// business minutes of waiting on the customer; `None` if the calendar never opens.
pub fn due_times(
    calendar: &Calendar,
    policy: &SlaPolicy,
    created_at: DateTime<Utc>,
    paused_minutes: u32,
) -> Option<DueTimes> {
    Some(DueTimes {
        first_response: calendar.add_business_minutes(created_at, policy.first_response_minutes)?,
        resolution: calendar
            .add_business_minutes(created_at, policy.resolution_minutes.saturating_add(paused_minutes))?,
    })
}

/// [`due_times`] with what each computation skipped.
pub fn explain(
    calendar: &Calendar,
    policy: &SlaPolicy,
    created_at: DateTime<Utc>,
    paused_minutes: u32,
) -> Option<(DueExplanation, DueExplanation)> {
    Some((
        calendar.explain_add(created_at, policy.first_response_minutes)?,
        calendar.explain_add(created_at, policy.resolution_minutes.saturating_add(paused_minutes))?,
    ))
}

/// The business minutes of a pause from `since` to `until` (0 if `until` is not later).
pub fn paused_minutes(calendar: &Calendar, since: DateTime<Utc>, until: DateTime<Utc>) -> u32 {
    u32::try_from(calendar.business_minutes_between(since, until).max(0)).unwrap_or(u32::MAX)
}

/// The queue's due time: the first response while nobody answered, then the resolution.
pub fn most_pressing(due: &DueTimes, first_response_at: Option<DateTime<Utc>>) -> DateTime<Utc> {
    match first_response_at {
        None => due.first_response.min(due.resolution),
        Some(_) => due.resolution,
    }
}

/// Where a ticket stands against its targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlaProgress {
    /// When it was logged.
    pub created_at: DateTime<Utc>,
    /// The first public staff reply, if any.
    pub first_response_at: Option<DateTime<Utc>>,
    /// When it was resolved, if it is resolved or closed now.
    pub resolved_at: Option<DateTime<Utc>>,
    /// Since when it waits on the customer, if it does now.
    pub paused_since: Option<DateTime<Utc>>,
}

/// The flags of a ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, ToSchema)]
pub struct SlaFlags {
    /// A target was missed (met late, or still open after its due time).
    pub breached: bool,
    /// Not breached, but an open target has little business time left.
    pub at_risk: bool,
}

/// The flags at `now`. `at_risk_percent` is the share of a target's business minutes that,
/// once used, makes it at risk (75: at risk with a quarter left).
pub fn assess(
    calendar: &Calendar,
    policy: &SlaPolicy,
    due: &DueTimes,
    progress: &SlaProgress,
    now: DateTime<Utc>,
    at_risk_percent: u32,
) -> SlaFlags {
    let first_response = target(
        calendar,
        policy.first_response_minutes,
        due.first_response,
        progress.first_response_at,
        now,
        at_risk_percent,
    );
    // While paused the resolution clock stands still at the moment the pause began.
    let resolution_now = progress.paused_since.map_or(now, |since| since.min(now));
    let resolution = target(
        calendar,
        policy.resolution_minutes,
        due.resolution,
        progress.resolved_at,
        resolution_now,
        at_risk_percent,
    );
    let breached = first_response.breached || resolution.breached;
    SlaFlags {
        breached,
        at_risk: !breached && (first_response.at_risk || resolution.at_risk),
    }
}

fn target(
    calendar: &Calendar,
    minutes: u32,
    due: DateTime<Utc>,
    met_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    at_risk_percent: u32,
) -> SlaFlags {
    if let Some(met) = met_at {
        return SlaFlags {
            breached: met > due,
            at_risk: false,
        };
    }
    if now > due {
        return SlaFlags {
            breached: true,
            at_risk: false,
        };
    }
    let left = calendar.business_minutes_between(now, due);
    let allowed_left = i64::from(minutes) * i64::from(100u32.saturating_sub(at_risk_percent.min(100)));
    SlaFlags {
        breached: false,
        at_risk: left * 100 <= allowed_left,
    }
}

/// Business minutes from `now` until each of `dues`: negative once one has passed (the
/// business minutes it is overdue by). The calendar is walked once over the span the instants
/// cover, in the stretches between neighbouring instants, rather than once per instant: a page
/// of tickets overdue for months costs one walk, not one per ticket.
pub fn business_minutes_until(calendar: &Calendar, now: DateTime<Utc>, dues: &[DateTime<Utc>]) -> Vec<i64> {
    let mut instants: Vec<DateTime<Utc>> = dues.iter().copied().chain(std::iter::once(now)).collect();
    instants.sort_unstable();
    instants.dedup();
    // The business time from the earliest instant to each one, in the same order.
    let mut elapsed = Vec::with_capacity(instants.len());
    let mut total = chrono::Duration::zero();
    for (index, instant) in instants.iter().enumerate() {
        if index > 0 {
            total += calendar.business_time_between(instants[index - 1], *instant);
        }
        elapsed.push(total);
    }
    let at = |instant: DateTime<Utc>| elapsed[instants.binary_search(&instant).unwrap_or_default()];
    let from_now = at(now);
    // Whole minutes towards zero: as `business_minutes_between` counts either way round.
    dues.iter().map(|due| (at(*due) - from_now).num_minutes()).collect()
}

/// What is left of each target at an instant, in business minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TimeLeft {
    /// Until the first response is due (negative when overdue); `None` once staff replied or
    /// the ticket was resolved.
    pub first_response: Option<i64>,
    /// Until the resolution is due (negative when overdue); `None` once resolved, and while
    /// the ticket waits on the customer (the clock stands still).
    pub resolution: Option<i64>,
}

/// The business minutes left at `now` of each target whose clock runs, for each ticket's due
/// times and progress (a page of tickets at once: see [`business_minutes_until`]).
pub fn time_left(calendar: &Calendar, tickets: &[(DueTimes, SlaProgress)], now: DateTime<Utc>) -> Vec<TimeLeft> {
    // Per ticket, the due times of the targets whose clock runs: first response, resolution.
    let running: Vec<[Option<DateTime<Utc>>; 2]> = tickets
        .iter()
        .map(|(due, progress)| {
            let resolved = progress.resolved_at.is_some();
            [
                (progress.first_response_at.is_none() && !resolved).then_some(due.first_response),
                (!resolved && progress.paused_since.is_none()).then_some(due.resolution),
            ]
        })
        .collect();
    let dues: Vec<DateTime<Utc>> = running.iter().flatten().flatten().copied().collect();
    let mut minutes = business_minutes_until(calendar, now, &dues).into_iter();
    running
        .into_iter()
        .map(|[first, resolution]| TimeLeft {
            first_response: first.and_then(|_| minutes.next()),
            resolution: resolution.and_then(|_| minutes.next()),
        })
        .collect()
}

/// When a ticket resolved at `resolved_at` closes by itself: at the end (local midnight) of
/// the `business_days`-th day with opening hours after the day it was resolved; `None` if
/// the calendar never opens.
pub fn auto_close_at(calendar: &Calendar, resolved_at: DateTime<Utc>, business_days: u32) -> Option<DateTime<Utc>> {
    let zone = calendar.zone();
    let resolved_day = resolved_at.with_timezone(&zone).date_naive();
    let mut counted = 0;
    let mut day = resolved_day;
    for _ in 0..super::calendar::SEARCH_HORIZON_DAYS {
        if counted >= business_days {
            let midnight = day.checked_add_days(Days::new(1))?.and_hms_opt(0, 0, 0)?;
            return zone
                .from_local_datetime(&midnight)
                .earliest()
                .map(|t| t.with_timezone(&Utc));
        }
        day = day.succ_opt()?;
        if calendar.closure_on(day).is_none() {
            counted += 1;
        }
    }
    None
}

/// Why the scheduler changed a ticket by itself. Recorded with the change (the history entry
/// has no actor), so the ticket's history says why, in Dutch or English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "scheduler", rename_all = "snake_case")]
pub enum SchedulerReason {
    /// A `scheduled` ticket's last appointment ended and no other is upcoming: it is open again.
    AppointmentPassed {
        /// When the last appointment ended.
        ended_at: DateTime<Utc>,
        /// The same instant on the calendar's wall clock when it was recorded (what people read).
        ended_local: NaiveDateTime,
    },
    /// A resolved ticket stayed resolved for this many business days: it is closed.
    ResolvedDaysPassed {
        /// The configured number of business days.
        business_days: u32,
    },
}

impl SchedulerReason {
    /// The name history entries show as the rule behind the change.
    pub const RULE_NAME: &'static str = "scheduler";

    /// A ticket reopened because its last appointment, ending at `ended_at`, has passed.
    pub fn appointment_passed(calendar: &Calendar, ended_at: DateTime<Utc>) -> SchedulerReason {
        SchedulerReason::AppointmentPassed {
            ended_at,
            ended_local: calendar.local(ended_at),
        }
    }

    /// The reason as a sentence, e.g. "reopened by the scheduler: the appointment ended on
    /// Tuesday 2 March 2027 11:00 and no other is planned".
    pub fn sentence(&self, language: Language) -> String {
        match (self, language) {
            (SchedulerReason::AppointmentPassed { ended_local, .. }, Language::En) => format!(
                "reopened by the scheduler: the appointment ended on {} and no other is planned",
                local_instant(*ended_local, language)
            ),
            (SchedulerReason::AppointmentPassed { ended_local, .. }, Language::Nl) => format!(
                "heropend door de planner: de afspraak eindigde op {} en er is geen andere gepland",
                local_instant(*ended_local, language)
            ),
            (SchedulerReason::ResolvedDaysPassed { business_days }, Language::En) => {
                format!("closed by the scheduler: resolved for {business_days} business days")
            }
            (SchedulerReason::ResolvedDaysPassed { business_days }, Language::Nl) => {
                format!("gesloten door de planner: {business_days} werkdagen opgelost")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use chrono_tz::Europe::Brussels;
    use proptest::prelude::*;

    fn brussels(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Brussels
            .from_local_datetime(
                &NaiveDate::from_ymd_opt(y, mo, d)
                    .unwrap()
                    .and_hms_opt(h, mi, 0)
                    .unwrap(),
            )
            .unwrap()
            .with_timezone(&Utc)
    }

    fn policy(priority: Priority) -> SlaPolicy {
        SlaPolicy::DEFAULTS
            .into_iter()
            .find(|p| p.priority == priority)
            .unwrap()
    }

    #[test]
    fn friday_afternoon_runs_over_the_weekend() {
        // Friday 27 November 2026 15:00: half an hour left that day (Friday closes at 15:30).
        let due = due_times(
            &Calendar::interventions(),
            &policy(Priority::High),
            brussels(2026, 11, 27, 15, 0),
            0,
        )
        .unwrap();
        // 240 minutes: 30 on Friday, 180 on Monday morning, 30 after the lunch break.
        assert_eq!(due.first_response, brussels(2026, 11, 30, 13, 30));
        // 960 minutes: 30 Friday, 390 Monday, 390 Tuesday, 150 Wednesday.
        assert_eq!(due.resolution, brussels(2026, 12, 2, 11, 30));
    }

    #[test]
    fn twenty_third_of_december_skips_the_christmas_closure() {
        let created = brussels(2026, 12, 23, 15, 0);
        let due = due_times(&Calendar::interventions(), &policy(Priority::High), created, 0).unwrap();
        assert_eq!(due.resolution, brussels(2027, 1, 5, 10, 30));
        let (_, resolution) = explain(&Calendar::interventions(), &policy(Priority::High), created, 0).unwrap();
        let text = resolution.describe(crate::domain::account::Language::En);
        assert!(
            text.starts_with("16 business hours from Wednesday 23 December 2026 15:00"),
            "{text}"
        );
        assert!(text.contains("Tuesday 5 January 2027 10:30"), "{text}");
        assert!(text.contains("Christmas closure"), "{text}");
    }

    #[test]
    fn a_pause_pushes_the_resolution_by_its_business_minutes() {
        let calendar = Calendar::interventions();
        let created = brussels(2026, 11, 23, 9, 0);
        let pause = paused_minutes(&calendar, brussels(2026, 11, 23, 11, 0), brussels(2026, 11, 24, 10, 0));
        // 11:00–12:00, 13:00–16:30, then 09:00–10:00: 5.5 hours.
        assert_eq!(pause, 330);
        let without = due_times(&calendar, &policy(Priority::Critical), created, 0).unwrap();
        let with = due_times(&calendar, &policy(Priority::Critical), created, pause).unwrap();
        assert_eq!(without.first_response, with.first_response);
        assert_eq!(
            calendar.business_minutes_between(without.resolution, with.resolution),
            330
        );
        assert_eq!(paused_minutes(&calendar, with.resolution, without.resolution), 0);
    }

    #[test]
    fn flags_follow_the_clock() {
        let calendar = Calendar::interventions();
        let p = policy(Priority::Critical);
        let created = brussels(2026, 11, 23, 9, 0);
        let due = due_times(&calendar, &p, created, 0).unwrap();
        let open = SlaProgress {
            created_at: created,
            first_response_at: None,
            resolved_at: None,
            paused_since: None,
        };
        let at = |h, m| brussels(2026, 11, 23, h, m);
        assert_eq!(assess(&calendar, &p, &due, &open, at(9, 30), 75), SlaFlags::default());
        assert_eq!(
            assess(&calendar, &p, &due, &open, at(9, 45), 75),
            SlaFlags {
                breached: false,
                at_risk: true
            }
        );
        assert!(assess(&calendar, &p, &due, &open, at(10, 1), 75).breached);
        let answered = SlaProgress {
            first_response_at: Some(at(9, 50)),
            ..open
        };
        assert_eq!(
            assess(&calendar, &p, &due, &answered, at(10, 1), 75),
            SlaFlags::default()
        );
        let late = SlaProgress {
            first_response_at: Some(at(10, 30)),
            ..open
        };
        assert!(assess(&calendar, &p, &due, &late, at(11, 0), 75).breached);
        // Paused before the resolution due time: the clock stands still, no breach later.
        let paused = SlaProgress {
            paused_since: Some(at(11, 0)),
            ..answered
        };
        assert!(!assess(&calendar, &p, &due, &paused, brussels(2026, 12, 10, 9, 0), 75).breached);
    }

    #[test]
    fn the_queue_key_is_the_first_response_until_answered() {
        let calendar = Calendar::interventions();
        let due = due_times(&calendar, &policy(Priority::Low), brussels(2026, 11, 23, 9, 0), 0).unwrap();
        assert_eq!(most_pressing(&due, None), due.first_response);
        assert_eq!(most_pressing(&due, Some(brussels(2026, 11, 23, 9, 5))), due.resolution);
    }

    fn left_at(calendar: &Calendar, due: &DueTimes, progress: &SlaProgress, now: DateTime<Utc>) -> TimeLeft {
        time_left(calendar, &[(*due, *progress)], now)[0]
    }

    #[test]
    fn time_left_counts_business_minutes_and_goes_negative_when_overdue() {
        let calendar = Calendar::interventions();
        let p = policy(Priority::Critical);
        // Friday 27 November 2026 15:00, 60 minutes: 30 on Friday, 30 on Monday morning.
        let created = brussels(2026, 11, 27, 15, 0);
        let due = due_times(&calendar, &p, created, 0).unwrap();
        let open = SlaProgress {
            created_at: created,
            first_response_at: None,
            resolved_at: None,
            paused_since: None,
        };
        let left = left_at(&calendar, &due, &open, brussels(2026, 11, 27, 15, 10));
        assert_eq!(left.first_response, Some(50));
        assert_eq!(left.resolution, Some(470));
        // Over the weekend the clock stands still.
        let saturday = left_at(&calendar, &due, &open, brussels(2026, 11, 28, 12, 0));
        assert_eq!(saturday.first_response, Some(30));
        // Monday 11:00: the first response was due at 09:30, 90 business minutes ago.
        let late = left_at(&calendar, &due, &open, brussels(2026, 11, 30, 11, 0));
        assert_eq!(late.first_response, Some(-90));
        let answered = SlaProgress {
            first_response_at: Some(brussels(2026, 11, 27, 15, 20)),
            ..open
        };
        assert_eq!(
            left_at(&calendar, &due, &answered, brussels(2026, 11, 30, 11, 0)).first_response,
            None
        );
        let waiting = SlaProgress {
            paused_since: Some(brussels(2026, 11, 27, 15, 20)),
            ..answered
        };
        assert_eq!(
            left_at(&calendar, &due, &waiting, brussels(2026, 11, 30, 11, 0)),
            TimeLeft::default()
        );
        let resolved = SlaProgress {
            resolved_at: Some(brussels(2026, 11, 27, 15, 30)),
            ..open
        };
        assert_eq!(
            left_at(&calendar, &due, &resolved, brussels(2026, 11, 30, 11, 0)),
            TimeLeft::default()
        );
    }

    #[test]
    fn auto_close_counts_days_with_opening_hours() {
        let calendar = Calendar::interventions();
        // Resolved Wednesday 23 December 2026: the closure and the weekend do not count;
        // open days are 24 December, 4, 5, 6, 7 January → closes at the end of 7 January.
        assert_eq!(
            auto_close_at(&calendar, brussels(2026, 12, 23, 15, 0), 5),
            Some(brussels(2027, 1, 8, 0, 0))
        );
        assert_eq!(
            auto_close_at(&calendar, brussels(2026, 11, 27, 15, 0), 1),
            Some(brussels(2026, 12, 1, 0, 0))
        );
        assert_eq!(
            auto_close_at(&calendar, brussels(2026, 11, 27, 15, 0), 0),
            Some(brussels(2026, 11, 28, 0, 0))
        );
    }

    proptest! {
        #[test]
        fn due_times_count_exactly_the_policy_minutes(
            minutes_from_epoch in 0i64..(3 * 365 * 24 * 60),
            first in 1u32..5000,
            extra in 0u32..5000,
            paused in 0u32..3000,
        ) {
            let calendar = Calendar::interventions();
            let created = brussels(2026, 1, 1, 0, 0) + chrono::Duration::minutes(minutes_from_epoch);
            let p = SlaPolicy { priority: Priority::Medium, first_response_minutes: first, resolution_minutes: first + extra };
            let due = due_times(&calendar, &p, created, paused).unwrap();
            prop_assert_eq!(calendar.business_minutes_between(created, due.first_response), i64::from(first));
            prop_assert_eq!(calendar.business_minutes_between(created, due.resolution), i64::from(first + extra + paused));
            prop_assert!(due.first_response <= due.resolution);
            prop_assert!(calendar.is_open_at(due.first_response - chrono::Duration::minutes(1)));
            let fresh = SlaProgress { created_at: created, first_response_at: None, resolved_at: None, paused_since: None };
            prop_assert!(!assess(&calendar, &p, &due, &fresh, created, 75).breached);
            prop_assert!(assess(&calendar, &p, &due, &fresh, due.resolution + chrono::Duration::minutes(1), 75).breached);
        }

        #[test]
        fn a_page_counts_each_due_time_as_one_count_would(
            now_minutes in 0i64..(2 * 365 * 24 * 60),
            offsets in proptest::collection::vec(-400_000i64..400_000, 0..12),
        ) {
            let calendar = Calendar::interventions();
            let now = brussels(2026, 1, 1, 0, 0) + chrono::Duration::minutes(now_minutes);
            let dues: Vec<DateTime<Utc>> = offsets.iter().map(|m| now + chrono::Duration::seconds(m * 37)).collect();
            let one_by_one: Vec<i64> = dues
                .iter()
                .map(|due| if *due >= now {
                    calendar.business_minutes_between(now, *due)
                } else {
                    -calendar.business_minutes_between(*due, now)
                })
                .collect();
            prop_assert_eq!(business_minutes_until(&calendar, now, &dues), one_by_one);
        }
    }

    #[test]
    fn scheduler_reasons_read_as_sentences_on_the_local_clock() {
        // 10:00 UTC on 2 March 2027 is 11:00 in Brussels (winter time).
        let ended = Utc.with_ymd_and_hms(2027, 3, 2, 10, 0, 0).unwrap();
        let reason = SchedulerReason::appointment_passed(&Calendar::interventions(), ended);
        assert_eq!(
            reason.sentence(Language::En),
            "reopened by the scheduler: the appointment ended on Tuesday 2 March 2027 11:00 and no other is planned"
        );
        assert_eq!(
            reason.sentence(Language::Nl),
            "heropend door de planner: de afspraak eindigde op dinsdag 2 maart 2027 11:00 en er is geen andere gepland"
        );
        let json = serde_json::to_string(&reason).unwrap();
        assert_eq!(serde_json::from_str::<SchedulerReason>(&json).unwrap(), reason);
        let closed = SchedulerReason::ResolvedDaysPassed { business_days: 5 };
        assert_eq!(
            closed.sentence(Language::En),
            "closed by the scheduler: resolved for 5 business days"
        );
    }
}

//! Service levels: the policies per priority, the due times and pause of each ticket (kept
//! up to date by [`super::tickets`] on every change), and the scheduler tick that raises the
//! at-risk and breached flags as business time passes and closes resolved tickets.
//!
//! Due times are computed on the `interventions` schedule (its closures included) by
//! [`crate::domain::sla`]. The flags belong to the tick: a change to a ticket moves its due
//! times at once, its flags at the next tick.

use super::accounts::corrupt;
use super::appointments::{last_appointment_ended, scheduled_with_appointments_passed};
use super::schedules::{find_schedule, INTERVENTIONS};
use super::schema::sla_policies;
use super::tickets::{
    find_ticket, lock_ticket, modify_ticket, not_closed_after, NewEvent, Ticket, TicketScope, TicketUpdate,
};
use super::{now, write_transaction, DbConnection, ResultExt, StoreError};
use crate::domain::calendar::{Calendar, DueExplanation};
use crate::domain::priority::Priority;
use crate::domain::sla::{self, DueTimes, SchedulerReason, SlaFlags, SlaPolicy, SlaProgress};
use crate::domain::ticket_status::TicketStatus;
use chrono::{DateTime, Utc};
use diesel::prelude::*;

/// Tickets a tick reads at once.
const TICK_BATCH: u32 = 500;

/// Key of the PostgreSQL advisory lock held while a tick runs ("SLA" in ASCII).
pub const TICK_LOCK_KEY: i64 = 0x534c41;

/// The policies, most urgent priority first; a priority without a row gets its default.
pub fn list_policies(conn: &mut DbConnection) -> Result<Vec<SlaPolicy>, StoreError> {
    let rows: Vec<(String, i32, i32)> = sla_policies::table
        .select((
            sla_policies::priority,
            sla_policies::first_response_minutes,
            sla_policies::resolution_minutes,
        ))
        .load(conn)
        .store()?;
    let mut stored = Vec::with_capacity(rows.len());
    for (priority, first, resolution) in rows {
        let priority: Priority = priority.parse().map_err(|e| corrupt("sla_policies.priority", e))?;
        let minutes = |m: i32| u32::try_from(m).map_err(|e| corrupt("sla_policies minutes", e));
        stored.push(SlaPolicy::new(priority, minutes(first)?, minutes(resolution)?));
    }
    Ok(SlaPolicy::DEFAULTS
        .into_iter()
        .map(|default| {
            stored
                .iter()
                .copied()
                .find(|p| p.priority == default.priority)
                .unwrap_or(default)
        })
        .collect())
}

/// Replaces the policies of the priorities given; others keep theirs. Returns all of them.
pub fn update_policies(conn: &mut DbConnection, policies: &[SlaPolicy]) -> Result<Vec<SlaPolicy>, StoreError> {
    write_transaction(conn, |conn| {
        let at = now();
        for policy in policies {
            let minutes = |m: u32| i32::try_from(m).unwrap_or(i32::MAX);
            diesel::delete(sla_policies::table.find(policy.priority.as_str()))
                .execute(conn)
                .store()?;
            diesel::insert_into(sla_policies::table)
                .values((
                    sla_policies::priority.eq(policy.priority.as_str()),
                    sla_policies::first_response_minutes.eq(minutes(policy.first_response_minutes)),
                    sla_policies::resolution_minutes.eq(minutes(policy.resolution_minutes)),
                    sla_policies::updated_at.eq(at),
                ))
                .execute(conn)
                .store()?;
        }
        list_policies(conn)
    })
}

fn policy_of(policies: &[SlaPolicy], priority: Priority) -> SlaPolicy {
    policies
        .iter()
        .copied()
        .find(|p| p.priority == priority)
        .unwrap_or_else(|| SlaPolicy::default_for(priority))
}

/// The calendar SLAs count in: the `interventions` schedule with its closures.
pub fn sla_calendar(conn: &mut DbConnection) -> Result<Calendar, StoreError> {
    Ok(find_schedule(conn, INTERVENTIONS)?.calendar)
}

/// What the SLA clock of tickets needs: the calendar and the policies.
pub(crate) struct SlaClock {
    calendar: Calendar,
    policies: Vec<SlaPolicy>,
}

impl SlaClock {
    /// Loads the interventions calendar and the policies.
    pub(crate) fn load(conn: &mut DbConnection) -> Result<SlaClock, StoreError> {
        Ok(SlaClock {
            calendar: sla_calendar(conn)?,
            policies: list_policies(conn)?,
        })
    }

    /// Brings a ticket's clock up to date with a change (`before` is `None` at creation):
    /// starts or ends a pause when it starts or stops waiting on the customer, recomputes
    /// the due times when it is created, its priority changes or a pause ends, and sets the
    /// queue's due time.
    pub(crate) fn refresh(&self, before: Option<&Ticket>, ticket: &mut Ticket, at: DateTime<Utc>) {
        let waits = ticket.status == TicketStatus::PendingCustomer;
        let mut recompute = before.is_none_or(|b| b.priority != ticket.priority);
        match (waits, ticket.sla_paused_since) {
            (true, None) => ticket.sla_paused_since = Some(at),
            (false, Some(since)) => {
                ticket.sla_paused_minutes =
                    ticket
                        .sla_paused_minutes
                        .saturating_add(sla::paused_minutes(&self.calendar, since, at));
                ticket.sla_paused_since = None;
                recompute = true;
            }
            _ => {}
        }
        if recompute {
            let policy = policy_of(&self.policies, ticket.priority);
            // A calendar that never opens leaves the due times where they were.
            if let Some(due) = sla::due_times(&self.calendar, &policy, ticket.created_at, ticket.sla_paused_minutes) {
                ticket.first_response_due_at = due.first_response;
                ticket.resolution_due_at = due.resolution;
            }
        }
        ticket.set_queue_due(sla::most_pressing(&due_times_of(ticket), ticket.first_response_at));
    }

    /// Sets the at-risk and breached flags as the scheduler would at `at` (for tickets loaded
    /// in bulk, so the first tick does not have to rewrite them all).
    pub(crate) fn settle_flags(&self, ticket: &mut Ticket, at: DateTime<Utc>, at_risk_percent: u32) {
        let policy = policy_of(&self.policies, ticket.priority);
        let flags = sla::assess(
            &self.calendar,
            &policy,
            &due_times_of(ticket),
            &progress_of(ticket),
            at,
            at_risk_percent,
        );
        ticket.sla_at_risk = flags.at_risk;
        ticket.sla_breached = flags.breached;
    }
}

fn due_times_of(ticket: &Ticket) -> DueTimes {
    DueTimes {
        first_response: ticket.first_response_due_at,
        resolution: ticket.resolution_due_at,
    }
}

fn progress_of(ticket: &Ticket) -> SlaProgress {
    SlaProgress {
        created_at: ticket.created_at,
        first_response_at: ticket.first_response_at,
        resolved_at: match ticket.status {
            TicketStatus::Resolved | TicketStatus::Closed => ticket.resolved_at.or(ticket.closed_at),
            _ => None,
        },
        paused_since: ticket.sla_paused_since,
    }
}

/// The business minutes left of each ticket's targets at `now` on `calendar` (the SLA
/// calendar, [`sla_calendar`], loaded once for a page of tickets). Nothing is left to count on
/// a resolved or closed ticket, also one without the time it was resolved (generated ones).
pub fn time_left(calendar: &Calendar, tickets: &[Ticket], now: DateTime<Utc>) -> Vec<sla::TimeLeft> {
    let clocks: Vec<(DueTimes, SlaProgress)> = tickets
        .iter()
        .map(|ticket| {
            let mut progress = progress_of(ticket);
            if matches!(ticket.status, TicketStatus::Resolved | TicketStatus::Closed) {
                progress.resolved_at = progress.resolved_at.or(Some(ticket.updated_at));
            }
            (due_times_of(ticket), progress)
        })
        .collect();
    sla::time_left(calendar, &clocks, now)
}

/// How a ticket's due times were reached.
#[derive(Debug, Clone)]
pub struct SlaExplanation {
    /// The policy of the ticket's priority.
    pub policy: SlaPolicy,
    /// The first-response due time and what was skipped to reach it.
    pub first_response: DueExplanation,
    /// The resolution due time (pauses included) and what was skipped to reach it.
    pub resolution: DueExplanation,
}

/// Explains the due times of a ticket as the current policy and calendar give them.
pub fn explain_ticket(conn: &mut DbConnection, ticket: &Ticket) -> Result<Option<SlaExplanation>, StoreError> {
    let calendar = sla_calendar(conn)?;
    let policy = policy_of(&list_policies(conn)?, ticket.priority);
    Ok(
        sla::explain(&calendar, &policy, ticket.created_at, ticket.sla_paused_minutes).map(
            |(first_response, resolution)| SlaExplanation {
                policy,
                first_response,
                resolution,
            },
        ),
    )
}

/// What the scheduler does, from configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlaSettings {
    /// Share (percent) of a target's business minutes used that makes it at risk.
    pub at_risk_percent: u32,
    /// Business days after which a resolved ticket is closed.
    pub auto_close_business_days: u32,
}

/// What one tick changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TickReport {
    /// Tickets that became at risk.
    pub at_risk: usize,
    /// Tickets that became breached.
    pub breached: usize,
    /// Resolved tickets closed.
    pub closed: usize,
    /// Scheduled tickets opened again because their appointments have passed.
    pub reopened: usize,
}

/// One scheduler pass at `at`: re-evaluates the flags of every ticket that is not closed,
/// records `sla` events when a ticket becomes at risk or breached, closes resolved tickets
/// whose business days have passed, and opens again `scheduled` tickets whose appointments
/// have all passed (`status` events without actor, with the scheduler's reason; announced
/// to webhooks like every ticket update).
pub fn tick(conn: &mut DbConnection, at: DateTime<Utc>, settings: SlaSettings) -> Result<TickReport, StoreError> {
    let calendar = sla_calendar(conn)?;
    let policies = list_policies(conn)?;
    let mut report = TickReport::default();
    let mut after = None;
    loop {
        let batch = not_closed_after(conn, after, TICK_BATCH)?;
        let Some(last) = batch.last() else { break };
        after = Some(last.id);
        for ticket in batch {
            if plan(&calendar, &policies, &ticket, at, settings).is_none() {
                continue;
            }
            // Decided again inside the write transaction: the ticket may have changed meanwhile.
            let mut outcome = None;
            modify_ticket::<StoreError>(conn, &ticket.reference, TicketScope::Everything, |current| {
                let change = plan(&calendar, &policies, current, at, settings);
                outcome = change
                    .as_ref()
                    .map(|c| (c.became_at_risk(current), c.became_breached(current), c.close));
                Ok(change.map_or_else(
                    || TicketUpdate {
                        ticket: current.clone(),
                        events: Vec::new(),
                        comments: Vec::new(),
                    },
                    |c| c.update(current, at, settings),
                ))
            })?;
            if let Some((at_risk, breached, closed)) = outcome {
                report.at_risk += usize::from(at_risk);
                report.breached += usize::from(breached);
                report.closed += usize::from(closed);
            }
        }
    }
    report.reopened = reopen_after_appointments(conn, &calendar, at)?;
    Ok(report)
}

/// Opens again the `scheduled` tickets whose appointments have all ended by `at`; returns
/// how many.
fn reopen_after_appointments(
    conn: &mut DbConnection,
    calendar: &Calendar,
    at: DateTime<Utc>,
) -> Result<usize, StoreError> {
    let mut reopened = 0;
    for reference in scheduled_with_appointments_passed(conn, at)? {
        // Decided again with the ticket locked: an appointment may have been booked meanwhile.
        // A booking still in flight locks the ticket after this commits, finds it open and
        // schedules it again.
        let done = write_transaction(conn, |conn| {
            lock_ticket(conn, &reference)?;
            let ticket = find_ticket(conn, &reference, TicketScope::Everything)?;
            if ticket.status != TicketStatus::Scheduled {
                return Ok(false);
            }
            let Some(ended_at) = last_appointment_ended(conn, ticket.id, at)? else {
                return Ok(false);
            };
            modify_ticket::<StoreError>(conn, &reference, TicketScope::Everything, |current| {
                let mut ticket = current.clone();
                ticket.status = TicketStatus::Open;
                Ok(TicketUpdate {
                    ticket,
                    events: vec![NewEvent {
                        field: "status".into(),
                        old_value: Some(current.status.as_str().into()),
                        new_value: Some(TicketStatus::Open.as_str().into()),
                        automatic: Some(SchedulerReason::appointment_passed(calendar, ended_at)),
                        ..NewEvent::default()
                    }],
                    comments: Vec::new(),
                })
            })?;
            Ok(true)
        })?;
        reopened += usize::from(done);
    }
    Ok(reopened)
}

/// A tick's change to one ticket.
struct Planned {
    flags: SlaFlags,
    close: bool,
}

impl Planned {
    fn became_at_risk(&self, ticket: &Ticket) -> bool {
        self.flags.at_risk && !ticket.sla_at_risk
    }

    fn became_breached(&self, ticket: &Ticket) -> bool {
        self.flags.breached && !ticket.sla_breached
    }

    fn update(&self, current: &Ticket, at: DateTime<Utc>, settings: SlaSettings) -> TicketUpdate {
        let mut ticket = current.clone();
        let mut events = Vec::new();
        for (became, value) in [
            (self.became_at_risk(current), "at_risk"),
            (self.became_breached(current), "breached"),
        ] {
            if became {
                events.push(NewEvent {
                    field: "sla".into(),
                    new_value: Some(value.into()),
                    internal: true,
                    ..NewEvent::default()
                });
            }
        }
        ticket.sla_at_risk = self.flags.at_risk;
        ticket.sla_breached = self.flags.breached;
        if self.close {
            ticket.status = TicketStatus::Closed;
            ticket.closed_at = Some(at);
            events.push(NewEvent {
                field: "status".into(),
                old_value: Some(current.status.as_str().into()),
                new_value: Some(TicketStatus::Closed.as_str().into()),
                automatic: Some(SchedulerReason::ResolvedDaysPassed {
                    business_days: settings.auto_close_business_days,
                }),
                ..NewEvent::default()
            });
        }
        TicketUpdate {
            ticket,
            events,
            comments: Vec::new(),
        }
    }
}

fn plan(
    calendar: &Calendar,
    policies: &[SlaPolicy],
    ticket: &Ticket,
    at: DateTime<Utc>,
    settings: SlaSettings,
) -> Option<Planned> {
    if ticket.status == TicketStatus::Closed {
        return None;
    }
    let policy = policy_of(policies, ticket.priority);
    let flags = sla::assess(
        calendar,
        &policy,
        &due_times_of(ticket),
        &progress_of(ticket),
        at,
        settings.at_risk_percent,
    );
    let close = ticket.status == TicketStatus::Resolved
        && ticket
            .resolved_at
            .and_then(|resolved| sla::auto_close_at(calendar, resolved, settings.auto_close_business_days))
            .is_some_and(|due| due <= at);
    let unchanged = flags.at_risk == ticket.sla_at_risk && flags.breached == ticket.sla_breached;
    (close || !unchanged).then_some(Planned { flags, close })
}

/// [`tick`], run by one instance at a time: on PostgreSQL under an advisory lock (`None` when
/// another instance holds it, and nothing is done).
///
/// SQLite needs no lock: its database is one file with one writer at a time (every change
/// takes the write lock up front with `BEGIN IMMEDIATE`), and a tick decides each change
/// again inside that write transaction, so instances ticking together on one file make
/// each change once; at worst one of them reads tickets the other has just changed.
pub fn tick_exclusive(
    conn: &mut DbConnection,
    at: DateTime<Utc>,
    settings: SlaSettings,
) -> Result<Option<TickReport>, StoreError> {
    if let DbConnection::Postgres(pg) = conn {
        if !advisory_lock(pg, "pg_try_advisory_lock")? {
            return Ok(None);
        }
        let result = tick(conn, at, settings);
        if let DbConnection::Postgres(pg) = conn {
            advisory_lock(pg, "pg_advisory_unlock")?;
        }
        return result.map(Some);
    }
    tick(conn, at, settings).map(Some)
}

/// Calls `pg_try_advisory_lock` or `pg_advisory_unlock` on the tick's key.
fn advisory_lock(pg: &mut diesel::PgConnection, function: &str) -> Result<bool, StoreError> {
    #[derive(QueryableByName)]
    struct Answer {
        #[diesel(sql_type = diesel::sql_types::Bool)]
        answer: bool,
    }
    diesel::sql_query(format!("SELECT {function}($1) AS answer"))
        .bind::<diesel::sql_types::BigInt, _>(TICK_LOCK_KEY)
        .get_result::<Answer>(pg)
        .store()
        .map(|a| a.answer)
}

impl SlaSettings {
    /// The settings in the server's configuration.
    pub fn from_config(config: &crate::config::Config) -> SlaSettings {
        SlaSettings {
            at_risk_percent: config.sla_at_risk_percent,
            auto_close_business_days: config.auto_close_business_days,
        }
    }
}

/// How often the scheduler ticks.
pub const TICK_PERIOD: std::time::Duration = std::time::Duration::from_secs(60);

/// The scheduler: a [`tick_exclusive`] every [`TICK_PERIOD`] until the task is dropped.
/// Failures are logged and retried at the next tick.
pub async fn run_scheduler(store: super::Store, settings: SlaSettings) {
    let mut interval = tokio::time::interval(TICK_PERIOD);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        interval.tick().await;
        match store.run(move |conn| tick_exclusive(conn, Utc::now(), settings)).await {
            Ok(Some(report)) if report != TickReport::default() => {
                tracing::info!(?report, "SLA tick");
            }
            Ok(_) => {}
            Err(err) => tracing::warn!(%err, "SLA tick failed"),
        }
    }
}

//! Tickets, their comments and their history.
//!
//! Changes go through [`modify_ticket`]: the caller's closure sees the ticket as it is inside
//! the write transaction and returns the new state with the events that explain it, so two
//! concurrent edits never overwrite each other unseen and no change lands without its event.

use super::accounts::{corrupt, parse_id};
use super::outbox;
use super::page::{Page, PageRequest};
use super::schema::{reference_counters, ticket_comments, ticket_events, tickets};
use super::sla::SlaClock;
use super::{now, write_transaction, DbConnection, ResultExt, StoreError};
use crate::domain::account::Role;
use crate::domain::priority::{Impact, Priority, Urgency};
use crate::domain::sla::SchedulerReason;
use crate::domain::ticket::{format_reference, search_text};
use crate::domain::ticket_status::{Channel, Kind, TicketStatus};
use crate::domain::triage::{Change, Decision};
use crate::domain::webhook::EventType;
use chrono::{DateTime, Datelike, NaiveDateTime, Utc};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// A ticket as the API shows it.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Ticket {
    /// Internal identifier.
    pub id: Uuid,
    /// The reference the customer follows the ticket by (`2026-000123`); never changes.
    pub reference: String,
    /// `support`, `issue` or `change_request`.
    pub kind: Kind,
    /// Where the ticket is in its life cycle.
    pub status: TicketStatus,
    /// Subject line.
    pub subject: String,
    /// The question as first asked.
    pub description: String,
    /// How it came in.
    pub channel: Channel,
    /// Category (the billing subject).
    pub category: Option<String>,
    /// How urgent it is for the customer.
    pub urgency: Urgency,
    /// The impact, as staff judged it.
    pub impact: Option<Impact>,
    /// Handling priority: from the impact × urgency matrix unless staff overrode it.
    pub priority: Priority,
    /// Whether staff set the priority by hand.
    pub priority_overridden: bool,
    /// Who asked.
    pub requester_id: Uuid,
    /// The requester's organisation.
    pub organization_id: Option<Uuid>,
    /// The agent handling it.
    pub assignee_id: Option<Uuid>,
    /// Who logged it (the requester, or an agent for a phone call).
    pub created_by: Uuid,
    /// When staff first replied publicly.
    pub first_response_at: Option<DateTime<Utc>>,
    /// When it was last resolved.
    pub resolved_at: Option<DateTime<Utc>>,
    /// When it was closed.
    pub closed_at: Option<DateTime<Utc>>,
    /// When it was logged.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
    /// When the first public staff reply is due (business minutes of the priority's SLA policy
    /// on the interventions schedule).
    pub first_response_due_at: DateTime<Utc>,
    /// When the resolution is due, moved later by the business time spent waiting on the
    /// customer.
    pub resolution_due_at: DateTime<Utc>,
    /// Since when the resolution clock stands still because the ticket waits on the customer.
    pub sla_paused_since: Option<DateTime<Utc>>,
    /// Business minutes the resolution clock stood still in earlier waits on the customer.
    pub sla_paused_minutes: u32,
    /// An open target has little business time left (set by the SLA scheduler).
    pub sla_at_risk: bool,
    /// A target was missed (set by the SLA scheduler).
    pub sla_breached: bool,
    /// The queue's due time: the first-response due time until staff replied, then the
    /// resolution due time.
    #[serde(skip)]
    #[schema(ignore)]
    due_at: NaiveDateTime,
}

impl Ticket {
    /// Sets the due time the queue orders by.
    pub(crate) fn set_queue_due(&mut self, due: DateTime<Utc>) {
        self.due_at = due.naive_utc();
    }
}

#[derive(Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = tickets)]
struct TicketRow {
    id: String,
    reference: String,
    kind: String,
    status: String,
    subject: String,
    description: String,
    channel: String,
    category: Option<String>,
    urgency: String,
    impact: Option<String>,
    priority: String,
    priority_rank: i32,
    priority_overridden: bool,
    requester_id: String,
    organization_id: Option<String>,
    assignee_id: Option<String>,
    created_by: String,
    due_at: NaiveDateTime,
    first_response_at: Option<NaiveDateTime>,
    resolved_at: Option<NaiveDateTime>,
    closed_at: Option<NaiveDateTime>,
    search_public: String,
    search_internal: String,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    first_response_due_at: NaiveDateTime,
    resolution_due_at: NaiveDateTime,
    sla_paused_since: Option<NaiveDateTime>,
    sla_paused_minutes: i32,
    sla_at_risk: bool,
    sla_breached: bool,
}

impl TicketRow {
    fn into_ticket(self) -> Result<Ticket, StoreError> {
        Ok(Ticket {
            id: parse_id(&self.id),
            kind: self.kind.parse().map_err(|e| corrupt("tickets.kind", e))?,
            status: self.status.parse().map_err(|e| corrupt("tickets.status", e))?,
            channel: self.channel.parse().map_err(|e| corrupt("tickets.channel", e))?,
            urgency: self.urgency.parse().map_err(|e| corrupt("tickets.urgency", e))?,
            impact: self
                .impact
                .map(|i| i.parse())
                .transpose()
                .map_err(|e| corrupt("tickets.impact", e))?,
            priority: self.priority.parse().map_err(|e| corrupt("tickets.priority", e))?,
            reference: self.reference,
            subject: self.subject,
            description: self.description,
            category: self.category,
            priority_overridden: self.priority_overridden,
            requester_id: parse_id(&self.requester_id),
            organization_id: self.organization_id.as_deref().map(parse_id),
            assignee_id: self.assignee_id.as_deref().map(parse_id),
            created_by: parse_id(&self.created_by),
            first_response_at: self.first_response_at.map(|t| t.and_utc()),
            resolved_at: self.resolved_at.map(|t| t.and_utc()),
            closed_at: self.closed_at.map(|t| t.and_utc()),
            created_at: self.created_at.and_utc(),
            updated_at: self.updated_at.and_utc(),
            first_response_due_at: self.first_response_due_at.and_utc(),
            resolution_due_at: self.resolution_due_at.and_utc(),
            sla_paused_since: self.sla_paused_since.map(|t| t.and_utc()),
            sla_paused_minutes: u32::try_from(self.sla_paused_minutes)
                .map_err(|e| corrupt("tickets.sla_paused_minutes", e))?,
            sla_at_risk: self.sla_at_risk,
            sla_breached: self.sla_breached,
            due_at: self.due_at,
        })
    }

    fn from_ticket(ticket: &Ticket, search_public: String, search_internal: String) -> TicketRow {
        TicketRow {
            id: ticket.id.to_string(),
            reference: ticket.reference.clone(),
            kind: ticket.kind.as_str().to_owned(),
            status: ticket.status.as_str().to_owned(),
            subject: ticket.subject.clone(),
            description: ticket.description.clone(),
            channel: ticket.channel.as_str().to_owned(),
            category: ticket.category.clone(),
            urgency: ticket.urgency.as_str().to_owned(),
            impact: ticket.impact.map(|i| i.as_str().to_owned()),
            priority: ticket.priority.as_str().to_owned(),
            priority_rank: i32::from(ticket.priority.rank()),
            priority_overridden: ticket.priority_overridden,
            requester_id: ticket.requester_id.to_string(),
            organization_id: ticket.organization_id.map(|id| id.to_string()),
            assignee_id: ticket.assignee_id.map(|id| id.to_string()),
            created_by: ticket.created_by.to_string(),
            due_at: ticket.due_at,
            first_response_at: ticket.first_response_at.map(|t| t.naive_utc()),
            resolved_at: ticket.resolved_at.map(|t| t.naive_utc()),
            closed_at: ticket.closed_at.map(|t| t.naive_utc()),
            search_public,
            search_internal,
            created_at: ticket.created_at.naive_utc(),
            updated_at: ticket.updated_at.naive_utc(),
            first_response_due_at: ticket.first_response_due_at.naive_utc(),
            resolution_due_at: ticket.resolution_due_at.naive_utc(),
            sla_paused_since: ticket.sla_paused_since.map(|t| t.naive_utc()),
            sla_paused_minutes: i32::try_from(ticket.sla_paused_minutes).unwrap_or(i32::MAX),
            sla_at_risk: ticket.sla_at_risk,
            sla_breached: ticket.sla_breached,
        }
    }
}

/// Which tickets a caller may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TicketScope {
    /// Staff: every ticket.
    Everything,
    /// A customer admin: their organisation's.
    Organization(Uuid),
    /// A customer: the tickets they asked.
    Requester(Uuid),
}

/// A comment or internal note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Comment {
    /// Identifier.
    pub id: Uuid,
    /// Who wrote it; absent for notes added by triage rules.
    pub author_id: Option<Uuid>,
    /// The author's display name (what a customer sees of who answered); absent for notes
    /// added by triage rules.
    pub author_name: Option<String>,
    /// Whether the author is the vendor's staff (an agent or admin) rather than a customer.
    pub author_is_staff: bool,
    /// The text (Markdown).
    pub body: String,
    /// Internal notes are for staff only.
    pub internal: bool,
    /// When it was written.
    pub created_at: DateTime<Utc>,
}

/// A comment to add.
#[derive(Debug, Clone)]
pub struct NewComment {
    /// Author; `None` for the system (triage rules).
    pub author_id: Option<Uuid>,
    /// Text.
    pub body: String,
    /// Staff only.
    pub internal: bool,
}

/// One entry of a ticket's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketEvent {
    /// Identifier.
    pub id: Uuid,
    /// Who made the change; `None` for automatic changes.
    pub actor_id: Option<Uuid>,
    /// The actor's display name (`None` for automatic changes).
    pub actor_name: Option<String>,
    /// Whether the actor is staff (an agent or admin).
    pub actor_is_staff: bool,
    /// What changed: a field name (`status`, `kind`, …), or `created`, `comment`, `note`.
    pub field: String,
    /// Value before.
    pub old_value: Option<String>,
    /// Value after.
    pub new_value: Option<String>,
    /// The triage decision behind the change, when a rule made it.
    pub decision: Option<Decision>,
    /// Why the scheduler made the change, when it did.
    pub automatic: Option<SchedulerReason>,
    /// Why the person made the change, in their words, when they gave a reason.
    pub stated_reason: Option<String>,
    /// Hidden from customers.
    pub internal: bool,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// A history entry to record.
#[derive(Debug, Clone, Default)]
pub struct NewEvent {
    /// Who made the change; `None` for automatic changes.
    pub actor_id: Option<Uuid>,
    /// What changed.
    pub field: String,
    /// Value before.
    pub old_value: Option<String>,
    /// Value after.
    pub new_value: Option<String>,
    /// The triage decision behind the change, when a rule made it.
    pub decision: Option<Decision>,
    /// Why the scheduler made the change, when it did (then without actor).
    pub automatic: Option<SchedulerReason>,
    /// Why the person made the change, in their words (a reclassification's reason).
    pub stated_reason: Option<String>,
    /// Hidden from customers.
    pub internal: bool,
}

/// The history entries of triage decisions (rule, reasons, old → new); internal notes are
/// internal entries.
pub fn decision_events(decisions: &[Decision]) -> Vec<NewEvent> {
    decisions
        .iter()
        .filter_map(|decision| {
            let (field, old, new, internal) = match &decision.change {
                Change::Kind { old, new } => ("kind", Some(old.as_str().to_owned()), new.as_str().to_owned(), false),
                Change::Category { old, new } => ("category", old.clone(), new.clone(), false),
                Change::Impact { old, new } => (
                    "impact",
                    old.map(|i| i.as_str().to_owned()),
                    new.as_str().to_owned(),
                    false,
                ),
                Change::Urgency { old, new } => (
                    "urgency",
                    old.map(|u| u.as_str().to_owned()),
                    new.as_str().to_owned(),
                    false,
                ),
                Change::Assignee { old, new } => ("assignee", old.map(|a| a.to_string()), new.to_string(), false),
                Change::InternalNote { body } => ("internal_note", None, body.clone(), true),
                Change::StopProcessing => return None,
            };
            Some(NewEvent {
                actor_id: None,
                field: field.to_owned(),
                old_value: old,
                new_value: Some(new),
                decision: Some(decision.clone()),
                automatic: None,
                stated_reason: None,
                internal,
            })
        })
        .collect()
}

/// A new ticket with everything intake decided; the store allocates id and reference.
#[derive(Debug, Clone)]
pub struct NewTicket {
    /// Kind after triage.
    pub kind: Kind,
    /// Subject.
    pub subject: String,
    /// Description.
    pub description: String,
    /// Channel.
    pub channel: Channel,
    /// Category after triage.
    pub category: Option<String>,
    /// Urgency after triage.
    pub urgency: Urgency,
    /// Impact after triage.
    pub impact: Option<Impact>,
    /// Priority.
    pub priority: Priority,
    /// Whether staff set it by hand.
    pub priority_overridden: bool,
    /// Requester.
    pub requester_id: Uuid,
    /// Requester's organisation.
    pub organization_id: Option<Uuid>,
    /// Assignee after triage.
    pub assignee_id: Option<Uuid>,
    /// Who logged it.
    pub created_by: Uuid,
    /// Comments added at intake: internal notes by rules, or the requester's public comment
    /// that carries an e-mail's attachments.
    pub notes: Vec<NewComment>,
    /// History entries of intake (rule decisions, staff choices).
    pub events: Vec<NewEvent>,
}

/// PostgreSQL: `count` numbers from the year's sequence, created on first use. `nextval` is
/// never rolled back, so a failed create leaves a gap, never a duplicate, and numbers taken by
/// several instances at once never collide.
fn postgres_next_numbers(conn: &mut diesel::PgConnection, year: i32, count: i64) -> Result<Vec<i64>, StoreError> {
    #[derive(QueryableByName)]
    struct Next {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        nextval: i64,
    }
    let sequence = format!("ticket_reference_{year}");
    let next = |conn: &mut diesel::PgConnection| {
        diesel::sql_query(format!(
            "SELECT nextval('{sequence}') AS nextval FROM generate_series(1, $1) ORDER BY 1"
        ))
        .bind::<diesel::sql_types::BigInt, _>(count)
        .load::<Next>(conn)
    };
    use diesel::connection::{AnsiTransactionManager, TransactionManager};
    let in_transaction = AnsiTransactionManager::transaction_manager_status_mut(conn)
        .transaction_depth()
        .store()?
        .is_some();
    // Inside a transaction a failed statement would abort it: try under a savepoint.
    let first_try = if in_transaction {
        conn.transaction(next)
    } else {
        next(conn)
    };
    let rows = match first_try {
        Ok(rows) => rows,
        Err(_) => {
            // Two instances may race to create it; whichever loses finds it there.
            let create = format!("CREATE SEQUENCE IF NOT EXISTS {sequence}");
            let _ = if in_transaction {
                conn.transaction(|c| c.batch_execute(&create))
            } else {
                conn.batch_execute(&create)
            };
            next(conn).store()?
        }
    };
    Ok(rows.into_iter().map(|row| row.nextval).collect())
}

/// SQLite: the first of `count` consecutive numbers from the counter row, inside the creating
/// (immediate) transaction, which holds the only write lock.
fn sqlite_next_numbers(conn: &mut DbConnection, year: i32, count: i64) -> Result<i64, StoreError> {
    let updated = diesel::update(reference_counters::table.find(year))
        .set(reference_counters::last_number.eq(reference_counters::last_number + count))
        .returning(reference_counters::last_number)
        .get_result::<i64>(conn)
        .optional()
        .store()?;
    match updated {
        Some(last) => Ok(last - count + 1),
        None => {
            diesel::insert_into(reference_counters::table)
                .values((
                    reference_counters::year.eq(year),
                    reference_counters::last_number.eq(count),
                ))
                .execute(conn)
                .store()?;
            Ok(1)
        }
    }
}

/// Runs `work` in a write transaction with the next `count` reference numbers of `year`:
/// taken from the PostgreSQL sequence before the transaction (a sequence is not
/// transactional anyway), from the SQLite counter row inside it (under the write lock).
fn numbered_write<T>(
    conn: &mut DbConnection,
    year: i32,
    count: usize,
    work: impl FnOnce(&mut DbConnection, Vec<i64>) -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    let count = i64::try_from(count).map_err(|e| StoreError::Unavailable(e.to_string()))?;
    let postgres_numbers = match conn {
        DbConnection::Postgres(pg) => Some(postgres_next_numbers(pg, year, count)?),
        DbConnection::Sqlite(_) => None,
    };
    write_transaction(conn, |conn| {
        let numbers = match postgres_numbers {
            Some(numbers) => numbers,
            None => {
                let first = sqlite_next_numbers(conn, year, count)?;
                (first..first + count).collect()
            }
        };
        work(conn, numbers)
    })
}

/// Creates a ticket with its intake notes and history in one transaction.
pub fn create_ticket(conn: &mut DbConnection, new: NewTicket) -> Result<Ticket, StoreError> {
    let clock = SlaClock::load(conn)?;
    let subscribers = outbox::Subscribers::load(conn)?;
    create_tickets(conn, &clock, &subscribers, vec![new])?
        .pop()
        .ok_or_else(|| StoreError::Unavailable("no ticket was created".into()))
}

/// Creates tickets with their intake notes and history, all in one transaction (the group
/// commit of [`super::ticket_intake`]): one lock, one commit and multi-row inserts for many
/// concurrent requests. Returns them in the order given. The SLA clock and the webhook
/// subscribers are the caller's, so the intake can keep them between batches.
pub(crate) fn create_tickets(
    conn: &mut DbConnection,
    clock: &SlaClock,
    subscribers: &outbox::Subscribers,
    batch: Vec<NewTicket>,
) -> Result<Vec<Ticket>, StoreError> {
    let at = now();
    let year = at.year();
    numbered_write(conn, year, batch.len(), |conn, numbers| {
        let mut created = Vec::with_capacity(batch.len());
        let mut ticket_rows = Vec::with_capacity(batch.len());
        let mut event_rows = Vec::new();
        let mut comment_rows = Vec::new();
        for (new, number) in batch.into_iter().zip(numbers) {
            let mut ticket = Ticket {
                id: Uuid::now_v7(),
                reference: format_reference(year, number),
                kind: new.kind,
                status: TicketStatus::New,
                subject: new.subject,
                description: new.description,
                channel: new.channel,
                category: new.category,
                urgency: new.urgency,
                impact: new.impact,
                priority: new.priority,
                priority_overridden: new.priority_overridden,
                requester_id: new.requester_id,
                organization_id: new.organization_id,
                assignee_id: new.assignee_id,
                created_by: new.created_by,
                first_response_at: None,
                resolved_at: None,
                closed_at: None,
                created_at: at.and_utc(),
                updated_at: at.and_utc(),
                // Set by the SLA clock below.
                first_response_due_at: at.and_utc(),
                resolution_due_at: at.and_utc(),
                sla_paused_since: None,
                sla_paused_minutes: 0,
                sla_at_risk: false,
                sla_breached: false,
                due_at: at,
            };
            clock.refresh(None, &mut ticket, at.and_utc());
            let search_public = search_text(
                [ticket.subject.as_str(), ticket.description.as_str()]
                    .into_iter()
                    .chain(new.notes.iter().filter(|n| !n.internal).map(|n| n.body.as_str())),
            );
            let search_internal = search_text(new.notes.iter().filter(|n| n.internal).map(|n| n.body.as_str()));
            ticket_rows.push(TicketRow::from_ticket(&ticket, search_public, search_internal));
            let created_event = NewEvent {
                actor_id: Some(new.created_by),
                field: "created".into(),
                new_value: Some(ticket.reference.clone()),
                ..NewEvent::default()
            };
            event_rows.extend(
                std::iter::once(&created_event)
                    .chain(&new.events)
                    .map(|e| NewEventRow::new(ticket.id, e, at)),
            );
            comment_rows.extend(new.notes.iter().map(|c| NewCommentRow::new(ticket.id, c, at)));
            created.push(ticket);
        }
        insert_rows!(conn, tickets::table, ticket_rows);
        insert_rows!(conn, ticket_events::table, event_rows);
        insert_rows!(conn, ticket_comments::table, comment_rows);
        let announcements = created.iter().map(|ticket| serde_json::json!({ "ticket": ticket }));
        outbox::record_events(conn, subscribers, EventType::TicketCreated, announcements.collect())?;
        Ok(created)
    })
}

/// A history row to insert.
#[derive(Insertable)]
#[diesel(table_name = ticket_events)]
struct NewEventRow {
    id: String,
    ticket_id: String,
    actor_id: Option<String>,
    field: String,
    old_value: Option<String>,
    new_value: Option<String>,
    rule_id: Option<String>,
    rule_name: Option<String>,
    reason: Option<String>,
    internal: bool,
    created_at: NaiveDateTime,
    stated_reason: Option<String>,
}

impl NewEventRow {
    fn new(ticket_id: Uuid, e: &NewEvent, at: NaiveDateTime) -> NewEventRow {
        NewEventRow {
            id: Uuid::now_v7().to_string(),
            ticket_id: ticket_id.to_string(),
            actor_id: e.actor_id.map(|id| id.to_string()),
            field: e.field.clone(),
            old_value: e.old_value.clone(),
            new_value: e.new_value.clone(),
            rule_id: e.decision.as_ref().map(|d| d.rule_id.to_string()),
            rule_name: e
                .decision
                .as_ref()
                .map(|d| d.rule_name.clone())
                .or_else(|| e.automatic.as_ref().map(|_| SchedulerReason::RULE_NAME.to_owned())),
            reason: match (&e.decision, &e.automatic) {
                (Some(decision), _) => serde_json::to_string(decision).ok(),
                (None, Some(reason)) => serde_json::to_string(reason).ok(),
                (None, None) => None,
            },
            internal: e.internal,
            created_at: at,
            stated_reason: e.stated_reason.clone(),
        }
    }
}

/// A comment row to insert.
#[derive(Insertable)]
#[diesel(table_name = ticket_comments)]
struct NewCommentRow {
    id: String,
    ticket_id: String,
    author_id: Option<String>,
    body: String,
    internal: bool,
    created_at: NaiveDateTime,
}

impl NewCommentRow {
    fn new(ticket_id: Uuid, c: &NewComment, at: NaiveDateTime) -> NewCommentRow {
        NewCommentRow {
            id: Uuid::now_v7().to_string(),
            ticket_id: ticket_id.to_string(),
            author_id: c.author_id.map(|id| id.to_string()),
            body: c.body.clone(),
            internal: c.internal,
            created_at: at,
        }
    }
}

/// Records history entries of a ticket at `at`, inside the caller's transaction.
pub(crate) fn insert_events(
    conn: &mut DbConnection,
    ticket_id: Uuid,
    events: &[NewEvent],
    at: NaiveDateTime,
) -> Result<(), StoreError> {
    let rows: Vec<NewEventRow> = events.iter().map(|e| NewEventRow::new(ticket_id, e, at)).collect();
    insert_rows!(conn, ticket_events::table, rows);
    Ok(())
}

type BoxedTickets<'a> = tickets::BoxedQuery<'a, <DbConnection as diesel::Connection>::Backend>;

fn scoped(scope: TicketScope) -> BoxedTickets<'static> {
    let query = tickets::table.into_boxed();
    match scope {
        TicketScope::Everything => query,
        TicketScope::Organization(org) => query.filter(tickets::organization_id.eq(org.to_string())),
        TicketScope::Requester(user) => query.filter(tickets::requester_id.eq(user.to_string())),
    }
}

/// One ticket by reference, if the scope allows it.
pub fn find_ticket(conn: &mut DbConnection, reference: &str, scope: TicketScope) -> Result<Ticket, StoreError> {
    scoped(scope)
        .filter(tickets::reference.eq(reference.to_owned()))
        .select(TicketRow::as_select())
        .first(conn)
        .store()?
        .into_ticket()
}

/// One ticket by id (whatever the caller's scope: for internal lookups such as e-mail threading).
pub fn find_ticket_by_id(conn: &mut DbConnection, id: Uuid) -> Result<Ticket, StoreError> {
    tickets::table
        .find(id.to_string())
        .select(TicketRow::as_select())
        .first(conn)
        .store()?
        .into_ticket()
}

/// Up to `limit` tickets that are not closed, by id, after the ticket `after` (for passes
/// over every open ticket, such as the SLA scheduler's).
pub fn not_closed_after(conn: &mut DbConnection, after: Option<Uuid>, limit: u32) -> Result<Vec<Ticket>, StoreError> {
    let mut query = tickets::table
        .filter(tickets::status.ne(TicketStatus::Closed.as_str()))
        .into_boxed();
    if let Some(after) = after {
        query = query.filter(tickets::id.gt(after.to_string()));
    }
    query
        .order(tickets::id)
        .limit(i64::from(limit))
        .select(TicketRow::as_select())
        .load(conn)
        .store()?
        .into_iter()
        .map(TicketRow::into_ticket)
        .collect()
}

/// Locks the ticket's row until the transaction ends, so that concurrent changes to one
/// ticket on PostgreSQL queue up instead of each writing back the state it read (READ
/// COMMITTED would let the later one overwrite the earlier unseen). SQLite's `BEGIN
/// IMMEDIATE` already serialises every writer. `FOR NO KEY UPDATE` leaves rows that only
/// refer to the ticket (a booking's appointment) free to be inserted meanwhile.
pub(crate) fn lock_ticket(conn: &mut DbConnection, reference: &str) -> Result<(), StoreError> {
    if let DbConnection::Postgres(pg) = conn {
        tickets::table
            .filter(tickets::reference.eq(reference))
            .select(tickets::id)
            .for_no_key_update()
            .first::<String>(pg)
            .optional()
            .store()?;
    }
    Ok(())
}

/// What a change to a ticket amounts to.
#[derive(Debug, Clone)]
pub struct TicketUpdate {
    /// The ticket after the change.
    pub ticket: Ticket,
    /// The history entries explaining it.
    pub events: Vec<NewEvent>,
    /// Comments or notes added with it.
    pub comments: Vec<NewComment>,
}

/// Changes a ticket inside a write transaction: `change` sees the current state and returns
/// the new one (or refuses). Returns the stored ticket.
pub fn modify_ticket<E: From<StoreError>>(
    conn: &mut DbConnection,
    reference: &str,
    scope: TicketScope,
    change: impl FnOnce(&Ticket) -> Result<TicketUpdate, E>,
) -> Result<Ticket, E> {
    super::write_transaction_or(conn, |conn| {
        lock_ticket(conn, reference)?;
        let current = find_ticket(conn, reference, scope)?;
        let update = change(&current)?;
        let at = now();
        let mut ticket = update.ticket.clone();
        ticket.updated_at = at.and_utc();
        SlaClock::load(conn)?.refresh(Some(&current), &mut ticket, at.and_utc());
        let comment_rows: Vec<NewCommentRow> = update
            .comments
            .iter()
            .map(|c| NewCommentRow::new(ticket.id, c, at))
            .collect();
        insert_rows!(conn, ticket_comments::table, comment_rows);
        let (search_public, search_internal) = search_texts(conn, &ticket)?;
        diesel::update(tickets::table.find(ticket.id.to_string()))
            .set(TicketRow::from_ticket(&ticket, search_public, search_internal))
            .execute(conn)
            .store()?;
        insert_events(conn, ticket.id, &update.events, at)?;
        announce_changes(conn, &current, &ticket, &update)?;
        super::notifications::after_ticket_change(conn, &current, &ticket, &update)?;
        Ok(ticket)
    })
}

/// Webhook events for a change, in its transaction: what changed (never internal notes or
/// staff-only history), a kind conversion, and public replies; internal notes and staff-only
/// changes go to the live event log only, for staff's streams.
fn announce_changes(
    conn: &mut DbConnection,
    before: &Ticket,
    after: &Ticket,
    update: &TicketUpdate,
) -> Result<(), StoreError> {
    let changes: Vec<serde_json::Value> = update
        .events
        .iter()
        .filter(|e| !e.internal && e.field != "comment")
        .map(|e| serde_json::json!({ "field": e.field, "old": e.old_value, "new": e.new_value }))
        .collect();
    if !changes.is_empty() {
        let data = serde_json::json!({ "ticket": after, "changes": changes });
        outbox::record_event(conn, EventType::TicketUpdated, data)?;
    } else if update.comments.is_empty() && update.events.iter().any(|e| e.internal) {
        // Staff-only changes (the SLA flags, say) reach staff's live streams, never webhooks;
        // a note's own event (below) already tells them of the ticket.
        super::live_events::record_internal(conn, EventType::TicketUpdated, after)?;
    }
    if before.kind != after.kind {
        let data = serde_json::json!({ "ticket": after, "old_kind": before.kind, "new_kind": after.kind });
        outbox::record_event(conn, EventType::TicketKindConverted, data)?;
    }
    for comment in update.comments.iter().filter(|c| !c.internal) {
        let data = serde_json::json!({
            "ticket": after,
            "comment": { "author_id": comment.author_id, "body": comment.body },
        });
        outbox::record_event(conn, EventType::TicketCommented, data)?;
    }
    for _ in update.comments.iter().filter(|c| c.internal) {
        super::live_events::record_internal(conn, EventType::TicketCommented, after)?;
    }
    Ok(())
}

fn search_texts(conn: &mut DbConnection, ticket: &Ticket) -> Result<(String, String), StoreError> {
    let comments: Vec<(String, bool)> = ticket_comments::table
        .filter(ticket_comments::ticket_id.eq(ticket.id.to_string()))
        .order(ticket_comments::created_at)
        .select((ticket_comments::body, ticket_comments::internal))
        .load(conn)
        .store()?;
    let public = [ticket.subject.as_str(), ticket.description.as_str()]
        .into_iter()
        .chain(comments.iter().filter(|c| !c.1).map(|c| c.0.as_str()));
    let internal = comments.iter().filter(|c| c.1).map(|c| c.0.as_str());
    Ok((search_text(public), search_text(internal)))
}

/// A ticket's comments, oldest first; internal notes only when asked for.
pub fn list_comments(
    conn: &mut DbConnection,
    ticket_id: Uuid,
    include_internal: bool,
) -> Result<Vec<Comment>, StoreError> {
    use super::schema::users;
    let mut query = ticket_comments::table
        .left_join(users::table.on(users::id.nullable().eq(ticket_comments::author_id)))
        .filter(ticket_comments::ticket_id.eq(ticket_id.to_string()))
        .into_boxed();
    if !include_internal {
        query = query.filter(ticket_comments::internal.eq(false));
    }
    type Row = (
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        String,
        bool,
        NaiveDateTime,
    );
    let rows: Vec<Row> = query
        .order((ticket_comments::created_at, ticket_comments::id))
        .select((
            ticket_comments::id,
            ticket_comments::author_id,
            users::display_name.nullable(),
            users::role.nullable(),
            ticket_comments::body,
            ticket_comments::internal,
            ticket_comments::created_at,
        ))
        .load(conn)
        .store()?;
    rows.into_iter()
        .map(|(id, author, author_name, role, body, internal, at)| {
            let role: Option<Role> = role
                .map(|r| r.parse().map_err(|e| corrupt("users.role", e)))
                .transpose()?;
            Ok(Comment {
                id: parse_id(&id),
                author_id: author.as_deref().map(parse_id),
                author_name,
                author_is_staff: role.is_some_and(|r| r.is_staff()),
                body,
                internal,
                created_at: at.and_utc(),
            })
        })
        .collect()
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = ticket_events)]
struct EventRow {
    id: String,
    actor_id: Option<String>,
    field: String,
    old_value: Option<String>,
    new_value: Option<String>,
    reason: Option<String>,
    internal: bool,
    created_at: NaiveDateTime,
    stated_reason: Option<String>,
}

/// A ticket's history, oldest first, with who made each change (name and whether staff, from
/// the same query); internal entries only when asked for.
pub fn list_events(
    conn: &mut DbConnection,
    ticket_id: Uuid,
    include_internal: bool,
) -> Result<Vec<TicketEvent>, StoreError> {
    use super::schema::users;
    let mut query = ticket_events::table
        .left_join(users::table.on(users::id.nullable().eq(ticket_events::actor_id)))
        .filter(ticket_events::ticket_id.eq(ticket_id.to_string()))
        .into_boxed();
    if !include_internal {
        query = query.filter(ticket_events::internal.eq(false));
    }
    let rows: Vec<(EventRow, Option<String>, Option<String>)> = query
        .order((ticket_events::created_at, ticket_events::id))
        .select((
            EventRow::as_select(),
            users::display_name.nullable(),
            users::role.nullable(),
        ))
        .load(conn)
        .store()?;
    rows.into_iter()
        .map(|(row, actor_name, role)| {
            let role: Option<Role> = role
                .map(|r| r.parse().map_err(|e| corrupt("users.role", e)))
                .transpose()?;
            Ok(TicketEvent {
                id: parse_id(&row.id),
                actor_id: row.actor_id.as_deref().map(parse_id),
                actor_name,
                actor_is_staff: role.is_some_and(|r| r.is_staff()),
                field: row.field,
                old_value: row.old_value,
                new_value: row.new_value,
                // The reason column holds a triage decision or a scheduler reason.
                decision: row.reason.as_deref().and_then(|r| serde_json::from_str(r).ok()),
                automatic: row.reason.as_deref().and_then(|r| serde_json::from_str(r).ok()),
                stated_reason: row.stated_reason,
                internal: row.internal,
                created_at: row.created_at.and_utc(),
            })
        })
        .collect()
}

/// The last triage decision recorded on a ticket and when it was taken; internal ones (a
/// rule's internal note) only when asked for.
pub fn last_decision(
    conn: &mut DbConnection,
    ticket_id: Uuid,
    include_internal: bool,
) -> Result<Option<(Decision, DateTime<Utc>)>, StoreError> {
    let mut query = ticket_events::table
        .filter(ticket_events::ticket_id.eq(ticket_id.to_string()))
        .filter(ticket_events::rule_id.is_not_null())
        .into_boxed();
    if !include_internal {
        query = query.filter(ticket_events::internal.eq(false));
    }
    // The decisions of one run share a time; ids (UUIDv7) keep their order.
    let rows: Vec<(Option<String>, NaiveDateTime)> = query
        .order((ticket_events::created_at.desc(), ticket_events::id.desc()))
        .select((ticket_events::reason, ticket_events::created_at))
        .limit(1)
        .load(conn)
        .store()?;
    Ok(rows.into_iter().next().and_then(|(reason, at)| {
        let decision: Decision = serde_json::from_str(reason.as_deref()?).ok()?;
        Some((decision, at.and_utc()))
    }))
}

/// Filters of the queue.
#[derive(Debug, Clone, Default)]
pub struct TicketFilter {
    /// Only these statuses (any of them).
    pub statuses: Vec<TicketStatus>,
    /// Only this kind.
    pub kind: Option<Kind>,
    /// Only this priority.
    pub priority: Option<Priority>,
    /// Only tickets assigned to this agent.
    pub assignee_id: Option<Uuid>,
    /// Only tickets nobody is assigned to.
    pub unassigned: bool,
    /// Only tickets of this organisation.
    pub organization_id: Option<Uuid>,
    /// Only tickets that came in this way.
    pub channel: Option<Channel>,
    /// Only tickets whose SLA is (`true`) or is not (`false`) breached.
    pub breached: Option<bool>,
    /// Only tickets whose SLA is (`true`) or is not (`false`) at risk.
    pub at_risk: Option<bool>,
}

/// The open statuses ([`TicketStatus::OPEN`]) as SQL, word for word the `WHERE` of the partial
/// indexes `tickets_open_*` (migration 2026-12-04-000500; they cost SQLite about a fifth of its
/// creates per second under 16 clients, PostgreSQL nothing measurable). Closed tickets are most of the table
/// after a while and sort first in queue order (their due times are long past): an index of
/// all tickets in queue order walks through them before the first open one (0.4 s at 1,000,000
/// on PostgreSQL). SQLite uses a partial index only for a query term identical to its `WHERE`,
/// with literals, not bound values: so the default filter is written as this text.
pub const OPEN_STATUSES_SQL: &str = "status IN ('new', 'open', 'pending_customer', 'scheduled')";

/// How a list of statuses is asked for.
#[derive(Debug, PartialEq, Eq)]
enum StatusCondition {
    /// No status filter.
    Any,
    /// Exactly the open statuses (in any order, repeated or not): [`OPEN_STATUSES_SQL`].
    Open,
    /// These (stored names), bound as values.
    OneOf(Vec<&'static str>),
}

fn status_condition(statuses: &[TicketStatus]) -> StatusCondition {
    let mut set = statuses.to_vec();
    set.sort_by_key(|s| TicketStatus::ALL.iter().position(|x| x == s));
    set.dedup();
    if set.is_empty() {
        StatusCondition::Any
    } else if set == TicketStatus::OPEN {
        StatusCondition::Open
    } else {
        StatusCondition::OneOf(set.iter().map(|s| s.as_str()).collect())
    }
}

fn filtered(scope: TicketScope, filter: &TicketFilter) -> BoxedTickets<'static> {
    let mut query = scoped(scope);
    match status_condition(&filter.statuses) {
        StatusCondition::Any => {}
        StatusCondition::Open => query = query.filter(diesel::dsl::sql::<diesel::sql_types::Bool>(OPEN_STATUSES_SQL)),
        StatusCondition::OneOf(names) => query = query.filter(tickets::status.eq_any(names)),
    }
    if let Some(kind) = filter.kind {
        query = query.filter(tickets::kind.eq(kind.as_str()));
    }
    if let Some(priority) = filter.priority {
        query = query.filter(tickets::priority_rank.eq(i32::from(priority.rank())));
    }
    if let Some(assignee) = filter.assignee_id {
        query = query.filter(tickets::assignee_id.eq(assignee.to_string()));
    }
    if filter.unassigned {
        query = query.filter(tickets::assignee_id.is_null());
    }
    if let Some(org) = filter.organization_id {
        query = query.filter(tickets::organization_id.eq(org.to_string()));
    }
    if let Some(channel) = filter.channel {
        query = query.filter(tickets::channel.eq(channel.as_str()));
    }
    if let Some(breached) = filter.breached {
        query = query.filter(tickets::sla_breached.eq(breached));
    }
    if let Some(at_risk) = filter.at_risk {
        query = query.filter(tickets::sla_at_risk.eq(at_risk));
    }
    query
}

const CURSOR_TIME: &str = "%Y-%m-%dT%H:%M:%S%.6f";

/// The queue: priority first, then due time, then age, by keyset pagination.
pub fn list_queue(
    conn: &mut DbConnection,
    scope: TicketScope,
    filter: &TicketFilter,
    page: &PageRequest,
) -> Result<Page<Ticket>, StoreError> {
    let mut query = filtered(scope, filter);
    if let Some([rank, due, created, id]) = page.after.as_deref() {
        let parse_time = |t: &str| NaiveDateTime::parse_from_str(t, CURSOR_TIME).ok();
        if let (Ok(rank), Some(due), Some(created)) = (rank.parse::<i32>(), parse_time(due), parse_time(created)) {
            let id = id.clone();
            query = query.filter(
                tickets::priority_rank.gt(rank).or(tickets::priority_rank.eq(rank).and(
                    tickets::due_at.gt(due).or(tickets::due_at.eq(due).and(
                        tickets::created_at
                            .gt(created)
                            .or(tickets::created_at.eq(created).and(tickets::id.gt(id))),
                    )),
                )),
            );
        }
    }
    let rows = query
        .order((
            tickets::priority_rank,
            tickets::due_at,
            tickets::created_at,
            tickets::id,
        ))
        .limit(i64::from(page.limit) + 1)
        .select(TicketRow::as_select())
        .load(conn)
        .store()?;
    let tickets = rows
        .into_iter()
        .map(TicketRow::into_ticket)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Page::from_rows(tickets, page.limit, |t| {
        vec![
            t.priority.rank().to_string(),
            t.due_at.format(CURSOR_TIME).to_string(),
            t.created_at.naive_utc().format(CURSOR_TIME).to_string(),
            t.id.to_string(),
        ]
    }))
}

/// How many of the most recent matches a search ranks. Ranking every match of a common word
/// among a million tickets costs hundreds of milliseconds; the newest thousand hold what a
/// support desk looks for, and rank in a few.
pub const SEARCH_WINDOW: u32 = 1000;

/// Full-text search within the scope and filters, best match first among the
/// [`SEARCH_WINDOW`] most recent matches. `terms` are folded words (see
/// `domain::ticket::search_terms`); each must match (as a word prefix). Internal notes are
/// searched only with `include_internal`. Pages by offset: ranks are not a stable key.
pub fn search(
    conn: &mut DbConnection,
    scope: TicketScope,
    filter: &TicketFilter,
    terms: &[String],
    include_internal: bool,
    offset: u32,
    limit: u32,
) -> Result<Vec<Ticket>, StoreError> {
    if terms.is_empty() {
        return Ok(Vec::new());
    }
    // Scope and filters as SQL text with values bound in order (`?` becomes `$n` on PostgreSQL).
    let mut clauses: Vec<String> = Vec::new();
    let mut values: Vec<String> = Vec::new();
    match scope {
        TicketScope::Everything => {}
        TicketScope::Organization(org) => {
            clauses.push("t.organization_id = ?".into());
            values.push(org.to_string());
        }
        TicketScope::Requester(user) => {
            clauses.push("t.requester_id = ?".into());
            values.push(user.to_string());
        }
    }
    if !filter.statuses.is_empty() {
        let marks = vec!["?"; filter.statuses.len()].join(", ");
        clauses.push(format!("t.status IN ({marks})"));
        values.extend(filter.statuses.iter().map(|s| s.as_str().to_owned()));
    }
    let equalities = [
        ("t.kind = ?", filter.kind.map(|k| k.as_str().to_owned())),
        ("t.priority = ?", filter.priority.map(|p| p.as_str().to_owned())),
        ("t.assignee_id = ?", filter.assignee_id.map(|a| a.to_string())),
        ("t.organization_id = ?", filter.organization_id.map(|o| o.to_string())),
        ("t.channel = ?", filter.channel.map(|c| c.as_str().to_owned())),
    ];
    for (clause, value) in equalities {
        if let Some(value) = value {
            clauses.push(clause.into());
            values.push(value);
        }
    }
    if filter.unassigned {
        clauses.push("t.assignee_id IS NULL".into());
    }
    for (column, wanted) in [("t.sla_breached", filter.breached), ("t.sla_at_risk", filter.at_risk)] {
        if let Some(wanted) = wanted {
            clauses.push(format!("{column} = {}", if wanted { "TRUE" } else { "FALSE" }));
        }
    }
    let extra: String = clauses.iter().map(|c| format!(" AND {c}")).collect();
    // Terms are folded runs of letters and digits, so they can be quoted without escaping.
    let ids: Vec<String> = match conn {
        DbConnection::Sqlite(c) => {
            let words: Vec<String> = terms.iter().map(|t| format!("\"{t}\"*")).collect();
            let column = if include_internal { "" } else { "search_public : " };
            let fts = format!("{column}({})", words.join(" AND "));
            let sql = format!(
                "SELECT id FROM (SELECT t.id AS id, bm25(ticket_search) AS score, t.rowid AS recency \
                 FROM ticket_search JOIN tickets t ON t.rowid = ticket_search.rowid \
                 WHERE ticket_search MATCH ?{extra} ORDER BY ticket_search.rowid DESC LIMIT {SEARCH_WINDOW}) \
                 ORDER BY score, recency DESC LIMIT ? OFFSET ?"
            );
            let mut query = diesel::sql_query(sql)
                .into_boxed::<diesel::sqlite::Sqlite>()
                .bind::<diesel::sql_types::Text, _>(fts);
            for value in values {
                query = query.bind::<diesel::sql_types::Text, _>(value);
            }
            query
                .bind::<diesel::sql_types::BigInt, _>(i64::from(limit))
                .bind::<diesel::sql_types::BigInt, _>(i64::from(offset))
                .load::<IdRow>(c)
                .store()?
                .into_iter()
                .map(|r| r.id)
                .collect()
        }
        DbConnection::Postgres(c) => {
            let tsquery: Vec<String> = terms.iter().map(|t| format!("{t}:*")).collect();
            let document = if include_internal {
                "t.search_all_tsv"
            } else {
                "t.search_public_tsv"
            };
            let (numbered, limit_at) = super::number_placeholders(&extra, 2);
            let sql = format!(
                "SELECT id FROM (SELECT t.id AS id, t.created_at AS recency, \
                 ts_rank({document}, to_tsquery('simple', $1)) AS score \
                 FROM tickets t WHERE {document} @@ to_tsquery('simple', $1){numbered} \
                 ORDER BY t.created_at DESC LIMIT {SEARCH_WINDOW}) ranked \
                 ORDER BY score DESC, recency DESC LIMIT ${limit_at} OFFSET ${}",
                limit_at + 1
            );
            let mut query = diesel::sql_query(sql)
                .into_boxed::<diesel::pg::Pg>()
                .bind::<diesel::sql_types::Text, _>(tsquery.join(" & "));
            for value in values {
                query = query.bind::<diesel::sql_types::Text, _>(value);
            }
            query
                .bind::<diesel::sql_types::BigInt, _>(i64::from(limit))
                .bind::<diesel::sql_types::BigInt, _>(i64::from(offset))
                .load::<IdRow>(c)
                .store()?
                .into_iter()
                .map(|r| r.id)
                .collect()
        }
    };
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows = tickets::table
        .filter(tickets::id.eq_any(&ids))
        .select(TicketRow::as_select())
        .load(conn)
        .store()?;
    let mut found = rows
        .into_iter()
        .map(TicketRow::into_ticket)
        .collect::<Result<Vec<_>, _>>()?;
    found.sort_by_key(|t| ids.iter().position(|id| *id == t.id.to_string()).unwrap_or(usize::MAX));
    Ok(found)
}

#[derive(QueryableByName)]
struct IdRow {
    #[diesel(sql_type = diesel::sql_types::Text)]
    id: String,
}

/// A generated ticket for measurement: inserted in batches, bypassing intake.
#[derive(Debug, Clone)]
pub struct BulkTicket {
    /// Subject.
    pub subject: String,
    /// Description.
    pub description: String,
    /// A public staff reply.
    pub reply: String,
    /// Kind.
    pub kind: Kind,
    /// Status.
    pub status: TicketStatus,
    /// Urgency.
    pub urgency: Urgency,
    /// Priority.
    pub priority: Priority,
    /// Requester.
    pub requester_id: Uuid,
    /// Requester's organisation.
    pub organization_id: Option<Uuid>,
    /// Agent who replied.
    pub agent_id: Uuid,
    /// When it was logged.
    pub created_at: NaiveDateTime,
}

/// Inserts generated tickets with one reply each, in batches of one transaction, taking a
/// block of reference numbers. For `loket seed-demo --tickets N`, never for real intake.
pub fn bulk_insert(conn: &mut DbConnection, batch: Vec<BulkTicket>) -> Result<usize, StoreError> {
    let year = now().year();
    numbered_write(conn, year, batch.len(), |conn, numbers| {
        let clock = SlaClock::load(conn)?;
        let mut ticket_rows = Vec::with_capacity(batch.len());
        let mut comment_rows = Vec::with_capacity(batch.len());
        for (bulk, number) in batch.into_iter().zip(numbers) {
            let id = Uuid::now_v7();
            let mut ticket = Ticket {
                id,
                reference: format_reference(year, number),
                kind: bulk.kind,
                status: bulk.status,
                subject: bulk.subject,
                description: bulk.description,
                channel: Channel::Portal,
                category: None,
                urgency: bulk.urgency,
                impact: None,
                priority: bulk.priority,
                priority_overridden: false,
                requester_id: bulk.requester_id,
                organization_id: bulk.organization_id,
                assignee_id: Some(bulk.agent_id),
                created_by: bulk.requester_id,
                first_response_at: Some(bulk.created_at.and_utc()),
                resolved_at: None,
                closed_at: None,
                created_at: bulk.created_at.and_utc(),
                updated_at: bulk.created_at.and_utc(),
                first_response_due_at: bulk.created_at.and_utc(),
                resolution_due_at: bulk.created_at.and_utc(),
                sla_paused_since: None,
                sla_paused_minutes: 0,
                sla_at_risk: false,
                sla_breached: false,
                due_at: bulk.created_at,
            };
            clock.refresh(None, &mut ticket, bulk.created_at.and_utc());
            // The documented default at-risk share; the scheduler corrects it if configured otherwise.
            clock.settle_flags(&mut ticket, now().and_utc(), 75);
            let public = search_text([
                ticket.subject.as_str(),
                ticket.description.as_str(),
                bulk.reply.as_str(),
            ]);
            ticket_rows.push(TicketRow::from_ticket(&ticket, public, String::new()));
            let reply = NewComment {
                author_id: Some(bulk.agent_id),
                body: bulk.reply,
                internal: false,
            };
            comment_rows.push(NewCommentRow::new(id, &reply, bulk.created_at));
        }
        let inserted = ticket_rows.len();
        insert_rows!(conn, tickets::table, ticket_rows);
        insert_rows!(conn, ticket_comments::table, comment_rows);
        Ok(inserted)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_open_statuses_sql_lists_the_open_statuses_in_order() {
        let listed: Vec<String> = TicketStatus::OPEN.iter().map(|s| format!("'{}'", s.as_str())).collect();
        assert_eq!(OPEN_STATUSES_SQL, format!("status IN ({})", listed.join(", ")));
    }

    #[test]
    fn every_open_ticket_index_has_the_open_statuses_sql_as_its_where() {
        for (up, count) in [
            (
                include_str!("../../migrations/sqlite/2026-12-04-000500_open_ticket_indexes/up.sql"),
                3,
            ),
            (
                include_str!("../../migrations/postgres/2026-12-04-000500_open_ticket_indexes/up.sql"),
                4,
            ),
        ] {
            let indexes: Vec<&str> = up.split(';').filter(|s| s.contains("CREATE INDEX")).collect();
            assert_eq!(indexes.len(), count);
            for index in indexes {
                assert!(
                    index.trim_end().ends_with(&format!("WHERE {OPEN_STATUSES_SQL}")),
                    "{index}"
                );
            }
        }
    }

    #[test]
    fn the_open_set_in_any_order_is_asked_for_as_the_partial_indexes_where() {
        use TicketStatus::*;
        assert_eq!(status_condition(&[]), StatusCondition::Any);
        assert_eq!(status_condition(&TicketStatus::OPEN), StatusCondition::Open);
        assert_eq!(
            status_condition(&[Scheduled, Open, New, PendingCustomer, Open]),
            StatusCondition::Open
        );
        assert_eq!(
            status_condition(&[Open, New]),
            StatusCondition::OneOf(vec!["new", "open"])
        );
        assert_eq!(
            status_condition(&[New, Open, PendingCustomer, Scheduled, Resolved]),
            StatusCondition::OneOf(vec!["new", "open", "pending_customer", "scheduled", "resolved"])
        );
    }
}

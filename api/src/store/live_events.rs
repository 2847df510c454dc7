//! The live event log behind `GET /api/v1/events/stream`: one row per outbox event (written
//! by [`super::outbox`] in the change's transaction) and per staff-only change that webhooks
//! never see, kept for [`RETENTION`] so that a dropped stream can resume with `Last-Event-ID`
//! on any instance. Outbox rows belong to their deliveries; this log belongs to the streams.
//!
//! Order and the cursor: on SQLite (one writer at a time) position order is commit order. On
//! PostgreSQL transactions commit in another order than they draw positions, so a reader of
//! "position > last" could pass over a row that commits a moment later. Each row keeps its
//! transaction's id instead, and readers take only rows whose transaction is older than the
//! oldest still running (`pg_snapshot_xmin`): those have all ended, so no row can appear below
//! what was read. Rows are read in (xid, position) order, which is also the [`Cursor`]. No
//! writer waits for another: the price is that a row is delivered once every transaction that
//! began before its own has ended (milliseconds, as Loket's transactions are short).

use super::accounts::parse_id;
use super::schema::{live_events, tickets};
use super::tickets::{Ticket, TicketScope};
use super::{DbConnection, ResultExt, StoreError};
use crate::domain::webhook::EventType;
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Nullable, Text, Timestamp};
use serde::Deserialize;
use std::fmt;
use uuid::Uuid;

/// How long events stay in the log: a stream can resume after a gap up to this long.
pub const RETENTION: chrono::TimeDelta = chrono::TimeDelta::hours(24);

/// A place in the log: the writing transaction (always 0 on SQLite) and the position. Its
/// text form, `<xid>-<position>`, is the `id` of a stream's frames.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cursor {
    /// The writing transaction (PostgreSQL's xid8).
    pub xid: i64,
    /// The row's position.
    pub position: i64,
}

impl Cursor {
    /// Reads the text form; `None` when it is not one.
    pub fn parse(text: &str) -> Option<Cursor> {
        let (xid, position) = text.trim().split_once('-')?;
        let number = |s: &str| {
            s.parse::<i64>()
                .ok()
                .filter(|n| *n >= 0 && s.bytes().all(|b| b.is_ascii_digit()))
        };
        Some(Cursor {
            xid: number(xid)?,
            position: number(position)?,
        })
    }
}

impl fmt::Display for Cursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.xid, self.position)
    }
}

/// The ticket an event is about, as far as the log needs it: what to send, and whom to.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct EventTicket {
    /// The ticket.
    pub id: Uuid,
    /// Its reference.
    pub reference: String,
    /// Its organisation (customer admins see those events).
    pub organization_id: Option<Uuid>,
    /// Who asked (customers see the events of their own tickets).
    pub requester_id: Uuid,
}

impl EventTicket {
    /// Of a ticket.
    pub fn of(ticket: &Ticket) -> EventTicket {
        EventTicket {
            id: ticket.id,
            reference: ticket.reference.clone(),
            organization_id: ticket.organization_id,
            requester_id: ticket.requester_id,
        }
    }

    /// The ticket an outbox event's data is about: its `ticket` (ticket events carry the whole
    /// ticket) or, for an event about something on a ticket (an appointment, an intervention),
    /// the ticket of that thing's `ticket_id`, read in the change's transaction. Reading it
    /// from the data keeps every outbox event feeding the log without each caller saying so.
    pub(crate) fn about(conn: &mut DbConnection, data: &serde_json::Value) -> Result<Option<EventTicket>, StoreError> {
        if let Some(ticket) = data.get("ticket").and_then(|t| EventTicket::deserialize(t).ok()) {
            return Ok(Some(ticket));
        }
        let ticket_id = data
            .as_object()
            .into_iter()
            .flat_map(|members| members.values())
            .find_map(|member| member.get("ticket_id")?.as_str()?.parse::<Uuid>().ok());
        let Some(ticket_id) = ticket_id else {
            return Ok(None);
        };
        let (id, reference, organization_id, requester_id): (String, String, Option<String>, String) = tickets::table
            .find(ticket_id.to_string())
            .select((
                tickets::id,
                tickets::reference,
                tickets::organization_id,
                tickets::requester_id,
            ))
            .first(conn)
            .store()?;
        Ok(Some(EventTicket {
            id: parse_id(&id),
            reference,
            organization_id: organization_id.as_deref().map(parse_id),
            requester_id: parse_id(&requester_id),
        }))
    }
}

/// A row to write.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = live_events)]
pub(crate) struct NewLiveEvent {
    event_id: String,
    event_type: String,
    ticket_id: String,
    reference: String,
    organization_id: Option<String>,
    requester_id: String,
    internal: bool,
    created_at: NaiveDateTime,
}

impl NewLiveEvent {
    /// The row of event `event_id` about `ticket`; `internal` ones reach staff only.
    pub(crate) fn new(
        event_id: Uuid,
        event_type: EventType,
        ticket: EventTicket,
        internal: bool,
        at: NaiveDateTime,
    ) -> NewLiveEvent {
        NewLiveEvent {
            event_id: event_id.to_string(),
            event_type: event_type.as_str().to_owned(),
            ticket_id: ticket.id.to_string(),
            reference: ticket.reference,
            organization_id: ticket.organization_id.map(|id| id.to_string()),
            requester_id: ticket.requester_id.to_string(),
            internal,
            created_at: at,
        }
    }
}

/// Writes rows, inside the caller's transaction.
pub(crate) fn insert(conn: &mut DbConnection, rows: Vec<NewLiveEvent>) -> Result<(), StoreError> {
    insert_rows!(conn, live_events::table, rows);
    Ok(())
}

/// Records a change that only staff may hear of (an internal note, a staff-only field): no
/// webhook receives it, so it is in the log only. Call it inside the change's transaction.
pub fn record_internal(conn: &mut DbConnection, event_type: EventType, ticket: &Ticket) -> Result<(), StoreError> {
    let row = NewLiveEvent::new(Uuid::now_v7(), event_type, EventTicket::of(ticket), true, super::now());
    insert(conn, vec![row])
}

/// An event as read from the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveEvent {
    /// Where it is in the log.
    pub cursor: Cursor,
    /// What happened.
    pub event_type: EventType,
    /// The ticket.
    pub ticket_id: Uuid,
    /// Its reference.
    pub reference: String,
    /// Its organisation.
    pub organization_id: Option<Uuid>,
    /// Who asked.
    pub requester_id: Uuid,
    /// Staff only.
    pub internal: bool,
    /// When it happened.
    pub at: DateTime<Utc>,
}

impl LiveEvent {
    /// Whether a caller who sees the tickets of `scope` (the list API's scope) may hear of it:
    /// staff of everything, customers never of internal events, and customers without the
    /// customer admin role not of interventions either (their interventions list refuses them).
    pub fn visible_in(&self, scope: TicketScope) -> bool {
        match scope {
            TicketScope::Everything => true,
            TicketScope::Organization(organization) => !self.internal && self.organization_id == Some(organization),
            TicketScope::Requester(user) => {
                !self.internal && self.requester_id == user && self.event_type != EventType::InterventionRecorded
            }
        }
    }
}

#[derive(QueryableByName)]
struct Row {
    #[diesel(sql_type = BigInt)]
    xid: i64,
    #[diesel(sql_type = BigInt)]
    position: i64,
    #[diesel(sql_type = Text)]
    event_type: String,
    #[diesel(sql_type = Text)]
    ticket_id: String,
    #[diesel(sql_type = Text)]
    reference: String,
    #[diesel(sql_type = Nullable<Text>)]
    organization_id: Option<String>,
    #[diesel(sql_type = Text)]
    requester_id: String,
    #[diesel(sql_type = Bool)]
    internal: bool,
    #[diesel(sql_type = Timestamp)]
    created_at: NaiveDateTime,
}

impl Row {
    /// `None` for an event type this version does not know (written by a newer instance
    /// during a rolling upgrade): it is passed over rather than failing the streams.
    fn into_event(self) -> Option<LiveEvent> {
        Some(LiveEvent {
            cursor: Cursor {
                xid: self.xid,
                position: self.position,
            },
            event_type: EventType::ALL.into_iter().find(|t| t.as_str() == self.event_type)?,
            ticket_id: parse_id(&self.ticket_id),
            reference: self.reference,
            organization_id: self.organization_id.as_deref().map(parse_id),
            requester_id: parse_id(&self.requester_id),
            internal: self.internal,
            at: self.created_at.and_utc(),
        })
    }
}

#[derive(QueryableByName)]
struct Place {
    #[diesel(sql_type = BigInt)]
    xid: i64,
    #[diesel(sql_type = BigInt)]
    position: i64,
    #[diesel(sql_type = Timestamp)]
    created_at: NaiveDateTime,
}

/// The oldest transaction id still running: every row below it is final (PostgreSQL). A
/// sub-select, so the snapshot is taken once per statement.
const SETTLED_BELOW: &str = "(SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint)";

/// The last settled event, or the start of the log when it is empty: a stream opened now
/// starts after it.
pub fn head(conn: &mut DbConnection) -> Result<Cursor, StoreError> {
    let found: Option<Place> = match conn {
        DbConnection::Sqlite(c) => {
            diesel::sql_query("SELECT 0 AS xid, position, created_at FROM live_events ORDER BY position DESC LIMIT 1")
                .get_result(c)
                .optional()
        }
        DbConnection::Postgres(c) => diesel::sql_query(format!(
            "SELECT xid, position, created_at FROM live_events WHERE xid < {SETTLED_BELOW} \
             ORDER BY xid DESC, position DESC LIMIT 1"
        ))
        .get_result(c)
        .optional(),
    }
    .store()?;
    Ok(found.map_or(Cursor::default(), |p| Cursor {
        xid: p.xid,
        position: p.position,
    }))
}

/// What [`after`] read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Page {
    /// The events, in order.
    pub events: Vec<LiveEvent>,
    /// The cursor of the last row read (an event of an unknown type too), if any.
    pub last: Option<Cursor>,
    /// Whether every settled row after the cursor was read (fewer than the limit were there).
    pub complete: bool,
}

/// Up to `limit` settled events after `after` that a caller of `scope` may be sent, in
/// order. The scope's organisation or requester and the internal flag are filtered here;
/// [`LiveEvent::visible_in`] has the last word.
pub fn after(conn: &mut DbConnection, after: Cursor, scope: TicketScope, limit: i64) -> Result<Page, StoreError> {
    let (clause, value) = match scope {
        TicketScope::Everything => ("", None),
        TicketScope::Organization(id) => (" AND organization_id = ? AND NOT internal", Some(id.to_string())),
        TicketScope::Requester(id) => (" AND requester_id = ? AND NOT internal", Some(id.to_string())),
    };
    const COLUMNS: &str =
        "position, event_type, ticket_id, reference, organization_id, requester_id, internal, created_at";
    let rows: Vec<Row> = match conn {
        DbConnection::Sqlite(c) => {
            let sql = format!(
                "SELECT 0 AS xid, {COLUMNS} FROM live_events WHERE position > ?{clause} ORDER BY position LIMIT ?"
            );
            let mut query = diesel::sql_query(sql)
                .into_boxed::<diesel::sqlite::Sqlite>()
                .bind::<BigInt, _>(after.position);
            if let Some(value) = value {
                query = query.bind::<Text, _>(value);
            }
            query.bind::<BigInt, _>(limit).load(c)
        }
        DbConnection::Postgres(c) => {
            let (clause, next) = super::number_placeholders(clause, 3);
            let sql = format!(
                "SELECT xid, {COLUMNS} FROM live_events WHERE (xid, position) > ($1, $2) \
                 AND xid < {SETTLED_BELOW}{clause} ORDER BY xid, position LIMIT ${next}"
            );
            let mut query = diesel::sql_query(sql)
                .into_boxed::<diesel::pg::Pg>()
                .bind::<BigInt, _>(after.xid)
                .bind::<BigInt, _>(after.position);
            if let Some(value) = value {
                query = query.bind::<Text, _>(value);
            }
            query.bind::<BigInt, _>(limit).load(c)
        }
    }
    .store()?;
    Ok(Page {
        complete: (rows.len() as i64) < limit,
        last: rows.last().map(|r| Cursor {
            xid: r.xid,
            position: r.position,
        }),
        events: rows.into_iter().filter_map(Row::into_event).collect(),
    })
}

/// Deletes the events written before `before`; returns how many. Walks the log from its
/// oldest end by the primary key in batches (each its own statement, so SQLite's write lock
/// is never held for long), stopping at the first younger event: the log is in time order
/// but for moments, and an index on `created_at` would cost every write.
pub fn purge(conn: &mut DbConnection, before: NaiveDateTime) -> Result<usize, StoreError> {
    const BATCH: usize = 500;
    let mut purged = 0;
    loop {
        let oldest: Vec<Place> = match conn {
            DbConnection::Sqlite(c) => diesel::sql_query(format!(
                "SELECT 0 AS xid, position, created_at FROM live_events ORDER BY position LIMIT {BATCH}"
            ))
            .load(c),
            DbConnection::Postgres(c) => diesel::sql_query(format!(
                "SELECT xid, position, created_at FROM live_events ORDER BY xid, position LIMIT {BATCH}"
            ))
            .load(c),
        }
        .store()?;
        let old = oldest.iter().take_while(|p| p.created_at < before).count();
        let Some(last) = old.checked_sub(1).map(|i| &oldest[i]) else {
            return Ok(purged);
        };
        match conn {
            DbConnection::Sqlite(c) => diesel::sql_query("DELETE FROM live_events WHERE position <= ?")
                .bind::<BigInt, _>(last.position)
                .execute(c),
            DbConnection::Postgres(c) => diesel::sql_query("DELETE FROM live_events WHERE (xid, position) <= ($1, $2)")
                .bind::<BigInt, _>(last.xid)
                .bind::<BigInt, _>(last.position)
                .execute(c),
        }
        .store()?;
        purged += old;
        if old < BATCH {
            return Ok(purged);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_order_by_transaction_first() {
        let cursor = Cursor { xid: 812, position: 5 };
        assert_eq!(Cursor::parse(&cursor.to_string()), Some(cursor));
        assert!(Cursor { xid: 811, position: 9 } < cursor);
        assert!(Cursor { xid: 812, position: 6 } > cursor);
        for bad in [
            "",
            "12",
            "-1-2",
            "1--2",
            "a-1",
            "1-b",
            "1-2-3",
            "+1-2",
            "99999999999999999999-1",
        ] {
            assert_eq!(Cursor::parse(bad), None, "{bad}");
        }
    }

    fn event(event_type: EventType, internal: bool) -> LiveEvent {
        LiveEvent {
            cursor: Cursor::default(),
            event_type,
            ticket_id: Uuid::now_v7(),
            reference: "2026-000001".into(),
            organization_id: Some(Uuid::from_u128(1)),
            requester_id: Uuid::from_u128(2),
            internal,
            at: Utc::now(),
        }
    }

    #[test]
    fn customers_hear_only_of_their_tickets_public_events() {
        let (org, other_org) = (Uuid::from_u128(1), Uuid::from_u128(3));
        let (requester, colleague) = (Uuid::from_u128(2), Uuid::from_u128(4));
        let public = event(EventType::TicketCommented, false);
        let internal = event(EventType::TicketCommented, true);
        let work = event(EventType::InterventionRecorded, false);
        assert!(public.visible_in(TicketScope::Everything) && internal.visible_in(TicketScope::Everything));
        assert!(public.visible_in(TicketScope::Organization(org)));
        assert!(work.visible_in(TicketScope::Organization(org)));
        assert!(!internal.visible_in(TicketScope::Organization(org)));
        assert!(!public.visible_in(TicketScope::Organization(other_org)));
        assert!(public.visible_in(TicketScope::Requester(requester)));
        assert!(!internal.visible_in(TicketScope::Requester(requester)));
        assert!(!work.visible_in(TicketScope::Requester(requester)));
        assert!(!public.visible_in(TicketScope::Requester(colleague)));
    }
}

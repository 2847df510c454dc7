//! The outbox: events are written in the same transaction as the change they describe (so
//! none is lost and none is sent for a change that rolled back), with one delivery per
//! subscribed webhook and one per e-mail notification; workers claim due deliveries under a
//! lease.

use super::accounts::parse_id;
use super::schema::{mail_deliveries, outbox_events, webhook_deliveries, webhooks};
use super::{live_events, now, write_transaction, DbConnection, ResultExt, StoreError};
use crate::domain::webhook::EventType;
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// Leases up to `$limit` due rows of a delivery table (`pending`, due, lease free) until
/// `$at + $lease`, returning their ids: PostgreSQL skips rows another claimer holds
/// (`FOR UPDATE SKIP LOCKED`); SQLite's write lock serialises claimers. Run it inside a write
/// transaction. A macro because the webhook and mail delivery tables are distinct diesel types
/// with the same columns.
macro_rules! lease_due {
    ($conn:expr, $table:ident, $at:expr, $limit:expr, $lease:expr $(, also $extra:expr)?) => {{
        let at = $at;
        let due = $table::table
            .filter($table::status.eq("pending"))
            .filter($table::next_attempt_at.le(at))
            $(.filter($extra))?
            .filter($table::locked_until.is_null().or($table::locked_until.lt(at)))
            .order($table::next_attempt_at)
            .limit($limit)
            .select($table::id);
        let ids: Vec<String> = match $conn {
            DbConnection::Postgres(pg) => due.for_update().skip_locked().load(pg).store()?,
            DbConnection::Sqlite(sqlite) => due.load(sqlite).store()?,
        };
        if !ids.is_empty() {
            diesel::update($table::table.filter($table::id.eq_any(&ids)))
                .set($table::locked_until.eq(at + $lease))
                .execute($conn)
                .store()?;
        }
        ids
    }};
}

/// Ends the leases of claimed rows of a delivery table (see [`lease_due`]).
macro_rules! end_leases {
    ($conn:expr, $table:ident, $ids:expr) => {
        diesel::update($table::table.filter($table::id.eq_any($ids)))
            .set($table::locked_until.eq(None::<NaiveDateTime>))
            .execute($conn)
            .store()
            .map(drop)
    };
}

/// Records an event and a pending delivery for every active webhook that subscribes to it.
/// Call it inside the transaction of the change.
pub fn record_event(conn: &mut DbConnection, event_type: EventType, data: serde_json::Value) -> Result<(), StoreError> {
    let subscribers = Subscribers::load(conn)?;
    record_events(conn, &subscribers, event_type, vec![data])
}

/// The active webhooks and the events each subscribes to.
#[derive(Debug, Clone, Default)]
pub struct Subscribers(Vec<(String, Vec<EventType>)>);

impl Subscribers {
    /// Reads them.
    pub fn load(conn: &mut DbConnection) -> Result<Subscribers, StoreError> {
        let active: Vec<(String, String)> = webhooks::table
            .filter(webhooks::active.eq(true))
            .select((webhooks::id, webhooks::event_types))
            .load(conn)
            .store()?;
        Ok(Subscribers(
            active
                .into_iter()
                .filter_map(|(id, types)| Some((id, serde_json::from_str::<Vec<EventType>>(&types).ok()?)))
                .collect(),
        ))
    }

    fn of(&self, event_type: EventType) -> Vec<String> {
        self.0
            .iter()
            .filter(|(_, types)| types.contains(&event_type))
            .map(|(id, _)| id.clone())
            .collect()
    }
}

/// [`record_event`] for several events of one type (a batch of new tickets), with the
/// subscribers read beforehand (the intake keeps them) and multi-row inserts. Every event also
/// goes into the live event log that streams read (`store::live_events`), subscribed to or
/// not; the outbox row itself is only written when a webhook will deliver it.
pub fn record_events(
    conn: &mut DbConnection,
    subscribers: &Subscribers,
    event_type: EventType,
    datas: Vec<serde_json::Value>,
) -> Result<(), StoreError> {
    let wanted = subscribers.of(event_type);
    let at = now();
    let mut live = Vec::with_capacity(datas.len());
    let mut events = Vec::with_capacity(if wanted.is_empty() { 0 } else { datas.len() });
    let mut deliveries = Vec::with_capacity(datas.len() * wanted.len());
    for data in datas {
        let id = Uuid::now_v7();
        match live_events::EventTicket::about(conn, &data)? {
            Some(ticket) => live.push(live_events::NewLiveEvent::new(id, event_type, ticket, false, at)),
            None => tracing::warn!(
                event = event_type.as_str(),
                "an event names no ticket; streams will not hear of it"
            ),
        }
        if wanted.is_empty() {
            continue;
        }
        let payload = serde_json::json!({
            "id": id,
            "type": event_type.as_str(),
            "created_at": at.and_utc(),
            "data": data,
        });
        events.push(NewOutboxEvent {
            id: id.to_string(),
            event_type: event_type.as_str().to_owned(),
            payload: payload.to_string(),
            created_at: at,
        });
        deliveries.extend(wanted.iter().map(|webhook| NewDelivery {
            id: Uuid::now_v7().to_string(),
            webhook_id: webhook.clone(),
            event_id: id.to_string(),
            status: "pending".into(),
            attempts: 0,
            next_attempt_at: at,
            created_at: at,
        }));
    }
    insert_rows!(conn, outbox_events::table, events);
    insert_rows!(conn, webhook_deliveries::table, deliveries);
    live_events::insert(conn, live)
}

#[derive(Insertable)]
#[diesel(table_name = outbox_events)]
struct NewOutboxEvent {
    id: String,
    event_type: String,
    payload: String,
    created_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = webhook_deliveries)]
struct NewDelivery {
    id: String,
    webhook_id: String,
    event_id: String,
    status: String,
    attempts: i32,
    next_attempt_at: NaiveDateTime,
    created_at: NaiveDateTime,
}

/// A webhook as admins see it (the secret only at creation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Webhook {
    /// Identifier.
    pub id: Uuid,
    /// Where events are POSTed.
    pub url: String,
    /// The events it receives.
    pub event_types: Vec<EventType>,
    /// Inactive webhooks receive nothing.
    pub active: bool,
    /// When it was created.
    pub created_at: DateTime<Utc>,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = webhooks)]
struct WebhookRow {
    id: String,
    url: String,
    event_types: String,
    active: bool,
    created_at: NaiveDateTime,
}

impl WebhookRow {
    fn into_webhook(self) -> Webhook {
        Webhook {
            id: parse_id(&self.id),
            url: self.url,
            event_types: serde_json::from_str(&self.event_types).unwrap_or_default(),
            active: self.active,
            created_at: self.created_at.and_utc(),
        }
    }
}

/// Creates a webhook.
pub fn create_webhook(
    conn: &mut DbConnection,
    url: &str,
    secret: &str,
    event_types: &[EventType],
) -> Result<Webhook, StoreError> {
    let at = now();
    let id = Uuid::now_v7();
    diesel::insert_into(webhooks::table)
        .values((
            webhooks::id.eq(id.to_string()),
            webhooks::url.eq(url),
            webhooks::secret.eq(secret),
            webhooks::event_types.eq(serde_json::to_string(event_types).unwrap_or_else(|_| "[]".into())),
            webhooks::active.eq(true),
            webhooks::created_at.eq(at),
            webhooks::updated_at.eq(at),
        ))
        .execute(conn)
        .store()?;
    find_webhook(conn, id)
}

/// One webhook.
pub fn find_webhook(conn: &mut DbConnection, id: Uuid) -> Result<Webhook, StoreError> {
    webhooks::table
        .find(id.to_string())
        .select(WebhookRow::as_select())
        .first(conn)
        .store()
        .map(WebhookRow::into_webhook)
}

/// Every webhook.
pub fn list_webhooks(conn: &mut DbConnection) -> Result<Vec<Webhook>, StoreError> {
    Ok(webhooks::table
        .order(webhooks::created_at)
        .select(WebhookRow::as_select())
        .load(conn)
        .store()?
        .into_iter()
        .map(WebhookRow::into_webhook)
        .collect())
}

/// Changes a webhook's URL, events or active flag.
pub fn update_webhook(
    conn: &mut DbConnection,
    id: Uuid,
    url: Option<&str>,
    event_types: Option<&[EventType]>,
    active: Option<bool>,
) -> Result<Webhook, StoreError> {
    write_transaction(conn, |conn| {
        let current = find_webhook(conn, id)?;
        diesel::update(webhooks::table.find(id.to_string()))
            .set((
                webhooks::url.eq(url.unwrap_or(&current.url)),
                webhooks::event_types
                    .eq(serde_json::to_string(event_types.unwrap_or(&current.event_types)).unwrap_or_default()),
                webhooks::active.eq(active.unwrap_or(current.active)),
                webhooks::updated_at.eq(now()),
            ))
            .execute(conn)
            .store()?;
        find_webhook(conn, id)
    })
}

/// Deletes a webhook and its delivery log.
pub fn delete_webhook(conn: &mut DbConnection, id: Uuid) -> Result<(), StoreError> {
    write_transaction(conn, |conn| {
        diesel::delete(webhook_deliveries::table.filter(webhook_deliveries::webhook_id.eq(id.to_string())))
            .execute(conn)
            .store()?;
        match diesel::delete(webhooks::table.find(id.to_string()))
            .execute(conn)
            .store()?
        {
            0 => Err(StoreError::NotFound),
            _ => Ok(()),
        }
    })
}

/// One line of a webhook's delivery log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Delivery {
    /// Identifier.
    pub id: Uuid,
    /// The event (also the receiver's idempotency key).
    pub event_id: Uuid,
    /// The event type.
    pub event_type: String,
    /// `pending`, `delivered` or `failed`.
    pub status: String,
    /// Attempts so far.
    pub attempts: i32,
    /// When the next attempt is due (pending only).
    pub next_attempt_at: DateTime<Utc>,
    /// HTTP status of the last attempt.
    pub last_status_code: Option<i32>,
    /// What went wrong last.
    pub last_error: Option<String>,
    /// How long the last attempt took, in milliseconds: from sending the request until the
    /// receiver's answer, the timeout or the connection error.
    pub last_duration_ms: Option<i32>,
    /// When it was delivered.
    pub delivered_at: Option<DateTime<Utc>>,
    /// When it was queued.
    pub created_at: DateTime<Utc>,
}

type DeliveryTuple = (
    String,
    String,
    String,
    String,
    i32,
    NaiveDateTime,
    Option<i32>,
    Option<String>,
    Option<NaiveDateTime>,
    NaiveDateTime,
    Option<i32>,
);

/// A webhook's deliveries, newest first.
pub fn list_deliveries(conn: &mut DbConnection, webhook: Uuid, limit: i64) -> Result<Vec<Delivery>, StoreError> {
    let rows: Vec<DeliveryTuple> = webhook_deliveries::table
        .inner_join(outbox_events::table)
        .filter(webhook_deliveries::webhook_id.eq(webhook.to_string()))
        .order((webhook_deliveries::created_at.desc(), webhook_deliveries::id.desc()))
        .limit(limit)
        .select((
            webhook_deliveries::id,
            webhook_deliveries::event_id,
            outbox_events::event_type,
            webhook_deliveries::status,
            webhook_deliveries::attempts,
            webhook_deliveries::next_attempt_at,
            webhook_deliveries::last_status_code,
            webhook_deliveries::last_error,
            webhook_deliveries::delivered_at,
            webhook_deliveries::created_at,
            webhook_deliveries::last_duration_ms,
        ))
        .load(conn)
        .store()?;
    Ok(rows
        .into_iter()
        .map(|r| Delivery {
            id: parse_id(&r.0),
            event_id: parse_id(&r.1),
            event_type: r.2,
            status: r.3,
            attempts: r.4,
            next_attempt_at: r.5.and_utc(),
            last_status_code: r.6,
            last_error: r.7,
            delivered_at: r.8.map(|t| t.and_utc()),
            created_at: r.9.and_utc(),
            last_duration_ms: r.10,
        })
        .collect())
}

/// A finished delivery to write into a webhook's log as it is (the demo data's history).
#[derive(Debug, Clone)]
pub struct LoggedDelivery {
    /// The event type.
    pub event_type: EventType,
    /// The event's `data`.
    pub data: serde_json::Value,
    /// When the event happened.
    pub at: NaiveDateTime,
    /// `delivered` or `failed` (never `pending`: a worker would send it).
    pub delivered: bool,
    /// Attempts made.
    pub attempts: i32,
    /// The last answer's HTTP status.
    pub status_code: Option<i32>,
    /// The last error.
    pub error: Option<String>,
    /// How long the last attempt took, in milliseconds.
    pub duration_ms: i32,
}

/// Writes a finished delivery, with its outbox event, into a webhook's log.
pub fn insert_logged_delivery(conn: &mut DbConnection, webhook: Uuid, row: LoggedDelivery) -> Result<(), StoreError> {
    let id = Uuid::now_v7();
    let payload = serde_json::json!({
        "id": id,
        "type": row.event_type.as_str(),
        "created_at": row.at.and_utc(),
        "data": row.data,
    });
    diesel::insert_into(outbox_events::table)
        .values(NewOutboxEvent {
            id: id.to_string(),
            event_type: row.event_type.as_str().to_owned(),
            payload: payload.to_string(),
            created_at: row.at,
        })
        .execute(conn)
        .store()?;
    let last = row.at + chrono::TimeDelta::milliseconds(i64::from(row.duration_ms));
    diesel::insert_into(webhook_deliveries::table)
        .values((
            webhook_deliveries::id.eq(Uuid::now_v7().to_string()),
            webhook_deliveries::webhook_id.eq(webhook.to_string()),
            webhook_deliveries::event_id.eq(id.to_string()),
            webhook_deliveries::status.eq(if row.delivered { "delivered" } else { "failed" }),
            webhook_deliveries::attempts.eq(row.attempts),
            webhook_deliveries::next_attempt_at.eq(last),
            webhook_deliveries::last_status_code.eq(row.status_code),
            webhook_deliveries::last_error.eq(row.error),
            webhook_deliveries::last_duration_ms.eq(Some(row.duration_ms)),
            webhook_deliveries::delivered_at.eq(row.delivered.then_some(last)),
            webhook_deliveries::created_at.eq(row.at),
        ))
        .execute(conn)
        .store()?;
    Ok(())
}

/// Queues a delivery again (manual redeliver), whatever its state.
pub fn redeliver(conn: &mut DbConnection, webhook: Uuid, delivery: Uuid) -> Result<(), StoreError> {
    let changed = diesel::update(
        webhook_deliveries::table
            .filter(webhook_deliveries::id.eq(delivery.to_string()))
            .filter(webhook_deliveries::webhook_id.eq(webhook.to_string())),
    )
    .set((
        webhook_deliveries::status.eq("pending"),
        webhook_deliveries::next_attempt_at.eq(now()),
        webhook_deliveries::locked_until.eq(None::<NaiveDateTime>),
    ))
    .execute(conn)
    .store()?;
    if changed == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// A delivery a worker has claimed.
#[derive(Debug, Clone)]
pub struct DueDelivery {
    /// The delivery.
    pub id: String,
    /// The event id (idempotency key).
    pub event_id: String,
    /// The event type.
    pub event_type: String,
    /// The JSON body.
    pub payload: String,
    /// Where to send it.
    pub url: String,
    /// The signing secret.
    pub secret: String,
    /// Attempts before this one.
    pub attempts: i32,
}

/// Claims up to `limit` due deliveries of active webhooks for `lease`: another worker (on this
/// or another instance) skips them until the lease runs out. PostgreSQL uses `FOR UPDATE SKIP LOCKED`;
/// SQLite's write lock serialises claimers.
pub fn claim_due(
    conn: &mut DbConnection,
    limit: i64,
    lease: chrono::TimeDelta,
) -> Result<Vec<DueDelivery>, StoreError> {
    write_transaction(conn, |conn| {
        let at = now();
        // A paused webhook's deliveries wait until it is resumed.
        let active = webhook_deliveries::webhook_id
            .eq_any(webhooks::table.filter(webhooks::active.eq(true)).select(webhooks::id));
        let ids = lease_due!(conn, webhook_deliveries, at, limit, lease, also active);
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let rows: Vec<(String, String, String, String, String, String, i32)> = webhook_deliveries::table
            .inner_join(outbox_events::table)
            .inner_join(webhooks::table)
            .filter(webhook_deliveries::id.eq_any(&ids))
            .select((
                webhook_deliveries::id,
                webhook_deliveries::event_id,
                outbox_events::event_type,
                outbox_events::payload,
                webhooks::url,
                webhooks::secret,
                webhook_deliveries::attempts,
            ))
            .load(conn)
            .store()?;
        Ok(rows
            .into_iter()
            .map(|r| DueDelivery {
                id: r.0,
                event_id: r.1,
                event_type: r.2,
                payload: r.3,
                url: r.4,
                secret: r.5,
                attempts: r.6,
            })
            .collect())
    })
}

/// A delivery's status after an attempt: delivered, pending again when a retry is due, or
/// failed for good.
fn status_after_attempt(delivered: bool, retry_at: Option<NaiveDateTime>) -> &'static str {
    match (delivered, retry_at) {
        (true, _) => "delivered",
        (false, Some(_)) => "pending",
        (false, None) => "failed",
    }
}

/// Gives back claimed webhook deliveries that a worker will not attempt now, before their
/// lease ends, so that the next claim (by any worker) takes them at once.
pub fn release(conn: &mut DbConnection, deliveries: &[String]) -> Result<(), StoreError> {
    end_leases!(conn, webhook_deliveries, deliveries)
}

/// [`release`] for mail deliveries.
pub fn release_mails(conn: &mut DbConnection, deliveries: &[String]) -> Result<(), StoreError> {
    end_leases!(conn, mail_deliveries, deliveries)
}

/// The outcome of one webhook attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    /// The receiver's HTTP status, when it answered.
    pub status_code: Option<i32>,
    /// What went wrong; `None` when delivered.
    pub error: Option<String>,
    /// How long the attempt took, in milliseconds.
    pub duration_ms: i32,
}

/// Records the outcome of an attempt: delivered, or retried at `retry_at`, or failed for good
/// when `retry_at` is `None`.
pub fn record_attempt(
    conn: &mut DbConnection,
    delivery: &str,
    attempt: Attempt,
    retry_at: Option<NaiveDateTime>,
) -> Result<(), StoreError> {
    let Attempt {
        status_code,
        error,
        duration_ms,
    } = attempt;
    let at = now();
    let delivered = error.is_none();
    let status = status_after_attempt(delivered, retry_at);
    diesel::update(webhook_deliveries::table.find(delivery))
        .set((
            webhook_deliveries::status.eq(status),
            webhook_deliveries::attempts.eq(webhook_deliveries::attempts + 1),
            webhook_deliveries::next_attempt_at.eq(retry_at.unwrap_or(at)),
            webhook_deliveries::locked_until.eq(None::<NaiveDateTime>),
            webhook_deliveries::last_status_code.eq(status_code),
            webhook_deliveries::last_error.eq(error),
            webhook_deliveries::last_duration_ms.eq(Some(duration_ms)),
            webhook_deliveries::delivered_at.eq(delivered.then_some(at)),
        ))
        .execute(conn)
        .store()
        .map(|_| ())
}

/// An e-mail notification to queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct OutgoingMail {
    /// The ticket it is about.
    pub ticket_id: Uuid,
    /// Recipient address.
    pub to: String,
    /// Recipient name.
    pub to_name: String,
    /// Subject (with the ticket's `[#reference]` tag).
    pub subject: String,
    /// Plain-text body.
    pub body: String,
    /// The Message-ID it is sent with (without angle brackets).
    pub message_id: String,
}

/// The outbox event type of e-mail notifications (webhooks never subscribe to it).
const MAIL_EVENT: &str = "mail.notification";

/// Queues an e-mail notification: an outbox event holding the message and a pending mail
/// delivery. Call it inside the transaction of the change.
pub fn record_mail(conn: &mut DbConnection, mail: OutgoingMail) -> Result<(), StoreError> {
    let at = now();
    let event_id = Uuid::now_v7();
    let payload = serde_json::to_string(&mail).map_err(|e| super::accounts::corrupt("outbox_events.payload", e))?;
    diesel::insert_into(outbox_events::table)
        .values((
            outbox_events::id.eq(event_id.to_string()),
            outbox_events::event_type.eq(MAIL_EVENT),
            outbox_events::payload.eq(payload),
            outbox_events::created_at.eq(at),
        ))
        .execute(conn)
        .store()?;
    diesel::insert_into(mail_deliveries::table)
        .values((
            mail_deliveries::id.eq(Uuid::now_v7().to_string()),
            mail_deliveries::event_id.eq(event_id.to_string()),
            mail_deliveries::ticket_id.eq(mail.ticket_id.to_string()),
            mail_deliveries::recipient.eq(&mail.to),
            mail_deliveries::message_id.eq(&mail.message_id),
            mail_deliveries::status.eq("pending"),
            mail_deliveries::attempts.eq(0),
            mail_deliveries::next_attempt_at.eq(at),
            mail_deliveries::created_at.eq(at),
        ))
        .execute(conn)
        .store()?;
    Ok(())
}

/// A mail delivery a worker has claimed.
#[derive(Debug, Clone)]
pub struct DueMail {
    /// The delivery.
    pub id: String,
    /// The message.
    pub mail: OutgoingMail,
    /// Attempts before this one.
    pub attempts: i32,
}

/// Claims up to `limit` due mail deliveries for `lease` (see [`claim_due`]), leaving those
/// queued more than `max_age` ago to [`discard_stale_mails`]: news that old would only confuse.
pub fn claim_due_mails(
    conn: &mut DbConnection,
    limit: i64,
    lease: chrono::TimeDelta,
    max_age: chrono::TimeDelta,
) -> Result<Vec<DueMail>, StoreError> {
    write_transaction(conn, |conn| {
        let at = now();
        let fresh = mail_deliveries::created_at.ge(at - max_age);
        let ids = lease_due!(conn, mail_deliveries, at, limit, lease, also fresh);
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let rows: Vec<(String, String, i32)> = mail_deliveries::table
            .inner_join(outbox_events::table)
            .filter(mail_deliveries::id.eq_any(&ids))
            .select((mail_deliveries::id, outbox_events::payload, mail_deliveries::attempts))
            .load(conn)
            .store()?;
        rows.into_iter()
            .map(|(id, payload, attempts)| {
                let mail =
                    serde_json::from_str(&payload).map_err(|e| super::accounts::corrupt("outbox_events.payload", e))?;
                Ok(DueMail { id, mail, attempts })
            })
            .collect()
    })
}

/// Deletes notifications still unsent `max_age` after the change they describe, with their
/// outbox events; returns how many. Kept, they would make the tables grow for ever, for
/// instance while no SMTP server is configured. A delivery a worker is attempting (its lease
/// runs) is left to it; `expired` ones are what earlier versions left behind. Deletes in
/// batches of their own transactions, so SQLite's write lock is never held for long.
pub fn discard_stale_mails(conn: &mut DbConnection, max_age: chrono::TimeDelta) -> Result<usize, StoreError> {
    const BATCH: i64 = 500;
    let mut discarded = 0;
    loop {
        let deleted = write_transaction(conn, |conn| {
            let at = now();
            let stale: Vec<(String, String)> = mail_deliveries::table
                .filter(mail_deliveries::status.eq_any(["pending", "expired"]))
                .filter(mail_deliveries::created_at.lt(at - max_age))
                .filter(
                    mail_deliveries::locked_until
                        .is_null()
                        .or(mail_deliveries::locked_until.lt(at)),
                )
                .select((mail_deliveries::id, mail_deliveries::event_id))
                .limit(BATCH)
                .load(conn)
                .store()?;
            let (ids, events): (Vec<String>, Vec<String>) = stale.into_iter().unzip();
            diesel::delete(mail_deliveries::table.filter(mail_deliveries::id.eq_any(&ids)))
                .execute(conn)
                .store()?;
            diesel::delete(outbox_events::table.filter(outbox_events::id.eq_any(&events)))
                .execute(conn)
                .store()?;
            Ok(ids.len())
        })?;
        discarded += deleted;
        if deleted < BATCH as usize {
            return Ok(discarded);
        }
    }
}

/// Records the outcome of a mail attempt: sent, or retried at `retry_at`, or failed for good
/// when `retry_at` is `None`.
pub fn record_mail_attempt(
    conn: &mut DbConnection,
    delivery: &str,
    error: Option<String>,
    retry_at: Option<NaiveDateTime>,
) -> Result<(), StoreError> {
    let at = now();
    let delivered = error.is_none();
    let status = status_after_attempt(delivered, retry_at);
    diesel::update(mail_deliveries::table.find(delivery))
        .set((
            mail_deliveries::status.eq(status),
            mail_deliveries::attempts.eq(mail_deliveries::attempts + 1),
            mail_deliveries::next_attempt_at.eq(retry_at.unwrap_or(at)),
            mail_deliveries::locked_until.eq(None::<NaiveDateTime>),
            mail_deliveries::last_error.eq(error),
            mail_deliveries::delivered_at.eq(delivered.then_some(at)),
        ))
        .execute(conn)
        .store()
        .map(|_| ())
}

/// The ticket an e-mail we sent was about, by its Message-ID (for replies that lost the
/// subject's tag but kept `In-Reply-To`).
pub fn ticket_of_sent_mail(conn: &mut DbConnection, message_ids: &[String]) -> Result<Option<Uuid>, StoreError> {
    if message_ids.is_empty() {
        return Ok(None);
    }
    let found: Option<String> = mail_deliveries::table
        .filter(mail_deliveries::message_id.eq_any(message_ids))
        .select(mail_deliveries::ticket_id)
        .first(conn)
        .optional()
        .store()?;
    Ok(found.as_deref().map(parse_id))
}

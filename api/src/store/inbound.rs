//! Inbound e-mails that became tickets or comments, by Message-ID: the same message posted
//! twice finds its ticket again, and a reply without the subject's tag threads by
//! `In-Reply-To` / `References`.

use super::accounts::parse_id;
use super::schema::inbound_emails;
use super::{now, DbConnection, ResultExt, StoreError};
use diesel::prelude::*;
use uuid::Uuid;

/// The ticket an earlier message with this Message-ID went to.
pub fn ticket_of_message(conn: &mut DbConnection, message_id: &str) -> Result<Option<Uuid>, StoreError> {
    tickets_of_messages(conn, &[message_id.to_owned()])
}

/// The ticket one of these earlier messages went to (received by us, or sent by us as a
/// notification), if any.
pub fn tickets_of_messages(conn: &mut DbConnection, message_ids: &[String]) -> Result<Option<Uuid>, StoreError> {
    if message_ids.is_empty() {
        return Ok(None);
    }
    let received: Option<String> = inbound_emails::table
        .filter(inbound_emails::message_id.eq_any(message_ids))
        .select(inbound_emails::ticket_id)
        .first(conn)
        .optional()
        .store()?;
    match received {
        Some(ticket) => Ok(Some(parse_id(&ticket))),
        None => super::outbox::ticket_of_sent_mail(conn, message_ids),
    }
}

/// Remembers a message that became a ticket (`comment_id` absent) or a comment. A second
/// message with the same Message-ID is a conflict.
pub fn record_message(
    conn: &mut DbConnection,
    message_id: Option<&str>,
    sender: &str,
    ticket_id: Uuid,
    comment_id: Option<Uuid>,
) -> Result<(), StoreError> {
    diesel::insert_into(inbound_emails::table)
        .values((
            inbound_emails::id.eq(Uuid::now_v7().to_string()),
            inbound_emails::message_id.eq(message_id),
            inbound_emails::sender.eq(sender),
            inbound_emails::ticket_id.eq(ticket_id.to_string()),
            inbound_emails::comment_id.eq(comment_id.map(|id| id.to_string())),
            inbound_emails::created_at.eq(now()),
        ))
        .execute(conn)
        .store()
        .map(|_| ())
}

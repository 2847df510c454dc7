//! E-mail notifications to a ticket's requester, decided and queued in the transaction of the
//! change they describe (the rules and texts are in `domain::notification`; the mail worker
//! sends them from the outbox).

use super::accounts::find_user;
use super::appointments::Appointment;
use super::outbox::{self, OutgoingMail};
use super::tickets::{find_ticket, Ticket, TicketScope, TicketUpdate};
use super::{DbConnection, StoreError};
use crate::domain::notification::{notice_for_change, render, Notice, TicketChange, TicketTitle};
use crate::domain::webhook::EventType;
use uuid::Uuid;

/// Queues the e-mail a change to a ticket earns its requester, if any. Internal notes never
/// do: only public comments by staff count as replies.
pub(crate) fn after_ticket_change(
    conn: &mut DbConnection,
    before: &Ticket,
    after: &Ticket,
    update: &TicketUpdate,
) -> Result<(), StoreError> {
    let requester = Some(after.requester_id);
    let by_requester = update.events.iter().any(|e| e.actor_id == requester)
        || update.comments.iter().any(|c| c.author_id == requester);
    let mut staff_reply = None;
    for comment in update.comments.iter().filter(|c| !c.internal) {
        if let Some(author) = comment.author_id {
            if find_user(conn, author)?.role.is_staff() {
                staff_reply = Some(comment.body.as_str());
                break;
            }
        }
    }
    let change = TicketChange {
        old_status: before.status,
        new_status: after.status,
        by_requester,
        staff_reply,
    };
    match notice_for_change(change) {
        Some(notice) => notify_requester(conn, after, &notice),
        None => Ok(()),
    }
}

/// Queues the e-mail about a booked or moved appointment (cancellations are not mailed).
pub(crate) fn after_appointment(
    conn: &mut DbConnection,
    event: EventType,
    appointment: &Appointment,
) -> Result<(), StoreError> {
    let (starts_at, ends_at) = (appointment.starts_at, appointment.ends_at);
    let notice = match event {
        EventType::AppointmentBooked => Notice::AppointmentBooked { starts_at, ends_at },
        EventType::AppointmentMoved => Notice::AppointmentMoved { starts_at, ends_at },
        _ => return Ok(()),
    };
    let ticket = find_ticket(conn, &appointment.ticket_reference, TicketScope::Everything)?;
    notify_requester(conn, &ticket, &notice)
}

/// Renders the notice in the requester's language and queues it in the outbox. Inactive
/// requesters get nothing.
fn notify_requester(conn: &mut DbConnection, ticket: &Ticket, notice: &Notice) -> Result<(), StoreError> {
    let requester = find_user(conn, ticket.requester_id)?;
    if !requester.active {
        return Ok(());
    }
    let title = TicketTitle {
        reference: &ticket.reference,
        subject: &ticket.subject,
    };
    let text = render(notice, title, &requester.display_name, requester.language);
    outbox::record_mail(
        conn,
        OutgoingMail {
            ticket_id: ticket.id,
            to: requester.email,
            to_name: requester.display_name,
            subject: text.subject,
            body: text.body,
            message_id: format!("{}@loket", Uuid::now_v7()),
        },
    )
}

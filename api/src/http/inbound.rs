//! `POST /inbound/email`: a mail gateway hands over a raw RFC 822 message, which becomes a
//! ticket (channel `email`) or, when it answers one, a public comment. Loket has no
//! integration role: the gateway authenticates as staff (an agent's API token).

use super::caller::{Caller, Credential, Staff};
use super::error::{ApiError, ApiResult, ErrorCode, Problem};
use super::tickets::{apply_comment, intake_ticket, scope_of, Draft};
use super::AppState;
use crate::domain::attachment::{checked_content_type, clean_filename};
use crate::domain::notification::{attachments_comment, reference_in_subject, reply_text};
use crate::domain::ticket_status::Channel;
use crate::store::accounts::{self, User};
use crate::store::attachments::{self, Attachment, NewAttachment};
use crate::store::ticket_intake::{covered_today, IntakeSettings};
use crate::store::tickets::{self, NewComment, Ticket};
use crate::store::{inbound, write_transaction_or, DbConnection, StoreError};
use actix_web::{http::header, post, web, HttpRequest, HttpResponse};
use futures_util::StreamExt;
use mail_parser::{MessageParser, MimeHeaders};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

/// Registers the routes of this module.
pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(receive_email);
}

/// The longest subject and text a ticket or comment takes (as in the JSON API).
const MAX_SUBJECT_CHARS: usize = 200;
const MAX_TEXT_CHARS: usize = 20_000;

/// What became of a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum InboundResult {
    /// A new ticket.
    TicketCreated,
    /// A public comment on the ticket it answers.
    CommentAdded,
    /// A message with this Message-ID came in before; nothing changed.
    Duplicate,
}

/// The ticket a message went to.
#[derive(Debug, Serialize, ToSchema)]
pub struct InboundOutcome {
    /// What happened.
    pub result: InboundResult,
    /// The ticket, as it is now.
    pub ticket: Ticket,
    /// The comment made of a reply, or the one holding a new ticket's attachments.
    pub comment_id: Option<Uuid>,
    /// The message's attachments, stored on that comment.
    pub attachments: Vec<Attachment>,
}

/// A message taken apart.
struct Email {
    message_id: Option<String>,
    /// Message-IDs it answers (`In-Reply-To`, then `References`).
    answers: Vec<String>,
    sender: String,
    subject: String,
    text: String,
    files: Vec<NewAttachment>,
}

fn refused(field: &str, code: &str, message: impl Into<String>) -> ApiError {
    ApiError::invalid_field(field, code, message)
}

async fn read_body(req: &HttpRequest, mut payload: web::Payload, limit: usize) -> ApiResult<Vec<u8>> {
    let too_large = || {
        ApiError::new(
            ErrorCode::PayloadTooLarge,
            format!("the message is larger than the {limit} bytes accepted"),
        )
    };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|length| length > limit) {
        return Err(too_large());
    }
    let mut body = Vec::new();
    while let Some(chunk) = payload.next().await {
        let chunk =
            chunk.map_err(|e| ApiError::new(ErrorCode::MalformedJson, format!("the body could not be read: {e}")))?;
        if body.len() + chunk.len() > limit {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// A header or text without NUL characters: a mail client may encode one, and PostgreSQL's
/// text cannot hold it (the JSON API refuses them; a message is taken without them).
fn without_nul(text: &str) -> String {
    text.replace('\0', "")
}

/// Takes a message apart, refusing what cannot become a ticket: no sender, no text (plain or
/// HTML, which is converted to text), attachments of a refused type or too large together.
fn parse(raw: &[u8], max_attachment_bytes: usize) -> ApiResult<Email> {
    let message = MessageParser::default()
        .parse(raw)
        .filter(|m| m.from().is_some() || m.subject().is_some())
        .ok_or_else(|| refused("body", "not_a_message", "the body is not an RFC 822 e-mail message"))?;
    let sender = message
        .from()
        .and_then(|from| from.first())
        .and_then(|addr| addr.address())
        .map(|address| crate::domain::account::normalize_email(&without_nul(address)))
        .filter(|address| address.contains('@'))
        .ok_or_else(|| refused("from", "missing", "the message has no sender address (From)"))?;
    let text = (0..message.text_body_count())
        .filter_map(|i| message.body_text(i))
        .map(|part| without_nul(part.trim()))
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
    if text.is_empty() {
        return Err(refused(
            "body",
            "no_text_part",
            "the message has no text (a plain-text or HTML part) to make a ticket or comment of",
        ));
    }
    let mut answers: Vec<String> = Vec::new();
    for header in [message.in_reply_to(), message.references()] {
        answers.extend(
            header
                .as_text_list()
                .unwrap_or_default()
                .iter()
                .map(|id| without_nul(id)),
        );
    }
    let mut files = Vec::new();
    let mut total = 0usize;
    for (position, part) in message.attachments().enumerate() {
        let content = part.contents();
        total += content.len();
        if total > max_attachment_bytes {
            return Err(ApiError::new(
                ErrorCode::PayloadTooLarge,
                format!("the attachments add up to more than the {max_attachment_bytes} bytes accepted"),
            ));
        }
        let filename = part
            .attachment_name()
            .map(clean_filename)
            .unwrap_or_else(|| clean_filename(&format!("attachment-{}", position + 1)))
            .map_err(|e| refused("attachments", "filename", e.to_string()))?;
        let declared = part
            .content_type()
            .map(|t| format!("{}/{}", t.ctype(), t.subtype().unwrap_or_default()));
        let content_type = checked_content_type(&filename, declared.as_deref(), content)
            .map_err(|e| ApiError::new(ErrorCode::UnsupportedMediaType, format!("attachment `{filename}`: {e}")))?;
        files.push(NewAttachment {
            filename,
            content_type,
            content: content.to_vec(),
        });
    }
    Ok(Email {
        message_id: message.message_id().map(without_nul),
        answers,
        sender,
        subject: without_nul(message.subject().unwrap_or_default().trim()),
        text,
        files,
    })
}

/// The active customer user who sent the message.
fn customer_sender(conn: &mut DbConnection, address: &str) -> Result<Option<User>, StoreError> {
    Ok(accounts::find_credentials(conn, address)?
        .map(|(user, _)| user)
        .filter(|user| user.active && !user.role.is_staff()))
}

/// The reference of the ticket a message answers: the subject's `[#…]` tag, or else a
/// message it replies to.
fn answered_reference(conn: &mut DbConnection, email: &Email) -> Result<Option<String>, StoreError> {
    if let Some(reference) = reference_in_subject(&email.subject) {
        return Ok(Some(reference));
    }
    match inbound::tickets_of_messages(conn, &email.answers)? {
        Some(id) => Ok(Some(tickets::find_ticket_by_id(conn, id)?.reference)),
        None => Ok(None),
    }
}

fn too_long(field: &str, chars: usize) -> ApiError {
    refused(
        field,
        "length",
        format!("the text is {chars} characters; at most {MAX_TEXT_CHARS} are accepted"),
    )
}

/// Makes a ticket or a comment of the message, with its attachments, all or nothing.
fn file_email(conn: &mut DbConnection, email: Email) -> ApiResult<InboundOutcome> {
    write_transaction_or(conn, |conn| {
        if let Some(existing) = duplicate(conn, email.message_id.as_deref())? {
            return Ok(existing);
        }
        let sender = customer_sender(conn, &email.sender)?.ok_or_else(|| {
            refused(
                "from",
                "unknown_sender",
                format!("no active customer user has the address {}", email.sender),
            )
        })?;
        let as_sender = Caller {
            user: sender.clone(),
            credential: Credential::ApiToken,
        };
        let (result, ticket, comment_id) = match answered_reference(conn, &email)? {
            Some(reference) => {
                let body = reply_text(&email.text);
                let chars = body.chars().count();
                if chars > MAX_TEXT_CHARS {
                    return Err(too_long("body", chars));
                }
                let ticket = tickets::modify_ticket(conn, &reference, scope_of(&as_sender), |current| {
                    apply_comment(current, &body, false, &as_sender)
                })
                .map_err(|e| match e.code {
                    ErrorCode::NotFound => refused(
                        "subject",
                        "ticket_not_visible",
                        format!(
                            "ticket {reference} does not exist or is not one {} may see (another organisation's)",
                            email.sender
                        ),
                    ),
                    _ => e,
                })?;
                // The comment just added: the sender's newest with this text.
                let comment = tickets::list_comments(conn, ticket.id, false)?
                    .into_iter()
                    .rev()
                    .find(|c| c.author_id == Some(sender.id) && c.body == body)
                    .ok_or(StoreError::NotFound)?;
                (InboundResult::CommentAdded, ticket, Some(comment.id))
            }
            None => {
                let chars = email.text.chars().count();
                if chars > MAX_TEXT_CHARS {
                    return Err(too_long("body", chars));
                }
                let subject = Some(email.subject.as_str())
                    .filter(|s| !s.is_empty())
                    .unwrap_or_else(|| email.text.lines().next().unwrap_or_default())
                    .chars()
                    .take(MAX_SUBJECT_CHARS)
                    .collect::<String>()
                    .trim()
                    .to_owned();
                let names: Vec<String> = email.files.iter().map(|f| f.filename.clone()).collect();
                let comments = if names.is_empty() {
                    Vec::new()
                } else {
                    vec![NewComment {
                        author_id: Some(sender.id),
                        body: attachments_comment(&names, sender.language),
                        internal: false,
                    }]
                };
                let draft = Draft {
                    subject,
                    description: email.text.clone(),
                    urgency: None,
                    category: None,
                    channel: Channel::Email,
                    requester: sender.clone(),
                    created_by: sender.id,
                    kind: None,
                    impact: None,
                    priority: None,
                    assignee: None,
                    comments,
                };
                let settings = IntakeSettings::load(conn)?;
                let covered = covered_today(conn, sender.organization_id)?;
                let (new, _) = intake_ticket(&draft, &settings, covered);
                let ticket = tickets::create_ticket(conn, new)?;
                let comment = tickets::list_comments(conn, ticket.id, false)?
                    .into_iter()
                    .find(|c| c.author_id == Some(sender.id))
                    .map(|c| c.id);
                (InboundResult::TicketCreated, ticket, comment)
            }
        };
        let stored = match comment_id {
            Some(comment) if !email.files.is_empty() => {
                attachments::add_attachments(conn, ticket.id, Some(comment), sender.id, email.files)?
            }
            _ => Vec::new(),
        };
        inbound::record_message(
            conn,
            email.message_id.as_deref(),
            &email.sender,
            ticket.id,
            (result == InboundResult::CommentAdded).then_some(comment_id).flatten(),
        )?;
        Ok(InboundOutcome {
            result,
            ticket,
            comment_id,
            attachments: stored,
        })
    })
}

/// The ticket an earlier message with this Message-ID went to.
fn duplicate(conn: &mut DbConnection, message_id: Option<&str>) -> Result<Option<InboundOutcome>, StoreError> {
    let Some(message_id) = message_id else {
        return Ok(None);
    };
    match inbound::ticket_of_message(conn, message_id)? {
        Some(id) => Ok(Some(InboundOutcome {
            result: InboundResult::Duplicate,
            ticket: tickets::find_ticket_by_id(conn, id)?,
            comment_id: None,
            attachments: Vec::new(),
        })),
        None => Ok(None),
    }
}

/// Receive an e-mail (a raw RFC 822 message) from a mail gateway.
///
/// From an active customer user's address it becomes a ticket (channel `email`, the sender as
/// requester, the triage rules run as for any new ticket). When the subject carries a ticket's
/// tag (`[#2026-000123]`), or the message replies to one Loket sent or received, it becomes a
/// public comment on that ticket instead, if the sender may see it (a reply reopens a resolved
/// ticket, as in the portal). Attachments are stored on the ticket (same types and total size
/// as uploads); an HTML-only message is converted to text. The same Message-ID posted again
/// returns the ticket it went to (200) and changes nothing. A refused message writes nothing.
/// Loket has no integration role: send it with a staff member's API token.
#[utoipa::path(
    tag = "tickets",
    security(("bearer" = ["admin", "agent"])),
    request_body(
        content = String,
        content_type = "message/rfc822",
        description = "The raw message",
        example = json!("From: Tom Claes <tom.claes@bakkerij-peeters.example>\r\nTo: support@loket.example\r\nSubject: De kassa print geen bonnetjes meer\r\nMessage-ID: <kassa-1@bakkerij-peeters.example>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nSinds vanochtend print de kassa geen bonnetjes meer.\r\n")
    ),
    responses(
        (status = 201, description = "A ticket or a comment was made", body = InboundOutcome),
        (status = 200, description = "This Message-ID came in before; the ticket it went to", body = InboundOutcome),
        (status = 403, description = "Not staff", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The ticket replied to is closed", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The message or its attachments are too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not message/rfc822, or an attachment of a refused type", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Beyond the schema: not a message (`body`, code `not_a_message`), no sender (`from`, `missing`), a sender who is no active user (`from`, `unknown_sender`), no text (`body`, `no_text_part`), a reply to a ticket the sender may not see (`subject`, `ticket_not_visible`), a subject too long (`length`) or a file name not allowed (`attachments`, `filename`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/inbound/email")]
pub async fn receive_email(
    req: HttpRequest,
    state: web::Data<AppState>,
    _staff: Staff,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or(v).trim().to_ascii_lowercase());
    if content_type.as_deref() != Some("message/rfc822") {
        return Err(ApiError::new(
            ErrorCode::UnsupportedMediaType,
            "send the raw message with `Content-Type: message/rfc822`",
        ));
    }
    let raw = read_body(&req, payload, state.config.max_email_bytes).await?;
    let email = parse(&raw, state.config.max_attachment_bytes)?;
    let message_id = email.message_id.clone();
    let outcome = match state.store.run(move |conn| file_email(conn, email)).await {
        Ok(outcome) => outcome,
        // The same message posted twice at once: the other request stored it first.
        Err(e) if e.code == ErrorCode::Conflict && message_id.is_some() => state
            .store
            .run(move |conn| duplicate(conn, message_id.as_deref()))
            .await?
            .ok_or(e)?,
        Err(e) => return Err(e),
    };
    Ok(match outcome.result {
        InboundResult::Duplicate => HttpResponse::Ok().json(outcome),
        _ => HttpResponse::Created().json(outcome),
    })
}

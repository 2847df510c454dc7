//! Files attached to a ticket's question or to its comments, stored in their own table.

use super::accounts::parse_id;
use super::schema::{attachments, ticket_comments};
use super::{now, DbConnection, ResultExt, StoreError};
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};
use utoipa::ToSchema;
use uuid::Uuid;

/// An attachment's description (the bytes are fetched separately).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Attachment {
    /// Identifier.
    pub id: Uuid,
    /// The comment it belongs to; none for a file on the question itself.
    pub comment_id: Option<Uuid>,
    /// File name as uploaded (cleaned).
    pub filename: String,
    /// Content type, detected from the bytes.
    pub content_type: String,
    /// Size in bytes.
    pub size_bytes: i64,
    /// SHA-256 of the content, hex.
    pub sha256: String,
    /// Who uploaded it.
    pub uploaded_by: Option<Uuid>,
    /// When.
    pub created_at: DateTime<Utc>,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = attachments)]
struct AttachmentRow {
    id: String,
    comment_id: Option<String>,
    filename: String,
    content_type: String,
    size_bytes: i64,
    sha256: String,
    uploaded_by: Option<String>,
    created_at: NaiveDateTime,
}

impl From<AttachmentRow> for Attachment {
    fn from(row: AttachmentRow) -> Self {
        Attachment {
            id: parse_id(&row.id),
            comment_id: row.comment_id.as_deref().map(parse_id),
            filename: row.filename,
            content_type: row.content_type,
            size_bytes: row.size_bytes,
            sha256: row.sha256,
            uploaded_by: row.uploaded_by.as_deref().map(parse_id),
            created_at: row.created_at.and_utc(),
        }
    }
}

/// A checked file to store.
#[derive(Debug, Clone)]
pub struct NewAttachment {
    /// Cleaned file name.
    pub filename: String,
    /// Detected content type.
    pub content_type: String,
    /// The bytes.
    pub content: Vec<u8>,
}

/// The comment's author and whether it is internal, if it belongs to the ticket.
pub fn comment_of_ticket(
    conn: &mut DbConnection,
    ticket_id: Uuid,
    comment_id: Uuid,
) -> Result<(Option<Uuid>, bool), StoreError> {
    let (author, internal): (Option<String>, bool) = ticket_comments::table
        .filter(ticket_comments::id.eq(comment_id.to_string()))
        .filter(ticket_comments::ticket_id.eq(ticket_id.to_string()))
        .select((ticket_comments::author_id, ticket_comments::internal))
        .first(conn)
        .store()?;
    Ok((author.as_deref().map(parse_id), internal))
}

/// Stores files on a comment (or, without one, on the question itself), all or none.
pub fn add_attachments(
    conn: &mut DbConnection,
    ticket_id: Uuid,
    comment_id: Option<Uuid>,
    uploaded_by: Uuid,
    files: Vec<NewAttachment>,
) -> Result<Vec<Attachment>, StoreError> {
    super::write_transaction(conn, |conn| {
        let at = now();
        let mut stored = Vec::new();
        for file in files {
            let id = Uuid::now_v7();
            let sha256 = hex::encode(Sha256::digest(&file.content));
            let size_bytes = i64::try_from(file.content.len()).unwrap_or(i64::MAX);
            diesel::insert_into(attachments::table)
                .values((
                    attachments::id.eq(id.to_string()),
                    attachments::ticket_id.eq(ticket_id.to_string()),
                    attachments::comment_id.eq(comment_id.map(|id| id.to_string())),
                    attachments::filename.eq(&file.filename),
                    attachments::content_type.eq(&file.content_type),
                    attachments::size_bytes.eq(size_bytes),
                    attachments::sha256.eq(&sha256),
                    attachments::content.eq(&file.content),
                    attachments::uploaded_by.eq(uploaded_by.to_string()),
                    attachments::created_at.eq(at),
                ))
                .execute(conn)
                .store()?;
            stored.push(Attachment {
                id,
                comment_id,
                filename: file.filename,
                content_type: file.content_type,
                size_bytes,
                sha256,
                uploaded_by: Some(uploaded_by),
                created_at: at.and_utc(),
            });
        }
        Ok(stored)
    })
}

/// A ticket's attachments, oldest first: the question's and the comments'; those on internal
/// notes only when asked for.
pub fn list_attachments(
    conn: &mut DbConnection,
    ticket_id: Uuid,
    include_internal: bool,
) -> Result<Vec<Attachment>, StoreError> {
    let mut query = attachments::table
        .left_join(ticket_comments::table.on(ticket_comments::id.nullable().eq(attachments::comment_id)))
        .filter(attachments::ticket_id.eq(ticket_id.to_string()))
        .into_boxed();
    if !include_internal {
        query = query.filter(
            attachments::comment_id
                .is_null()
                .or(ticket_comments::internal.eq(false)),
        );
    }
    let rows = query
        .order((attachments::created_at, attachments::id))
        .select(AttachmentRow::as_select())
        .load(conn)
        .store()?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// One attachment with its bytes, if it belongs to the ticket and the caller may see it.
pub fn fetch_attachment(
    conn: &mut DbConnection,
    ticket_id: Uuid,
    id: Uuid,
    include_internal: bool,
) -> Result<(Attachment, Vec<u8>), StoreError> {
    let mut query = attachments::table
        .left_join(ticket_comments::table.on(ticket_comments::id.nullable().eq(attachments::comment_id)))
        .filter(attachments::ticket_id.eq(ticket_id.to_string()))
        .filter(attachments::id.eq(id.to_string()))
        .into_boxed();
    if !include_internal {
        query = query.filter(
            attachments::comment_id
                .is_null()
                .or(ticket_comments::internal.eq(false)),
        );
    }
    let (row, content): (AttachmentRow, Vec<u8>) = query
        .select((AttachmentRow::as_select(), attachments::content))
        .first(conn)
        .store()?;
    Ok((row.into(), content))
}

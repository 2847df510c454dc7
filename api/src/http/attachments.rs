//! Files on a ticket's question and on its comments: multipart upload with a size limit,
//! listing, download. Only those who may see the ticket (and, for internal notes, staff) see
//! its files.

use super::caller::Caller;
use super::error::{ApiError, ApiResult, ErrorCode, Problem};
use super::tickets::{checked_reference, of_visible_ticket, scope_of};
use super::AppState;
use crate::domain::attachment::{checked_content_type, clean_filename};
use crate::store::attachments::{self, Attachment, NewAttachment};
use crate::store::{tickets, StoreError};
use actix_multipart::Multipart;
use actix_web::http::header::{ContentDisposition, DispositionParam, DispositionType};
use actix_web::{get, post, web, HttpResponse};
use futures_util::TryStreamExt;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

/// Registers the routes of this module.
pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(upload_attachments)
        .service(upload_question_attachments)
        .service(list_attachments)
        .service(download_attachment);
}

/// The multipart form: one or more `file` parts.
#[derive(Debug, ToSchema)]
pub struct AttachmentUpload {
    /// A file (repeat the part for several).
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
}

/// Uploaded files.
#[derive(Debug, Serialize, ToSchema)]
pub struct UploadedAttachments {
    /// What was stored.
    pub attachments: Vec<Attachment>,
}

fn not_found(err: StoreError, what: &str) -> ApiError {
    match err {
        StoreError::NotFound => ApiError::not_found(what),
        other => other.into(),
    }
}

async fn read_files(mut form: Multipart, limit: usize) -> ApiResult<Vec<NewAttachment>> {
    let mut files = Vec::new();
    let mut total = 0usize;
    let bad_form = |e: actix_multipart::MultipartError| {
        ApiError::new(
            ErrorCode::MalformedJson,
            format!("the multipart form could not be read: {e}"),
        )
    };
    while let Some(mut field) = form.try_next().await.map_err(bad_form)? {
        let name = field.name().unwrap_or_default().to_owned();
        if name != "file" {
            return Err(ApiError::invalid_field(
                &name,
                "unknown_field",
                "only `file` parts are accepted",
            ));
        }
        let filename = field
            .content_disposition()
            .and_then(|d| d.get_filename())
            .map(clean_filename)
            .unwrap_or(Err(crate::domain::attachment::AttachmentError::NoName))
            .map_err(|e| ApiError::invalid_field("file", "filename", e.to_string()))?;
        let declared = field.content_type().map(|m| m.essence_str().to_owned());
        let mut content = Vec::new();
        while let Some(chunk) = field.try_next().await.map_err(bad_form)? {
            total += chunk.len();
            if total > limit {
                return Err(ApiError::new(
                    ErrorCode::PayloadTooLarge,
                    format!("attachments may add up to {limit} bytes per upload"),
                ));
            }
            content.extend_from_slice(&chunk);
        }
        let content_type = checked_content_type(&filename, declared.as_deref(), &content)
            .map_err(|e| ApiError::new(ErrorCode::UnsupportedMediaType, format!("`{filename}`: {e}")))?;
        files.push(NewAttachment {
            filename,
            content_type,
            content,
        });
    }
    if files.is_empty() {
        return Err(ApiError::invalid_field("file", "required", "attach at least one file"));
    }
    Ok(files)
}

/// Attach files to a comment.
///
/// The comment's author or staff may attach. The content type is detected from the bytes;
/// images, PDF, office documents, text, CSV and ZIP are accepted, up to the configured total
/// size per upload (10 MiB by default).
#[utoipa::path(
    tag = "tickets",
    security(("bearer" = [])),
    params(
        ("reference" = super::schema::TicketReference, Path, description = "The ticket's reference"),
        ("comment_id" = Uuid, Path, description = "The comment to attach to"),
    ),
    request_body(content = AttachmentUpload, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "Stored", body = UploadedAttachments),
        (status = 400, description = "Not a reference, or an unreadable form", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the comment's author", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such ticket or comment the caller may see", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Larger than allowed", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "A file type that is not accepted", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No file, or a file without a name", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/tickets/{reference}/comments/{comment_id}/attachments")]
pub async fn upload_attachments(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, Uuid)>,
    form: Multipart,
) -> ApiResult<HttpResponse> {
    let (reference, comment_id) = path.into_inner();
    checked_reference(&reference)?;
    let scope = scope_of(&caller);
    let staff = caller.role().is_staff();
    // Check who may attach before reading a possibly large body.
    let ticket = state
        .store
        .run(move |conn| tickets::find_ticket(conn, &reference, scope))
        .await
        .map_err(|e| not_found(e, "ticket"))?;
    let (author, internal) = state
        .store
        .run(move |conn| attachments::comment_of_ticket(conn, ticket.id, comment_id))
        .await
        .map_err(|e| not_found(e, "comment"))?;
    if internal && !staff {
        return Err(ApiError::not_found("comment"));
    }
    if !staff && author != Some(caller.id()) {
        return Err(ApiError::forbidden(
            "only the comment's author (or staff) may attach files to it",
        ));
    }
    store_upload(&state, &caller, ticket.id, Some(comment_id), form).await
}

/// Attach files to the question itself (what the ticket was opened with).
///
/// The requester or staff may attach; the same types and total size per upload as on a
/// comment. A portal files a question with `POST /tickets` and then its files here.
#[utoipa::path(
    tag = "tickets",
    security(("bearer" = [])),
    params(("reference" = super::schema::TicketReference, Path, description = "The ticket's reference")),
    request_body(content = AttachmentUpload, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "Stored (`comment_id` is null: on the question)", body = UploadedAttachments),
        (status = 400, description = "Not a reference, or an unreadable form", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Neither the requester nor staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such ticket the caller may see", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Larger than allowed", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "A file type that is not accepted", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No file, or a file without a name", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/tickets/{reference}/attachments")]
pub async fn upload_question_attachments(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    form: Multipart,
) -> ApiResult<HttpResponse> {
    let reference = path.into_inner();
    checked_reference(&reference)?;
    let scope = scope_of(&caller);
    // Check who may attach before reading a possibly large body.
    let ticket = state
        .store
        .run(move |conn| tickets::find_ticket(conn, &reference, scope))
        .await
        .map_err(|e| not_found(e, "ticket"))?;
    if !caller.role().is_staff() && ticket.requester_id != caller.id() {
        return Err(ApiError::forbidden(
            "only the ticket's requester (or staff) may attach files to its question",
        ));
    }
    store_upload(&state, &caller, ticket.id, None, form).await
}

/// Reads an allowed upload and stores its files, all or none, on the comment or the question.
async fn store_upload(
    state: &AppState,
    caller: &Caller,
    ticket_id: Uuid,
    comment_id: Option<Uuid>,
    form: Multipart,
) -> ApiResult<HttpResponse> {
    let files = read_files(form, state.config.max_attachment_bytes).await?;
    let uploader = caller.id();
    let stored = state
        .store
        .run(move |conn| attachments::add_attachments(conn, ticket_id, comment_id, uploader, files))
        .await?;
    Ok(HttpResponse::Created().json(UploadedAttachments { attachments: stored }))
}

/// A ticket's files (customers do not see those on internal notes).
#[utoipa::path(
    tag = "tickets",
    security(("bearer" = [])),
    params(("reference" = super::schema::TicketReference, Path, description = "The ticket's reference")),
    responses(
        (status = 200, description = "The files, oldest first", body = Vec<Attachment>),
        (status = 400, description = "Not a reference", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such ticket, or not one the caller may see", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/tickets/{reference}/attachments")]
pub async fn list_attachments(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> ApiResult<web::Json<Vec<Attachment>>> {
    let list = of_visible_ticket(&state, &caller, path.into_inner(), attachments::list_attachments).await?;
    Ok(web::Json(list))
}

/// Download a file.
#[utoipa::path(
    tag = "tickets",
    security(("bearer" = [])),
    params(
        ("reference" = super::schema::TicketReference, Path, description = "The ticket's reference"),
        ("id" = Uuid, Path, description = "Attachment id"),
    ),
    responses(
        (status = 200, description = "The file, with its detected content type (one of the accepted types)", content_type = "*/*"),
        (status = 400, description = "Not a reference or id", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such file the caller may see", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/tickets/{reference}/attachments/{id}")]
pub async fn download_attachment(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, Uuid)>,
) -> ApiResult<HttpResponse> {
    let (reference, id) = path.into_inner();
    checked_reference(&reference)?;
    let scope = scope_of(&caller);
    let staff = caller.role().is_staff();
    let (attachment, content) = state
        .store
        .run(move |conn| {
            let ticket = tickets::find_ticket(conn, &reference, scope)?;
            attachments::fetch_attachment(conn, ticket.id, id, staff)
        })
        .await
        .map_err(|e| not_found(e, "attachment"))?;
    Ok(HttpResponse::Ok()
        .content_type(attachment.content_type.as_str())
        .insert_header(ContentDisposition {
            disposition: DispositionType::Attachment,
            parameters: vec![DispositionParam::Filename(attachment.filename)],
        })
        .insert_header(("Content-Security-Policy", "sandbox"))
        .body(content))
}

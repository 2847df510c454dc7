//! `GET /api/v1/events/stream`: live updates as Server-Sent Events. Each stream filters the
//! process's live feed (`jobs::live_events`) by its caller, resumes from the event log after
//! `Last-Event-ID`, and ends when the caller's access token does (the client refreshes and
//! reconnects with the last id it received).

use super::caller::{bearer_token, Caller, Credential};
use super::error::{ApiError, ApiResult, ErrorCode, FieldError, Problem};
use super::tickets::scope_of;
use super::AppState;
use crate::auth::hash_secret;
use crate::domain::webhook::EventType;
use crate::jobs::live_events::{Batch, PAGE};
use crate::store::accounts::{self, User};
use crate::store::live_events::{self, Cursor};
use crate::store::tickets::TicketScope;
use crate::store::{tokens, Store, StoreError};
use actix_web::web::Bytes;
use actix_web::{get, web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{broadcast, mpsc};
use tokio::time::Instant;
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

/// How often an idle stream sends a comment (proxies close silent connections) and checks
/// that its caller may still listen.
pub const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// Registers the routes of this module.
pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(event_stream);
}

/// Where to resume.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StreamQuery {
    /// Resume after this event (the `id` of the last frame received), for clients that cannot
    /// send the `Last-Event-ID` header; the header wins when both are given.
    pub last_event_id: Option<String>,
}

/// The `data` of an event frame: which ticket, what happened, when. Nothing else of the
/// ticket: read it (or refresh the list) to see what changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct LiveEvent {
    /// What happened; also the frame's `event` field.
    #[serde(rename = "type")]
    pub event_type: EventType,
    /// The ticket's reference.
    pub reference: String,
    /// The ticket's id.
    pub ticket_id: Uuid,
    /// When it happened.
    pub at: DateTime<Utc>,
}

/// The cursor to resume after, from `Last-Event-ID` or `?last_event_id=`; a value that is
/// not one is refused rather than silently read as "from now".
fn resume_after(req: &HttpRequest, query: &StreamQuery) -> ApiResult<Option<Cursor>> {
    let (field, value) = match req.headers().get("last-event-id") {
        Some(value) => (
            "Last-Event-ID",
            Some(value.to_str().map(str::to_owned).unwrap_or_default()),
        ),
        None => ("last_event_id", query.last_event_id.clone()),
    };
    let Some(value) = value else {
        return Ok(None);
    };
    let message = format!("`{field}` must be the `id` of a frame this stream sent (like `0-42`)");
    match Cursor::parse(&value) {
        Some(cursor) => Ok(Some(cursor)),
        None => Err(ApiError {
            errors: vec![FieldError::new(field, "invalid_event_id", message.clone())],
            ..ApiError::new(ErrorCode::InvalidParameter, message)
        }),
    }
}

/// Live updates about tickets, as Server-Sent Events.
///
/// Frames: `id: <cursor>`, `event: <type>`, `data: <LiveEvent as JSON>`; first `retry: 2000`,
/// then a `: keep-alive` comment every 15 seconds. Staff receive every event; a customer admin
/// the events of their organisation's tickets, a customer those of the tickets they asked,
/// and neither internal ones (internal notes, staff-only changes) nor, for customers,
/// `intervention.recorded`. Events from every instance on the same database arrive. After a
/// dropped connection, reconnect with the last frame's `id` as `Last-Event-ID` (or
/// `?last_event_id=`): the events after it follow, as long as they are less than a day old.
/// The stream ends when the access token expires, and within 15 seconds when the account is
/// deactivated, its role or organisation changes, or the API token is revoked or expires.
#[utoipa::path(
    tag = "events",
    security(("bearer" = [])),
    params(
        StreamQuery,
        ("Last-Event-ID" = Option<String>, Header, description = "Resume after this event: the `id` of the last frame received"),
    ),
    responses(
        (status = 200, description = "An endless stream of event frames (`text/event-stream`); each frame's `data` is a `LiveEvent`", content_type = "text/event-stream", body = String),
        (status = 400, description = "`Last-Event-ID` or `last_event_id` is not an event id", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/events/stream")]
pub async fn event_stream(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Caller,
    query: web::Query<StreamQuery>,
) -> ApiResult<HttpResponse> {
    let resume = resume_after(&req, &query)?;
    let token = bearer_token(&req)?;
    let (ends_at, watch) = match caller.credential {
        Credential::AccessToken => {
            let claims = state.access_tokens.claims(&token).ok_or_else(|| {
                ApiError::unauthenticated("the access token is invalid or expired; refresh or log in")
            })?;
            let left = u64::try_from(claims.exp - Utc::now().timestamp()).unwrap_or(0);
            (
                Instant::now() + Duration::from_secs(left),
                Watch::Account(caller.user.clone()),
            )
        }
        // Their expiry and revocation are checked with the account (see `Watch`).
        Credential::ApiToken => (
            Instant::now() + Duration::from_secs(365 * 24 * 3600),
            Watch::ApiToken(hash_secret(&token), caller.user.clone()),
        ),
    };
    // Subscribed before the start is read, so an event settled after it is either in the
    // feed or (when the poller was behind or idle) read from the table: never lost.
    let feed = state.live.subscribe();
    let head = state.store.run(live_events::head).await?;
    let (out, frames) = mpsc::channel(16);
    let stream = Stream {
        store: state.store.clone(),
        out,
        scope: scope_of(&caller),
        // A cursor beyond the head was never sent by this database: start from now.
        horizon: resume.map_or(head, |cursor| cursor.min(head)),
    };
    tokio::spawn(stream.run(feed, state.live.ended(), resume.is_some(), ends_at, watch));
    let body = futures_util::stream::unfold(frames, |mut frames| async move {
        let frame = frames.recv().await?;
        Some((Ok::<_, std::convert::Infallible>(frame), frames))
    });
    Ok(HttpResponse::Ok()
        .content_type("text/event-stream")
        // Proxies such as nginx would otherwise buffer the stream.
        .insert_header(("X-Accel-Buffering", "no"))
        .streaming(body))
}

/// The stream has ended: the client left, the token expired, or the database failed (the
/// client reconnects and resumes).
struct End;

/// What a stream checks at each keep-alive: that its caller may still listen as they did.
enum Watch {
    /// An access token's account.
    Account(User),
    /// An API token (by its hash) and its account.
    ApiToken(String, User),
}

impl Watch {
    async fn still_allowed(&self, store: &Store) -> Result<(), End> {
        let (known, found) = match self {
            Watch::Account(user) => {
                let id = user.id;
                (
                    user,
                    store.run(move |conn| accounts::find_user(conn, id).map(Some)).await,
                )
            }
            Watch::ApiToken(hash, user) => {
                let hash = hash.clone();
                (
                    user,
                    store.run(move |conn| tokens::authenticate_api_token(conn, &hash)).await,
                )
            }
        };
        match found {
            Ok(Some(now)) if now.active && now.role == known.role && now.organization_id == known.organization_id => {
                Ok(())
            }
            _ => Err(End),
        }
    }
}

/// One open stream.
struct Stream {
    store: Store,
    out: mpsc::Sender<Bytes>,
    scope: TicketScope,
    /// Every event up to here has been sent or passed over.
    horizon: Cursor,
}

impl Stream {
    async fn run(
        mut self,
        mut feed: broadcast::Receiver<Arc<Batch>>,
        server_stopping: impl std::future::Future<Output = ()>,
        resume: bool,
        ends_at: Instant,
        watch: Watch,
    ) {
        let _ended: Result<(), End> = async {
            self.send(Bytes::from_static(b"retry: 2000\n\n")).await?;
            if resume {
                self.catch_up().await?;
            }
            let mut keep_alive = tokio::time::interval_at(Instant::now() + KEEP_ALIVE, KEEP_ALIVE);
            let expiry = tokio::time::sleep_until(ends_at);
            tokio::pin!(expiry, server_stopping);
            let out = self.out.clone();
            loop {
                tokio::select! {
                    () = out.closed() => return Err(End),
                    () = &mut expiry => return Err(End),
                    () = &mut server_stopping => return Err(End),
                    _ = keep_alive.tick() => {
                        watch.still_allowed(&self.store).await?;
                        self.send(Bytes::from_static(b": keep-alive\n\n")).await?;
                    }
                    received = feed.recv() => match received {
                        Ok(batch) => self.deliver(&batch).await?,
                        // Fell behind the feed: the table has it all.
                        Err(broadcast::error::RecvError::Lagged(_)) => self.catch_up().await?,
                        Err(broadcast::error::RecvError::Closed) => return Err(End),
                    },
                }
            }
        }
        .await;
    }

    async fn send(&self, frame: Bytes) -> Result<(), End> {
        self.out.send(frame).await.map_err(|_| End)
    }

    /// Sends the batch's events this caller may see, after reading from the table what
    /// the stream has not seen before the batch.
    async fn deliver(&mut self, batch: &Batch) -> Result<(), End> {
        if batch.after > self.horizon {
            self.catch_up().await?;
        }
        for event in &batch.events {
            self.offer(event).await?;
        }
        Ok(())
    }

    /// Sends from the table every settled event after the horizon that this caller may see.
    async fn catch_up(&mut self) -> Result<(), End> {
        loop {
            let (after, scope) = (self.horizon, self.scope);
            let read = self
                .store
                .run(move |conn| {
                    // The head first: every event up to it is settled, so the page (when
                    // complete) holds all of them that the caller may see.
                    let head = live_events::head(conn)?;
                    Ok::<_, StoreError>((head, live_events::after(conn, after, scope, PAGE)?))
                })
                .await;
            let (head, page) = read.map_err(|err| {
                tracing::warn!(error = %err, "an event stream could not read the event log");
                End
            })?;
            for event in &page.events {
                self.offer(event).await?;
            }
            self.horizon = self.horizon.max(page.last.unwrap_or_default());
            if page.complete {
                self.horizon = self.horizon.max(head);
                return Ok(());
            }
        }
    }

    /// Sends an event the stream has not passed yet, if the caller may see it.
    async fn offer(&mut self, event: &live_events::LiveEvent) -> Result<(), End> {
        if event.cursor <= self.horizon {
            return Ok(());
        }
        self.horizon = event.cursor;
        if event.visible_in(self.scope) {
            self.send(frame(event)).await?;
        }
        Ok(())
    }
}

/// An event's frame.
fn frame(event: &live_events::LiveEvent) -> Bytes {
    let data = LiveEvent {
        event_type: event.event_type,
        reference: event.reference.clone(),
        ticket_id: event.ticket_id,
        at: event.at,
    };
    // Compact JSON has no line breaks, so the data is one `data:` line.
    let json = serde_json::to_string(&data).unwrap_or_default();
    Bytes::from(format!(
        "id: {}\nevent: {}\ndata: {json}\n\n",
        event.cursor,
        event.event_type.as_str()
    ))
}

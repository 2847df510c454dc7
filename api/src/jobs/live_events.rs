//! The live feed: one poller per process reads new rows of the live event log
//! (`store::live_events`) once and fans them out to the process's open event streams, whoever
//! wrote them (this instance, another one on the same PostgreSQL, the scheduler). Polling the
//! shared table is what makes an event written through one instance reach streams held by
//! another; every [`POLL_INTERVAL`] keeps an event's way to a browser well within a second.
//! The poller also purges the log of events older than [`live_events::RETENTION`].

use crate::store::live_events::{self, Cursor, LiveEvent};
use crate::store::tickets::TicketScope;
use crate::store::{Store, StoreError};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{broadcast, watch};

/// How often the poller reads the log.
pub const POLL_INTERVAL: Duration = Duration::from_millis(200);

/// Events read per query; a poll reads as many pages as there are.
pub const PAGE: i64 = 500;

/// Batches a stream may fall behind by before it reads from the table instead.
const CAPACITY: usize = 256;

/// How often the log is purged (each instance purges; a second purge finds nothing).
const PURGE_EVERY: Duration = Duration::from_secs(600);

/// Events read by one poll, in log order: every settled event after `after` up to the last.
#[derive(Debug)]
pub struct Batch {
    /// Where the poller was before this read. A stream that has not yet seen everything up to
    /// here missed events (it connected while the poller idled, or fell behind) and reads the
    /// table first.
    pub after: Cursor,
    /// The events, for every audience: each stream picks what its caller may see.
    pub events: Vec<LiveEvent>,
}

/// Where streams subscribe to new events.
#[derive(Debug, Clone)]
pub struct LiveFeed {
    sender: broadcast::Sender<Arc<Batch>>,
    /// Set when the server stops: every stream ends at once (see [`LiveFeed::end_streams`]).
    ending: Arc<watch::Sender<bool>>,
}

impl LiveFeed {
    /// The feed, with its poller running on the current tokio runtime until the feed is
    /// dropped. Outside a runtime (a tool that only builds the app) there is no poller.
    pub fn start(store: Store) -> LiveFeed {
        let (sender, _) = broadcast::channel(CAPACITY);
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => drop(runtime.spawn(poll(store, sender.downgrade()))),
            Err(_) => tracing::warn!("no runtime: event streams will receive nothing"),
        }
        LiveFeed {
            sender,
            ending: Arc::new(watch::channel(false).0),
        }
    }

    /// New events from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<Batch>> {
        self.sender.subscribe()
    }

    /// Ends every open stream, and any opened after: a graceful stop waits for responses in
    /// flight, and a stream would otherwise hold it until the shutdown timeout. The clients
    /// reconnect (to another instance, or to this one once it is back) and resume.
    pub fn end_streams(&self) {
        self.ending.send_replace(true);
    }

    /// Resolves once [`LiveFeed::end_streams`] has been called.
    pub fn ended(&self) -> impl std::future::Future<Output = ()> + Send + 'static {
        let mut ending = self.ending.subscribe();
        async move {
            // An error means the feed is gone: that ends the stream as well.
            let _ = ending.wait_for(|ended| *ended).await;
        }
    }
}

async fn poll(store: Store, sender: broadcast::WeakSender<Arc<Batch>>) {
    let mut ticks = tokio::time::interval(POLL_INTERVAL);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut cursor = None;
    let mut next_purge = tokio::time::Instant::now() + Duration::from_secs(60);
    loop {
        ticks.tick().await;
        let Some(sender) = sender.upgrade() else {
            return;
        };
        if let Err(err) = poll_once(&store, &sender, &mut cursor).await {
            tracing::warn!(error = %err, "reading the live event log failed");
        }
        if tokio::time::Instant::now() >= next_purge {
            next_purge += PURGE_EVERY;
            let before = crate::store::now() - live_events::RETENTION;
            match store.run(move |conn| live_events::purge(conn, before)).await {
                Ok(purged) if purged > 0 => tracing::info!(purged, "purged old live events"),
                Ok(_) => {}
                Err(err) => tracing::warn!(error = %err, "purging the live event log failed"),
            }
        }
    }
}

/// Reads what is new since `cursor` and sends it. With no stream open it only moves the
/// cursor to the head, so that events nobody listens to are not read; a stream that opens
/// afterwards catches up from the table (see [`Batch::after`]).
async fn poll_once(
    store: &Store,
    sender: &broadcast::Sender<Arc<Batch>>,
    cursor: &mut Option<Cursor>,
) -> Result<(), StoreError> {
    let after = match *cursor {
        Some(after) if sender.receiver_count() > 0 => after,
        _ => {
            *cursor = Some(store.run(live_events::head).await?);
            return Ok(());
        }
    };
    let mut after = after;
    loop {
        let page = store
            .run(move |conn| live_events::after(conn, after, TicketScope::Everything, PAGE))
            .await?;
        let Some(last) = page.last else {
            return Ok(());
        };
        if !page.events.is_empty() {
            // No receiver left is not an error: the next poll moves to the head.
            let _ = sender.send(Arc::new(Batch {
                after,
                events: page.events,
            }));
        }
        after = last;
        *cursor = Some(last);
        if page.complete {
            return Ok(());
        }
    }
}

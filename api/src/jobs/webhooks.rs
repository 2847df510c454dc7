//! Delivers webhook events from the outbox: signed JSON POSTs with timeouts, retries with
//! exponential back-off and jitter, then `failed`. Each attempt is claimed under a lease, so
//! several workers (on several instances) never send the same attempt twice.

use crate::domain::webhook::signature;
use crate::store::outbox::{self, Attempt, DueDelivery};
use crate::store::{Store, StoreError};
use std::time::Duration;

/// How the worker behaves.
#[derive(Debug, Clone, Copy)]
pub struct WebhookSettings {
    /// Pause between polls of the outbox.
    pub poll_interval: Duration,
    /// The first retry delay; later ones double.
    pub retry_base: Duration,
    /// A receiver that takes longer has failed this attempt.
    pub timeout: Duration,
}

/// One pass: claims due deliveries and sends them. Returns how many were attempted.
pub async fn deliver_due(
    store: &Store,
    client: &reqwest::Client,
    settings: &WebhookSettings,
) -> Result<usize, StoreError> {
    // The lease outlives the request timeout, so a claim never expires mid-attempt.
    let lease_length = settings.timeout * 3;
    let lease = chrono::TimeDelta::from_std(lease_length).unwrap_or(chrono::TimeDelta::minutes(1));
    let claimed = std::time::Instant::now();
    let due = store.run(move |conn| outbox::claim_due(conn, 50, lease)).await?;
    let mut attempted = 0;
    let mut due = due.into_iter();
    while let Some(delivery) = due.next() {
        if !super::lease_covers_attempt(claimed, lease_length, settings.timeout) {
            let unsent: Vec<String> = std::iter::once(delivery.id).chain(due.map(|d| d.id)).collect();
            store.run(move |conn| outbox::release(conn, &unsent)).await?;
            break;
        }
        attempted += 1;
        let started = std::time::Instant::now();
        let (status_code, error) = send(client, &delivery, settings.timeout).await;
        let attempt = Attempt {
            status_code,
            error,
            duration_ms: i32::try_from(started.elapsed().as_millis()).unwrap_or(i32::MAX),
        };
        let retry_at = attempt
            .error
            .is_some()
            .then(|| super::retry_at(delivery.attempts + 1, settings.retry_base))
            .flatten();
        let id = delivery.id.clone();
        store
            .run(move |conn| outbox::record_attempt(conn, &id, attempt, retry_at))
            .await?;
    }
    Ok(attempted)
}

async fn send(client: &reqwest::Client, delivery: &DueDelivery, timeout: Duration) -> (Option<i32>, Option<String>) {
    let timestamp = chrono::Utc::now().timestamp();
    let body = delivery.payload.clone().into_bytes();
    let response = client
        .post(&delivery.url)
        .timeout(timeout)
        .header("content-type", "application/json")
        .header("user-agent", "Loket-Webhooks/1")
        .header("x-loket-event", &delivery.event_type)
        .header("x-loket-event-id", &delivery.event_id)
        .header("x-loket-signature", signature(&delivery.secret, timestamp, &body))
        .body(body)
        .send()
        .await;
    match response {
        Ok(response) if response.status().is_success() => (Some(i32::from(response.status().as_u16())), None),
        Ok(response) => (
            Some(i32::from(response.status().as_u16())),
            Some(format!("the receiver answered {}", response.status())),
        ),
        Err(err) if err.is_timeout() => (None, Some(format!("no answer within {} s", timeout.as_secs()))),
        Err(err) => (None, Some(format!("could not reach the receiver: {err}"))),
    }
}

/// Runs the worker until the process ends.
pub fn spawn(store: Store, settings: WebhookSettings) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let client = reqwest::Client::new();
        loop {
            match deliver_due(&store, &client, &settings).await {
                // A full batch: there may be more right away.
                Ok(50) => continue,
                Ok(_) => {}
                Err(err) => tracing::warn!(error = %err, "webhook delivery pass failed"),
            }
            tokio::time::sleep(settings.poll_interval).await;
        }
    })
}

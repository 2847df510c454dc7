//! Sends e-mail notifications from the outbox over SMTP (lettre), with the webhooks' retries:
//! exponential back-off with jitter, then `failed`. Each attempt is claimed under a lease, so
//! several workers (on several instances) never send the same attempt twice.

use crate::store::outbox::{self, DueMail};
use crate::store::{Store, StoreError};
use lettre::message::{header::ContentType, Mailbox};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

/// Notifications not sent within this time after the change are never sent, and deleted.
const MAX_AGE: chrono::TimeDelta = chrono::TimeDelta::hours(24);

/// How the mail worker behaves.
#[derive(Clone)]
pub struct MailSettings {
    /// `LOKET_SMTP_URL`: `smtp://host:port` (plain), `smtp://host:port?tls=required`
    /// (STARTTLS) or `smtps://host` (TLS); `user:password@` for authentication.
    pub smtp_url: String,
    /// `LOKET_MAIL_FROM`: the sender, e.g. `Loket support <support@example.be>`.
    pub from: Mailbox,
    /// Pause between polls of the outbox.
    pub poll_interval: Duration,
    /// The first retry delay; later ones double.
    pub retry_base: Duration,
    /// An SMTP server that takes longer has failed this attempt.
    pub timeout: Duration,
}

/// The SMTP transport for a URL (checked when the configuration is read).
pub fn transport(url: &str, timeout: Duration) -> Result<AsyncSmtpTransport<Tokio1Executor>, String> {
    AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
        .map(|builder| builder.timeout(Some(timeout)).build())
        .map_err(|e| e.to_string())
}

/// One pass: claims due notifications and sends them. Returns how many were attempted.
pub async fn deliver_due(
    store: &Store,
    mailer: &AsyncSmtpTransport<Tokio1Executor>,
    settings: &MailSettings,
) -> Result<usize, StoreError> {
    // The lease outlives the SMTP timeout, so a claim never expires mid-attempt.
    let lease_length = settings.timeout * 3;
    let lease = chrono::TimeDelta::from_std(lease_length).unwrap_or(chrono::TimeDelta::minutes(1));
    let claimed = std::time::Instant::now();
    let due = store
        .run(move |conn| outbox::claim_due_mails(conn, 50, lease, MAX_AGE))
        .await?;
    let mut attempted = 0;
    let mut due = due.into_iter();
    while let Some(delivery) = due.next() {
        if !super::lease_covers_attempt(claimed, lease_length, settings.timeout) {
            let unsent: Vec<String> = std::iter::once(delivery.id).chain(due.map(|d| d.id)).collect();
            store.run(move |conn| outbox::release_mails(conn, &unsent)).await?;
            break;
        }
        attempted += 1;
        let (error, permanent) = match send(mailer, &settings.from, &delivery).await {
            Ok(()) => (None, false),
            Err((message, permanent)) => (Some(message), permanent),
        };
        let retry_at = if error.is_some() && !permanent {
            super::retry_at(delivery.attempts + 1, settings.retry_base)
        } else {
            None
        };
        let id = delivery.id.clone();
        store
            .run(move |conn| outbox::record_mail_attempt(conn, &id, error, retry_at))
            .await?;
    }
    Ok(attempted)
}

/// Sends one notification; an error says whether retrying could help.
async fn send(
    mailer: &AsyncSmtpTransport<Tokio1Executor>,
    from: &Mailbox,
    delivery: &DueMail,
) -> Result<(), (String, bool)> {
    let mail = &delivery.mail;
    let to = format!("{} <{}>", mail.to_name.replace(['<', '>', '"'], ""), mail.to)
        .parse::<Mailbox>()
        .or_else(|_| mail.to.parse::<Mailbox>())
        .map_err(|e| (format!("the recipient `{}` is not an address: {e}", mail.to), true))?;
    let message = Message::builder()
        .from(from.clone())
        .to(to)
        .subject(&mail.subject)
        .message_id(Some(format!("<{}>", mail.message_id)))
        .header(ContentType::TEXT_PLAIN)
        .body(mail.body.clone())
        .map_err(|e| (format!("the message could not be built: {e}"), true))?;
    match mailer.send(message).await {
        Ok(_) => Ok(()),
        Err(e) => Err((
            format!("the SMTP server refused or could not be reached: {e}"),
            e.is_permanent(),
        )),
    }
}

/// Runs the worker until the process ends.
pub fn spawn(store: Store, settings: MailSettings) -> Result<tokio::task::JoinHandle<()>, String> {
    let mailer = transport(&settings.smtp_url, settings.timeout)?;
    Ok(tokio::spawn(async move {
        loop {
            match deliver_due(&store, &mailer, &settings).await {
                // A full batch: there may be more right away.
                Ok(50) => continue,
                Ok(_) => {}
                Err(err) => tracing::warn!(error = %err, "mail delivery pass failed"),
            }
            tokio::time::sleep(settings.poll_interval).await;
        }
    }))
}

/// Deletes stale notifications every hour until the process ends, whether or not this
/// instance sends mail: without SMTP changes still queue notifications (a change's
/// transaction cannot tell how the process is configured, and another instance may send).
pub fn spawn_discarder(store: Store) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            if let Err(err) = store.run(|conn| outbox::discard_stale_mails(conn, MAX_AGE)).await {
                tracing::warn!(error = %err, "discarding stale notifications failed");
            }
            tokio::time::sleep(Duration::from_secs(3600)).await;
        }
    })
}

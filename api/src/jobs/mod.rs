//! Background work that runs beside the HTTP server.

pub mod live_events;
pub mod mail;
pub mod webhooks;

use crate::domain::webhook::{retry_delay, MAX_ATTEMPTS};
use rand::Rng;

/// When the next attempt of a delivery that just failed its `attempt`-th try is due
/// (exponential back-off from `base`, ±20 % jitter), or `None` when it has had its last try.
pub(crate) fn retry_at(attempt: i32, base: std::time::Duration) -> Option<chrono::NaiveDateTime> {
    (attempt < MAX_ATTEMPTS).then(|| {
        let jitter = rand::thread_rng().gen_range(0.8..1.2);
        let delay = retry_delay(attempt, base, jitter);
        crate::store::now() + chrono::TimeDelta::from_std(delay).unwrap_or(chrono::TimeDelta::hours(6))
    })
}

/// Whether a claim made at `claimed` with a lease of `lease` still covers one more attempt of
/// up to `timeout`, with a margin. Slow receivers can eat the lease before a batch is done;
/// an attempt started after that could also be sent by another worker that saw the lease run
/// out, so a worker gives the rest of its batch back instead (still within its lease, so no
/// other worker holds them).
pub(crate) fn lease_covers_attempt(
    claimed: std::time::Instant,
    lease: std::time::Duration,
    timeout: std::time::Duration,
) -> bool {
    claimed.elapsed() + timeout * 2 <= lease
}

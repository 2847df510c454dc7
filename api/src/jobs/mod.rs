//! Background work that runs beside the HTTP server.

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

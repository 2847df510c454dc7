//! Webhook rules: the event types, the signature a receiver verifies, and the retry schedule.

use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use std::time::Duration;
use utoipa::ToSchema;

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
pub enum EventType {
    /// A ticket was logged.
    #[serde(rename = "ticket.created")]
    TicketCreated,
    /// A ticket's fields or status changed.
    #[serde(rename = "ticket.updated")]
    TicketUpdated,
    /// A ticket became another kind (support, issue, change request).
    #[serde(rename = "ticket.kind_converted")]
    TicketKindConverted,
    /// A public reply was added (internal notes never leave Loket).
    #[serde(rename = "ticket.commented")]
    TicketCommented,
    /// An intervention was booked.
    #[serde(rename = "appointment.booked")]
    AppointmentBooked,
    /// An appointment was moved.
    #[serde(rename = "appointment.moved")]
    AppointmentMoved,
    /// An appointment was cancelled.
    #[serde(rename = "appointment.cancelled")]
    AppointmentCancelled,
    /// Work was recorded on a ticket, with its billing classification.
    #[serde(rename = "intervention.recorded")]
    InterventionRecorded,
}

impl EventType {
    /// Every event type.
    pub const ALL: [EventType; 8] = [
        EventType::TicketCreated,
        EventType::TicketUpdated,
        EventType::TicketKindConverted,
        EventType::TicketCommented,
        EventType::AppointmentBooked,
        EventType::AppointmentMoved,
        EventType::AppointmentCancelled,
        EventType::InterventionRecorded,
    ];

    /// The name on the wire and in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::TicketCreated => "ticket.created",
            EventType::TicketUpdated => "ticket.updated",
            EventType::TicketKindConverted => "ticket.kind_converted",
            EventType::TicketCommented => "ticket.commented",
            EventType::AppointmentBooked => "appointment.booked",
            EventType::AppointmentMoved => "appointment.moved",
            EventType::AppointmentCancelled => "appointment.cancelled",
            EventType::InterventionRecorded => "intervention.recorded",
        }
    }
}

/// Attempts before a delivery is marked failed.
pub const MAX_ATTEMPTS: i32 = 8;

/// `X-Loket-Signature`: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, so a
/// receiver can check both the sender and the freshness (replays carry an old timestamp).
pub fn signature(secret: &str, timestamp: i64, body: &[u8]) -> String {
    // HMAC accepts keys of any length, so `new_from_slice` cannot fail here.
    let mut mac = match Hmac::<Sha256>::new_from_slice(secret.as_bytes()) {
        Ok(mac) => mac,
        Err(_) => return String::new(),
    };
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    format!("t={timestamp},v1={}", hex::encode(mac.finalize().into_bytes()))
}

/// How long to wait after failed attempt number `attempt` (1-based): `base × 2^(attempt-1)`,
/// capped at six hours, scaled by `jitter` in [0.8, 1.2) so that many receivers coming back at
/// once are not hit in lockstep. `jitter` is passed in: this module reads no randomness.
pub fn retry_delay(attempt: i32, base: Duration, jitter: f64) -> Duration {
    let exponent = u32::try_from(attempt.saturating_sub(1)).unwrap_or(0).min(20);
    let delay = base.saturating_mul(1u32 << exponent).min(Duration::from_secs(6 * 3600));
    delay.mul_f64(jitter.clamp(0.8, 1.2))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn signature_is_the_documented_hmac() {
        // Reference value computed independently: HMAC-SHA256("geheim", "1700000000.{}").
        let sig = signature("geheim", 1_700_000_000, b"{}");
        assert_eq!(
            sig,
            "t=1700000000,v1=75e8aa01e776401a6bfda6664664c1271ca25506052e3b8c43308bdf92f3c8d5"
        );
        assert_ne!(sig, signature("anders", 1_700_000_000, b"{}"));
        assert_ne!(sig, signature("geheim", 1_700_000_001, b"{}"));
        assert_ne!(sig, signature("geheim", 1_700_000_000, b"{ }"));
    }

    #[test]
    fn event_names_round_trip() {
        for event in EventType::ALL {
            assert_eq!(serde_json::to_value(event).unwrap(), event.as_str());
        }
    }

    proptest! {
        #[test]
        fn delays_grow_and_stay_bounded(attempt in 1i32..30, jitter in 0.8f64..1.2) {
            let base = Duration::from_secs(30);
            let this = retry_delay(attempt, base, 1.0);
            let next = retry_delay(attempt + 1, base, 1.0);
            prop_assert!(next >= this);
            prop_assert!(retry_delay(attempt, base, jitter) <= Duration::from_secs(6 * 3600).mul_f64(1.2));
            prop_assert!(retry_delay(attempt, base, jitter) >= base.mul_f64(0.8));
        }
    }
}

//! Credentials: argon2id password hashes, HS256 access tokens, and random secrets (refresh
//! tokens, API tokens, invitations) of which only a SHA-256 hash is stored.
//!
//! Timing: no secret is compared with `==` in Rust. Password checks compare argon2 outputs in
//! constant time (`password-hash` uses `subtle`), JWT signatures are checked by `jsonwebtoken`
//! with `ring`'s constant-time comparison, and the other secrets are found by the SHA-256 of
//! the presented value in a database index: the lookup's timing can at most reveal a prefix
//! of the hash of a 256-bit random secret, which does not help to produce the secret. Loket
//! signs webhooks but verifies none.

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::sync::LazyLock;
use std::time::Duration;
use uuid::Uuid;

/// Prefix of personal API tokens, so the extractor (and secret scanners) can tell them apart.
pub const API_TOKEN_PREFIX: &str = "loket_pat_";
/// Prefix of refresh tokens.
pub const REFRESH_TOKEN_PREFIX: &str = "loket_rt_";
/// Prefix of invitation secrets.
pub const INVITATION_PREFIX: &str = "loket_inv_";

/// Hashes a password with argon2id and a random salt (PHC string).
pub fn hash_password(password: &str) -> Result<String, String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| format!("password hashing failed: {e}"))
}

/// A hash of a password nobody has: verifying against it when the user is unknown makes a
/// failed login take as long as a wrong password, so timing does not reveal who has an account.
static DECOY_HASH: LazyLock<String> =
    LazyLock::new(|| hash_password("decoy password that no account has").unwrap_or_default());

/// Checks a password against a stored hash; with no hash (unknown user, pending invitation)
/// it spends the same time and says no.
pub fn verify_password(password: &str, stored: Option<&str>) -> bool {
    let candidate = stored.unwrap_or(DECOY_HASH.as_str());
    let matches = PasswordHash::new(candidate)
        .map(|hash| Argon2::default().verify_password(password.as_bytes(), &hash).is_ok())
        .unwrap_or(false);
    matches && stored.is_some()
}

/// A new random secret with a recognisable prefix (256 bits of entropy, hex).
pub fn random_secret(prefix: &str) -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    format!("{prefix}{}", hex::encode(bytes))
}

/// The SHA-256 of a secret, hex: what the database keeps.
pub fn hash_secret(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// What an access token says. Role and organisation are re-read from the database on each
/// request, so a role change or deactivation takes effect at once; the token only names the user.
#[derive(Debug, Serialize, Deserialize)]
pub struct Claims {
    /// The user id.
    pub sub: Uuid,
    /// Issued at (seconds since the epoch).
    pub iat: i64,
    /// Expires at (seconds since the epoch).
    pub exp: i64,
    /// Token kind, always `access`.
    pub typ: String,
}

/// Signs and checks access tokens with one HS256 key.
pub struct AccessTokens {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    ttl: Duration,
}

impl AccessTokens {
    /// Keys from the configured secret.
    pub fn new(secret: &str, ttl: Duration) -> AccessTokens {
        // Only HS256: a token that says `alg: none` or RS256 is refused by the validation.
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 5;
        validation.set_required_spec_claims(&["exp", "sub", "iat"]);
        AccessTokens {
            encoding: EncodingKey::from_secret(secret.as_bytes()),
            decoding: DecodingKey::from_secret(secret.as_bytes()),
            validation,
            ttl,
        }
    }

    /// Lifetime of an access token.
    pub fn ttl(&self) -> Duration {
        self.ttl
    }

    /// A fresh access token for the user.
    pub fn issue(&self, user_id: Uuid) -> Result<String, String> {
        let now = chrono::Utc::now().timestamp();
        let claims = Claims {
            sub: user_id,
            iat: now,
            exp: now + i64::try_from(self.ttl.as_secs()).unwrap_or(i64::MAX / 2),
            typ: "access".into(),
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|e| format!("signing failed: {e}"))
    }

    /// The user id of a valid, unexpired access token.
    pub fn verify(&self, token: &str) -> Option<Uuid> {
        let data = jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation).ok()?;
        (data.claims.typ == "access").then_some(data.claims.sub)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify_only_against_their_own_hash() {
        let hash = hash_password("correct horse battery").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", Some(&hash)));
        assert!(!verify_password("correct horse batterY", Some(&hash)));
        assert!(!verify_password("decoy password that no account has", None));
        assert!(!verify_password("x", Some("not a phc string")));
    }

    #[test]
    fn secrets_are_random_prefixed_and_hash_stably() {
        let a = random_secret(API_TOKEN_PREFIX);
        let b = random_secret(API_TOKEN_PREFIX);
        assert_ne!(a, b);
        assert!(a.starts_with("loket_pat_") && a.len() == 10 + 64);
        assert_eq!(hash_secret(&a), hash_secret(&a));
        assert_ne!(hash_secret(&a), hash_secret(&b));
    }

    #[test]
    fn access_tokens_round_trip_and_refuse_other_keys_and_expiry() {
        let tokens = AccessTokens::new("k".repeat(32).as_str(), Duration::from_secs(60));
        let user = Uuid::new_v4();
        let token = tokens.issue(user).unwrap();
        assert_eq!(tokens.verify(&token), Some(user));

        let other = AccessTokens::new("z".repeat(32).as_str(), Duration::from_secs(60));
        assert_eq!(other.verify(&token), None);

        let mut tampered = token.clone();
        tampered.pop();
        tampered.push(if token.ends_with('A') { 'B' } else { 'A' });
        assert_eq!(tokens.verify(&tampered), None);

        let expired = Claims {
            sub: user,
            iat: 1,
            exp: 2,
            typ: "access".into(),
        };
        let expired = jsonwebtoken::encode(&Header::default(), &expired, &tokens.encoding).unwrap();
        assert_eq!(tokens.verify(&expired), None);
    }
}

/// Password hashing and verification on a fixed pair of threads. Each argon2id run takes
/// 19 MiB, which glibc keeps in the arena of the thread that ran it; on the shared blocking
/// pool any of its threads may have run one. Measured on a 47 MB server after four seconds of
/// logins at two connections: 352 MB on the blocking pool, 276 MB on these two threads (the
/// rest is not explained yet). Two threads also bound how much CPU logins can take.
#[derive(Clone)]
pub struct PasswordWork {
    jobs: std::sync::mpsc::Sender<Box<dyn FnOnce() + Send>>,
}

impl std::fmt::Debug for PasswordWork {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordWork")
    }
}

impl PasswordWork {
    /// Starts the threads; they stop when the last handle is dropped.
    pub fn start() -> PasswordWork {
        let jobs = crate::threads::start("password", 2, |queue| {
            while let Some(jobs) = crate::threads::take::<Box<dyn FnOnce() + Send>>(queue, 1) {
                jobs.into_iter().for_each(|job| job());
            }
        });
        PasswordWork { jobs }
    }

    /// Runs `work` (a hash or a verification) on one of the threads.
    pub async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> Result<T, String> {
        let (reply, answer) = tokio::sync::oneshot::channel();
        self.jobs
            .send(Box::new(move || {
                let _ = reply.send(work());
            }))
            .map_err(|_| "the password threads have stopped".to_owned())?;
        answer.await.map_err(|_| "the password threads have stopped".to_owned())
    }
}

//! Credentials: argon2id password hashes, HS256 access tokens, and random secrets (refresh
//! tokens, API tokens, invitations) of which only a SHA-256 hash is stored.
//!
//! Timing: no secret is compared with `==` in Rust. Password checks compare argon2 outputs in
//! constant time (`password-hash` uses `subtle`), JWT signatures are checked by `jsonwebtoken`
//! with `ring`'s constant-time comparison, and the other secrets are found by the SHA-256 of
//! the presented value in a database index: the lookup's timing can at most reveal a prefix
//! of the hash of a 256-bit random secret, which does not help to produce the secret. Loket
//! signs webhooks but verifies none.

use argon2::password_hash::{self, rand_core::OsRng, Output, ParamsString, PasswordHash, Salt, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use jsonwebtoken::{Algorithm as JwtAlgorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::cell::RefCell;
use std::sync::LazyLock;
use std::time::Duration;
use uuid::Uuid;

/// Prefix of personal API tokens, so the extractor (and secret scanners) can tell them apart.
pub const API_TOKEN_PREFIX: &str = "loket_pat_";
/// Prefix of refresh tokens.
pub const REFRESH_TOKEN_PREFIX: &str = "loket_rt_";
/// Prefix of invitation secrets.
pub const INVITATION_PREFIX: &str = "loket_inv_";

/// Hashes a password with argon2id (the crate's default parameters) and a random salt (PHC string).
pub fn hash_password(password: &str) -> Result<String, String> {
    let salt = SaltString::generate(&mut OsRng);
    let params = Params::default();
    let output = argon2_output(
        Algorithm::Argon2id,
        Version::V0x13,
        &params,
        password,
        salt.as_salt(),
        Params::DEFAULT_OUTPUT_LEN,
    )
    .map_err(|e| format!("password hashing failed: {e}"))?;
    let hash = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(|e| format!("password hashing failed: {e}"))?,
        salt: Some(salt.as_salt()),
        hash: Some(output),
    };
    Ok(hash.to_string())
}

/// A hash of a password nobody has: verifying against it when the user is unknown makes a
/// failed login take as long as a wrong password, so timing does not reveal who has an account.
static DECOY_HASH: LazyLock<String> =
    LazyLock::new(|| hash_password("decoy password that no account has").unwrap_or_default());

/// Checks a password against a stored hash; with no hash (unknown user, pending invitation)
/// it spends the same time and says no.
pub fn verify_password(password: &str, stored: Option<&str>) -> bool {
    let candidate = stored.unwrap_or(DECOY_HASH.as_str());
    let matches = password_matches(password, candidate).unwrap_or(false);
    matches && stored.is_some()
}

/// What `PasswordVerifier::verify_password` does, but in this thread's kept memory.
fn password_matches(password: &str, stored: &str) -> password_hash::Result<bool> {
    let hash = PasswordHash::new(stored)?;
    let expected = hash.hash.ok_or(password_hash::Error::Password)?;
    let salt = hash.salt.ok_or(password_hash::Error::Password)?;
    let algorithm = Algorithm::try_from(hash.algorithm)?;
    let version = hash.version.map(Version::try_from).transpose()?.unwrap_or_default();
    let params = Params::try_from(&hash)?;
    let output = argon2_output(algorithm, version, &params, password, salt, expected.len())?;
    // `Output`'s equality is constant-time (`subtle`).
    Ok(output == expected)
}

thread_local! {
    /// argon2's working memory (19 MiB with the default parameters), kept by each thread that
    /// hashes for its next hash. Allocated and freed per login, glibc kept it in its arenas
    /// anyway and the server grew by tens of MB per burst of logins; kept, it is allocated
    /// once per thread, and only the two password threads (and the CLI) hash.
    static ARGON2_MEMORY: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
}

/// The argon2 output of `password` with `salt`, computed in [`ARGON2_MEMORY`]. The crate's
/// `PasswordHasher` allocates its memory per call; only this lower-level call takes memory.
fn argon2_output(
    algorithm: Algorithm,
    version: Version,
    params: &Params,
    password: &str,
    salt: Salt<'_>,
    output_len: usize,
) -> password_hash::Result<Output> {
    let mut salt_bytes = [0u8; Salt::MAX_LENGTH];
    let salt = salt.decode_b64(&mut salt_bytes)?;
    let argon2 = Argon2::new(algorithm, version, params.clone());
    ARGON2_MEMORY.with_borrow_mut(|blocks| {
        blocks.resize(params.block_count(), Block::default());
        Output::init_with(output_len, |out| {
            argon2
                .hash_password_into_with_memory(password.as_bytes(), salt, out, &mut blocks[..])
                .map_err(password_hash::Error::from)
        })
    })
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
        let mut validation = Validation::new(JwtAlgorithm::HS256);
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
        jsonwebtoken::encode(&Header::new(JwtAlgorithm::HS256), &claims, &self.encoding)
            .map_err(|e| format!("signing failed: {e}"))
    }

    /// The user id of a valid, unexpired access token.
    pub fn verify(&self, token: &str) -> Option<Uuid> {
        self.claims(token).map(|claims| claims.sub)
    }

    /// The claims of a valid, unexpired access token (an event stream ends at its `exp`).
    pub fn claims(&self, token: &str) -> Option<Claims> {
        let data = jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation).ok()?;
        (data.claims.typ == "access").then_some(data.claims)
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
    fn hashes_agree_with_the_argon2_crates_own_hasher_and_verifier() {
        use argon2::password_hash::{PasswordHasher, PasswordVerifier};
        // Stored hashes made by the crate's hasher (and other parameters) still verify...
        let salt = SaltString::generate(&mut OsRng);
        let light = Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::new(8, 1, 1, None).unwrap());
        let theirs = light.hash_password(b"theirs", &salt).unwrap().to_string();
        assert!(verify_password("theirs", Some(&theirs)));
        assert!(!verify_password("Theirs", Some(&theirs)));
        let argon2i = Argon2::new(
            Algorithm::Argon2i,
            Version::V0x10,
            Params::new(8, 2, 1, Some(16)).unwrap(),
        );
        let old = argon2i.hash_password(b"old", &salt).unwrap().to_string();
        assert!(verify_password("old", Some(&old)));
        assert!(!verify_password("olD", Some(&old)));
        // ...after a hash with larger memory, so the kept memory is not sized for them.
        let ours = hash_password("ours").unwrap();
        assert!(verify_password("theirs", Some(&theirs)));
        // ...and the crate's verifier accepts ours.
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(Argon2::default().verify_password(b"ours", &parsed).is_ok());
        assert!(Argon2::default().verify_password(b"Ours", &parsed).is_err());
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

/// Password hashing and verification on a fixed pair of threads: two threads bound how much
/// CPU logins can take, and only they keep argon2's 19 MiB of working memory (see
/// [`ARGON2_MEMORY`]). Measured (1,000,000 tickets, glibc malloc, 5 s of logins at two
/// connections): 200 MB resident when every login allocated its own memory, 94 MB with the
/// memory kept. mimalloc instead of glibc: 125 MB, and more than glibc on searches.
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

//! Configuration from environment variables (a `.env` file is read first when present).
//!
//! Every variable has a default that works on a fresh machine, except the JWT secret outside
//! demo mode: a server that signs tokens with a guessable key is worse than one that won't start.

use std::{fmt, net::SocketAddr, path::PathBuf, time::Duration};

/// Shortest JWT secret accepted outside demo mode (bytes): HS256 wants at least 256 bits of key.
pub const MIN_JWT_SECRET_LEN: usize = 32;

/// Fewest different characters in a JWT secret outside demo mode (32 × "x" is long, not random).
const MIN_JWT_SECRET_DISTINCT_CHARS: usize = 8;

/// Secrets that appear in examples and tutorials; refused even when long enough.
const WELL_KNOWN_SECRETS: &[&str] = &[
    "changeme",
    "change-me",
    "secret",
    "loket",
    "please-change-this-secret-in-production",
];

/// The server's whole configuration. `Debug` redacts the secret.
#[derive(Clone)]
pub struct Config {
    /// `LOKET_ADDR`: where the HTTP server listens.
    pub addr: SocketAddr,
    /// `LOKET_DATA_DIR`: where the SQLite database and uploaded files live.
    pub data_dir: PathBuf,
    /// `DATABASE_URL`: `postgres://…` for PostgreSQL, otherwise a SQLite file path.
    pub database_url: String,
    /// `LOKET_JWT_SECRET`: HS256 key for access tokens.
    pub jwt_secret: String,
    /// `LOKET_DEMO`: seed demo data on an empty database and allow a generated secret.
    pub demo: bool,
    /// `LOKET_ACCESS_TOKEN_MINUTES`: lifetime of an access token.
    pub access_token_ttl: Duration,
    /// `LOKET_REFRESH_TOKEN_DAYS`: lifetime of a refresh token.
    pub refresh_token_ttl: Duration,
    /// `LOKET_CORS_ORIGINS`: comma-separated origins allowed to call the API from a browser.
    pub cors_origins: Vec<String>,
    /// `LOKET_MAX_JSON_BYTES`: largest JSON request body accepted.
    pub max_json_bytes: usize,
    /// `LOKET_DB_POOL_SIZE`: database connections kept open; see [`default_pool_size`].
    pub db_pool_size: u32,
    /// `LOKET_MAX_ATTACHMENT_BYTES`: largest upload of attachments in one request.
    pub max_attachment_bytes: usize,
    /// `LOKET_WEBHOOK_POLL_MS`, `LOKET_WEBHOOK_RETRY_BASE_MS`, `LOKET_WEBHOOK_TIMEOUT_SECONDS`.
    pub webhooks: crate::jobs::webhooks::WebhookSettings,
    /// `LOKET_AUTO_CLOSE_BUSINESS_DAYS`: business days after which a resolved ticket closes.
    pub auto_close_business_days: u32,
    /// `LOKET_SLA_AT_RISK_PERCENT`: share (percent, 1–100) of an SLA target used that marks
    /// a ticket at risk.
    pub sla_at_risk_percent: u32,
    /// `LOKET_SMTP_URL` and `LOKET_MAIL_FROM`: e-mail notifications are sent only when set.
    pub mail: Option<crate::jobs::mail::MailSettings>,
    /// `LOKET_MAX_EMAIL_BYTES`: largest raw message `POST /inbound/email` accepts.
    pub max_email_bytes: usize,
    /// `LOKET_LOGIN_MAX_FAILURES_PER_ACCOUNT`, `…_PER_ADDRESS`, `LOKET_LOGIN_WINDOW_SECONDS`.
    pub login_limits: LoginLimits,
    /// `LOKET_TRUST_FORWARDED_FOR`: take the client address from the last `X-Forwarded-For`
    /// entry (set by a reverse proxy) instead of the connection's peer.
    pub trust_forwarded_for: bool,
    /// `LOKET_HSTS_SECONDS`: `Strict-Transport-Security` max-age when served over TLS (0: off).
    pub hsts_seconds: u64,
    /// `LOKET_WEB_DIR`: serve the web app from this folder (a `vite build` output) instead of
    /// the copy built into the binary.
    pub web_dir: Option<PathBuf>,
}

/// How many failed logins are allowed before further attempts are refused (429).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoginLimits {
    /// Failures per account (e-mail address) within one window.
    pub per_account: u32,
    /// Failures per client address within one window.
    pub per_address: u32,
    /// The counting window.
    pub window: Duration,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("addr", &self.addr)
            .field("data_dir", &self.data_dir)
            .field("database_url", &redact_url_password(&self.database_url))
            .field("jwt_secret", &"<redacted>")
            .field("demo", &self.demo)
            .field("access_token_ttl", &self.access_token_ttl)
            .field("refresh_token_ttl", &self.refresh_token_ttl)
            .field("cors_origins", &self.cors_origins)
            .field("max_json_bytes", &self.max_json_bytes)
            .field("db_pool_size", &self.db_pool_size)
            .field("max_attachment_bytes", &self.max_attachment_bytes)
            .field("webhooks", &self.webhooks)
            .field("auto_close_business_days", &self.auto_close_business_days)
            .field("sla_at_risk_percent", &self.sla_at_risk_percent)
            .field(
                "smtp_url",
                &self.mail.as_ref().map(|m| redact_url_password(&m.smtp_url)),
            )
            .field("mail_from", &self.mail.as_ref().map(|m| m.from.to_string()))
            .field("web_dir", &self.web_dir)
            .field("max_email_bytes", &self.max_email_bytes)
            .field("login_limits", &self.login_limits)
            .field("trust_forwarded_for", &self.trust_forwarded_for)
            .field("hsts_seconds", &self.hsts_seconds)
            .finish()
    }
}

/// A configuration that cannot be used, with the variable to fix.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// A variable holds something that does not parse.
    #[error("{var}: {message}")]
    Invalid {
        /// The environment variable.
        var: &'static str,
        /// What is wrong with it.
        message: String,
    },
}

fn invalid(var: &'static str, message: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        var,
        message: message.into(),
    }
}

impl Config {
    /// Reads the configuration from the process environment (after loading `.env` if present).
    pub fn from_env() -> Result<Self, ConfigError> {
        // A missing .env is the normal case; a malformed one is reported by the lookups below.
        let _ = dotenvy::dotenv();
        Self::from_lookup(|key| std::env::var(key).ok())
    }

    /// Builds the configuration from any key → value lookup (tests pass a map).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |key: &str| lookup(key).filter(|v| !v.trim().is_empty());
        let demo = match get("LOKET_DEMO") {
            None => false,
            Some(v) => parse_bool(&v).ok_or_else(|| invalid("LOKET_DEMO", "expected true/false, 1/0, yes/no"))?,
        };
        let addr = get("LOKET_ADDR")
            .unwrap_or_else(|| "127.0.0.1:8080".into())
            .parse()
            .map_err(|e| invalid("LOKET_ADDR", format!("not a socket address: {e}")))?;
        let data_dir = PathBuf::from(get("LOKET_DATA_DIR").unwrap_or_else(|| "./data".into()));
        let database_url =
            get("DATABASE_URL").unwrap_or_else(|| data_dir.join("loket.db").to_string_lossy().into_owned());
        let jwt_secret = match get("LOKET_JWT_SECRET") {
            Some(secret) => {
                if !demo {
                    check_secret_strength(&secret)?;
                }
                secret
            }
            None if demo => random_secret(),
            None => {
                return Err(invalid(
                    "LOKET_JWT_SECRET",
                    format!(
                        "must be set (at least {MIN_JWT_SECRET_LEN} random characters, e.g. `openssl rand -hex 32`) unless LOKET_DEMO=1"
                    ),
                ))
            }
        };
        let minutes = parse_number(&get, "LOKET_ACCESS_TOKEN_MINUTES", 15u64)?;
        let days = parse_number(&get, "LOKET_REFRESH_TOKEN_DAYS", 30u64)?;
        if minutes == 0 || days == 0 {
            return Err(invalid(
                "LOKET_ACCESS_TOKEN_MINUTES / LOKET_REFRESH_TOKEN_DAYS",
                "must be at least 1",
            ));
        }
        if minutes > MAX_ACCESS_TOKEN_MINUTES {
            // An access token cannot be revoked: logging out or deactivating a user only
            // takes effect when it expires.
            return Err(invalid(
                "LOKET_ACCESS_TOKEN_MINUTES",
                format!("is at most {MAX_ACCESS_TOKEN_MINUTES} (a day): access tokens cannot be revoked"),
            ));
        }
        let cors_origins: Vec<String> = get("LOKET_CORS_ORIGINS")
            .map(|v| {
                v.split(',')
                    .map(|o| o.trim().to_owned())
                    .filter(|o| !o.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        for origin in &cors_origins {
            check_origin(origin)?;
        }
        let max_json_bytes = parse_number(&get, "LOKET_MAX_JSON_BYTES", 256 * 1024usize)?;
        let db_pool_size = parse_number(&get, "LOKET_DB_POOL_SIZE", default_pool_size())?;
        let max_attachment_bytes = parse_number(&get, "LOKET_MAX_ATTACHMENT_BYTES", 10 * 1024 * 1024usize)?;
        let webhooks = crate::jobs::webhooks::WebhookSettings {
            poll_interval: Duration::from_millis(parse_number(&get, "LOKET_WEBHOOK_POLL_MS", 1000u64)?.max(10)),
            retry_base: Duration::from_millis(parse_number(&get, "LOKET_WEBHOOK_RETRY_BASE_MS", 30_000u64)?.max(10)),
            timeout: Duration::from_secs(parse_number(&get, "LOKET_WEBHOOK_TIMEOUT_SECONDS", 10u64)?.max(1)),
        };
        if db_pool_size < 2 {
            // One connection deadlocks as soon as a request needs a second one (Lemmy #5112).
            return Err(invalid("LOKET_DB_POOL_SIZE", "must be at least 2"));
        }
        let auto_close_business_days = parse_number(&get, "LOKET_AUTO_CLOSE_BUSINESS_DAYS", 5u32)?;
        let sla_at_risk_percent = parse_number(&get, "LOKET_SLA_AT_RISK_PERCENT", 75u32)?;
        if !(1..=100).contains(&sla_at_risk_percent) {
            return Err(invalid("LOKET_SLA_AT_RISK_PERCENT", "must be between 1 and 100"));
        }
        let mail = match (get("LOKET_SMTP_URL"), get("LOKET_MAIL_FROM")) {
            (None, _) => None,
            (Some(_), None) => {
                return Err(invalid(
                    "LOKET_MAIL_FROM",
                    "must be set with LOKET_SMTP_URL (e.g. `Loket support <support@example.be>`)",
                ))
            }
            (Some(smtp_url), Some(from)) => {
                crate::jobs::mail::transport(&smtp_url, webhooks.timeout).map_err(|e| {
                    invalid(
                        "LOKET_SMTP_URL",
                        format!("expected smtp://host:port, smtps://host or smtp://host?tls=required: {e}"),
                    )
                })?;
                let from = from
                    .parse()
                    .map_err(|e| invalid("LOKET_MAIL_FROM", format!("not an e-mail address: {e}")))?;
                Some(crate::jobs::mail::MailSettings {
                    smtp_url,
                    from,
                    poll_interval: webhooks.poll_interval,
                    retry_base: webhooks.retry_base,
                    timeout: webhooks.timeout,
                })
            }
        };
        let max_email_bytes = parse_number(&get, "LOKET_MAX_EMAIL_BYTES", 16 * 1024 * 1024usize)?;
        let login_limits = LoginLimits {
            per_account: parse_number(&get, "LOKET_LOGIN_MAX_FAILURES_PER_ACCOUNT", 5u32)?,
            per_address: parse_number(&get, "LOKET_LOGIN_MAX_FAILURES_PER_ADDRESS", 20u32)?,
            window: Duration::from_secs(parse_number(&get, "LOKET_LOGIN_WINDOW_SECONDS", 900u64)?),
        };
        if login_limits.per_account == 0 || login_limits.per_address == 0 || login_limits.window.is_zero() {
            return Err(invalid(
                "LOKET_LOGIN_MAX_FAILURES_PER_ACCOUNT / …_PER_ADDRESS / LOKET_LOGIN_WINDOW_SECONDS",
                "must be at least 1",
            ));
        }
        let trust_forwarded_for = match get("LOKET_TRUST_FORWARDED_FOR") {
            None => false,
            Some(v) => parse_bool(&v).ok_or_else(|| invalid("LOKET_TRUST_FORWARDED_FOR", "expected true/false"))?,
        };
        let hsts_seconds = parse_number(&get, "LOKET_HSTS_SECONDS", 0u64)?;
        let web_dir = match get("LOKET_WEB_DIR").filter(|v| !v.trim().is_empty()) {
            None => None,
            Some(dir) => {
                let dir = PathBuf::from(dir);
                if !dir.join("index.html").is_file() {
                    return Err(invalid(
                        "LOKET_WEB_DIR",
                        "must be a folder holding the built web app's index.html",
                    ));
                }
                Some(dir)
            }
        };
        Ok(Config {
            addr,
            data_dir,
            database_url,
            jwt_secret,
            demo,
            access_token_ttl: Duration::from_secs(minutes * 60),
            refresh_token_ttl: Duration::from_secs(days * 24 * 3600),
            cors_origins,
            max_json_bytes,
            db_pool_size,
            max_attachment_bytes,
            webhooks,
            auto_close_business_days,
            sla_at_risk_percent,
            mail,
            max_email_bytes,
            login_limits,
            trust_forwarded_for,
            hsts_seconds,
            web_dir,
        })
    }
}

fn parse_bool(value: &str) -> Option<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Some(true),
        "0" | "false" | "no" | "off" => Some(false),
        _ => None,
    }
}

/// Two connections per core, at least four. Measured on 2 cores with PostgreSQL on the same
/// machine: 16 clients created ~15 % more tickets per second with 4 connections than with 8,
/// whose extra backends only competed for the same cores.
fn default_pool_size() -> u32 {
    std::thread::available_parallelism().map_or(4, |cores| (cores.get() as u32).saturating_mul(2).max(4))
}

fn parse_number<T: std::str::FromStr>(
    get: &impl Fn(&str) -> Option<String>,
    var: &'static str,
    default: T,
) -> Result<T, ConfigError> {
    match get(var) {
        None => Ok(default),
        Some(v) => v
            .trim()
            .parse()
            .map_err(|_| invalid(var, format!("`{v}` is not a whole number"))),
    }
}

/// Longest access-token lifetime accepted (minutes).
const MAX_ACCESS_TOKEN_MINUTES: u64 = 24 * 60;

/// A CORS origin is `scheme://host[:port]`, never `*`: any web site could then call the API
/// with a token a user's browser holds.
fn check_origin(origin: &str) -> Result<(), ConfigError> {
    if origin == "*" || origin.contains('*') {
        return Err(invalid(
            "LOKET_CORS_ORIGINS",
            "`*` would let every web site call the API with your users' tokens; list the origins",
        ));
    }
    let host = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))
        .unwrap_or_default();
    if host.is_empty() || host.contains(['/', '?', '#', '@', ' ']) {
        return Err(invalid(
            "LOKET_CORS_ORIGINS",
            format!("`{origin}` is not an origin like https://desk.example.be (scheme, host, optional port)"),
        ));
    }
    Ok(())
}

impl Config {
    /// Settings that are allowed but risky, to print loudly at start.
    pub fn warnings(&self) -> Vec<String> {
        let mut warnings = Vec::new();
        let public = !self.addr.ip().is_loopback();
        if self.demo && public {
            warnings.push(format!(
                "demo mode listens on {}, reachable from other machines: its logins and password are printed \
                 publicly and its JWT secret may be weak; use demo mode on 127.0.0.1 only",
                self.addr
            ));
        }
        if self.trust_forwarded_for && public {
            warnings.push(format!(
                "LOKET_TRUST_FORWARDED_FOR is on and Loket listens on {}: a client reaching it directly, not \
                 through your proxy, can claim any address and dodge the per-address login limit",
                self.addr
            ));
        }
        warnings
    }
}

fn check_secret_strength(secret: &str) -> Result<(), ConfigError> {
    if WELL_KNOWN_SECRETS.contains(&secret.to_ascii_lowercase().as_str()) {
        return Err(invalid(
            "LOKET_JWT_SECRET",
            "is a well-known example value; generate a random one",
        ));
    }
    if secret.len() < MIN_JWT_SECRET_LEN {
        return Err(invalid(
            "LOKET_JWT_SECRET",
            format!(
                "is {} characters; at least {MIN_JWT_SECRET_LEN} are required",
                secret.len()
            ),
        ));
    }
    let distinct = crate::domain::account::distinct_chars(secret);
    if distinct < MIN_JWT_SECRET_DISTINCT_CHARS {
        return Err(invalid(
            "LOKET_JWT_SECRET",
            format!("has only {distinct} different characters; generate a random one (`openssl rand -hex 32`)"),
        ));
    }
    Ok(())
}

fn random_secret() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// `postgres://user:pw@host/db` → `postgres://user:***@host/db`, so logs never carry a password.
pub fn redact_url_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let Some((userinfo, host)) = rest.split_once('@') else {
        return url.to_owned();
    };
    match userinfo.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn refuses_to_start_without_secret_outside_demo() {
        let err = config(&[]).unwrap_err().to_string();
        assert!(err.contains("LOKET_JWT_SECRET"), "{err}");
    }

    #[test]
    fn refuses_short_and_well_known_secrets_outside_demo() {
        assert!(config(&[("LOKET_JWT_SECRET", "short")]).is_err());
        assert!(config(&[("LOKET_JWT_SECRET", "please-change-this-secret-in-production")]).is_err());
        assert!(config(&[("LOKET_JWT_SECRET", &"x".repeat(40))]).is_err());
        assert!(config(&[("LOKET_JWT_SECRET", &"0123456789abcdef".repeat(2))]).is_ok());
    }

    #[test]
    fn demo_mode_generates_a_secret_and_accepts_a_weak_one() {
        let c = config(&[("LOKET_DEMO", "1")]).unwrap();
        assert_eq!(c.jwt_secret.len(), 64);
        assert!(config(&[("LOKET_DEMO", "true"), ("LOKET_JWT_SECRET", "changeme")]).is_ok());
    }

    #[test]
    fn defaults_match_the_readme() {
        let c = config(&[("LOKET_DEMO", "yes")]).unwrap();
        assert_eq!(c.addr.to_string(), "127.0.0.1:8080");
        assert_eq!(c.database_url, "./data/loket.db");
        assert_eq!(c.access_token_ttl, Duration::from_secs(15 * 60));
        assert_eq!(c.auto_close_business_days, 5);
        assert_eq!(c.sla_at_risk_percent, 75);
    }

    #[test]
    fn bad_values_name_the_variable() {
        let err = config(&[("LOKET_DEMO", "1"), ("LOKET_ADDR", "nowhere")])
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("LOKET_ADDR"), "{err}");
        let err = config(&[("LOKET_DEMO", "maybe")]).unwrap_err().to_string();
        assert!(err.starts_with("LOKET_DEMO"), "{err}");
        let err = config(&[("LOKET_DEMO", "1"), ("LOKET_DB_POOL_SIZE", "1")])
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("LOKET_DB_POOL_SIZE"), "{err}");
        let err = config(&[("LOKET_DEMO", "1"), ("LOKET_SLA_AT_RISK_PERCENT", "0")])
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("LOKET_SLA_AT_RISK_PERCENT"), "{err}");
    }

    #[test]
    fn mail_needs_a_sender_and_a_readable_smtp_url() {
        assert!(config(&[("LOKET_DEMO", "1")]).unwrap().mail.is_none());
        let err = config(&[("LOKET_DEMO", "1"), ("LOKET_SMTP_URL", "smtp://localhost:2525")])
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("LOKET_MAIL_FROM"), "{err}");
        let err = config(&[
            ("LOKET_DEMO", "1"),
            ("LOKET_SMTP_URL", "mail.example.be"),
            ("LOKET_MAIL_FROM", "support@example.be"),
        ])
        .unwrap_err()
        .to_string();
        assert!(err.starts_with("LOKET_SMTP_URL"), "{err}");
        let c = config(&[
            ("LOKET_DEMO", "1"),
            ("LOKET_SMTP_URL", "smtp://mailer:s3cret@localhost:2525"),
            ("LOKET_MAIL_FROM", "Loket support <support@example.be>"),
        ])
        .unwrap();
        assert_eq!(
            c.mail.as_ref().map(|m| m.from.email.to_string()).as_deref(),
            Some("support@example.be")
        );
        assert!(!format!("{c:?}").contains("s3cret"));
    }

    #[test]
    fn unsafe_settings_are_refused_outside_and_inside_demo_mode() {
        let secret = ("LOKET_JWT_SECRET", "0123456789abcdef0123456789abcdef");
        for origins in [
            "*",
            "https://*.example.be",
            "desk.example.be",
            "https://desk.example.be/app",
        ] {
            let err = config(&[secret, ("LOKET_CORS_ORIGINS", origins)])
                .unwrap_err()
                .to_string();
            assert!(err.starts_with("LOKET_CORS_ORIGINS"), "{origins}: {err}");
            assert!(config(&[("LOKET_DEMO", "1"), ("LOKET_CORS_ORIGINS", origins)]).is_err());
        }
        let ok = config(&[
            secret,
            ("LOKET_CORS_ORIGINS", "https://desk.example.be, http://localhost:5173"),
        ])
        .unwrap();
        assert_eq!(ok.cors_origins, ["https://desk.example.be", "http://localhost:5173"]);
        let err = config(&[secret, ("LOKET_ACCESS_TOKEN_MINUTES", "10080")])
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("LOKET_ACCESS_TOKEN_MINUTES"), "{err}");
    }

    #[test]
    fn risky_settings_are_warned_about() {
        let local = config(&[("LOKET_DEMO", "1")]).unwrap();
        assert!(local.warnings().is_empty());
        let public_demo = config(&[("LOKET_DEMO", "1"), ("LOKET_ADDR", "0.0.0.0:8080")]).unwrap();
        assert!(public_demo.warnings()[0].contains("demo mode listens on 0.0.0.0:8080"));
        let proxied = config(&[
            ("LOKET_JWT_SECRET", "0123456789abcdef0123456789abcdef"),
            ("LOKET_ADDR", "[::]:8080"),
            ("LOKET_TRUST_FORWARDED_FOR", "yes"),
        ])
        .unwrap();
        assert!(proxied.warnings()[0].contains("LOKET_TRUST_FORWARDED_FOR"));
    }

    #[test]
    fn login_limits_default_to_five_and_twenty_in_fifteen_minutes() {
        let c = config(&[("LOKET_DEMO", "1")]).unwrap();
        assert_eq!(
            c.login_limits,
            LoginLimits {
                per_account: 5,
                per_address: 20,
                window: Duration::from_secs(900)
            }
        );
        assert_eq!(c.hsts_seconds, 0);
        assert!(config(&[("LOKET_DEMO", "1"), ("LOKET_LOGIN_MAX_FAILURES_PER_ACCOUNT", "0")]).is_err());
    }

    #[test]
    fn debug_output_redacts_secrets() {
        let c = config(&[
            ("LOKET_JWT_SECRET", "a-very-long-secret-that-must-not-leak-0123456789"),
            ("DATABASE_URL", "postgres://loket:hunter2@db/loket"),
        ])
        .unwrap();
        let shown = format!("{c:?}");
        assert!(!shown.contains("must-not-leak"));
        assert!(!shown.contains("hunter2"));
        assert!(shown.contains("postgres://loket:***@db/loket"));
    }
}

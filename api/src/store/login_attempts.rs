//! Login rate limiting: attempts counted per account and per client address in the database.
//!
//! Why the store and not an in-memory limiter such as `governor`: Loket runs as several
//! instances on one PostgreSQL; a per-process limiter would give each instance its own
//! allowance (five instances, five times the guesses) and forget everything on a restart.
//! A counter row per key, written with one upsert, holds across instances and restarts.
//!
//! An attempt is counted *before* the password is checked, inside one transaction with the
//! check of the limit, so concurrent guesses cannot all slip under it; a success takes its
//! attempt back (and clears the account's counter). Rows live as long as their window and are
//! purged a few at a time by later logins, so the table holds at most the keys of one window.

use super::{write_transaction, DbConnection, ResultExt, StoreError};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Text};

/// A counter and how many failures it allows per window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limit {
    /// The counter's key: a hash of what is counted (an account, an address).
    pub key: String,
    /// Attempts that may fail within one window; the next one is refused.
    pub max_failures: u32,
}

/// Whether a login may be tried now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admission {
    /// Go ahead; the attempt is counted until it succeeds.
    Allowed,
    /// Too many failures; the earliest moment a new attempt is counted again.
    Refused {
        /// Seconds until the window of the exhausted counter ends (at least 1).
        retry_after_seconds: u64,
    },
}

#[derive(QueryableByName)]
struct Counter {
    #[diesel(sql_type = Integer)]
    attempts: i32,
    #[diesel(sql_type = BigInt)]
    window_ends_at: i64,
}

/// Counts one attempt: a new window starts when there is none or the last one ended.
const COUNT_ATTEMPT: &str = "INSERT INTO login_attempts (attempt_key, attempts, window_ends_at) VALUES (?, 1, ?) \
     ON CONFLICT (attempt_key) DO UPDATE SET \
     attempts = CASE WHEN login_attempts.window_ends_at <= ? THEN 1 ELSE login_attempts.attempts + 1 END, \
     window_ends_at = CASE WHEN login_attempts.window_ends_at <= ? \
     THEN excluded.window_ends_at ELSE login_attempts.window_ends_at END \
     RETURNING attempts, window_ends_at";

const TAKE_BACK: &str = "UPDATE login_attempts SET attempts = attempts - 1 WHERE attempt_key = ? AND attempts > 0";

const FORGET: &str = "DELETE FROM login_attempts WHERE attempt_key = ?";

/// Rows purged per call: enough to keep up (a login adds at most two), small enough to be quick.
const PURGE_BATCH: i64 = 100;

/// `?` placeholders as PostgreSQL's `$1, $2, …`.
fn for_backend(conn: &DbConnection, sql: &str) -> String {
    match conn {
        DbConnection::Sqlite(_) => sql.to_owned(),
        DbConnection::Postgres(_) => super::number_placeholders(sql, 1).0,
    }
}

fn count_attempt(conn: &mut DbConnection, key: &str, now: i64, window_ends_at: i64) -> Result<Counter, StoreError> {
    let query = diesel::sql_query(for_backend(conn, COUNT_ATTEMPT))
        .bind::<Text, _>(key)
        .bind::<BigInt, _>(window_ends_at)
        .bind::<BigInt, _>(now)
        .bind::<BigInt, _>(now);
    match conn {
        DbConnection::Sqlite(c) => query.get_result(c),
        DbConnection::Postgres(c) => query.get_result(c),
    }
    .store()
}

fn execute_for_key(conn: &mut DbConnection, sql: &str, key: &str) -> Result<(), StoreError> {
    let query = diesel::sql_query(for_backend(conn, sql)).bind::<Text, _>(key);
    match conn {
        DbConnection::Sqlite(c) => query.execute(c),
        DbConnection::Postgres(c) => query.execute(c),
    }
    .store()
    .map(|_| ())
}

/// Deletes a batch of counters whose window has ended. On PostgreSQL rows another login is
/// updating are skipped, so the purge never waits on (or deadlocks with) a login.
fn purge_ended(conn: &mut DbConnection, now: i64) -> Result<(), StoreError> {
    let lock = match conn {
        DbConnection::Sqlite(_) => "",
        DbConnection::Postgres(_) => " FOR UPDATE SKIP LOCKED",
    };
    let sql = format!(
        "DELETE FROM login_attempts WHERE attempt_key IN \
         (SELECT attempt_key FROM login_attempts WHERE window_ends_at <= ? LIMIT {PURGE_BATCH}{lock})"
    );
    let query = diesel::sql_query(for_backend(conn, &sql)).bind::<BigInt, _>(now);
    match conn {
        DbConnection::Sqlite(c) => query.execute(c),
        DbConnection::Postgres(c) => query.execute(c),
    }
    .store()
    .map(|_| ())
}

/// Counts a login attempt on every counter, unless one of them has no failures left: then
/// nothing is counted and the answer says how long to wait. `now` is in seconds since the epoch.
pub fn admit(
    conn: &mut DbConnection,
    limits: &[Limit],
    now: i64,
    window_seconds: i64,
) -> Result<Admission, StoreError> {
    // One fixed order of row locks, so two logins sharing counters cannot deadlock.
    let mut limits = limits.to_vec();
    limits.sort_by(|a, b| a.key.cmp(&b.key));
    write_transaction(conn, |conn| {
        let mut wait: Option<i64> = None;
        for limit in &limits {
            let counter = count_attempt(conn, &limit.key, now, now + window_seconds)?;
            if i64::from(counter.attempts) > i64::from(limit.max_failures) {
                wait = Some(wait.unwrap_or(0).max(counter.window_ends_at - now));
            }
        }
        if wait.is_some() {
            for limit in &limits {
                execute_for_key(conn, TAKE_BACK, &limit.key)?;
            }
        }
        purge_ended(conn, now)?;
        Ok(match wait {
            None => Admission::Allowed,
            Some(seconds) => Admission::Refused {
                retry_after_seconds: u64::try_from(seconds.max(1)).unwrap_or(1),
            },
        })
    })
}

/// A successful login: its attempt was not a failure, and the account's counter starts over.
/// `limits` are those given to [`admit`]; the account's is the one whose key is `account_key`.
pub fn succeeded(conn: &mut DbConnection, limits: &[Limit], account_key: &str) -> Result<(), StoreError> {
    let mut keys: Vec<&str> = limits.iter().map(|l| l.key.as_str()).collect();
    keys.sort_unstable();
    write_transaction(conn, |conn| {
        for key in keys {
            let sql = if key == account_key { FORGET } else { TAKE_BACK };
            execute_for_key(conn, sql, key)?;
        }
        Ok(())
    })
}

/// How many counters exist (for tests of the purge).
pub fn count_counters(conn: &mut DbConnection) -> Result<i64, StoreError> {
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let query = diesel::sql_query("SELECT COUNT(*) AS n FROM login_attempts");
    match conn {
        DbConnection::Sqlite(c) => query.get_result::<Count>(c),
        DbConnection::Postgres(c) => query.get_result::<Count>(c),
    }
    .store()
    .map(|c| c.n)
}

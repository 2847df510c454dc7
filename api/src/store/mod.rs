//! Storage: one diesel code base over SQLite (embedded default) and PostgreSQL.
//!
//! Rows keep UUIDs as text and times as naive UTC timestamps because diesel's `MultiConnection`
//! only maps portable SQL types; conversion to domain types happens in each aggregate's module.

/// Inserts `rows` (a `Vec` of an `Insertable` struct) with multi-row statements inside the
/// caller's function returning `Result<_, StoreError>`. `MultiConnection` has no batch insert,
/// so this runs on the backend's own connection, in chunks that stay under both backends'
/// bound-parameter limits.
macro_rules! insert_rows {
    ($conn:expr, $table:expr, $rows:expr) => {{
        use $crate::store::ResultExt as _;
        for chunk in $rows.chunks(500) {
            match &mut *$conn {
                $crate::store::DbConnection::Sqlite(c) => diesel::insert_into($table).values(chunk).execute(c),
                $crate::store::DbConnection::Postgres(c) => diesel::insert_into($table).values(chunk).execute(c),
            }
            .store()?;
        }
    }};
}

pub mod accounts;
pub mod appointments;
pub mod attachments;
pub mod billing;
pub mod contracts;
pub mod inbound;
pub mod interventions;
pub mod kb;
pub mod live_events;
pub mod login_attempts;
pub mod notifications;
pub mod outbox;
pub mod page;
pub mod reports;
pub mod schedules;
pub mod schema;
pub mod settings_version;
pub mod sla;
pub mod ticket_intake;
pub mod tickets;
pub mod tokens;
pub mod triage;
pub mod views;

use diesel::connection::{
    AnsiTransactionManager, Instrumentation, InstrumentationEvent, SimpleConnection, TransactionManager,
};
use diesel::prelude::*;
use diesel::r2d2::{self, ManageConnection, Pool, PooledConnection, R2D2Connection};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;

/// How long a request waits for a database connection before it is refused (503).
const CONNECTION_TIMEOUT: Duration = Duration::from_secs(10);

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// A connection to either backend; query code is written once against this type.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    /// PostgreSQL, for deployments with several API instances.
    Postgres(diesel::PgConnection),
    /// SQLite, the embedded default.
    Sqlite(diesel::SqliteConnection),
}

/// Which database a URL points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// `postgres://` or `postgresql://`.
    Postgres,
    /// Anything else: a file path (or `sqlite://path`).
    Sqlite,
}

impl Backend {
    /// Picks the backend from the URL scheme; a plain path is SQLite.
    pub fn from_url(url: &str) -> Backend {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }
}

/// Errors of the storage layer; the HTTP layer maps them to statuses.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No row (or not one the caller may see).
    #[error("not found")]
    NotFound,
    /// A unique or foreign-key constraint refused the write.
    #[error("conflict on {0}")]
    Conflict(String),
    /// The database is unreachable or too busy right now.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// Anything else.
    #[error(transparent)]
    Other(#[from] diesel::result::Error),
}

impl StoreError {
    fn from_diesel(err: diesel::result::Error) -> StoreError {
        use diesel::result::{DatabaseErrorKind, Error};
        match err {
            Error::NotFound => StoreError::NotFound,
            Error::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => {
                StoreError::Conflict(info.constraint_name().unwrap_or(info.message()).to_owned())
            }
            Error::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, info) => {
                StoreError::Conflict(info.constraint_name().unwrap_or(info.message()).to_owned())
            }
            Error::DatabaseError(
                DatabaseErrorKind::ClosedConnection | DatabaseErrorKind::UnableToSendCommand,
                info,
            ) => StoreError::Unavailable(info.message().to_owned()),
            Error::DatabaseError(DatabaseErrorKind::SerializationFailure, info) => {
                StoreError::Unavailable(info.message().to_owned())
            }
            // PostgreSQL chose this transaction as a deadlock's victim (diesel has no kind for
            // SQLSTATE 40P01): the client may retry, as after a serialisation failure.
            Error::DatabaseError(_, ref info) if info.message().contains("deadlock detected") => {
                StoreError::Unavailable(info.message().to_owned())
            }
            Error::DatabaseError(_, ref info) if info.message().contains("database is locked") => {
                StoreError::Unavailable(info.message().to_owned())
            }
            other => StoreError::Other(other),
        }
    }
}

/// Lets `?` turn diesel errors into the classified [`StoreError`].
pub trait ResultExt<T> {
    /// Classifies the error.
    fn store(self) -> Result<T, StoreError>;
}

impl<T> ResultExt<T> for Result<T, diesel::result::Error> {
    fn store(self) -> Result<T, StoreError> {
        self.map_err(StoreError::from_diesel)
    }
}

/// Opens connections for the pool; SQLite connections get their pragmas here so every
/// pooled connection has foreign keys on and waits for locks instead of failing.
#[derive(Debug, Clone)]
pub struct ConnectionOpener {
    url: String,
    backend: Backend,
}

impl ManageConnection for ConnectionOpener {
    type Connection = DbConnection;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<DbConnection, r2d2::Error> {
        match self.backend {
            Backend::Postgres => {
                let mut conn = diesel::PgConnection::establish(&self.url).map_err(r2d2::Error::ConnectionError)?;
                conn.set_instrumentation(ConnectionHealth {
                    last_success: Instant::now(),
                    lost: false,
                });
                // JIT compiling pays off for long analytical queries; on a search among a
                // million tickets it added 45 ms of compilation to a 10 ms query.
                conn.batch_execute("SET jit = off").map_err(r2d2::Error::QueryError)?;
                Ok(DbConnection::Postgres(conn))
            }
            Backend::Sqlite => {
                let path = self.url.strip_prefix("sqlite://").unwrap_or(&self.url);
                let mut conn = diesel::SqliteConnection::establish(path).map_err(r2d2::Error::ConnectionError)?;
                // Temporary files (statement journals, sorts) in memory: as files they are
                // created, written and deleted again within one write.
                conn.batch_execute(
                    "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL; \
                     PRAGMA temp_store = MEMORY;",
                )
                .map_err(r2d2::Error::QueryError)?;
                Ok(DbConnection::Sqlite(conn))
            }
        }
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), r2d2::Error> {
        if ConnectionHealth::of(conn).is_some_and(|health| health.last_success.elapsed() < PROVEN_FOR) {
            return Ok(());
        }
        conn.ping().map_err(r2d2::Error::QueryError)
    }

    fn has_broken(&self, conn: &mut DbConnection) -> bool {
        conn.is_broken() || ConnectionHealth::of(conn).is_some_and(|health| health.lost)
    }
}

/// How long a PostgreSQL connection that just answered a query is lent again without a test
/// query first. A test per loan was a third of the round trips of a ticket create; a
/// connection that dies within this time fails one request (503) and is then dropped.
const PROVEN_FOR: Duration = Duration::from_secs(1);

/// What a PostgreSQL connection's queries tell of its health, kept as its diesel
/// instrumentation, which sees the outcome of every query whoever runs it.
struct ConnectionHealth {
    /// When a query last succeeded.
    last_success: Instant,
    /// A query found the connection closed: the pool drops it when it comes back. diesel
    /// marks the connection broken only when the failed query was already prepared on it;
    /// preparing a new one on a closed connection fails without that mark.
    lost: bool,
}

impl ConnectionHealth {
    fn of(conn: &mut DbConnection) -> Option<&ConnectionHealth> {
        match conn {
            DbConnection::Postgres(pg) => pg.instrumentation().downcast_ref::<ConnectionHealth>(),
            DbConnection::Sqlite(_) => None,
        }
    }
}

impl Instrumentation for ConnectionHealth {
    fn on_connection_event(&mut self, event: InstrumentationEvent<'_>) {
        use diesel::result::{DatabaseErrorKind, Error};
        if let InstrumentationEvent::FinishQuery { error, .. } = event {
            match error {
                None => self.last_success = Instant::now(),
                Some(Error::DatabaseError(
                    DatabaseErrorKind::ClosedConnection | DatabaseErrorKind::UnableToSendCommand,
                    _,
                )) => self.lost = true,
                Some(_) => {}
            }
        }
    }
}

/// The connection pool plus the knowledge of which backend it talks to.
#[derive(Clone)]
pub struct Store {
    pool: Pool<ConnectionOpener>,
    backend: Backend,
    /// One permit per pooled connection for [`Store::run`]: requests beyond that wait here,
    /// as futures, instead of each parking a blocking thread on the pool. Under 16 clients
    /// the server otherwise grew to 29 blocking threads, each with memory of its own.
    run_permits: Arc<Semaphore>,
}

/// A connection borrowed from the pool.
pub type Conn = PooledConnection<ConnectionOpener>;

impl Store {
    /// Connects, creates the SQLite file's folder if needed, applies pending migrations, and
    /// seeds the defaults a fresh database needs (see [`Store::migrate`]).
    pub fn open(url: &str, pool_size: u32) -> Result<Store, String> {
        let backend = Backend::from_url(url);
        if backend == Backend::Sqlite {
            let path = std::path::Path::new(url.strip_prefix("sqlite://").unwrap_or(url));
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
            }
        }
        let opener = ConnectionOpener {
            url: url.to_owned(),
            backend,
        };
        let pool = Pool::builder()
            .max_size(pool_size)
            .connection_timeout(CONNECTION_TIMEOUT)
            .build(opener)
            .map_err(|e| format!("cannot connect to the database: {e}"))?;
        let store = Store {
            pool,
            backend,
            run_permits: Arc::new(Semaphore::new(pool_size as usize)),
        };
        store.migrate()?;
        Ok(store)
    }

    /// Which backend this store talks to.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// How many connections the pool holds at most.
    pub fn pool_size(&self) -> u32 {
        self.pool.max_size()
    }

    /// Applies pending migrations and seeds the defaults every database needs (triage rules,
    /// priority matrix, coverage table, billing settings); returns how many migrations ran.
    pub fn migrate(&self) -> Result<usize, String> {
        let mut conn = self.conn().map_err(|e| e.to_string())?;
        let applied = match &mut *conn {
            DbConnection::Sqlite(c) => {
                // WAL lives in the file: readers then never block the writer.
                c.batch_execute("PRAGMA journal_mode = WAL;")
                    .map_err(|e| e.to_string())?;
                c.run_pending_migrations(SQLITE_MIGRATIONS).map(|v| v.len())
            }
            DbConnection::Postgres(c) => {
                // Several instances may start at once: one migrates, the others wait.
                c.batch_execute("SELECT pg_advisory_lock(72657265)")
                    .map_err(|e| e.to_string())?;
                let result = c.run_pending_migrations(POSTGRES_MIGRATIONS).map(|v| v.len());
                c.batch_execute("SELECT pg_advisory_unlock(72657265)")
                    .map_err(|e| e.to_string())?;
                result
            }
        };
        let applied = applied.map_err(|e| format!("migration failed: {e}"))?;
        // Data every database needs, not only demo ones.
        triage::seed_defaults(&mut conn).map_err(|e| format!("seeding the triage defaults failed: {e}"))?;
        billing::seed_defaults(&mut conn).map_err(|e| format!("seeding the billing defaults failed: {e}"))?;
        accounts::fill_search_keys(&mut conn).map_err(|e| format!("filling the search keys failed: {e}"))?;
        Ok(applied)
    }

    /// A pooled connection, for blocking code (CLI, inside [`Store::run`]).
    pub fn conn(&self) -> Result<Conn, StoreError> {
        self.pool.get().map_err(|e| StoreError::Unavailable(e.to_string()))
    }

    /// Runs blocking diesel work on the blocking thread pool, never on the async executor.
    /// The closure may fail with any error a [`StoreError`] converts into, so a handler's own
    /// refusal (decided inside a transaction) comes out unchanged.
    pub async fn run<T, E, F>(&self, work: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
    {
        let permit = tokio::time::timeout(CONNECTION_TIMEOUT, self.run_permits.clone().acquire_owned())
            .await
            .map_err(|_| StoreError::Unavailable("no database connection became free in time".into()))?
            .map_err(|e| StoreError::Unavailable(e.to_string()))?;
        let pool = self.pool.clone();
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let mut conn = pool.get().map_err(|e| StoreError::Unavailable(e.to_string()))?;
            work(&mut conn)
        })
        .await
        .map_err(|e| StoreError::Unavailable(format!("database task failed: {e}")))?
    }
}

/// Runs `work` in a transaction that takes the write lock up front. On SQLite a deferred
/// transaction that reads and then writes can fail with SQLITE_BUSY without waiting for the
/// busy timeout; `BEGIN IMMEDIATE` waits its turn instead.
pub fn write_transaction<T, F>(conn: &mut DbConnection, work: F) -> Result<T, StoreError>
where
    F: FnOnce(&mut DbConnection) -> Result<T, StoreError>,
{
    let nested = DbConnection::transaction_manager_status_mut(conn)
        .transaction_depth()
        .store()?
        .is_some();
    if nested {
        // Already inside a transaction (and so holding the lock): a savepoint suffices.
        return conn.transaction(work);
    }
    match conn {
        DbConnection::Sqlite(c) => AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE").store()?,
        DbConnection::Postgres(c) => AnsiTransactionManager::begin_transaction(c).store()?,
    }
    match work(conn) {
        Ok(value) => match DbConnection::commit_transaction(conn) {
            Ok(()) => Ok(value),
            Err(err) => {
                let _ = DbConnection::rollback_transaction(conn);
                Err(StoreError::from_diesel(err))
            }
        },
        Err(err) => {
            DbConnection::rollback_transaction(conn).store()?;
            Err(err)
        }
    }
}

/// [`write_transaction`] for work that may also refuse with its own error: a refusal rolls
/// everything back and comes out unchanged.
pub fn write_transaction_or<T, E, F>(conn: &mut DbConnection, work: F) -> Result<T, E>
where
    E: From<StoreError>,
    F: FnOnce(&mut DbConnection) -> Result<T, E>,
{
    let mut refusal = None;
    let result = write_transaction(conn, |conn| {
        work(conn).map_err(|e| {
            refusal = Some(e);
            // Any error rolls back; the refusal is returned below.
            StoreError::NotFound
        })
    });
    match (result, refusal) {
        (_, Some(refusal)) => Err(refusal),
        (result, None) => result.map_err(E::from),
    }
}

/// Replaces each `?` with PostgreSQL's `$n`, counting from `first`; returns the next number.
pub(crate) fn number_placeholders(sql: &str, first: usize) -> (String, usize) {
    let mut next = first;
    let mut out = String::with_capacity(sql.len() + 8);
    for c in sql.chars() {
        if c == '?' {
            out.push_str(&format!("${next}"));
            next += 1;
        } else {
            out.push(c);
        }
    }
    (out, next)
}

/// Now, truncated to microseconds: the precision both backends keep, so a value read back
/// compares equal to the value written.
pub fn now() -> chrono::NaiveDateTime {
    use chrono::{DurationRound, TimeDelta};
    let now = chrono::Utc::now().naive_utc();
    now.duration_trunc(TimeDelta::microseconds(1)).unwrap_or(now)
}

/// Today in Belgium, where the vendor and its customers work (contract validity is by day).
pub fn today() -> chrono::NaiveDate {
    chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Brussels)
        .date_naive()
}

/// Dates are stored as `YYYY-MM-DD` text: portable across both backends, and ordered
/// correctly as text.
pub(crate) fn day_text(day: chrono::NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

/// Reads a `YYYY-MM-DD` column written by [`day_text`].
pub(crate) fn parse_day(column: &str, text: &str) -> Result<chrono::NaiveDate, StoreError> {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|e| accounts::corrupt(column, e))
}

/// Checks that the database answers (for `/readyz`).
pub fn ping(conn: &mut DbConnection) -> Result<(), StoreError> {
    conn.batch_execute("SELECT 1").store()
}

//! Shared by the tests that run the real `loket` binary: the command with a test
//! environment, fresh databases (a SQLite file, a new PostgreSQL database on
//! `TEST_POSTGRES_URL`), and `loket serve` as a child process.
// Each test binary includes this module and uses only part of it.
#![allow(dead_code)]

use diesel::connection::SimpleConnection;
use diesel::Connection;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The JWT secret of every server these tests start.
pub const JWT_SECRET: &str = "cli-test-secret-0123456789abcdef0123456789";

/// The password of the demo users (`loket seed-demo`).
pub const DEMO_PASSWORD: &str = "loket-demo-2026";

/// `loket` with a clean environment pointing at `database_url`, working in `dir`.
pub fn loket(database_url: &str, dir: &std::path::Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_loket"));
    cmd.current_dir(dir)
        .env_clear()
        .env("DATABASE_URL", database_url)
        .env("LOKET_DATA_DIR", dir)
        .env("LOKET_JWT_SECRET", JWT_SECRET)
        .env("LOKET_LOG", "warn");
    cmd
}

/// A database for one test, dropped with it (PostgreSQL) or with its folder (SQLite).
pub struct Database {
    /// Its URL (a file path for SQLite).
    pub url: String,
    drop_sql: Option<(String, String)>,
}

impl Database {
    /// Whether this is the PostgreSQL one.
    pub fn is_postgres(&self) -> bool {
        self.drop_sql.is_some()
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        if let Some((admin, sql)) = &self.drop_sql {
            if let Ok(mut conn) = diesel::PgConnection::establish(admin) {
                let _ = conn.batch_execute(sql);
            }
        }
    }
}

/// A SQLite file in `dir`.
pub fn sqlite_database(dir: &std::path::Path, file: &str) -> Database {
    Database {
        url: dir.join(file).to_string_lossy().into_owned(),
        drop_sql: None,
    }
}

/// A new PostgreSQL database on the server of `TEST_POSTGRES_URL`; `None` when
/// `LOKET_SKIP_POSTGRES=1`.
pub fn postgres_database() -> Option<Database> {
    if std::env::var("LOKET_SKIP_POSTGRES").is_ok_and(|v| v == "1") {
        return None;
    }
    let admin = std::env::var("TEST_POSTGRES_URL").expect("TEST_POSTGRES_URL (or LOKET_SKIP_POSTGRES=1)");
    let name = format!("loket_cli_{}", uuid::Uuid::new_v4().simple());
    let mut conn = diesel::PgConnection::establish(&admin).expect("connect");
    conn.batch_execute(&format!("CREATE DATABASE {name}"))
        .expect("create database");
    let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin).to_owned();
    Some(Database {
        url: format!("{base}/{name}"),
        drop_sql: Some((admin, format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))),
    })
}

/// A SQLite database in `dir` and, unless skipped, a PostgreSQL one.
pub fn databases(dir: &std::path::Path) -> Vec<Database> {
    let mut out = vec![sqlite_database(dir, "cli.db")];
    out.extend(postgres_database());
    out
}

/// A free port on the loopback interface.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// `loket serve` running as a child process; killed (SIGKILL) when dropped.
pub struct Server {
    child: Child,
    /// Base URL, e.g. `http://127.0.0.1:41234`.
    pub base: String,
}

impl Server {
    /// Starts `loket serve` on `database_url` with the extra variables, and waits until
    /// `/readyz` answers 200 (its log goes to `<dir>/serve-<port>.log`).
    pub async fn start(database_url: &str, dir: &std::path::Path, extra: &[(&str, &str)]) -> Server {
        let port = free_port();
        let log = std::fs::File::create(dir.join(format!("serve-{port}.log"))).expect("log file");
        let mut cmd = loket(database_url, dir);
        cmd.env("LOKET_ADDR", format!("127.0.0.1:{port}"))
            .envs(extra.iter().copied())
            .arg("serve")
            .stdout(Stdio::null())
            .stderr(log);
        let mut server = Server {
            child: cmd.spawn().expect("spawn loket serve"),
            base: format!("http://127.0.0.1:{port}"),
        };
        let client = reqwest::Client::new();
        let started = Instant::now();
        loop {
            if let Ok(response) = client.get(format!("{}/readyz", server.base)).send().await {
                if response.status().is_success() {
                    return server;
                }
            }
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!("loket serve exited with {status} before it was ready");
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "loket serve not ready within 60 s"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Sends SIGTERM (a graceful stop) and waits for the process to exit.
    pub fn terminate(&mut self) -> std::process::ExitStatus {
        let sent = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(sent.success());
        self.child.wait().expect("the server is reaped")
    }

    /// Kills the process with SIGKILL (no shutdown, no flush) and reaps it.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Logs in over HTTP and returns the access token.
pub async fn login(client: &reqwest::Client, base: &str, email: &str) -> String {
    let response = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&serde_json::json!({"email": email, "password": DEMO_PASSWORD}))
        .send()
        .await
        .expect("login reaches the server");
    assert!(
        response.status().is_success(),
        "login of {email}: {}",
        response.status()
    );
    let body: serde_json::Value = response.json().await.expect("JSON");
    body["access_token"].as_str().expect("access token").to_owned()
}

/// `loket seed-demo` on the database (the demo organisations, staff and customers).
pub fn seed_demo(database_url: &str, dir: &std::path::Path) {
    let out = loket(database_url, dir)
        .arg("seed-demo")
        .output()
        .expect("run seed-demo");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// Runs a query that returns one `n` column (a count) on either backend.
pub fn count(database_url: &str, sql: &str) -> i64 {
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let query = diesel::sql_query(sql);
    let result = if database_url.starts_with("postgres") {
        let mut conn = diesel::PgConnection::establish(database_url).expect("connect");
        diesel::RunQueryDsl::get_result::<Count>(query, &mut conn)
    } else {
        let mut conn = diesel::SqliteConnection::establish(database_url).expect("open");
        diesel::RunQueryDsl::get_result::<Count>(query, &mut conn)
    };
    result.unwrap_or_else(|e| panic!("{sql}: {e}")).n
}

//! Test harness: the real Loket server, started in-process on a random port, with a fresh
//! database per test — a SQLite file in a temporary folder, or a new PostgreSQL database on
//! the server named by `TEST_POSTGRES_URL`. Setup writes to the store directly; assertions go
//! through HTTP.

use loket::config::Config;
use loket::domain::account::{Language, Role};
use loket::store::accounts::{self, NewOrganization, NewUser, Organization, User};
use loket::store::Store;
use reqwest::{Method, StatusCode};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::LazyLock;
use uuid::Uuid;

pub mod smtp;

/// The password of every user the harness creates.
pub const PASSWORD: &str = "test password 2026";

/// The JWT secret of every test server (tests forge tokens with it).
pub const JWT_SECRET: &str = "test-secret-0123456789abcdef-0123456789abcdef";

// Hashing is deliberately slow; every test user shares one hash of the same password.
static PASSWORD_HASH: LazyLock<String> = LazyLock::new(|| loket::auth::hash_password(PASSWORD).expect("hashing works"));

/// Which database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Db {
    /// A fresh SQLite file.
    Sqlite,
    /// A fresh database on the PostgreSQL server of `TEST_POSTGRES_URL`.
    Postgres,
}

/// A running server with its own database.
pub struct TestApp {
    /// Base URL, e.g. `http://127.0.0.1:43123`.
    pub base: String,
    /// The server's store, for setup.
    pub store: Store,
    /// An HTTP client.
    pub client: reqwest::Client,
    /// Which backend.
    pub db: Db,
    handle: actix_web::dev::ServerHandle,
    config_vars: HashMap<String, String>,
    _dir: tempfile::TempDir,
    postgres_db: Option<(String, String)>,
}

/// A second server process-alike on the same database (several API instances behind a load
/// balancer).
pub struct Peer {
    /// Base URL of the second server.
    pub base: String,
    handle: actix_web::dev::ServerHandle,
}

impl Drop for Peer {
    fn drop(&mut self) {
        drop(self.handle.stop(false));
    }
}

async fn serve(vars: &HashMap<String, String>) -> (Store, actix_web::dev::ServerHandle, String) {
    let config = Config::from_lookup(|k| vars.get(k).cloned()).expect("test config");
    let database_url = config.database_url.clone();
    let store = tokio::task::spawn_blocking(move || Store::open(&database_url, 4))
        .await
        .expect("join")
        .expect("open store");
    let state = loket::http::AppState::new(config, store.clone());
    let (server, addr) = loket::http::bind(state, "127.0.0.1:0".parse().expect("addr"), 1).expect("bind test server");
    let handle = server.handle();
    tokio::spawn(server);
    (store, handle, format!("http://{addr}"))
}

/// A user created for a test, logged in.
#[derive(Debug, Clone)]
pub struct TestUser {
    /// The user as stored.
    pub user: User,
    /// An access token.
    pub token: String,
}

impl TestUser {
    /// The user's id.
    pub fn id(&self) -> Uuid {
        self.user.id
    }
}

fn postgres_admin_url() -> String {
    match std::env::var("TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => url,
        _ => panic!(
            "TEST_POSTGRES_URL is not set: the PostgreSQL half of the suite needs a server \
             (run the README's test command, which starts one), or set LOKET_SKIP_POSTGRES=1"
        ),
    }
}

/// Whether the PostgreSQL variants are explicitly switched off.
pub fn postgres_skipped() -> bool {
    std::env::var("LOKET_SKIP_POSTGRES").is_ok_and(|v| v == "1")
}

fn replace_database(url: &str, db: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, None), |(b, q)| (b, Some(q)));
    let base = match base.rfind('/') {
        Some(i) if i > base.find("://").map_or(0, |p| p + 2) => &base[..i],
        _ => base,
    };
    match query {
        Some(q) => format!("{base}/{db}?{q}"),
        None => format!("{base}/{db}"),
    }
}

fn admin_sql(sql: &str) {
    use diesel::connection::SimpleConnection;
    use diesel::Connection;
    let mut conn = diesel::PgConnection::establish(&postgres_admin_url()).expect("connect to TEST_POSTGRES_URL");
    conn.batch_execute(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
}

impl TestApp {
    /// Starts a server on a fresh database of the given kind.
    pub async fn start(db: Db) -> TestApp {
        Self::start_with(db, &[]).await
    }

    /// Starts a server with extra configuration variables.
    pub async fn start_with(db: Db, extra: &[(&str, &str)]) -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        let (database_url, postgres_db) = match db {
            Db::Sqlite => (dir.path().join("loket.db").to_string_lossy().into_owned(), None),
            Db::Postgres => {
                let name = format!("loket_test_{}", Uuid::new_v4().simple());
                let admin = postgres_admin_url();
                tokio::task::spawn_blocking({
                    let name = name.clone();
                    move || admin_sql(&format!("CREATE DATABASE {name}"))
                })
                .await
                .expect("create database");
                (replace_database(&admin, &name), Some((admin, name)))
            }
        };
        let mut vars: HashMap<String, String> = HashMap::from([
            ("DATABASE_URL".into(), database_url),
            ("LOKET_JWT_SECRET".into(), JWT_SECRET.into()),
            ("LOKET_DATA_DIR".into(), dir.path().to_string_lossy().into_owned()),
            ("LOKET_DB_POOL_SIZE".into(), "4".into()),
        ]);
        for (k, v) in extra {
            vars.insert((*k).into(), (*v).into());
        }
        let (store, handle, base) = serve(&vars).await;
        TestApp {
            base,
            store,
            client: reqwest::Client::new(),
            db,
            handle,
            config_vars: vars,
            _dir: dir,
            postgres_db,
        }
    }

    /// Starts a second server on this test's database.
    pub async fn peer(&self) -> Peer {
        let (_, handle, base) = serve(&self.config_vars).await;
        Peer { base, handle }
    }

    /// The database URL of this test's server (another instance opens its own store on it).
    pub fn database_url(&self) -> &str {
        &self.config_vars["DATABASE_URL"]
    }

    /// Starts the webhook delivery worker on this test's database (fast polls and retries).
    pub fn start_webhook_worker(&self) -> tokio::task::JoinHandle<()> {
        let settings = loket::jobs::webhooks::WebhookSettings {
            poll_interval: std::time::Duration::from_millis(50),
            retry_base: std::time::Duration::from_millis(200),
            timeout: std::time::Duration::from_secs(5),
        };
        loket::jobs::webhooks::spawn(self.store.clone(), settings)
    }

    /// Starts the e-mail notification worker on this test's database, sending to `smtp_url`
    /// (fast polls and retries).
    pub fn start_mail_worker(&self, smtp_url: &str) -> tokio::task::JoinHandle<()> {
        let settings = loket::jobs::mail::MailSettings {
            smtp_url: smtp_url.to_owned(),
            from: "Loket support <support@loket.test>".parse().expect("sender"),
            poll_interval: std::time::Duration::from_millis(50),
            retry_base: std::time::Duration::from_millis(200),
            timeout: std::time::Duration::from_secs(5),
        };
        loket::jobs::mail::spawn(self.store.clone(), settings).expect("mail worker")
    }

    /// Absolute URL of a path.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Creates an organisation directly in the store.
    pub async fn organization(&self, name: &str) -> Organization {
        let name = name.to_owned();
        self.store
            .run(move |conn| accounts::create_organization(conn, NewOrganization { name, vat_number: None }))
            .await
            .expect("create organisation")
    }

    /// Creates an English-speaking user with [`PASSWORD`] directly in the store and logs them
    /// in over HTTP.
    pub async fn user(&self, role: Role, organization: Option<&Organization>) -> TestUser {
        self.user_speaking(role, organization, Language::En).await
    }

    /// Creates a user who reads Loket in `language`, and logs them in.
    pub async fn user_speaking(&self, role: Role, organization: Option<&Organization>, language: Language) -> TestUser {
        let email = format!("{}-{}@example.test", role.as_str(), Uuid::new_v4().simple());
        let new = NewUser {
            email: email.clone(),
            display_name: format!("Test {role}"),
            language,
            role,
            organization_id: organization.map(|o| o.id),
            password_hash: Some(PASSWORD_HASH.clone()),
            invitation: None,
        };
        let user = self
            .store
            .run(move |conn| accounts::create_user(conn, new))
            .await
            .expect("create user");
        let (status, body) = self.login(&email, PASSWORD).await;
        assert_eq!(status, StatusCode::OK, "login of a fresh test user: {body}");
        TestUser {
            user,
            token: body["access_token"].as_str().expect("access token").to_owned(),
        }
    }

    /// `POST /api/v1/auth/login`.
    pub async fn login(&self, email: &str, password: &str) -> (StatusCode, Value) {
        self.call(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(serde_json::json!({"email": email, "password": password})),
        )
        .await
    }

    /// Sends a request with an optional bearer token and JSON body; returns status and JSON
    /// (`Null` for an empty body). Every error body must be a problem document.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut request = self.client.request(method, self.url(path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("request reaches the server");
        read(response).await
    }

    /// GET with a token.
    pub async fn get(&self, path: &str, token: &str) -> (StatusCode, Value) {
        self.call(Method::GET, path, Some(token), None).await
    }

    /// POST JSON with a token.
    pub async fn post(&self, path: &str, token: &str, body: Value) -> (StatusCode, Value) {
        self.call(Method::POST, path, Some(token), Some(body)).await
    }

    /// PATCH JSON with a token.
    pub async fn patch(&self, path: &str, token: &str, body: Value) -> (StatusCode, Value) {
        self.call(Method::PATCH, path, Some(token), Some(body)).await
    }

    /// DELETE with a token.
    pub async fn delete(&self, path: &str, token: &str) -> (StatusCode, Value) {
        self.call(Method::DELETE, path, Some(token), None).await
    }
}

/// Reads a response as (status, JSON), checking that errors are problem documents.
pub async fn read(response: reqwest::Response) -> (StatusCode, Value) {
    let status = response.status();
    let content_type = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let text = response.text().await.expect("body");
    let body = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{status}: body is not JSON ({e}): {text}"))
    };
    if status.is_client_error() || status.is_server_error() {
        assert_eq!(content_type, "application/problem+json", "{status} {text}");
        assert_eq!(body["status"], status.as_u16(), "{text}");
        assert!(body["detail"].as_str().is_some_and(|d| !d.is_empty()), "{text}");
        assert!(
            body["type"]
                .as_str()
                .is_some_and(|t| t.starts_with("urn:loket:problem:")),
            "{text}"
        );
    }
    (status, body)
}

impl Drop for TestApp {
    fn drop(&mut self) {
        // Stop accepting; the database is dropped with FORCE, which ends open connections.
        drop(self.handle.stop(false));
        if let Some((_, name)) = self.postgres_db.take() {
            if std::env::var("LOKET_TEST_KEEP_DB").is_err() {
                let _ = std::thread::spawn(move || admin_sql(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")))
                    .join();
            }
        }
    }
}

/// Declares scenarios that run once on SQLite and once on PostgreSQL, as `name::sqlite` and
/// `name::postgres`.
#[macro_export]
macro_rules! on_both_databases {
    ($(async fn $name:ident($app:ident) $body:block)*) => {
        $(
            mod $name {
                #[allow(unused_imports)]
                use super::*;

                async fn scenario($app: $crate::TestApp) $body

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    scenario($crate::TestApp::start($crate::Db::Sqlite).await).await
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    if $crate::postgres_skipped() {
                        return;
                    }
                    scenario($crate::TestApp::start($crate::Db::Postgres).await).await
                }
            }
        )*
    };
}

#[cfg(test)]
mod tests {
    use super::replace_database;

    #[test]
    fn database_name_is_replaced_in_any_url_shape() {
        assert_eq!(
            replace_database("postgres://u@h:5432/test", "x"),
            "postgres://u@h:5432/x"
        );
        assert_eq!(
            replace_database("postgres://u@h/test?sslmode=disable", "x"),
            "postgres://u@h/x?sslmode=disable"
        );
        assert_eq!(replace_database("postgres://u@h", "x"), "postgres://u@h/x");
    }
}

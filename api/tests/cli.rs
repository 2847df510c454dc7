//! The `loket` binary itself: sub-commands, configuration refusal, demo start-up.
//! Storage-touching commands run on SQLite and on PostgreSQL (`TEST_POSTGRES_URL`).

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

mod common;

use common::{databases, loket};

#[test]
fn create_admin_reads_the_password_from_stdin_and_refuses_duplicates_and_weak_passwords() {
    let dir = tempfile::tempdir().unwrap();
    for db in databases(dir.path()) {
        let run = |password: &str| {
            let mut child = loket(&db.url, dir.path())
                .args(["create-admin", "--email", "Boss@Vendor.example"])
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            child.stdin.take().unwrap().write_all(password.as_bytes()).unwrap();
            child.wait_with_output().unwrap()
        };
        let weak = run("short\n");
        assert!(!weak.status.success());
        assert!(
            String::from_utf8_lossy(&weak.stderr).contains("at least 12"),
            "{}",
            db.url
        );

        let ok = run("a long admin passphrase\n");
        assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
        assert!(String::from_utf8_lossy(&ok.stdout).contains("boss@vendor.example"));

        let again = run("a long admin passphrase\n");
        assert!(!again.status.success());
        assert!(String::from_utf8_lossy(&again.stderr).contains("exists"));
    }
}

#[test]
fn seed_demo_prints_the_logins_and_runs_once() {
    let dir = tempfile::tempdir().unwrap();
    for db in databases(dir.path()) {
        let first = loket(&db.url, dir.path()).arg("seed-demo").output().unwrap();
        assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
        let text = String::from_utf8_lossy(&first.stdout);
        for email in [
            "admin@loket.example",
            "an.peeters@bakkerij-peeters.example",
            "pieter.maes@garage-janssens.example",
        ] {
            assert!(text.contains(email), "{text}");
        }
        let second = loket(&db.url, dir.path()).arg("seed-demo").output().unwrap();
        assert!(String::from_utf8_lossy(&second.stdout).contains("already has users"));
        let migrate = loket(&db.url, dir.path()).arg("migrate").output().unwrap();
        assert!(String::from_utf8_lossy(&migrate.stdout).contains("0 migrations applied"));
    }
}

#[test]
fn serve_refuses_a_missing_or_weak_secret_outside_demo_mode() {
    let dir = tempfile::tempdir().unwrap();
    let url = dir.path().join("x.db").to_string_lossy().into_owned();
    for secret in [None, Some("changeme"), Some("too-short")] {
        let mut cmd = loket(&url, dir.path());
        cmd.env_remove("LOKET_JWT_SECRET");
        if let Some(secret) = secret {
            cmd.env("LOKET_JWT_SECRET", secret);
        }
        let out = cmd.arg("serve").output().unwrap();
        assert!(!out.status.success());
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("LOKET_JWT_SECRET"),
            "{secret:?}"
        );
    }
}

#[test]
fn serve_refuses_unsafe_settings() {
    let dir = tempfile::tempdir().unwrap();
    let url = dir.path().join("x.db").to_string_lossy().into_owned();
    for (var, value) in [
        ("LOKET_CORS_ORIGINS", "*"),
        ("LOKET_CORS_ORIGINS", "https://desk.example.be/app"),
        ("LOKET_JWT_SECRET", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        ("LOKET_ACCESS_TOKEN_MINUTES", "43200"),
    ] {
        let out = loket(&url, dir.path()).env(var, value).arg("serve").output().unwrap();
        assert!(!out.status.success(), "{var}={value} started");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(var), "{var}={value}: {stderr}");
    }
    assert!(
        !dir.path().join("x.db").exists(),
        "refused before touching the database"
    );
}

/// Sends SIGTERM and checks the graceful shutdown exits 0.
fn stop_gracefully(child: &mut std::process::Child) {
    let term = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(term.success());
    let status = child.wait().expect("the server is reaped");
    assert!(status.success(), "graceful shutdown exits 0, got {status:?}");
}

/// Whether `GET /readyz` on the port answers 200 (plain HTTP/1.0 over a socket: these tests
/// are synchronous).
fn answers_ready(port: u16) -> bool {
    use std::io::{Read, Write};
    let Ok(mut stream) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let mut answer = String::new();
    stream
        .write_all(b"GET /readyz HTTP/1.0\r\nHost: localhost\r\n\r\n")
        .is_ok()
        && stream.read_to_string(&mut answer).is_ok()
        && answer.starts_with("HTTP/1.0 200") | answer.starts_with("HTTP/1.1 200")
}

#[test]
fn demo_mode_on_a_public_address_starts_with_a_loud_warning() {
    let dir = tempfile::tempdir().unwrap();
    let url = dir.path().join("demo.db").to_string_lossy().into_owned();
    let port = std::net::TcpListener::bind("0.0.0.0:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = loket(&url, dir.path())
        .env_remove("LOKET_JWT_SECRET")
        .env("LOKET_DEMO", "1")
        .env("LOKET_ADDR", format!("0.0.0.0:{port}"))
        .arg("serve")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut first = String::new();
    stderr.read_line(&mut first).unwrap();
    // Drain the rest, so the server never writes into a full pipe.
    let drain = std::thread::spawn(move || std::io::copy(&mut stderr, &mut std::io::sink()));
    // The warning is printed before the server starts: it must still start, and serve.
    let started = std::time::Instant::now();
    while !answers_ready(port) {
        assert!(
            child.try_wait().unwrap().is_none(),
            "demo mode on 0.0.0.0 exited: {first}"
        );
        assert!(
            started.elapsed() < std::time::Duration::from_secs(60),
            "not ready within 60 s"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    stop_gracefully(&mut child);
    drain.join().unwrap().unwrap();
    assert!(first.contains("WARNING: demo mode listens on 0.0.0.0"), "{first}");
}

#[test]
fn demo_mode_seeds_and_prints_logins_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let url = dir.path().join("demo.db").to_string_lossy().into_owned();
    let port = common::free_port();
    let mut child = loket(&url, dir.path())
        .env_remove("LOKET_JWT_SECRET")
        .env("LOKET_DEMO", "1")
        .env("LOKET_ADDR", format!("127.0.0.1:{port}"))
        .arg("serve")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    // Read on a thread until the end, so the server never writes into a closed pipe.
    let (lines_tx, lines_rx) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let _ = lines_tx.send(line.unwrap_or_default());
        }
    });
    let mut banner = String::new();
    while let Ok(line) = lines_rx.recv_timeout(std::time::Duration::from_secs(30)) {
        banner.push_str(&line);
        banner.push('\n');
        if line.contains("pieter.maes@") {
            break;
        }
    }
    stop_gracefully(&mut child);
    reader.join().unwrap();
    assert!(banner.contains(&format!("http://127.0.0.1:{port}")), "{banner}");
    assert!(banner.contains("loket-demo-2026"));
    assert!(banner.contains("admin@loket.example"));
}

#[test]
fn openapi_prints_the_checked_in_spec() {
    let out = Command::new(env!("CARGO_BIN_EXE_loket"))
        .arg("openapi")
        .output()
        .unwrap();
    assert!(out.status.success());
    let printed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let file = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi/openapi.json")).unwrap();
    assert_eq!(printed, serde_json::from_str::<serde_json::Value>(&file).unwrap());
}

#[test]
fn seed_demo_can_add_generated_tickets_in_bulk() {
    use diesel::prelude::*;
    let dir = tempfile::tempdir().unwrap();
    for db in databases(dir.path()) {
        let out = loket(&db.url, dir.path())
            .args(["seed-demo", "--tickets", "1200"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(String::from_utf8_lossy(&out.stdout).contains("1200 generated tickets inserted"));
        let store = loket::store::Store::open(&db.url, 2).unwrap();
        let mut conn = store.conn().unwrap();
        use loket::store::schema::{ticket_comments, tickets};
        let (count, references): (i64, Vec<String>) = (
            tickets::table.count().get_result(&mut *conn).unwrap(),
            tickets::table.select(tickets::reference).load(&mut *conn).unwrap(),
        );
        assert_eq!(count, 1200 + 8, "the bulk tickets and the eight demo tickets");
        let unique: std::collections::HashSet<_> = references.iter().collect();
        assert_eq!(
            unique.len(),
            references.len(),
            "bulk references never collide with intake"
        );
        let replies: i64 = ticket_comments::table.count().get_result(&mut *conn).unwrap();
        assert!(replies >= 1200);
        let scope = loket::store::tickets::TicketScope::Everything;
        let found = loket::store::tickets::search(
            &mut conn,
            scope,
            &Default::default(),
            &["kassa".to_owned()],
            false,
            0,
            10,
        )
        .unwrap();
        assert!(!found.is_empty(), "generated tickets are searchable");
    }
}

/// Collects everything a child writes on a pipe, on a thread, so it never blocks on a full pipe.
fn collect(pipe: impl std::io::Read + Send + 'static) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        use std::io::Read;
        let mut text = String::new();
        let _ = BufReader::new(pipe).read_to_string(&mut text);
        text
    })
}

/// A webhook receiver: answers 204 to each request and passes the raw request on.
fn webhook_receiver() -> (u16, std::sync::mpsc::Receiver<String>) {
    use std::io::Read;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind the receiver");
    let port = listener.local_addr().expect("receiver address").port();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            stream
                .set_read_timeout(Some(std::time::Duration::from_millis(300)))
                .expect("a read timeout");
            let mut request = Vec::new();
            let mut buffer = [0u8; 8192];
            while let Ok(n) = stream.read(&mut buffer) {
                if n == 0 {
                    break;
                }
                request.extend_from_slice(&buffer[..n]);
            }
            let _ = stream.write_all(b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            let _ = tx.send(String::from_utf8_lossy(&request).into_owned());
        }
    });
    (port, rx)
}

/// A graceful stop ends the open event streams properly (the response's last chunk), rather
/// than holding the stop until the shutdown timeout cuts them off mid-stream.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_graceful_stop_ends_open_event_streams() {
    let dir = tempfile::tempdir().unwrap();
    for db in databases(dir.path()) {
        let mut server = common::Server::start(&db.url, dir.path(), &[("LOKET_DEMO", "1")]).await;
        let client = reqwest::Client::new();
        let token = common::login(&client, &server.base, "admin@loket.example").await;
        let mut stream = client
            .get(format!("{}/api/v1/events/stream", server.base))
            .bearer_auth(&token)
            .send()
            .await
            .expect("the stream opens");
        assert_eq!(stream.status(), 200);
        let first = stream.chunk().await.expect("a first frame").expect("not the end yet");
        assert!(String::from_utf8_lossy(&first).starts_with("retry:"), "{first:?}");
        let stopping = std::thread::spawn(move || server.terminate());
        // Read to the end: an error here is a stream cut off instead of ended.
        while let Some(frame) = stream.chunk().await.expect("the stream ends with its last chunk") {
            assert!(
                String::from_utf8_lossy(&frame).starts_with(':'),
                "only keep-alives: {frame:?}"
            );
        }
        let status = stopping.join().unwrap();
        assert!(status.success(), "graceful shutdown exits 0, got {status:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_secret_or_token_reaches_the_logs() {
    use serde_json::{json, Value};
    let dir = tempfile::tempdir().unwrap();
    let jwt_secret = "cli-test-secret-0123456789abcdef0123456789";
    let admin_password = "log test admin passphrase";
    let customer_password = "log test customer passphrase";
    let webhook_secret = "whsec-log-test-0123456789abcdef";
    for db in databases(dir.path()) {
        let mut create = loket(&db.url, dir.path())
            .args(["create-admin", "--email", "logs@vendor.example"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        create
            .stdin
            .take()
            .unwrap()
            .write_all(admin_password.as_bytes())
            .unwrap();
        let created = create.wait_with_output().unwrap();
        assert!(created.status.success(), "{}", String::from_utf8_lossy(&created.stderr));

        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let (receiver_port, deliveries) = webhook_receiver();
        let mut child = loket(&db.url, dir.path())
            .env("LOKET_LOG", "debug")
            .env("LOKET_LOG_FORMAT", "json")
            .env("LOKET_ADDR", format!("127.0.0.1:{port}"))
            .env("LOKET_WEBHOOK_POLL_MS", "50")
            .arg("serve")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = collect(child.stdout.take().unwrap());
        let stderr = collect(child.stderr.take().unwrap());
        let base = format!("http://127.0.0.1:{port}");
        let client = reqwest::Client::new();
        let started = std::time::Instant::now();
        while client.get(format!("{base}/healthz")).send().await.is_err() {
            assert!(
                started.elapsed() < std::time::Duration::from_secs(30),
                "the server did not start"
            );
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        let call = |method: reqwest::Method, path: &str, token: Option<&str>, body: Option<Value>| {
            let mut request = client.request(method, format!("{base}{path}"));
            if let Some(token) = token {
                request = request.bearer_auth(token);
            }
            if let Some(body) = body {
                request = request.json(&body);
            }
            async move {
                let response = request.send().await.unwrap();
                let status = response.status().as_u16();
                (status, response.json::<Value>().await.unwrap_or(Value::Null))
            }
        };
        use reqwest::Method;
        let login = |email: &'static str, password: &'static str| {
            call(
                Method::POST,
                "/api/v1/auth/login",
                None,
                Some(json!({"email": email, "password": password})),
            )
        };
        let (status, _) = login("logs@vendor.example", "a wrong password guess").await;
        assert_eq!(status, 401);
        let (status, session) = login("logs@vendor.example", admin_password).await;
        assert_eq!(status, 200, "{session}");
        let access = session["access_token"].as_str().unwrap().to_owned();
        let refresh = session["refresh_token"].as_str().unwrap().to_owned();

        let (status, created) = call(
            Method::POST,
            "/api/v1/me/tokens",
            Some(&access),
            Some(json!({"name": "logs"})),
        )
        .await;
        assert_eq!(status, 201, "{created}");
        let api_secret = created["secret"].as_str().unwrap().to_owned();
        assert_eq!(call(Method::GET, "/api/v1/me", Some(&api_secret), None).await.0, 200);
        // A token sent where it does not belong, in a query string, is not logged either (a
        // failed request logs its span at warn level).
        let (status, _) = call(Method::GET, &format!("/api/v1/me?access_token={access}"), None, None).await;
        assert_eq!(status, 401);

        let (status, renewed) = call(
            Method::POST,
            "/api/v1/auth/refresh",
            None,
            Some(json!({"refresh_token": refresh})),
        )
        .await;
        assert_eq!(status, 200, "{renewed}");
        let renewed_access = renewed["access_token"].as_str().unwrap().to_owned();
        let renewed_refresh = renewed["refresh_token"].as_str().unwrap().to_owned();
        // Replaying the used one ends the login: also logged without the token.
        assert_eq!(
            call(
                Method::POST,
                "/api/v1/auth/refresh",
                None,
                Some(json!({"refresh_token": refresh}))
            )
            .await
            .0,
            401
        );

        let (status, hook) = call(
            Method::POST,
            "/api/v1/webhooks",
            Some(&api_secret),
            Some(json!({
                "url": format!("http://127.0.0.1:{receiver_port}/hook"),
                "event_types": ["ticket.created"],
                "secret": webhook_secret,
            })),
        )
        .await;
        assert_eq!(status, 201, "{hook}");
        let (_, org) = call(
            Method::POST,
            "/api/v1/organizations",
            Some(&api_secret),
            Some(json!({"name": "Logboek bv"})),
        )
        .await;
        let (status, customer) = call(
            Method::POST,
            "/api/v1/users",
            Some(&api_secret),
            Some(json!({
                "email": "klant@logboek.example", "display_name": "Klant", "role": "customer",
                "organization_id": org["id"], "password": customer_password,
            })),
        )
        .await;
        assert_eq!(status, 201, "{customer}");
        let invited_secret = call(
            Method::POST,
            "/api/v1/users",
            Some(&api_secret),
            Some(json!({
                "email": "uitgenodigd@logboek.example", "display_name": "Uitgenodigd", "role": "customer",
                "organization_id": org["id"],
            })),
        )
        .await
        .1["invitation_token"]
            .as_str()
            .unwrap()
            .to_owned();
        let (status, ticket) = call(
            Method::POST,
            "/api/v1/tickets",
            Some(&api_secret),
            Some(json!({
                "subject": "Kassa start niet", "description": "Sinds vanmorgen", "requester_id": customer["user"]["id"],
            })),
        )
        .await;
        assert_eq!(status, 201, "{ticket}");
        let delivered = deliveries
            .recv_timeout(std::time::Duration::from_secs(20))
            .expect("the webhook is delivered");
        assert!(delivered.contains("x-loket-signature"), "{delivered}");
        let (status, _) = login("klant@logboek.example", customer_password).await;
        assert_eq!(status, 200);
        assert_eq!(
            call(
                Method::POST,
                "/api/v1/auth/logout",
                None,
                Some(json!({"refresh_token": renewed_refresh}))
            )
            .await
            .0,
            204
        );

        stop_gracefully(&mut child);
        let logs = format!("{}\n{}", stdout.join().unwrap(), stderr.join().unwrap());
        assert!(
            logs.contains("/api/v1/auth/refresh"),
            "requests are logged at debug: {logs}"
        );
        for (what, secret) in [
            ("JWT secret", jwt_secret),
            ("admin password", admin_password),
            ("wrong password", "a wrong password guess"),
            ("customer password", customer_password),
            ("access token", access.as_str()),
            ("renewed access token", renewed_access.as_str()),
            ("refresh token", refresh.as_str()),
            ("renewed refresh token", renewed_refresh.as_str()),
            ("API token", api_secret.as_str()),
            ("webhook secret", webhook_secret),
            ("invitation", invited_secret.as_str()),
        ] {
            assert!(
                !logs.contains(secret),
                "the {what} is in the logs ({}):\n{logs}",
                db.url
            );
        }
    }
}

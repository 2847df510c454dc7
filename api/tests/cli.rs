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
            String::from_utf8_lossy(&weak.stderr).contains("at least 10"),
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
    // SIGTERM: a graceful shutdown that exits cleanly.
    let term = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(term.success());
    let status = child.wait().unwrap();
    assert!(status.success(), "graceful shutdown exits 0, got {status:?}");
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
        assert_eq!(count, 1200 + 6, "the bulk tickets and the six demo tickets");
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

//! Crash safety: the real `loket serve` under a write load from several clients is killed
//! with SIGKILL, restarted on the same database, and must still hold every write a client
//! saw acknowledged, with nothing half-written. On SQLite and on PostgreSQL.

mod common;

use common::{count, login, postgres_database, seed_demo, sqlite_database, Database, Server};
use serde_json::{json, Value};
use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Clients writing at once.
const CLIENTS: usize = 6;

/// Writes acknowledged (2xx received) before the kill.
#[derive(Default)]
struct Acknowledged {
    /// Ticket references.
    tickets: Vec<String>,
    /// (ticket reference, comment body).
    comments: Vec<(String, String)>,
    /// (ticket reference, intervention id).
    interventions: Vec<(String, String)>,
}

struct Tokens {
    customer: String,
    agent: String,
}

/// Sends a write; `None` when it was not acknowledged (the server died before answering).
async fn write(client: &reqwest::Client, url: String, token: &str, body: Value) -> Option<Value> {
    let response = client.post(url).bearer_auth(token).json(&body).send().await.ok()?;
    let status = response.status();
    if !status.is_success() {
        let text = response.text().await.unwrap_or_default();
        panic!("a valid write was refused with {status}: {text}");
    }
    response.json().await.ok()
}

/// One client: a ticket as a customer, an agent's reply and an intervention on it, again and
/// again until the server stops answering or `stop` is set.
async fn client_loop(
    n: usize,
    base: String,
    tokens: Arc<Tokens>,
    acks: Arc<Mutex<Acknowledged>>,
    stop: Arc<AtomicBool>,
) {
    let client = reqwest::Client::new();
    let mut round = 0;
    while !stop.load(Ordering::SeqCst) {
        round += 1;
        let subject = format!("Kassa {n}-{round} weigert te starten");
        let Some(created) = write(
            &client,
            format!("{base}/api/v1/tickets"),
            &tokens.customer,
            json!({"subject": subject, "description": "Sinds vanochtend.", "category": "user_question"}),
        )
        .await
        else {
            return;
        };
        let reference = created["ticket"]["reference"].as_str().expect("reference").to_owned();
        acks.lock().expect("lock").tickets.push(reference.clone());
        let body = format!("Antwoord {n}-{round}: we bekijken het.");
        if write(
            &client,
            format!("{base}/api/v1/tickets/{reference}/comments"),
            &tokens.agent,
            json!({ "body": body }),
        )
        .await
        .is_none()
        {
            return;
        }
        acks.lock().expect("lock").comments.push((reference.clone(), body));
        let Some(recorded) = write(
            &client,
            format!("{base}/api/v1/tickets/{reference}/interventions"),
            &tokens.agent,
            json!({"performed_on": "2026-11-24", "minutes": 15, "description": format!("Nagekeken {n}-{round}")}),
        )
        .await
        else {
            return;
        };
        let id = recorded["id"].as_str().expect("intervention id").to_owned();
        acks.lock().expect("lock").interventions.push((reference, id));
    }
}

async fn get(client: &reqwest::Client, url: String, token: &str) -> Value {
    let response = client
        .get(&url)
        .bearer_auth(token)
        .send()
        .await
        .expect("the restarted server answers");
    assert!(response.status().is_success(), "{url}: {}", response.status());
    response.json().await.expect("JSON")
}

async fn kill_mid_load_and_check(db: Database) {
    let dir = tempfile::tempdir().expect("temp dir");
    seed_demo(&db.url, dir.path());
    let mut server = Server::start(&db.url, dir.path(), &[]).await;
    let http = reqwest::Client::new();
    let tokens = Arc::new(Tokens {
        customer: login(&http, &server.base, "tom.claes@bakkerij-peeters.example").await,
        agent: login(&http, &server.base, "jan.agent@loket.example").await,
    });
    let tickets_before = count(&db.url, "SELECT count(*) AS n FROM tickets");

    let acks = Arc::new(Mutex::new(Acknowledged::default()));
    let stop = Arc::new(AtomicBool::new(false));
    let clients: Vec<_> = (0..CLIENTS)
        .map(|n| {
            tokio::spawn(client_loop(
                n,
                server.base.clone(),
                tokens.clone(),
                acks.clone(),
                stop.clone(),
            ))
        })
        .collect();
    // Kill once a fair amount has been written, while every client is mid-request.
    for _ in 0..2000 {
        if acks.lock().expect("lock").interventions.len() >= 40 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    server.kill();
    stop.store(true, Ordering::SeqCst);
    for client in clients {
        client.await.expect("client task");
    }
    let acks = std::mem::take(&mut *acks.lock().expect("lock"));
    assert!(acks.interventions.len() >= 20, "the load ran before the kill");

    let server = Server::start(&db.url, dir.path(), &[]).await;
    // Every acknowledged write is there.
    for reference in &acks.tickets {
        let ticket = get(
            &http,
            format!("{}/api/v1/tickets/{reference}", server.base),
            &tokens.agent,
        )
        .await;
        assert_eq!(ticket["reference"], reference.as_str());
    }
    for (reference, body) in &acks.comments {
        let comments = get(
            &http,
            format!("{}/api/v1/tickets/{reference}/comments", server.base),
            &tokens.agent,
        )
        .await;
        let found = comments
            .as_array()
            .expect("list")
            .iter()
            .any(|c| c["body"] == body.as_str());
        assert!(found, "acknowledged comment on {reference} lost: {body}");
    }
    for (reference, id) in &acks.interventions {
        let list = get(
            &http,
            format!("{}/api/v1/tickets/{reference}/interventions", server.base),
            &tokens.agent,
        )
        .await;
        let found = list["items"]
            .as_array()
            .expect("items")
            .iter()
            .any(|i| i["id"] == id.as_str());
        assert!(found, "acknowledged intervention {id} on {reference} lost");
    }

    // Nothing is half-written: what exists is whole.
    let tickets_after = count(&db.url, "SELECT count(*) AS n FROM tickets");
    let acked = i64::try_from(acks.tickets.len()).expect("fits");
    eprintln!(
        "killed after {} tickets, {} comments, {} interventions acknowledged; {} tickets stored",
        acks.tickets.len(),
        acks.comments.len(),
        acks.interventions.len(),
        tickets_after - tickets_before
    );
    assert!(
        (tickets_before + acked..=tickets_before + acked + i64::try_from(CLIENTS).expect("fits"))
            .contains(&tickets_after),
        "{tickets_after} tickets: {tickets_before} before, {acked} acknowledged, at most one in flight per client"
    );
    let checks = [
        ("tickets without their creation event",
         "SELECT count(*) AS n FROM tickets t WHERE NOT EXISTS \
          (SELECT 1 FROM ticket_events e WHERE e.ticket_id = t.id AND e.field = 'created')"),
        ("duplicate references",
         "SELECT count(*) - count(DISTINCT reference) AS n FROM tickets"),
        ("comments of no ticket",
         "SELECT count(*) AS n FROM ticket_comments c WHERE NOT EXISTS (SELECT 1 FROM tickets t WHERE t.id = c.ticket_id)"),
        ("events of no ticket",
         "SELECT count(*) AS n FROM ticket_events e WHERE NOT EXISTS (SELECT 1 FROM tickets t WHERE t.id = e.ticket_id)"),
        ("interventions of no ticket",
         "SELECT count(*) AS n FROM interventions i WHERE NOT EXISTS (SELECT 1 FROM tickets t WHERE t.id = i.ticket_id)"),
        ("load tickets whose interventions and history entries differ",
         "SELECT count(*) AS n FROM tickets t WHERE t.subject LIKE 'Kassa % weigert te starten' AND \
          (SELECT count(*) FROM interventions i WHERE i.ticket_id = t.id) <> \
          (SELECT count(*) FROM ticket_events e WHERE e.ticket_id = t.id AND e.field = 'intervention')"),
    ];
    for (what, sql) in checks {
        assert_eq!(count(&db.url, sql), 0, "{what}");
    }
    if !db.is_postgres() {
        assert_eq!(sqlite_integrity(&db.url), "ok");
    }
    let references: HashSet<&String> = acks.tickets.iter().collect();
    assert_eq!(
        references.len(),
        acks.tickets.len(),
        "acknowledged references are unique"
    );

    // The restarted server goes on numbering after the last reference.
    let created = write(
        &http,
        format!("{}/api/v1/tickets", server.base),
        &tokens.customer,
        json!({"subject": "Na de herstart", "description": "-"}),
    )
    .await
    .expect("a write after the restart");
    assert!(!references.contains(&created["ticket"]["reference"].as_str().expect("reference").to_owned()));
}

fn sqlite_integrity(path: &str) -> String {
    use diesel::{Connection, RunQueryDsl};
    #[derive(diesel::QueryableByName)]
    struct Check {
        #[diesel(sql_type = diesel::sql_types::Text)]
        integrity_check: String,
    }
    let mut conn = diesel::SqliteConnection::establish(path).expect("open");
    let rows: Vec<Check> = diesel::sql_query("PRAGMA integrity_check")
        .load(&mut conn)
        .expect("integrity check");
    rows.into_iter()
        .map(|r| r.integrity_check)
        .collect::<Vec<_>>()
        .join("; ")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_writes_survive_sigkill_on_sqlite() {
    let dir = tempfile::tempdir().expect("temp dir");
    kill_mid_load_and_check(sqlite_database(dir.path(), "crash.db")).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_writes_survive_sigkill_on_postgres() {
    if let Some(db) = postgres_database() {
        kill_mid_load_and_check(db).await;
    }
}

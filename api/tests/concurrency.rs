//! Two `loket serve` processes on one PostgreSQL database under 16 concurrent clients:
//! references stay unique, an agent's slot is booked once however many race for it, each
//! webhook attempt reaches the receiver once although both instances run a delivery worker,
//! and no request fails with a 5xx (lock conflicts are waited for or answered 409).

mod common;

use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use common::{count, login, postgres_database, seed_demo, Server};
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const CLIENTS: usize = 16;

/// Requests per event id, and how many of them it accepted. The first attempt of about
/// half the events is refused (503), so retries run across both instances' workers too.
#[derive(Clone, Default)]
struct Receiver {
    seen: Arc<Mutex<HashMap<String, (u32, u32)>>>,
}

fn refuses_first_attempt(event_id: &str) -> bool {
    event_id.ends_with(['0', '1', '2', '3', '4', '5', '6', '7'])
}

async fn receive(req: HttpRequest, receiver: web::Data<Receiver>) -> HttpResponse {
    let event_id = req
        .headers()
        .get("x-loket-event-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let mut seen = receiver.seen.lock().expect("lock");
    let (requests, accepted) = seen.entry(event_id.clone()).or_default();
    *requests += 1;
    if *requests == 1 && refuses_first_attempt(&event_id) {
        return HttpResponse::ServiceUnavailable().finish();
    }
    *accepted += 1;
    HttpResponse::Ok().finish()
}

async fn start_receiver() -> (Receiver, String, actix_web::dev::ServerHandle) {
    let receiver = Receiver::default();
    let data = web::Data::new(receiver.clone());
    let server = HttpServer::new(move || {
        App::new()
            .app_data(data.clone())
            .route("/hook", web::post().to(receive))
    })
    .workers(2)
    .disable_signals()
    .bind("127.0.0.1:0")
    .expect("bind the receiver");
    let url = format!("http://{}/hook", server.addrs()[0]);
    let server = server.run();
    let handle = server.handle();
    tokio::spawn(server);
    (receiver, url, handle)
}

/// Every response status, by what was asked.
type Statuses = Arc<Mutex<Vec<(String, u16)>>>;

async fn send(statuses: &Statuses, what: &str, request: reqwest::RequestBuilder) -> (u16, Value) {
    let response = request.send().await.expect("the server answers");
    let status = response.status().as_u16();
    statuses.lock().expect("lock").push((what.to_owned(), status));
    (status, response.json().await.unwrap_or(Value::Null))
}

struct Users {
    admin: String,
    agents: [(String, String); 2],
    customers: [String; 2],
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_under_sixteen_clients_stay_consistent() {
    let Some(db) = postgres_database() else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    seed_demo(&db.url, dir.path());
    let (receiver, hook_url, _receiver_server) = start_receiver().await;
    let env = [("LOKET_WEBHOOK_POLL_MS", "100"), ("LOKET_WEBHOOK_RETRY_BASE_MS", "200")];
    let servers = [
        Server::start(&db.url, dir.path(), &env).await,
        Server::start(&db.url, dir.path(), &env).await,
    ];
    let bases: Arc<[String; 2]> = Arc::new([servers[0].base.clone(), servers[1].base.clone()]);
    let http = reqwest::Client::new();
    let agent_id = |token: String| {
        let (http, base) = (http.clone(), bases[0].clone());
        async move {
            let me: Value = http
                .get(format!("{base}/api/v1/me"))
                .bearer_auth(&token)
                .send()
                .await
                .expect("me")
                .json()
                .await
                .expect("JSON");
            (token, me["id"].as_str().expect("id").to_owned())
        }
    };
    let users = Arc::new(Users {
        admin: login(&http, &bases[0], "admin@loket.example").await,
        agents: [
            agent_id(login(&http, &bases[0], "jan.agent@loket.example").await).await,
            agent_id(login(&http, &bases[1], "emma.agent@loket.example").await).await,
        ],
        customers: [
            login(&http, &bases[0], "tom.claes@bakkerij-peeters.example").await,
            login(&http, &bases[1], "lisa.janssens@garage-janssens.example").await,
        ],
    });
    let statuses: Statuses = Arc::default();
    let (status, hook) = send(
        &statuses,
        "webhook",
        http.post(format!("{}/api/v1/webhooks", bases[0])).bearer_auth(&users.admin).json(&json!({
            "url": hook_url,
            "event_types": ["ticket.created", "ticket.updated", "ticket.kind_converted", "ticket.commented",
                            "appointment.booked", "appointment.moved", "appointment.cancelled", "intervention.recorded"]
        })),
    )
    .await;
    assert_eq!(status, 201);
    // Only this webhook's deliveries count: the demo has a paused webhook with a finished log.
    let hook_id = hook["webhook"]["id"].as_str().expect("webhook id").to_owned();
    let (status, shared) = send(
        &statuses,
        "shared ticket",
        http.post(format!("{}/api/v1/tickets", bases[0]))
            .bearer_auth(&users.customers[0])
            .json(&json!({"subject": "Gedeeld ticket", "description": "Iedereen werkt eraan.", "category": "user_question"})),
    )
    .await;
    assert_eq!(status, 201);
    let shared = shared["ticket"]["reference"].as_str().expect("reference").to_owned();

    // Every client writes through both instances: its own tickets, and comments, edits and
    // interventions on one ticket they all share (so they queue on its row lock).
    let started = Instant::now();
    let clients: Vec<_> = (0..CLIENTS)
        .map(|n| {
            let (http, bases, users, statuses, shared) =
                (http.clone(), bases.clone(), users.clone(), statuses.clone(), shared.clone());
            tokio::spawn(async move {
                let mut mine = Vec::new();
                for round in 0..6 {
                    let base = &bases[(n + round) % 2];
                    let customer = &users.customers[n % 2];
                    let (agent, _) = &users.agents[n % 2];
                    let (status, created) = send(&statuses, "create", http
                        .post(format!("{base}/api/v1/tickets"))
                        .bearer_auth(customer)
                        .json(&json!({"subject": format!("Kassa {n}-{round}"), "description": "Sinds de update.", "category": "user_question"})))
                        .await;
                    if status == 201 {
                        mine.push(created["ticket"]["reference"].as_str().expect("reference").to_owned());
                    }
                    send(&statuses, "comment", http
                        .post(format!("{base}/api/v1/tickets/{shared}/comments"))
                        .bearer_auth(agent)
                        .json(&json!({"body": format!("Stand van zaken {n}-{round}")})))
                        .await;
                    let priority = ["low", "medium", "high"][(n + round) % 3];
                    send(&statuses, "edit", http
                        .patch(format!("{base}/api/v1/tickets/{shared}"))
                        .bearer_auth(agent)
                        .json(&json!({"priority": priority})))
                        .await;
                    send(&statuses, "intervention", http
                        .post(format!("{base}/api/v1/tickets/{shared}/interventions"))
                        .bearer_auth(agent)
                        .json(&json!({"performed_on": "2026-11-24", "minutes": 10, "description": format!("Werk {n}-{round}")})))
                        .await;
                }
                mine
            })
        })
        .collect();
    let mut references = Vec::new();
    for client in clients {
        references.extend(client.await.expect("client"));
    }
    let load_time = started.elapsed();
    // The shared ticket's row agrees with its history: no edit overwrote another unseen.
    let (_, ticket) = send(
        &statuses,
        "read",
        http.get(format!("{}/api/v1/tickets/{shared}", bases[1]))
            .bearer_auth(&users.admin),
    )
    .await;
    let (_, events) = send(
        &statuses,
        "read",
        http.get(format!("{}/api/v1/tickets/{shared}/events", bases[0]))
            .bearer_auth(&users.admin),
    )
    .await;
    let last_priority = events
        .as_array()
        .expect("events")
        .iter()
        .rev()
        .find(|e| e["field"] == "priority");
    assert_eq!(
        last_priority.map(|e| &e["new_value"]),
        Some(&ticket["priority"]),
        "{ticket}"
    );
    let (_, comments) = send(
        &statuses,
        "read",
        http.get(format!("{}/api/v1/tickets/{shared}/comments", bases[0]))
            .bearer_auth(&users.admin),
    )
    .await;
    let replies = statuses
        .lock()
        .expect("lock")
        .iter()
        .filter(|(what, s)| what == "comment" && *s == 201)
        .count();
    assert_eq!(
        comments.as_array().expect("comments").len(),
        replies,
        "every acknowledged reply is there"
    );
    assert_eq!(references.len(), CLIENTS * 6, "every create succeeded");
    let unique: HashSet<&String> = references.iter().collect();
    assert_eq!(unique.len(), references.len(), "references are unique across instances");
    assert_eq!(
        count(&db.url, "SELECT count(*) - count(DISTINCT reference) AS n FROM tickets"),
        0
    );

    // Slot races: for each slot, all clients book the same agent at the same time (through
    // both instances, each for a ticket of its own, the agents booking each other too).
    let slots = [
        "2027-03-01T09:00:00+01:00",
        "2027-03-01T10:00:00+01:00",
        "2027-03-02T13:00:00+01:00",
        "2027-03-03T09:30:00+01:00",
        "2027-03-04T14:00:00+01:00",
        "2027-03-08T11:00:00+01:00",
    ];
    let references = Arc::new(references);
    for (i, starts_at) in slots.iter().enumerate() {
        let (_, agent_id) = &users.agents[i % 2];
        let racers: Vec<_> = (0..CLIENTS)
            .map(|n| {
                let (http, bases, users, statuses, references) = (
                    http.clone(),
                    bases.clone(),
                    users.clone(),
                    statuses.clone(),
                    references.clone(),
                );
                let (agent_id, starts_at) = (agent_id.clone(), (*starts_at).to_owned());
                tokio::spawn(async move {
                    let (token, _) = &users.agents[n % 2];
                    let (booked_agent_token, _) = &users.agents[i % 2];
                    let ticket = &references[i * CLIENTS + n];
                    // Meanwhile the booked agent replies on the same ticket: the booking locks
                    // the agent then the ticket, the reply the ticket then (by its foreign
                    // key) the agent.
                    let (booking, _) = tokio::join!(
                        send(
                            &statuses,
                            "book",
                            http.post(format!("{}/api/v1/appointments", bases[n % 2]))
                                .bearer_auth(token)
                                .json(&json!({"ticket": ticket, "agent_id": agent_id, "starts_at": starts_at,
                                          "minutes": 60, "mode": "remote", "note": "Race"}))
                        ),
                        send(
                            &statuses,
                            "reply",
                            http.post(format!("{}/api/v1/tickets/{ticket}/comments", bases[(n + 1) % 2]))
                                .bearer_auth(booked_agent_token)
                                .json(&json!({"body": "We plannen een afspraak."}))
                        ),
                    );
                    booking.0
                })
            })
            .collect();
        let mut outcomes = Vec::new();
        for racer in racers {
            outcomes.push(racer.await.expect("racer"));
        }
        assert_eq!(
            outcomes.iter().filter(|s| **s == 201).count(),
            1,
            "{starts_at}: {outcomes:?}"
        );
        assert!(
            outcomes.iter().all(|s| *s == 201 || *s == 409),
            "{starts_at}: {outcomes:?}"
        );
    }
    assert_eq!(
        count(
            &db.url,
            "SELECT count(*) AS n FROM appointments a JOIN appointments b \
             ON a.agent_id = b.agent_id AND a.id < b.id AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at \
             WHERE a.status <> 'cancelled' AND b.status <> 'cancelled'"
        ),
        0,
        "no agent is double-booked"
    );

    // No 5xx anywhere.
    let failures: Vec<_> = statuses
        .lock()
        .expect("lock")
        .iter()
        .filter(|(_, s)| *s >= 500)
        .cloned()
        .collect();
    assert!(failures.is_empty(), "server errors: {failures:?}");

    // Every delivery ends delivered, and the receiver saw each attempt once.
    let deadline = Instant::now() + Duration::from_secs(30);
    while count(
        &db.url,
        &format!(
            "SELECT count(*) AS n FROM webhook_deliveries WHERE webhook_id = '{hook_id}' AND status <> 'delivered'"
        ),
    ) > 0
    {
        assert!(Instant::now() < deadline, "deliveries still pending after 30 s");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let attempts = delivery_attempts(&db.url, &hook_id);
    let seen = receiver.seen.lock().expect("lock").clone();
    assert_eq!(seen.len(), attempts.len(), "every event reached the receiver");
    for (event_id, attempts) in &attempts {
        let (requests, accepted) = seen.get(event_id).copied().unwrap_or_default();
        assert_eq!(
            requests, *attempts,
            "event {event_id}: one request per recorded attempt"
        );
        assert_eq!(accepted, 1, "event {event_id}: accepted once");
        let expected = if refuses_first_attempt(event_id) { 2 } else { 1 };
        assert_eq!(*attempts, expected, "event {event_id}");
    }
    assert!(
        attempts.len() >= CLIENTS * 6 * 3,
        "{} events for the load (creates, comments, edits, interventions, bookings)",
        attempts.len()
    );
    eprintln!(
        "{} requests in {load_time:?} for the mixed load; {} webhook events",
        statuses.lock().expect("lock").len(),
        attempts.len()
    );
}

/// Attempts per event id, from the delivery log.
fn delivery_attempts(url: &str, webhook_id: &str) -> HashMap<String, u32> {
    use diesel::{Connection, RunQueryDsl};
    #[derive(diesel::QueryableByName)]
    struct Row {
        #[diesel(sql_type = diesel::sql_types::Text)]
        event_id: String,
        #[diesel(sql_type = diesel::sql_types::Integer)]
        attempts: i32,
    }
    let mut conn = diesel::PgConnection::establish(url).expect("connect");
    let rows: Vec<Row> = diesel::sql_query(format!(
        "SELECT event_id, attempts FROM webhook_deliveries WHERE webhook_id = '{webhook_id}'"
    ))
    .load(&mut conn)
    .expect("deliveries");
    rows.into_iter()
        .map(|r| (r.event_id, u32::try_from(r.attempts).expect("positive")))
        .collect()
}

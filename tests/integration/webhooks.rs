use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use hmac::{Hmac, Mac};
use loket::domain::account::Role;
use loket_tests::{on_both_databases, TestApp};
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A real HTTP receiver: records every accepted event; answers 503 while `down`.
#[derive(Clone, Default)]
pub(crate) struct Receiver {
    pub(crate) received: Arc<Mutex<Vec<(String, String, Value)>>>,
    refused: Arc<Mutex<usize>>,
    down: Arc<AtomicBool>,
    /// How long it takes to answer, in milliseconds.
    delay_ms: Arc<AtomicU64>,
}

async fn receive(req: HttpRequest, body: web::Bytes, receiver: web::Data<Receiver>) -> HttpResponse {
    let delay = receiver.delay_ms.load(Ordering::SeqCst);
    if delay > 0 {
        tokio::time::sleep(Duration::from_millis(delay)).await;
    }
    if receiver.down.load(Ordering::SeqCst) {
        *receiver.refused.lock().unwrap() += 1;
        return HttpResponse::ServiceUnavailable().finish();
    }
    let header = |name: &str| {
        req.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let signature = header("x-loket-signature");
    let event_id = header("x-loket-event-id");
    let payload: Value = serde_json::from_slice(&body).unwrap();
    receiver.received.lock().unwrap().push((
        signature,
        String::from_utf8(body.to_vec()).unwrap(),
        json!({"event_id": event_id, "payload": payload}),
    ));
    HttpResponse::Ok().finish()
}

pub(crate) async fn start_receiver() -> (Receiver, String, actix_web::dev::ServerHandle) {
    let receiver = Receiver::default();
    let data = web::Data::new(receiver.clone());
    let server = HttpServer::new(move || {
        App::new()
            .app_data(data.clone())
            .route("/hook", web::post().to(receive))
    })
    .workers(1)
    .disable_signals()
    .bind("127.0.0.1:0")
    .unwrap();
    let addr = server.addrs()[0];
    let server = server.run();
    let handle = server.handle();
    tokio::spawn(server);
    (receiver, format!("http://{addr}/hook"), handle)
}

fn verifies(secret: &str, signature: &str, body: &str) -> bool {
    let Some((t, v1)) = signature.strip_prefix("t=").and_then(|s| s.split_once(",v1=")) else {
        return false;
    };
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{t}.{body}").as_bytes());
    hex::encode(mac.finalize().into_bytes()) == v1
}

pub(crate) async fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    for _ in 0..200 {
        if done() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("timed out waiting until {what}");
}

pub(crate) fn types(receiver: &Receiver) -> Vec<String> {
    receiver
        .received
        .lock()
        .unwrap()
        .iter()
        .map(|(_, _, e)| e["payload"]["type"].as_str().unwrap().to_owned())
        .collect()
}

async fn subscribe(app: &TestApp, admin: &loket_tests::TestUser, url: &str) -> (String, String) {
    let (status, created) = app
        .post(
            "/api/v1/webhooks",
            &admin.token,
            json!({
                "url": url, "secret": "a-shared-secret-of-the-receiver",
                "event_types": ["ticket.created", "ticket.updated", "ticket.kind_converted", "ticket.commented"]
            }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    (
        created["webhook"]["id"].as_str().unwrap().to_owned(),
        created["secret"].as_str().unwrap().to_owned(),
    )
}

on_both_databases! {
    async fn signed_events_reach_a_receiver_and_internal_notes_do_not(app) {
        let (receiver, url, _server) = start_receiver().await;
        let _worker = app.start_webhook_worker();
        let admin = app.user(Role::Admin, None).await;
        let org = app.organization("Hooks").await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        assert_eq!(app.post("/api/v1/webhooks", &customer.token, json!({"url": url, "event_types": ["ticket.created"]})).await.0, StatusCode::FORBIDDEN);
        let (_, secret) = subscribe(&app, &admin, &url).await;

        let (_, created) = app.post("/api/v1/tickets", &customer.token, json!({"subject": "Vraag", "description": "Hoe?"})).await;
        let path = format!("/api/v1/tickets/{}", created["ticket"]["reference"].as_str().unwrap());
        app.post(&format!("{path}/comments"), &admin.token, json!({"body": "geheime notitie", "internal": true})).await;
        app.patch(&path, &admin.token, json!({"kind": "issue"})).await;
        app.post(&format!("{path}/comments"), &admin.token, json!({"body": "Publiek antwoord"})).await;

        wait_until("four events arrived", || receiver.received.lock().unwrap().len() >= 5).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        let got = types(&receiver);
        assert_eq!(got.iter().filter(|t| *t == "ticket.created").count(), 1, "{got:?}");
        assert_eq!(got.iter().filter(|t| *t == "ticket.kind_converted").count(), 1, "{got:?}");
        assert_eq!(got.iter().filter(|t| *t == "ticket.commented").count(), 1, "only the public reply: {got:?}");
        for (signature, body, event) in receiver.received.lock().unwrap().iter() {
            assert!(verifies(&secret, signature, body), "signature of {body}");
            assert_eq!(event["event_id"], event["payload"]["id"], "the event id is the idempotency key");
            assert!(!body.contains("geheime notitie"), "internal notes never leave Loket");
        }
    }

    async fn deliveries_survive_a_receiver_outage_and_rolled_back_changes_send_nothing(app) {
        let (receiver, url, _server) = start_receiver().await;
        let _worker = app.start_webhook_worker();
        let admin = app.user(Role::Admin, None).await;
        let org = app.organization("Uitval").await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        let (webhook, _) = subscribe(&app, &admin, &url).await;

        receiver.down.store(true, Ordering::SeqCst);
        let (_, created) = app.post("/api/v1/tickets", &customer.token, json!({"subject": "Tijdens uitval", "description": "-"})).await;
        wait_until("two refused attempts", || *receiver.refused.lock().unwrap() >= 2).await;
        // The refusals are recorded just after the receiver answers: poll the log for them.
        let mut log = Value::Null;
        for _ in 0..100 {
            log = app.get(&format!("/api/v1/webhooks/{webhook}/deliveries"), &admin.token).await.1;
            if log[0]["attempts"].as_i64().unwrap_or(0) >= 2 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert_eq!(log[0]["status"], "pending", "{log}");
        assert!(log[0]["attempts"].as_i64().unwrap() >= 2, "{log}");
        assert_eq!(log[0]["last_status_code"], 503);

        receiver.down.store(false, Ordering::SeqCst);
        wait_until("delivered after the outage", || !receiver.received.lock().unwrap().is_empty()).await;
        // The worker records the outcome after the receiver has answered: poll the log for it.
        let mut status = Value::Null;
        for _ in 0..100 {
            let (_, log) = app.get(&format!("/api/v1/webhooks/{webhook}/deliveries"), &admin.token).await;
            status = log[0]["status"].clone();
            if status != "pending" {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert_eq!(status, "delivered");

        // A refused change (closed tickets are read-only) rolls back and announces nothing.
        let path = format!("/api/v1/tickets/{}", created["ticket"]["reference"].as_str().unwrap());
        let (status, _) = app.patch(&path, &admin.token, json!({"status": "closed"})).await;
        assert_eq!(status, StatusCode::CONFLICT);
        tokio::time::sleep(Duration::from_millis(500)).await;
        let (_, after) = app.get(&format!("/api/v1/webhooks/{webhook}/deliveries"), &admin.token).await;
        assert_eq!(after.as_array().unwrap().len(), 1, "no event for a rolled-back change");
        assert_eq!(receiver.received.lock().unwrap().len(), 1, "delivered exactly once");

        // A manual redeliver sends the same event (same id) again.
        let delivery = after[0]["id"].as_str().unwrap();
        let (status, _) = app.post(&format!("/api/v1/webhooks/{webhook}/deliveries/{delivery}/redeliver"), &admin.token, json!({})).await;
        assert_eq!(status, StatusCode::ACCEPTED);
        wait_until("redelivered", || receiver.received.lock().unwrap().len() == 2).await;
        let ids: Vec<Value> = receiver.received.lock().unwrap().iter().map(|(_, _, e)| e["event_id"].clone()).collect();
        assert_eq!(ids[0], ids[1]);
    }

    async fn the_log_records_each_attempts_status_code_and_duration(app) {
        let (receiver, url, _server) = start_receiver().await;
        let _worker = app.start_webhook_worker();
        let admin = app.user(Role::Admin, None).await;
        let org = app.organization("Timing").await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        let (webhook, _) = subscribe(&app, &admin, &url).await;
        let log_path = format!("/api/v1/webhooks/{webhook}/deliveries");
        // Polls the log until its newest delivery has had `attempts` attempts.
        let newest_after = |attempts: i64| {
            let app = &app;
            let (log_path, token) = (log_path.clone(), admin.token.clone());
            async move {
                for _ in 0..200 {
                    let (_, log) = app.get(&log_path, &token).await;
                    if log[0]["attempts"].as_i64().unwrap_or(0) >= attempts {
                        return log[0].clone();
                    }
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                panic!("no attempt {attempts} in the log");
            }
        };

        // A slow receiver that refuses: 503, and at least its delay.
        receiver.down.store(true, Ordering::SeqCst);
        receiver.delay_ms.store(250, Ordering::SeqCst);
        let (_, before) = app.get(&log_path, &admin.token).await;
        assert!(before.as_array().unwrap().is_empty());
        app.post("/api/v1/tickets", &customer.token, json!({"subject": "Traag en stuk", "description": "-"})).await;
        let (_, queued) = app.get(&log_path, &admin.token).await;
        if queued[0]["attempts"] == 0 {
            assert!(queued[0]["last_duration_ms"].is_null(), "no attempt yet, no duration: {queued}");
        }
        let refused = newest_after(1).await;
        assert_eq!(refused["last_status_code"], 503, "{refused}");
        assert_eq!(refused["last_error"], "the receiver answered 503 Service Unavailable", "{refused}");
        let took = refused["last_duration_ms"].as_i64().unwrap();
        assert!((250..5000).contains(&took), "the refused attempt took {took} ms: {refused}");

        // The receiver recovers and answers after 400 ms: 200, delivered, and the new duration.
        receiver.delay_ms.store(400, Ordering::SeqCst);
        receiver.down.store(false, Ordering::SeqCst);
        let mut delivered = Value::Null;
        for _ in 0..200 {
            let (_, log) = app.get(&log_path, &admin.token).await;
            if log[0]["status"] == "delivered" {
                delivered = log[0].clone();
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert_eq!(delivered["status"], "delivered", "{delivered}");
        assert_eq!(delivered["last_status_code"], 200, "{delivered}");
        assert!(delivered["last_error"].is_null(), "{delivered}");
        let took = delivered["last_duration_ms"].as_i64().unwrap();
        assert!((400..5000).contains(&took), "the delivery took {took} ms: {delivered}");

        // Paused, a redelivered delivery waits; resumed, it is sent.
        let delivery = delivered["id"].as_str().unwrap().to_owned();
        let sent = receiver.received.lock().unwrap().len();
        let (status, _) = app.patch(&format!("/api/v1/webhooks/{webhook}"), &admin.token, json!({"active": false})).await;
        assert_eq!(status, StatusCode::OK);
        receiver.delay_ms.store(0, Ordering::SeqCst);
        let (status, _) = app.post(&format!("{log_path}/{delivery}/redeliver"), &admin.token, json!({})).await;
        assert_eq!(status, StatusCode::ACCEPTED);
        tokio::time::sleep(Duration::from_millis(600)).await;
        assert_eq!(receiver.received.lock().unwrap().len(), sent, "a paused webhook receives nothing");
        let (_, log) = app.get(&log_path, &admin.token).await;
        assert_eq!(log[0]["status"], "pending", "{log}");
        let (status, _) = app.patch(&format!("/api/v1/webhooks/{webhook}"), &admin.token, json!({"active": true})).await;
        assert_eq!(status, StatusCode::OK);
        wait_until("sent once resumed", || receiver.received.lock().unwrap().len() == sent + 1).await;

        // Nobody listening: no status code, the error in words, and still a duration.
        let closed = {
            let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            format!("http://{}/hook", listener.local_addr().unwrap())
        };
        let (status, _) = app.patch(&format!("/api/v1/webhooks/{webhook}"), &admin.token, json!({"url": closed})).await;
        assert_eq!(status, StatusCode::OK);
        app.post("/api/v1/tickets", &customer.token, json!({"subject": "Niemand thuis", "description": "-"})).await;
        let unreachable = newest_after(1).await;
        assert_eq!(unreachable["event_type"], "ticket.created");
        assert!(unreachable["last_status_code"].is_null(), "{unreachable}");
        assert!(unreachable["last_error"].as_str().unwrap().starts_with("could not reach the receiver"), "{unreachable}");
        assert!(unreachable["last_duration_ms"].as_i64().unwrap() >= 0, "{unreachable}");
    }

    async fn bad_webhooks_are_refused(app) {
        let admin = app.user(Role::Admin, None).await;
        let (status, body) = app.post("/api/v1/webhooks", &admin.token, json!({"url": "ftp://x.example/hook", "event_types": ["ticket.created"]})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["errors"][0]["field"], "url");
        let (status, body) = app.post("/api/v1/webhooks", &admin.token, json!({"url": "https://x.example/hook", "event_types": ["ticket.exploded"]})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body["errors"][0]["field"].as_str().unwrap().starts_with("event_types"), "{body}");
        let (status, _) = app.post("/api/v1/webhooks", &admin.token, json!({"url": "https://x.example/hook", "event_types": []})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let (_, list) = app.get("/api/v1/webhooks", &admin.token).await;
        assert!(list.as_array().unwrap().is_empty());
    }

    async fn appointments_and_interventions_are_announced(app) {
        let (receiver, url, _server) = start_receiver().await;
        let _worker = app.start_webhook_worker();
        let admin = app.user(Role::Admin, None).await;
        let agent = app.user(Role::Agent, None).await;
        let org = app.organization("Afspraken").await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        let (status, _) = app.post("/api/v1/webhooks", &admin.token, json!({
            "url": url, "event_types": ["appointment.booked", "appointment.cancelled", "intervention.recorded"]
        })).await;
        assert_eq!(status, StatusCode::CREATED);
        let (_, created) = app.post("/api/v1/tickets", &customer.token, json!({"subject": "Kassa", "description": "-", "category": "user_question"})).await;
        let reference = created["ticket"]["reference"].as_str().unwrap().to_owned();
        let (status, booked) = app.post("/api/v1/appointments", &agent.token, json!({
            "ticket": reference, "agent_id": agent.id(), "starts_at": "2026-12-03T09:00:00+01:00",
            "minutes": 60, "mode": "remote", "note": "Op afstand"
        })).await;
        assert_eq!(status, StatusCode::CREATED, "{booked}");
        let id = booked["id"].as_str().unwrap();
        let (status, _) = app.post(&format!("/api/v1/appointments/{id}/cancel"), &agent.token, json!({})).await;
        assert_eq!(status, StatusCode::OK);
        let (status, _) = app.post(&format!("/api/v1/tickets/{reference}/interventions"), &agent.token,
            json!({"performed_on": "2026-11-24", "minutes": 30, "description": "Uitleg gegeven"})).await;
        assert_eq!(status, StatusCode::CREATED);
        wait_until("three events", || receiver.received.lock().unwrap().len() >= 3).await;
        let mut got = types(&receiver);
        got.sort();
        assert_eq!(got, ["appointment.booked", "appointment.cancelled", "intervention.recorded"], "only subscribed types, not ticket.*");
    }

    async fn a_slow_receiver_gets_each_attempt_once_from_two_workers(app) {
        let (receiver, url, _server) = start_receiver().await;
        receiver.delay_ms.store(150, Ordering::SeqCst);
        // Short timeouts, so the claim's lease (three timeouts) runs out while one worker is
        // still going through its batch of slow deliveries.
        let settings = loket::jobs::webhooks::WebhookSettings {
            poll_interval: Duration::from_millis(20),
            retry_base: Duration::from_millis(200),
            timeout: Duration::from_millis(250),
        };
        let admin = app.user(Role::Admin, None).await;
        let org = app.organization("Traag").await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        subscribe(&app, &admin, &url).await;
        for n in 0..12 {
            let (status, _) = app.post("/api/v1/tickets", &customer.token, json!({"subject": format!("Vraag {n}"), "description": "-"})).await;
            assert_eq!(status, StatusCode::CREATED);
        }
        let _workers = [
            loket::jobs::webhooks::spawn(app.store.clone(), settings),
            loket::jobs::webhooks::spawn(app.store.clone(), settings),
        ];
        wait_until("every event arrived", || receiver.received.lock().unwrap().len() >= 12).await;
        tokio::time::sleep(Duration::from_millis(1500)).await;
        let mut ids: Vec<String> = receiver.received.lock().unwrap().iter().map(|(_, _, e)| e["event_id"].as_str().unwrap().to_owned()).collect();
        ids.sort();
        let sent = ids.len();
        ids.dedup();
        assert_eq!((ids.len(), sent), (12, 12), "each event sent once");
    }
}

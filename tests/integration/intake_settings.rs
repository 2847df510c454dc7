//! The ticket intake keeps the settings new tickets are decided by in memory while the
//! database's settings version stays the same. A change made through one server must decide
//! the very next ticket created through another.

use chrono::{DateTime, Utc};
use loket::domain::account::Role;
use loket::domain::calendar::{Calendar, Closure};
use loket::domain::priority::Priority;
use loket::domain::sla::{due_times, SlaPolicy};
use loket::store::settings_version;
use loket_tests::{on_both_databases, read, TestApp, TestUser};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

/// Creates a ticket through the server at `base` and returns it.
async fn create_through(app: &TestApp, base: &str, customer: &TestUser, subject: &str) -> Value {
    let response = app
        .client
        .post(format!("{base}/api/v1/tickets"))
        .bearer_auth(&customer.token)
        .json(&json!({"subject": subject, "description": "Graag een antwoord."}))
        .send()
        .await
        .expect("the peer answers");
    let (status, body) = read(response).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["ticket"].clone()
}

async fn version(app: &TestApp) -> i64 {
    app.store
        .run(settings_version::current)
        .await
        .expect("the version reads")
}

fn instant(value: &Value) -> DateTime<Utc> {
    value.as_str().expect("a timestamp").parse().expect("RFC 3339")
}

on_both_databases! {
    async fn settings_changed_through_one_server_decide_the_next_ticket_created_through_another(app) {
        let peer = app.peer().await;
        let admin = app.user(Role::Admin, None).await;
        let org = app.organization("Bakkerij Gedeeld").await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        let subject = "Vraag over de weekrapporten";

        // The peer's intake has read (and kept) the settings.
        let first = create_through(&app, &peer.base, &customer, subject).await;
        assert_eq!(first["kind"], "support");
        assert_ne!(first["priority"], "critical");

        // A new triage rule.
        let before = version(&app).await;
        let (status, body) = app.post("/api/v1/triage/rules", &admin.token, json!({
            "name": "Weekrapporten", "position": 1,
            "conditions": [{"type": "text_contains_any", "words": ["weekrapporten"]}],
            "actions": [{"type": "set_kind", "kind": "change_request"}]
        })).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        assert!(version(&app).await > before);
        assert_eq!(create_through(&app, &peer.base, &customer, subject).await["kind"], "change_request");

        // A rule for organisations with a valid contract: the organisation has none yet (and
        // the peer keeps that), then gets one.
        let (status, body) = app.post("/api/v1/triage/rules", &admin.token, json!({
            "name": "Contractklanten", "position": 0,
            "conditions": [{"type": "text_contains_any", "words": ["weekrapporten"]}, {"type": "has_valid_contract", "value": true}],
            "actions": [{"type": "set_kind", "kind": "issue"}, {"type": "stop_processing"}]
        })).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        assert_eq!(create_through(&app, &peer.base, &customer, subject).await["kind"], "change_request");
        let before = version(&app).await;
        let (status, body) = app.post("/api/v1/contracts", &admin.token, json!({
            "organization_id": org.id, "starts_on": "2020-01-01", "ends_on": null, "hourly_rate_cents": 9000, "notes": "Doorlopend contract"
        })).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        assert!(version(&app).await > before);
        assert_eq!(create_through(&app, &peer.base, &customer, subject).await["kind"], "issue");

        // The priority matrix and the SLA policies.
        let (_, matrix) = app.get("/api/v1/priority-matrix", &admin.token).await;
        let cells: Vec<Value> = matrix["cells"].as_array().expect("cells").iter().map(|cell| {
            let mut cell = cell.clone();
            cell["priority"] = json!("critical");
            cell
        }).collect();
        let (status, body) = app.call(Method::PUT, "/api/v1/priority-matrix", Some(&admin.token), Some(json!({"cells": cells}))).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let before = version(&app).await;
        let shorter = json!({"policies": [{"priority": "critical", "first_response_minutes": 30, "resolution_minutes": 240}]});
        let (status, body) = app.call(Method::PUT, "/api/v1/sla/policies", Some(&admin.token), Some(shorter)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert!(version(&app).await > before);
        let urgent = create_through(&app, &peer.base, &customer, subject).await;
        assert_eq!(urgent["priority"], "critical");
        let expected = due_times(&Calendar::interventions(), &SlaPolicy::new(Priority::Critical, 30, 240), instant(&urgent["created_at"]), 0)
            .expect("the calendar opens");
        assert_eq!(instant(&urgent["first_response_due_at"]), expected.first_response);

        // A webhook subscription: the next ticket is announced to it.
        let (status, webhook) = app.post("/api/v1/webhooks", &admin.token, json!({
            "url": "https://hooks.example/loket", "secret": "a-shared-secret-of-the-receiver", "event_types": ["ticket.created"]
        })).await;
        assert_eq!(status, StatusCode::CREATED, "{webhook}");
        create_through(&app, &peer.base, &customer, subject).await;
        let (_, deliveries) = app.get(&format!("/api/v1/webhooks/{}/deliveries", webhook["webhook"]["id"].as_str().expect("an id")), &admin.token).await;
        let deliveries = deliveries.as_array().expect("a list");
        assert_eq!(deliveries.len(), 1, "only the ticket created after subscribing: {deliveries:?}");
        assert_eq!(deliveries[0]["event_type"], "ticket.created");

        // A closure of the SLA calendar from today on: the next ticket's due times skip it.
        let (first_day, last_day) = (loket::store::today(), loket::store::today() + chrono::Days::new(14));
        let (status, body) = app.post("/api/v1/schedules/interventions/closures", &admin.token,
            json!({"first_day": first_day, "last_day": last_day, "reason": "Verhuis / office move"})).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        let after_closure = version(&app).await;
        let closed = create_through(&app, &peer.base, &customer, subject).await;
        let calendar = Calendar::interventions()
            .with_closures(vec![Closure { first_day, last_day, reason: "Verhuis / office move".into() }])
            .expect("a valid closure");
        let policy = SlaPolicy::new(Priority::Critical, 30, 240);
        let with_closure = due_times(&calendar, &policy, instant(&closed["created_at"]), 0).expect("the calendar opens");
        let without = due_times(&Calendar::interventions(), &policy, instant(&closed["created_at"]), 0).expect("the calendar opens");
        assert_ne!(with_closure.first_response, without.first_response, "the closure matters to this ticket");
        assert_eq!(instant(&closed["first_response_due_at"]), with_closure.first_response);

        // Organisations move the version too.
        let (status, body) = app.patch(&format!("/api/v1/organizations/{}", org.id), &admin.token, json!({"name": "Bakkerij Gedeeld & Zonen"})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert!(version(&app).await > after_closure);
    }
}

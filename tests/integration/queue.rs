//! What the agent console's queue and ticket page read from the ticket API: the channel and
//! "mine" filters, the names of assignee and organisation, the business minutes left of the
//! SLA targets, and the last triage decision.

use chrono::{DateTime, Utc};
use loket::domain::account::Role;
use loket_tests::{on_both_databases, read, TestApp, TestUser};
use reqwest::StatusCode;
use serde_json::{json, Value};

fn references(page: &Value) -> Vec<String> {
    let mut found: Vec<String> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["reference"].as_str().unwrap().to_owned())
        .collect();
    found.sort();
    found
}

fn sorted(mut items: Vec<String>) -> Vec<String> {
    items.sort();
    items
}

async fn named_agent(app: &TestApp, name: &str) -> TestUser {
    let agent = app.user(Role::Agent, None).await;
    let (status, body) = app
        .patch("/api/v1/me", &agent.token, json!({"display_name": name}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    agent
}

async fn phone_call(app: &TestApp, agent: &TestUser, customer: &TestUser, subject: &str) -> String {
    let (status, body) = app
        .post(
            "/api/v1/tickets",
            &agent.token,
            json!({"subject": subject, "description": "Telefonisch", "requester_id": customer.id(), "assignee_id": agent.id()}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["ticket"]["reference"].as_str().unwrap().to_owned()
}

/// The business minutes from now to `due` on the schedule SLAs count in, as the server's
/// calendar gives them: negative when `due` has passed.
async fn minutes_until(app: &TestApp, due: &Value) -> i64 {
    let due: DateTime<Utc> = due.as_str().unwrap().parse().unwrap();
    let calendar = app.store.run(loket::store::sla::sla_calendar).await.unwrap();
    let now = Utc::now();
    if due >= now {
        calendar.business_minutes_between(now, due)
    } else {
        -calendar.business_minutes_between(due, now)
    }
}

fn assert_about(actual: &Value, expected: i64, what: &str) {
    let actual = actual
        .as_i64()
        .unwrap_or_else(|| panic!("{what}: {actual} is not a number"));
    // A minute may turn between the server's answer and this check.
    assert!((actual - expected).abs() <= 1, "{what}: {actual}, expected {expected}");
}

on_both_databases! {
    async fn the_queue_filters_by_channel_and_mine_and_names_assignee_and_organisation(app) {
        let org = app.organization("Brasserie Élan").await;
        let other = app.organization("Garage Ander").await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        let stranger = app.user(Role::Customer, Some(&other)).await;
        let anna = named_agent(&app, "Anna Agent").await;
        let bert = named_agent(&app, "Bert Agent").await;
        let (_, portal) = app.post("/api/v1/tickets", &customer.token, json!({"subject": "Via het portaal", "description": "x"})).await;
        let portal = portal["ticket"]["reference"].as_str().unwrap().to_owned();
        let (_, elsewhere) = app.post("/api/v1/tickets", &stranger.token, json!({"subject": "Van een andere klant", "description": "x"})).await;
        let elsewhere = elsewhere["ticket"]["reference"].as_str().unwrap().to_owned();
        let annas = phone_call(&app, &anna, &customer, "Belde over de kassa").await;
        let berts = phone_call(&app, &bert, &customer, "Belde over de printer").await;

        let (status, phone) = app.get("/api/v1/tickets?channel=phone", &anna.token).await;
        assert_eq!(status, StatusCode::OK, "{phone}");
        assert_eq!(references(&phone), sorted(vec![annas.clone(), berts.clone()]));
        assert!(phone["items"].as_array().unwrap().iter().all(|t| t["channel"] == "phone"));
        let (_, by_portal) = app.get("/api/v1/tickets?channel=portal", &anna.token).await;
        assert_eq!(references(&by_portal), sorted(vec![portal.clone(), elsewhere.clone()]));
        let (_, mine) = app.get("/api/v1/tickets?assignee=me", &anna.token).await;
        assert_eq!(references(&mine), vec![annas.clone()]);
        let (_, berts_own) = app.get("/api/v1/tickets?assignee=me&channel=phone", &bert.token).await;
        assert_eq!(references(&berts_own), vec![berts.clone()]);
        let (_, searched) = app.get("/api/v1/tickets?q=belde&channel=phone&assignee=me", &bert.token).await;
        assert_eq!(references(&searched), vec![berts.clone()], "search takes the same filters");
        let (_, unassigned_phone) = app.get("/api/v1/tickets?channel=phone&unassigned=true", &anna.token).await;
        assert!(references(&unassigned_phone).is_empty());

        let (_, all) = app.get("/api/v1/tickets", &anna.token).await;
        let item = |reference: &str| {
            all["items"].as_array().unwrap().iter().find(|t| t["reference"] == reference).unwrap().clone()
        };
        assert_eq!(item(&annas)["assignee_name"], "Anna Agent");
        assert_eq!(item(&berts)["assignee_name"], "Bert Agent");
        assert!(item(&portal)["assignee_name"].is_null(), "nobody is assigned");
        assert_eq!(item(&portal)["organization_name"], "Brasserie Élan");
        assert_eq!(item(&elsewhere)["organization_name"], "Garage Ander");
        assert_eq!(item(&annas)["requester_name"], customer.user.display_name.as_str());
        let (_, detail) = app.get(&format!("/api/v1/tickets/{annas}"), &anna.token).await;
        assert_eq!(detail["assignee_name"], "Anna Agent");
        assert_eq!(detail["organization_name"], "Brasserie Élan");
        assert_eq!(detail["reference"], annas.as_str());

        // A customer reads the names on their own tickets and nothing of another organisation.
        let (_, own) = app.get("/api/v1/tickets", &customer.token).await;
        assert_eq!(references(&own), sorted(vec![portal.clone(), annas.clone(), berts.clone()]));
        assert!(own["items"].as_array().unwrap().iter().all(|t| t["organization_name"] == "Brasserie Élan"));
        let text = own.to_string();
        assert!(!text.contains("Garage Ander") && !text.contains("Van een andere klant"), "{text}");
        let (_, none) = app.get(&format!("/api/v1/tickets?organization={}", other.id), &customer.token).await;
        assert!(references(&none).is_empty(), "a filter never widens what a customer sees");
        let (status, _) = app.get(&format!("/api/v1/tickets/{elsewhere}"), &customer.token).await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        for (query, field) in [("channel=fax", None), ("assignee=somebody", Some("assignee")), ("status=open,sleeping", Some("status"))] {
            let (status, body) = app.get(&format!("/api/v1/tickets?{query}"), &anna.token).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{query}: {body}");
            if let Some(field) = field {
                assert_eq!(body["errors"][0]["field"], field, "{body}");
            }
        }
        let long = "a".repeat(201);
        let (status, body) = app.get(&format!("/api/v1/tickets?q={long}"), &anna.token).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(body["errors"][0]["field"], "q");
    }

    async fn the_time_left_counts_business_minutes_and_stops_when_met_or_waiting(app) {
        let org = app.organization("Klok").await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        let agent = app.user(Role::Agent, None).await;
        let (_, created) = app.post("/api/v1/tickets", &customer.token, json!({"subject": "Vraag", "description": "Hoe doe ik dit?"})).await;
        let reference = created["ticket"]["reference"].as_str().unwrap().to_owned();
        let path = format!("/api/v1/tickets/{reference}");

        let (_, ticket) = app.get(&path, &agent.token).await;
        assert_about(&ticket["first_response_due_in"], minutes_until(&app, &ticket["first_response_due_at"]).await, "first response");
        assert_about(&ticket["resolution_due_in"], minutes_until(&app, &ticket["resolution_due_at"]).await, "resolution");
        let (_, list) = app.get("/api/v1/tickets", &agent.token).await;
        let listed = &list["items"][0];
        assert_about(&listed["first_response_due_in"], minutes_until(&app, &ticket["first_response_due_at"]).await, "listed");
        let policy_minutes = |priority: &str, list: &Value, field: &str| {
            list.as_array().unwrap().iter().find(|p| p["priority"] == priority).unwrap()[field].as_i64().unwrap()
        };
        let (_, policies) = app.get("/api/v1/sla/policies", &agent.token).await;
        let policies = policies.get("items").cloned().unwrap_or(policies);
        let priority = ticket["priority"].as_str().unwrap();
        let first = ticket["first_response_due_in"].as_i64().unwrap();
        assert!((0..=policy_minutes(priority, &policies, "first_response_minutes")).contains(&first), "{first}");

        // Long overdue (set in the store, as if logged weeks ago): negative business minutes.
        let weeks_ago = (Utc::now() - chrono::TimeDelta::days(20)).naive_utc();
        let id = ticket["id"].as_str().unwrap().to_owned();
        app.store.run(move |conn| {
            use diesel::prelude::*;
            use loket::store::schema::tickets;
            diesel::update(tickets::table.find(id))
                .set((tickets::first_response_due_at.eq(weeks_ago), tickets::resolution_due_at.eq(weeks_ago)))
                .execute(conn)
                .map_err(|e| loket::store::StoreError::Unavailable(e.to_string()))
        }).await.unwrap();
        let (_, late) = app.get(&path, &agent.token).await;
        let expected = minutes_until(&app, &late["first_response_due_at"]).await;
        assert!(expected < -1000, "20 days hold more than two business days: {expected}");
        assert_about(&late["first_response_due_in"], expected, "overdue first response");
        assert_about(&late["resolution_due_in"], expected, "overdue resolution");

        // The first public staff reply meets the first-response target.
        let (status, _) = app.post(&format!("{path}/comments"), &agent.token, json!({"body": "We kijken ernaar."})).await;
        assert_eq!(status, StatusCode::CREATED);
        let (_, answered) = app.get(&path, &agent.token).await;
        assert!(answered["first_response_due_in"].is_null(), "{answered}");
        assert!(answered["resolution_due_in"].as_i64().is_some());
        // Waiting on the customer, the resolution clock stands still.
        let (status, body) = app.patch(&path, &agent.token, json!({"status": "pending_customer"})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (_, waiting) = app.get(&path, &customer.token).await;
        assert!(waiting["resolution_due_in"].is_null(), "{waiting}");
        let (status, body) = app.patch(&path, &agent.token, json!({"status": "resolved"})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (_, resolved) = app.get(&path, &agent.token).await;
        assert!(resolved["first_response_due_in"].is_null() && resolved["resolution_due_in"].is_null(), "{resolved}");
    }

    async fn the_ticket_shows_the_last_triage_decision_in_the_callers_language(app) {
        let admin = app.user(Role::Admin, None).await;
        let agent = app.user(Role::Agent, None).await;
        let org = app.organization("Triage B").await;
        let customer = app.user(Role::Customer, Some(&org)).await;

        // No rule fires on a plain question.
        let (_, plain) = app.post("/api/v1/tickets", &customer.token, json!({"subject": "Vraag", "description": "Hoe wijzig ik mijn wachtwoord?"})).await;
        let plain = format!("/api/v1/tickets/{}", plain["ticket"]["reference"].as_str().unwrap());
        let (_, events) = app.get(&format!("{plain}/events"), &agent.token).await;
        let (_, detail) = app.get(&plain, &agent.token).await;
        let fired = events.as_array().unwrap().iter().any(|e| !e["rule_id"].is_null());
        assert_eq!(detail["triage"].is_null(), !fired, "{detail}");

        // A rule that assigns and then adds an internal note: staff see the note's decision,
        // the customer the assignment, and never the note.
        let (status, rule) = app.post("/api/v1/triage/rules", &admin.token, json!({
            "name": "Kassa naar Anna", "position": 1,
            "conditions": [{"type": "text_contains_any", "words": ["kassa"]}],
            "actions": [
                {"type": "assign_to", "agent_id": agent.id()},
                {"type": "add_internal_note", "body": "Geheime kassaprocedure K-7"}
            ]
        })).await;
        assert_eq!(status, StatusCode::CREATED, "{rule}");
        let (_, created) = app.post("/api/v1/tickets", &customer.token, json!({"subject": "De kassa start niet", "description": "Zwart scherm"})).await;
        let path = format!("/api/v1/tickets/{}", created["ticket"]["reference"].as_str().unwrap());
        let (_, staff_view) = app.get(&path, &agent.token).await;
        let triage = &staff_view["triage"];
        assert_eq!(triage["rule_id"], rule["id"], "{staff_view}");
        assert_eq!(triage["rule_name"], "Kassa naar Anna");
        let (_, events) = app.get(&format!("{path}/events"), &agent.token).await;
        let last = events.as_array().unwrap().iter().rev().find(|e| !e["rule_id"].is_null()).unwrap();
        assert_eq!(last["field"], "internal_note");
        assert_eq!(triage["explanation"], last["explanation"], "the history's words, in English");
        assert_eq!(
            triage["decided_at"].as_str().unwrap().parse::<DateTime<Utc>>().unwrap(),
            last["created_at"].as_str().unwrap().parse::<DateTime<Utc>>().unwrap()
        );
        let response = app.client.get(app.url(&path)).bearer_auth(&agent.token).header("accept-language", "nl").send().await.unwrap();
        let (_, in_dutch) = read(response).await;
        assert_ne!(in_dutch["triage"]["explanation"], triage["explanation"], "Dutch on request: {in_dutch}");
        assert!(in_dutch["triage"]["explanation"].as_str().unwrap().contains("Kassa naar Anna"));

        let (_, customer_view) = app.get(&path, &customer.token).await;
        let (_, customer_events) = app.get(&format!("{path}/events"), &customer.token).await;
        let assignment = customer_events.as_array().unwrap().iter().find(|e| e["field"] == "assignee").unwrap();
        assert_eq!(customer_view["triage"]["rule_id"], rule["id"]);
        assert_eq!(customer_view["triage"]["explanation"], assignment["explanation"]);
        assert!(!customer_view.to_string().contains("K-7"), "{customer_view}");

        // Triage run again later: the newer decision is the one shown.
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        let (status, _) = app.post(&format!("{path}/triage"), &agent.token, json!({})).await;
        assert_eq!(status, StatusCode::OK);
        let (_, again) = app.get(&path, &agent.token).await;
        assert!(again["triage"]["decided_at"].as_str().unwrap().parse::<DateTime<Utc>>().unwrap()
            > triage["decided_at"].as_str().unwrap().parse::<DateTime<Utc>>().unwrap(), "{again}");
    }
}

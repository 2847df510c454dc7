use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use loket::domain::account::Role;
use loket::domain::calendar::Calendar;
use loket::domain::calendar::DEFAULT_TIME_ZONE as Brussels;
use loket::domain::priority::{Priority, Urgency};
use loket::domain::sla::{due_times, SlaPolicy};
use loket::domain::ticket_status::{Kind, TicketStatus};
use loket::store::sla::{tick, tick_exclusive, SlaSettings, TickReport, TICK_LOCK_KEY};
use loket::store::tickets::{bulk_insert, BulkTicket};
use loket::store::Store;
use loket_tests::{on_both_databases, read, Db, TestApp, TestUser};
use reqwest::StatusCode;
use serde_json::{json, Value};

const SETTINGS: SlaSettings = SlaSettings {
    at_risk_percent: 75,
    auto_close_business_days: 5,
};

fn brussels(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Brussels
        .from_local_datetime(
            &NaiveDate::from_ymd_opt(y, mo, d)
                .unwrap()
                .and_hms_opt(h, mi, 0)
                .unwrap(),
        )
        .unwrap()
        .with_timezone(&Utc)
}

fn instant(value: &Value) -> DateTime<Utc> {
    value.as_str().unwrap().parse().unwrap()
}

/// Logs a high-priority ticket at a chosen instant (setup through the store: the API logs
/// tickets "now") and returns its reference, found over HTTP by its subject.
async fn ticket_logged_at(app: &TestApp, agent: &TestUser, word: &str, at: DateTime<Utc>) -> String {
    let org = app.organization(&format!("Klant {word}")).await;
    let customer = app.user(Role::Customer, Some(&org)).await;
    let ticket = BulkTicket {
        subject: format!("Vraag {word}"),
        description: "Het rapport blijft leeg.".into(),
        reply: "We kijken ernaar.".into(),
        kind: Kind::Support,
        status: TicketStatus::Open,
        urgency: Urgency::High,
        priority: Priority::High,
        requester_id: customer.id(),
        organization_id: Some(org.id),
        agent_id: agent.id(),
        created_at: at.naive_utc(),
    };
    app.store
        .run(move |conn| bulk_insert(conn, vec![ticket]))
        .await
        .unwrap();
    let (status, page) = app.get(&format!("/api/v1/tickets?q={word}"), &agent.token).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    page["items"][0]["reference"].as_str().unwrap().to_owned()
}

async fn sla_in(app: &TestApp, token: &str, reference: &str, language: &str) -> Value {
    let response = reqwest::Client::new()
        .get(app.url(&format!("/api/v1/tickets/{reference}/sla")))
        .bearer_auth(token)
        .header("Accept-Language", language)
        .send()
        .await
        .unwrap();
    let (status, body) = read(response).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

async fn run_tick(app: &TestApp, at: DateTime<Utc>) -> TickReport {
    app.store.run(move |conn| tick(conn, at, SETTINGS)).await.unwrap()
}

async fn create(app: &TestApp, agent: &TestUser, customer: &TestUser, priority: &str) -> Value {
    let (status, created) = app
        .post(
            "/api/v1/tickets",
            &agent.token,
            json!({"subject": "Server plat", "description": "Niemand kan werken.", "requester_id": customer.id(), "priority": priority}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    created["ticket"].clone()
}

on_both_databases! {
    async fn a_ticket_logged_on_friday_at_three_runs_over_the_weekend(app) {
        let agent = app.user(Role::Agent, None).await;
        let reference = ticket_logged_at(&app, &agent, "vrijdag", brussels(2026, 11, 27, 15, 0)).await;
        let sla = sla_in(&app, &agent.token, &reference, "en").await;
        assert_eq!(sla["policy"], json!({"priority": "high", "first_response_minutes": 240, "resolution_minutes": 960}));
        // Friday closes at 15:30: 30 minutes on Friday, the rest on Monday and later.
        assert_eq!(instant(&sla["first_response"]["due_at"]), brussels(2026, 11, 30, 13, 30));
        assert_eq!(instant(&sla["resolution"]["due_at"]), brussels(2026, 12, 2, 11, 30));
        assert_eq!(sla["resolution"]["business_minutes"], 960);
        let text = sla["first_response"]["explanation"].as_str().unwrap();
        assert!(text.starts_with("first response due Monday 30 November 2026 13:30: 4 business hours from Friday 27 November 2026 15:00"), "{text}");
        assert!(text.contains("the weekend"), "{text}");

        let (_, ticket) = app.get(&format!("/api/v1/tickets/{reference}"), &agent.token).await;
        assert_eq!(instant(&ticket["first_response_due_at"]), brussels(2026, 11, 30, 13, 30));
        assert_eq!(instant(&ticket["resolution_due_at"]), brussels(2026, 12, 2, 11, 30));
    }

    async fn a_ticket_logged_on_23_december_skips_the_christmas_closure(app) {
        let agent = app.user(Role::Agent, None).await;
        let reference = ticket_logged_at(&app, &agent, "kerst", brussels(2026, 12, 23, 15, 0)).await;
        let sla = sla_in(&app, &agent.token, &reference, "en").await;
        assert_eq!(instant(&sla["resolution"]["due_at"]), brussels(2027, 1, 5, 10, 30));
        let text = sla["resolution"]["explanation"].as_str().unwrap();
        assert!(
            text.starts_with("resolution due Tuesday 5 January 2027 10:30: 16 business hours from Wednesday 23 December 2026 15:00"),
            "{text}"
        );
        assert!(text.contains("Christmas closure"), "{text}");
        assert!(text.contains("weekend"), "{text}");
        let skipped = sla["resolution"]["skipped"].as_array().unwrap();
        assert_eq!(skipped.len(), 2, "{skipped:?}");

        let dutch = sla_in(&app, &agent.token, &reference, "nl").await;
        let text = dutch["resolution"]["explanation"].as_str().unwrap();
        assert!(text.starts_with("oplossing verwacht op dinsdag 5 januari 2027 10:30: 16 werkuren"), "{text}");
    }

    async fn new_tickets_get_the_due_times_of_their_priority(app) {
        let admin = app.user(Role::Admin, None).await;
        let agent = app.user(Role::Agent, None).await;
        let org = app.organization("Brouwerij Test").await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        let ticket = create(&app, &agent, &customer, "critical").await;
        let created = instant(&ticket["created_at"]);
        let expected = due_times(&Calendar::interventions(), &SlaPolicy::default_for(Priority::Critical), created, 0).unwrap();
        assert_eq!(instant(&ticket["first_response_due_at"]), expected.first_response);
        assert_eq!(instant(&ticket["resolution_due_at"]), expected.resolution);
        assert_eq!(ticket["sla_breached"], false);
        let reference = ticket["reference"].as_str().unwrap().to_owned();

        // A priority change recomputes the due times with the new policy.
        let (status, changed) = app.patch(&format!("/api/v1/tickets/{reference}"), &agent.token, json!({"priority": "low"})).await;
        assert_eq!(status, StatusCode::OK, "{changed}");
        let low = due_times(&Calendar::interventions(), &SlaPolicy::default_for(Priority::Low), created, 0).unwrap();
        assert_eq!(instant(&changed["resolution_due_at"]), low.resolution);

        // Waiting on the customer pauses the resolution clock; it restarts when they answer.
        let (_, waiting) = app.patch(&format!("/api/v1/tickets/{reference}"), &agent.token, json!({"status": "pending_customer"})).await;
        assert!(waiting["sla_paused_since"].is_string(), "{waiting}");
        let (status, answered) = app.post(&format!("/api/v1/tickets/{reference}/comments"), &customer.token, json!({"body": "Hier is de info."})).await;
        assert_eq!(status, StatusCode::CREATED, "{answered}");
        assert!(answered["sla_paused_since"].is_null(), "{answered}");
        assert!(instant(&answered["resolution_due_at"]) >= low.resolution);

        // Policies: staff read, admins change; a new policy applies to later tickets.
        let (status, policies) = app.get("/api/v1/sla/policies", &agent.token).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(policies.as_array().unwrap().len(), 4);
        assert_eq!(policies[0], json!({"priority": "critical", "first_response_minutes": 60, "resolution_minutes": 480}));
        let (status, _) = app.get("/api/v1/sla/policies", &customer.token).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let change = json!({"policies": [{"priority": "critical", "first_response_minutes": 30, "resolution_minutes": 240}]});
        let (status, _) = app.call(reqwest::Method::PUT, "/api/v1/sla/policies", Some(&agent.token), Some(change.clone())).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let bad = json!({"policies": [{"priority": "critical", "first_response_minutes": 300, "resolution_minutes": 240}]});
        let (status, body) = app.call(reqwest::Method::PUT, "/api/v1/sla/policies", Some(&admin.token), Some(bad)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let (_, unchanged) = app.get("/api/v1/sla/policies", &agent.token).await;
        assert_eq!(unchanged, policies, "a refused change changes nothing");
        let (status, saved) = app.call(reqwest::Method::PUT, "/api/v1/sla/policies", Some(&admin.token), Some(change)).await;
        assert_eq!(status, StatusCode::OK, "{saved}");
        assert_eq!(saved[0]["first_response_minutes"], 30);
        let later = create(&app, &agent, &customer, "critical").await;
        let shorter = SlaPolicy::new(Priority::Critical, 30, 240);
        let expected = due_times(&Calendar::interventions(), &shorter, instant(&later["created_at"]), 0).unwrap();
        assert_eq!(instant(&later["first_response_due_at"]), expected.first_response);
    }

    async fn the_scheduler_flags_at_risk_and_breached_tickets_and_closes_resolved_ones(app) {
        let agent = app.user(Role::Agent, None).await;
        let org = app.organization("Drukkerij Test").await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        let ticket = create(&app, &agent, &customer, "critical").await;
        let reference = ticket["reference"].as_str().unwrap().to_owned();
        let first_due = instant(&ticket["first_response_due_at"]);

        let report = run_tick(&app, first_due - Duration::minutes(10)).await;
        assert_eq!(report, TickReport { at_risk: 1, ..TickReport::default() });
        let (_, at_risk) = app.get("/api/v1/tickets?at_risk=true", &agent.token).await;
        assert_eq!(at_risk["items"].as_array().unwrap().len(), 1, "{at_risk}");
        let (_, breached) = app.get("/api/v1/tickets?breached=true", &agent.token).await;
        assert!(breached["items"].as_array().unwrap().is_empty(), "{breached}");

        // The scheduler's own entry point (advisory lock on PostgreSQL) runs the same tick.
        let at = first_due + Duration::minutes(1);
        let report = app.store.run(move |conn| tick_exclusive(conn, at, SETTINGS)).await.unwrap().expect("no other runner");
        assert_eq!(report, TickReport { breached: 1, ..TickReport::default() });
        assert_eq!(run_tick(&app, first_due + Duration::minutes(2)).await, TickReport::default(), "nothing new to report");
        let (_, breached) = app.get("/api/v1/tickets?breached=true", &agent.token).await;
        assert_eq!(breached["items"][0]["reference"], reference.as_str());
        assert_eq!(breached["items"][0]["sla_at_risk"], false);
        let (_, events) = app.get(&format!("/api/v1/tickets/{reference}/events"), &agent.token).await;
        let sla_events: Vec<&Value> = events.as_array().unwrap().iter().filter(|e| e["field"] == "sla").collect();
        assert_eq!(sla_events.len(), 2, "{events}");
        assert_eq!(sla_events[0]["new_value"], "at_risk");
        assert_eq!(sla_events[1]["new_value"], "breached");
        assert!(sla_events.iter().all(|e| e["actor_id"].is_null()));
        let (_, customer_events) = app.get(&format!("/api/v1/tickets/{reference}/events"), &customer.token).await;
        assert!(customer_events.as_array().unwrap().iter().all(|e| e["field"] != "sla"), "{customer_events}");
        let (_, not_breached) = app.get("/api/v1/tickets?breached=false", &agent.token).await;
        assert!(not_breached["items"].as_array().unwrap().is_empty());

        // Resolved tickets close after five business days, not before.
        let (status, resolved) = app.patch(&format!("/api/v1/tickets/{reference}"), &agent.token, json!({"status": "resolved"})).await;
        assert_eq!(status, StatusCode::OK, "{resolved}");
        let resolved_at = instant(&resolved["resolved_at"]);
        assert_eq!(run_tick(&app, resolved_at + Duration::hours(1)).await.closed, 0);
        assert_eq!(run_tick(&app, resolved_at + Duration::days(30)).await.closed, 1);
        let (_, closed) = app.get(&format!("/api/v1/tickets/{reference}"), &customer.token).await;
        assert_eq!(closed["status"], "closed");
        assert!(closed["closed_at"].is_string());
        let (_, events) = app.get(&format!("/api/v1/tickets/{reference}/events"), &customer.token).await;
        let closing = events.as_array().unwrap().last().unwrap();
        assert_eq!((&closing["field"], &closing["new_value"], &closing["actor_id"]), (&json!("status"), &json!("closed"), &Value::Null));
        assert_eq!(closing["explanation"], "closed by the scheduler: resolved for 5 business days", "{closing}");
    }

    async fn the_queue_orders_by_due_time_within_a_priority(app) {
        let admin = app.user(Role::Admin, None).await;
        let agent = app.user(Role::Agent, None).await;
        let org = app.organization("Garage Test").await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        let older = create(&app, &agent, &customer, "low").await;
        let urgent_policy = json!({"policies": [{"priority": "low", "first_response_minutes": 1, "resolution_minutes": 10}]});
        let (status, body) = app.call(reqwest::Method::PUT, "/api/v1/sla/policies", Some(&admin.token), Some(urgent_policy)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let newer = create(&app, &agent, &customer, "low").await;
        let critical = create(&app, &agent, &customer, "critical").await;
        assert!(instant(&newer["first_response_due_at"]) < instant(&older["first_response_due_at"]));
        let (status, page) = app.get("/api/v1/tickets?limit=2", &agent.token).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        let (_, rest) = app.get(&format!("/api/v1/tickets?limit=2&cursor={}", page["next_cursor"].as_str().unwrap()), &agent.token).await;
        let order: Vec<&Value> = page["items"].as_array().unwrap().iter().chain(rest["items"].as_array().unwrap()).map(|t| &t["reference"]).collect();
        assert_eq!(order, vec![&critical["reference"], &newer["reference"], &older["reference"]], "priority first, then the earlier due time");
    }

    async fn a_second_instance_is_kept_out_while_one_ticks(app) {
        let agent = app.user(Role::Agent, None).await;
        let org = app.organization("Slotenmaker Test").await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        let ticket = create(&app, &agent, &customer, "critical").await;
        let reference = ticket["reference"].as_str().unwrap().to_owned();
        let at = instant(&ticket["first_response_due_at"]) - Duration::minutes(10);
        let url = app.database_url().to_owned();
        let second = tokio::task::spawn_blocking(move || Store::open(&url, 2)).await.unwrap().unwrap();
        match app.db {
            Db::Postgres => {
                // The first instance is in the middle of a tick: its session holds the lock.
                let first = app.store.clone();
                let holder = tokio::task::spawn_blocking(move || {
                    let mut conn = first.conn().unwrap();
                    advisory(&mut conn, "pg_advisory_lock");
                    conn
                })
                .await
                .unwrap();
                let kept_out = second.run(move |conn| tick_exclusive(conn, at, SETTINGS)).await.unwrap();
                assert_eq!(kept_out, None, "the second instance says it did not tick");
                assert_eq!(sla_event_count(&app, &agent, &reference).await, 0, "and changed nothing");
                let (_, page) = app.get("/api/v1/tickets?at_risk=true", &agent.token).await;
                assert!(page["items"].as_array().unwrap().is_empty(), "{page}");

                tokio::task::spawn_blocking(move || {
                    let mut conn = holder;
                    advisory(&mut conn, "pg_advisory_unlock");
                })
                .await
                .unwrap();
                let ran = second.run(move |conn| tick_exclusive(conn, at, SETTINGS)).await.unwrap();
                assert_eq!(ran, Some(TickReport { at_risk: 1, ..TickReport::default() }), "after the release it runs");
            }
            Db::Sqlite => {
                // No lock: both instances tick at once, the file's single writer makes each
                // change once.
                let (first, second) = (app.store.clone(), second.clone());
                let (a, b) = tokio::join!(
                    first.run(move |conn| tick_exclusive(conn, at, SETTINGS)),
                    second.run(move |conn| tick_exclusive(conn, at, SETTINGS)),
                );
                let (a, b) = (a.unwrap().expect("SQLite always ticks"), b.unwrap().expect("SQLite always ticks"));
                assert_eq!(a.at_risk + b.at_risk, 1, "{a:?} {b:?}");
            }
        }
        assert_eq!(sla_event_count(&app, &agent, &reference).await, 1, "one at-risk event whoever ticked");
        let (_, page) = app.get("/api/v1/tickets?at_risk=true", &agent.token).await;
        assert_eq!(page["items"][0]["reference"], reference.as_str());
    }

    async fn a_scheduled_ticket_opens_again_when_its_appointments_have_passed(app) {
        let admin = app.user(Role::Admin, None).await;
        let agent = app.user(Role::Agent, None).await;
        let org = app.organization("Bakkerij Afspraak").await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        let once = create(&app, &agent, &customer, "low").await["reference"].as_str().unwrap().to_owned();
        let twice = create(&app, &agent, &customer, "low").await["reference"].as_str().unwrap().to_owned();
        book(&app, &agent, &once, "2027-03-02T10:00:00+01:00").await;
        book(&app, &agent, &twice, "2027-03-02T13:00:00+01:00").await;
        book(&app, &agent, &twice, "2027-03-09T09:00:00+01:00").await;
        // A ticket an agent set to scheduled without booking anything is left alone.
        let by_hand = create(&app, &agent, &customer, "low").await["reference"].as_str().unwrap().to_owned();
        let (status, _) = app.patch(&format!("/api/v1/tickets/{by_hand}"), &agent.token, json!({"status": "scheduled"})).await;
        assert_eq!(status, StatusCode::OK);

        let (receiver, url, _server) = crate::webhooks::start_receiver().await;
        let _worker = app.start_webhook_worker();
        let (status, _) = app.post("/api/v1/webhooks", &admin.token, json!({"url": url, "event_types": ["ticket.updated"]})).await;
        assert_eq!(status, StatusCode::CREATED);

        let during = run_tick(&app, brussels(2027, 3, 2, 10, 30)).await;
        assert_eq!(during.reopened, 0, "the appointment is still going on");
        let after = run_tick(&app, brussels(2027, 3, 2, 11, 30)).await;
        assert_eq!(after.reopened, 1, "{after:?}");
        assert_eq!(run_tick(&app, brussels(2027, 3, 2, 11, 31)).await.reopened, 0, "once");
        for (reference, expected) in [(&once, "open"), (&twice, "scheduled"), (&by_hand, "scheduled")] {
            let (_, ticket) = app.get(&format!("/api/v1/tickets/{reference}"), &customer.token).await;
            assert_eq!(ticket["status"], expected, "{reference}");
        }
        let (_, events) = app.get(&format!("/api/v1/tickets/{once}/events"), &customer.token).await;
        let reopened = events.as_array().unwrap().last().unwrap();
        assert_eq!((&reopened["field"], &reopened["old_value"], &reopened["new_value"]), (&json!("status"), &json!("scheduled"), &json!("open")));
        assert!(reopened["actor_id"].is_null() && reopened["rule_id"].is_null(), "the system did it: {reopened}");
        assert_eq!(reopened["explanation"], "reopened by the scheduler: the appointment ended on Tuesday 2 March 2027 11:00 and no other is planned");
        let response = app.client.get(app.url(&format!("/api/v1/tickets/{once}/events"))).bearer_auth(&agent.token).header("accept-language", "nl").send().await.unwrap();
        let (_, dutch) = read(response).await;
        assert!(dutch.as_array().unwrap().last().unwrap()["explanation"].as_str().unwrap().starts_with("heropend door de planner: de afspraak eindigde op dinsdag 2 maart 2027 11:00"), "{dutch}");

        crate::webhooks::wait_until("the reopening is announced", || !receiver.received.lock().unwrap().is_empty()).await;
        assert_eq!(run_tick(&app, brussels(2027, 3, 9, 10, 0)).await.reopened, 1, "the second ticket after its last appointment");
        crate::webhooks::wait_until("both reopenings are announced", || receiver.received.lock().unwrap().len() >= 2).await;
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let announced: Vec<Value> = receiver.received.lock().unwrap().iter().map(|(_, _, e)| e["payload"].clone()).collect();
        assert_eq!(announced.len(), 2, "one ticket.updated per reopening, nothing for the flags: {announced:?}");
        for (payload, reference) in announced.iter().zip([&once, &twice]) {
            assert_eq!(payload["type"], "ticket.updated");
            assert_eq!(payload["data"]["ticket"]["reference"], reference.as_str());
            assert_eq!(payload["data"]["ticket"]["status"], "open");
            assert_eq!(payload["data"]["changes"], json!([{"field": "status", "old": "scheduled", "new": "open"}]));
        }
    }

    async fn a_cancelled_appointment_does_not_keep_a_ticket_scheduled(app) {
        let agent = app.user(Role::Agent, None).await;
        let org = app.organization("Bakkerij Afspraak").await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        let winter = create(&app, &agent, &customer, "low").await["reference"].as_str().unwrap().to_owned();
        book(&app, &agent, &winter, "2027-03-02T10:00:00+01:00").await;
        let later = book(&app, &agent, &winter, "2027-03-09T09:00:00+01:00").await;
        let (status, _) = app.post(&format!("/api/v1/appointments/{}/cancel", later["id"].as_str().unwrap()), &agent.token, json!({})).await;
        assert_eq!(status, StatusCode::OK);
        let (_, ticket) = app.get(&format!("/api/v1/tickets/{winter}"), &agent.token).await;
        assert_eq!(ticket["status"], "scheduled", "the 2 March appointment is still to come");
        // Summer time: Brussels is UTC+2, and the explanation says Brussels time.
        let summer = create(&app, &agent, &customer, "low").await["reference"].as_str().unwrap().to_owned();
        book(&app, &agent, &summer, "2027-04-06T10:00:00+02:00").await;

        assert_eq!(run_tick(&app, brussels(2027, 3, 2, 11, 30)).await.reopened, 1, "the cancelled 9 March appointment does not count");
        assert_eq!(run_tick(&app, brussels(2027, 4, 6, 11, 30)).await.reopened, 1);
        for (reference, ended) in [(&winter, "Tuesday 2 March 2027 11:00"), (&summer, "Tuesday 6 April 2027 11:00")] {
            let (_, ticket) = app.get(&format!("/api/v1/tickets/{reference}"), &customer.token).await;
            assert_eq!(ticket["status"], "open", "{reference}");
            let (_, events) = app.get(&format!("/api/v1/tickets/{reference}/events"), &customer.token).await;
            let explanation = events.as_array().unwrap().last().unwrap()["explanation"].as_str().unwrap().to_owned();
            assert_eq!(explanation, format!("reopened by the scheduler: the appointment ended on {ended} and no other is planned"));
        }
    }
}

/// Takes or releases the scheduler's advisory lock on one PostgreSQL session.
fn advisory(conn: &mut loket::store::Conn, function: &str) {
    use diesel::connection::SimpleConnection;
    conn.batch_execute(&format!("SELECT {function}({TICK_LOCK_KEY})"))
        .unwrap();
}

async fn sla_event_count(app: &TestApp, agent: &TestUser, reference: &str) -> usize {
    let (_, events) = app
        .get(&format!("/api/v1/tickets/{reference}/events"), &agent.token)
        .await;
    events
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["field"] == "sla")
        .count()
}

/// Books a one-hour remote appointment with `agent` for the ticket.
async fn book(app: &TestApp, agent: &TestUser, reference: &str, starts_at: &str) -> Value {
    let (status, body) = app
        .post(
            "/api/v1/appointments",
            &agent.token,
            json!({"ticket": reference, "agent_id": agent.id(), "starts_at": starts_at, "minutes": 60, "mode": "remote", "note": "Kassa nakijken"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body
}

//! Live updates: `GET /api/v1/events/stream` over real HTTP. Negative cases ("this caller
//! does not hear of that") are shown by order, not by waiting: events arrive in the order
//! they were written, so when a caller's next event is a later one of their own, the earlier
//! one of someone else was not sent.

use futures_util::StreamExt;
use loket::domain::account::Role;
use loket_tests::{on_both_databases, read, TestApp, TestUser, JWT_SECRET};
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::pin::Pin;
use std::time::{Duration, Instant};

/// How long a test waits for a frame before it fails: far above the poller's 200 ms, far
/// below a hung test.
const WAIT: Duration = Duration::from_secs(10);

/// One frame of a stream: its fields, or a comment.
#[derive(Debug, Clone, Default)]
struct Frame {
    id: Option<String>,
    event: Option<String>,
    data: Option<Value>,
    retry: Option<String>,
    comment: bool,
}

type Body = Pin<Box<dyn futures_util::Stream<Item = reqwest::Result<actix_web::web::Bytes>> + Send>>;

/// An open event stream.
struct Events {
    body: Body,
    buffer: String,
}

impl Events {
    async fn open(base: &str, token: &str, last_event_id: Option<&str>) -> Events {
        let mut request = reqwest::Client::new()
            .get(format!("{base}/api/v1/events/stream"))
            .bearer_auth(token);
        if let Some(id) = last_event_id {
            request = request.header("Last-Event-ID", id);
        }
        Events::of(request.send().await.expect("the server answers")).await
    }

    async fn of(response: reqwest::Response) -> Events {
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()["content-type"], "text/event-stream");
        let mut events = Events {
            body: Box::pin(response.bytes_stream()),
            buffer: String::new(),
        };
        let first = events.frame().await.expect("a first frame");
        assert_eq!(first.retry.as_deref(), Some("2000"), "{first:?}");
        events
    }

    /// The next frame, or `None` when the server ended the stream.
    async fn frame(&mut self) -> Option<Frame> {
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let text: String = self.buffer.drain(..end + 2).collect();
                let mut frame = Frame::default();
                for line in text.lines().filter(|line| !line.is_empty()) {
                    match line.split_once(':') {
                        Some(("", _)) => frame.comment = true,
                        Some((field, value)) => {
                            let value = value.strip_prefix(' ').unwrap_or(value).to_owned();
                            match field {
                                "id" => frame.id = Some(value),
                                "event" => frame.event = Some(value),
                                "data" => frame.data = Some(serde_json::from_str(&value).expect("data is JSON")),
                                "retry" => frame.retry = Some(value),
                                other => panic!("unknown field {other}: {text}"),
                            }
                        }
                        None => panic!("not a field: {line}"),
                    }
                }
                return Some(frame);
            }
            let chunk = tokio::time::timeout(WAIT, self.body.next())
                .await
                .expect("a frame within the wait")?
                .expect("the stream reads");
            self.buffer.push_str(std::str::from_utf8(&chunk).expect("UTF-8"));
        }
    }

    /// The next event frame (keep-alive comments passed over), checked for its shape.
    async fn next(&mut self) -> Event {
        loop {
            let frame = self.frame().await.expect("the stream goes on");
            if frame.comment {
                continue;
            }
            let data = frame.data.expect("an event has data");
            let keys: Vec<&str> = data
                .as_object()
                .expect("an object")
                .keys()
                .map(String::as_str)
                .collect();
            assert_eq!(keys.len(), 4, "type, reference, ticket_id and at, nothing else: {data}");
            assert_eq!(frame.event.as_deref(), data["type"].as_str(), "{data}");
            chrono::DateTime::parse_from_rfc3339(data["at"].as_str().unwrap()).expect("at is RFC 3339");
            return Event {
                id: frame.id.expect("an event has an id"),
                kind: data["type"].as_str().unwrap().to_owned(),
                reference: data["reference"].as_str().unwrap().to_owned(),
                ticket_id: data["ticket_id"].as_str().unwrap().to_owned(),
            };
        }
    }

    /// Events until (and with) the first about `reference`.
    async fn until(&mut self, reference: &str) -> Vec<Event> {
        let mut seen = Vec::new();
        loop {
            let event = self.next().await;
            let last = event.reference == reference;
            seen.push(event);
            if last {
                return seen;
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Event {
    id: String,
    kind: String,
    reference: String,
    ticket_id: String,
}

/// Files a ticket as `user`; returns it.
async fn file(app: &TestApp, user: &TestUser, subject: &str) -> Value {
    let (status, body) = app
        .post(
            "/api/v1/tickets",
            &user.token,
            json!({"subject": subject, "description": "Sinds vanmorgen."}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["ticket"].clone()
}

fn reference(ticket: &Value) -> &str {
    ticket["reference"].as_str().unwrap()
}

/// The next event is `ticket`'s creation.
async fn expect_created(events: &mut Events, ticket: &Value) -> Event {
    let event = events.next().await;
    assert_eq!(
        (event.kind.as_str(), event.reference.as_str(), event.ticket_id.as_str()),
        ("ticket.created", reference(ticket), ticket["id"].as_str().unwrap()),
        "{event:?}"
    );
    event
}

on_both_databases! {
    async fn staff_hear_of_every_ticket_and_customers_only_of_the_ones_they_may_see(app) {
        let (bakery, garage) = (app.organization("Bakkerij").await, app.organization("Garage").await);
        let agent = app.user(Role::Agent, None).await;
        let bakery_admin = app.user(Role::CustomerAdmin, Some(&bakery)).await;
        let tom = app.user(Role::Customer, Some(&bakery)).await;
        let colleague = app.user(Role::Customer, Some(&bakery)).await;
        let lisa = app.user(Role::Customer, Some(&garage)).await;
        let mut staff = Events::open(&app.base, &agent.token, None).await;
        let mut admin_stream = Events::open(&app.base, &bakery_admin.token, None).await;
        let mut tom_stream = Events::open(&app.base, &tom.token, None).await;
        let mut lisa_stream = Events::open(&app.base, &lisa.token, None).await;

        let garage_ticket = file(&app, &lisa, "Brug defect").await;
        expect_created(&mut staff, &garage_ticket).await;
        expect_created(&mut lisa_stream, &garage_ticket).await;

        // The bakery's first event is its own ticket, filed after the garage's.
        let toms_ticket = file(&app, &tom, "Kassa start niet").await;
        expect_created(&mut staff, &toms_ticket).await;
        expect_created(&mut admin_stream, &toms_ticket).await;
        expect_created(&mut tom_stream, &toms_ticket).await;

        // The customer admin sees the colleague's ticket; Tom, like the list API, does not.
        let colleagues_ticket = file(&app, &colleague, "Weegschaal").await;
        expect_created(&mut admin_stream, &colleagues_ticket).await;
        let toms_second = file(&app, &tom, "Printer").await;
        expect_created(&mut tom_stream, &toms_second).await;
        let lisas_second = file(&app, &lisa, "Hefbrug").await;
        expect_created(&mut lisa_stream, &lisas_second).await;
        let staff_saw: Vec<String> = staff.until(reference(&lisas_second)).await.into_iter().map(|e| e.reference).collect();
        assert_eq!(staff_saw, [reference(&colleagues_ticket), reference(&toms_second), reference(&lisas_second)]);
    }

    async fn customers_never_hear_of_internal_notes(app) {
        let org = app.organization("Bakkerij").await;
        let agent = app.user(Role::Agent, None).await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        let mut staff = Events::open(&app.base, &agent.token, None).await;
        let mut portal = Events::open(&app.base, &customer.token, None).await;
        let ticket = file(&app, &customer, "Kassa start niet").await;
        expect_created(&mut staff, &ticket).await;
        expect_created(&mut portal, &ticket).await;

        let comments = format!("/api/v1/tickets/{}/comments", reference(&ticket));
        let (status, body) = app.post(&comments, &agent.token, json!({"body": "Klant belt vaak", "internal": true})).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        let (status, body) = app.post(&comments, &agent.token, json!({"body": "We kijken ernaar."})).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        let sentinel = file(&app, &customer, "Nog een vraag").await;

        let staff_saw = staff.until(reference(&sentinel)).await;
        let customer_saw = portal.until(reference(&sentinel)).await;
        let commented = |events: &[Event]| -> Vec<String> {
            events.iter().filter(|e| e.kind == "ticket.commented").map(|e| e.id.clone()).collect()
        };
        let staff_comments = commented(&staff_saw);
        assert_eq!(staff_comments.len(), 2, "the note, then the reply: {staff_saw:?}");
        assert_eq!(commented(&customer_saw), [staff_comments[1].clone()], "the reply, not the note: {customer_saw:?}");
        // Whatever else the two changed (a status) reaches both alike.
        let staff_ids: Vec<&String> = staff_saw.iter().map(|e| &e.id).filter(|id| **id != staff_comments[0]).collect();
        let customer_ids: Vec<&String> = customer_saw.iter().map(|e| &e.id).collect();
        assert_eq!(customer_ids, staff_ids);
    }

    async fn appointments_reach_the_customer_and_interventions_only_their_admin(app) {
        let org = app.organization("Bakkerij").await;
        let agent = app.user(Role::Agent, None).await;
        let customer_admin = app.user(Role::CustomerAdmin, Some(&org)).await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        let mut staff = Events::open(&app.base, &agent.token, None).await;
        let mut admin_stream = Events::open(&app.base, &customer_admin.token, None).await;
        let mut portal = Events::open(&app.base, &customer.token, None).await;
        let ticket = file(&app, &customer, "Kassa start niet").await;
        for events in [&mut staff, &mut admin_stream, &mut portal] {
            expect_created(events, &ticket).await;
        }
        let (status, body) = app.post("/api/v1/appointments", &agent.token, json!({
            "ticket": reference(&ticket), "agent_id": agent.id(), "starts_at": "2027-03-02T10:00:00+01:00",
            "minutes": 60, "mode": "on_site", "note": "Kassa nakijken"
        })).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
        let (status, body) = app.post(&format!("/api/v1/tickets/{}/interventions", reference(&ticket)), &agent.token,
            json!({"performed_on": today, "minutes": 30, "subject": "user_question", "description": "Kassa nagekeken"})).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        let sentinel = file(&app, &customer, "Nog een vraag").await;

        let staff_saw = staff.until(reference(&sentinel)).await;
        let kinds: Vec<&str> = staff_saw.iter().map(|e| e.kind.as_str()).collect();
        assert!(kinds.contains(&"appointment.booked") && kinds.contains(&"intervention.recorded"), "{kinds:?}");
        assert!(staff_saw.iter().all(|e| e.reference == reference(&ticket) || e.reference == reference(&sentinel)));
        assert_eq!(admin_stream.until(reference(&sentinel)).await, staff_saw, "the organisation's admin hears of it all");
        let without_work: Vec<Event> = staff_saw.iter().filter(|e| e.kind != "intervention.recorded").cloned().collect();
        assert_eq!(portal.until(reference(&sentinel)).await, without_work, "the customer, not of the work recorded");
    }

    async fn a_stream_resumes_after_the_last_event_it_received(app) {
        let (bakery, garage) = (app.organization("Bakkerij").await, app.organization("Garage").await);
        let agent = app.user(Role::Agent, None).await;
        let tom = app.user(Role::Customer, Some(&bakery)).await;
        let lisa = app.user(Role::Customer, Some(&garage)).await;
        let mut staff = Events::open(&app.base, &agent.token, None).await;
        let first = file(&app, &tom, "Een").await;
        let other = file(&app, &lisa, "Elders").await;
        let second = file(&app, &tom, "Twee").await;
        let third = file(&app, &tom, "Drie").await;
        let seen = staff.until(reference(&third)).await;
        let ids: Vec<&str> = seen.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(seen.len(), 4, "{seen:?}");
        assert_eq!(seen[0].reference, reference(&first));
        drop(staff);

        // Exactly what came after, and then the new events as they come.
        let mut resumed = Events::open(&app.base, &agent.token, Some(ids[0])).await;
        assert_eq!(expect_created(&mut resumed, &other).await.id, ids[1]);
        assert_eq!(expect_created(&mut resumed, &second).await.id, ids[2]);
        assert_eq!(expect_created(&mut resumed, &third).await.id, ids[3]);
        let fourth = file(&app, &tom, "Vier").await;
        expect_created(&mut resumed, &fourth).await;

        // As a query parameter, and for a customer: only their own of what came after.
        let response = app
            .client
            .get(app.url(&format!("/api/v1/events/stream?last_event_id={}", ids[0])))
            .bearer_auth(&tom.token)
            .send()
            .await
            .unwrap();
        let mut toms = Events::of(response).await;
        assert_eq!(expect_created(&mut toms, &second).await.id, ids[2]);
        expect_created(&mut toms, &third).await;
        expect_created(&mut toms, &fourth).await;
    }

    async fn an_event_written_through_one_instance_reaches_streams_on_another(app) {
        let org = app.organization("Bakkerij").await;
        let agent = app.user(Role::Agent, None).await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        let peer = app.peer().await;
        let mut on_peer = Events::open(&peer.base, &agent.token, None).await;
        let mut on_first = Events::open(&app.base, &agent.token, None).await;
        let through_first = file(&app, &customer, "Via de eerste").await;
        let seen_on_peer = expect_created(&mut on_peer, &through_first).await;
        assert_eq!(expect_created(&mut on_first, &through_first).await, seen_on_peer, "one event, one id");

        let response = reqwest::Client::new()
            .post(format!("{}/api/v1/tickets", peer.base))
            .bearer_auth(&customer.token)
            .json(&json!({"subject": "Via de tweede", "description": "Sinds vanmorgen."}))
            .send()
            .await
            .unwrap();
        let (status, body) = read(response).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        let through_peer = &body["ticket"];
        let seen = on_first.until(reference(through_peer)).await;
        assert_eq!(seen.len(), 1, "the peer's ticket next: {seen:?}");
        on_peer.until(reference(through_peer)).await;
    }

    async fn a_stream_needs_a_login_and_a_readable_last_event_id(app) {
        let agent = app.user(Role::Agent, None).await;
        let (status, body) = app.call(reqwest::Method::GET, "/api/v1/events/stream", None, None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
        let (status, _) = app.get("/api/v1/events/stream", "not-a-token").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);

        let response = app
            .client
            .get(app.url("/api/v1/events/stream"))
            .bearer_auth(&agent.token)
            .header("Last-Event-ID", "gisteren")
            .send()
            .await
            .unwrap();
        let (status, body) = read(response).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(body["errors"][0]["field"], "Last-Event-ID", "{body}");
        let (status, body) = app.get("/api/v1/events/stream?last_event_id=12", &agent.token).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(body["errors"][0]["field"], "last_event_id", "{body}");
    }

    async fn a_stream_ends_when_its_access_token_expires(app) {
        let agent = app.user(Role::Agent, None).await;
        let now = chrono::Utc::now().timestamp();
        let short = jsonwebtoken::encode(
            &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
            &json!({"sub": agent.id(), "iat": now, "exp": now + 3, "typ": "access"}),
            &jsonwebtoken::EncodingKey::from_secret(JWT_SECRET.as_bytes()),
        )
        .unwrap();
        let opened = Instant::now();
        let mut events = Events::open(&app.base, &short, None).await;
        while let Some(frame) = events.frame().await {
            assert!(frame.comment || frame.data.is_none(), "no event was written: {frame:?}");
        }
        let lasted = opened.elapsed();
        assert!(lasted >= Duration::from_secs(1) && lasted < Duration::from_secs(8), "ended at expiry: {lasted:?}");
    }
}

use chrono::{NaiveDateTime, TimeZone, Utc};
use icalendar::{Calendar, CalendarDateTime, Component, DatePerhapsTime};
use loket::domain::account::Role;
use loket_tests::{on_both_databases, read, TestApp, TestUser};
use reqwest::StatusCode;
use serde_json::{json, Value};

/// POST with an `Accept-Language` header.
async fn post_in(app: &TestApp, path: &str, token: &str, language: &str, body: Value) -> (StatusCode, Value) {
    let response = app
        .client
        .post(app.url(path))
        .bearer_auth(token)
        .header("accept-language", language)
        .json(&body)
        .send()
        .await
        .unwrap();
    read(response).await
}

async fn ticket_of(app: &TestApp, customer: &TestUser) -> String {
    let (status, body) = app
        .post(
            "/api/v1/tickets",
            &customer.token,
            json!({"subject": "Kassa start niet", "description": "Sinds de update."}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["ticket"]["reference"].as_str().unwrap().to_owned()
}

fn booking(ticket: &str, agent: &TestUser, starts_at: &str, minutes: u32) -> Value {
    json!({"ticket": ticket, "agent_id": agent.id(), "starts_at": starts_at, "minutes": minutes, "mode": "on_site", "note": "Kassa nakijken"})
}

async fn ics_text(app: &TestApp, path: &str, token: &str) -> (StatusCode, String, String) {
    let response = app.client.get(app.url(path)).bearer_auth(token).send().await.unwrap();
    let status = response.status();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, content_type, response.text().await.unwrap())
}

async fn ticket_status(app: &TestApp, reference: &str, token: &str) -> String {
    let (_, ticket) = app.get(&format!("/api/v1/tickets/{reference}"), token).await;
    ticket["status"].as_str().unwrap().to_owned()
}

async fn event_fields(app: &TestApp, reference: &str, token: &str) -> Vec<String> {
    let (_, events) = app.get(&format!("/api/v1/tickets/{reference}/events"), token).await;
    events
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_owned())
        .collect()
}

fn brussels(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
}

on_both_databases! {
    async fn bookings_outside_the_support_hours_are_refused_with_the_reason(app) {
        let admin = app.user(Role::Admin, None).await;
        let agent = app.user(Role::Agent, None).await;
        let org = app.organization("Garage Peeters").await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        let ticket = ticket_of(&app, &customer).await;
        let (status, _) = app.post("/api/v1/schedules/interventions/closures", &admin.token,
            json!({"first_day": "2027-02-10", "reason": "Verhuis / office move"})).await;
        assert_eq!(status, StatusCode::CREATED);

        let cases = [
            ("2026-12-04T15:00:00+01:00", 60, "en", "Friday 4 December 2026 15:00–16:00 ends after closing time 15:30"),
            ("2026-12-04T15:00:00+01:00", 60, "nl", "vrijdag 4 december 2026 15:00–16:00 eindigt na sluitingstijd 15:30"),
            ("2026-12-03T11:30:00+01:00", 60, "en", "runs into the break 12:00–13:00"),
            ("2026-12-28T10:00:00+01:00", 60, "en", "28 December 2026 falls in the Christmas closure"),
            ("2026-12-28T10:00:00+01:00", 60, "nl", "28 december 2026 valt in de kerstsluiting"),
            ("2027-03-29T10:00:00+02:00", 60, "en", "Easter Monday 29 March 2027 is a public holiday"),
            ("2027-02-10T10:00:00+01:00", 60, "en", "falls in a closure (Verhuis / office move)"),
            ("2026-12-05T10:00:00+01:00", 60, "en", "weekend"),
        ];
        for (start, minutes, language, reason) in cases {
            let (status, body) = post_in(&app, "/api/v1/appointments", &agent.token, language, booking(&ticket, &agent, start, minutes)).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{start}: {body}");
            let detail = body["detail"].as_str().unwrap();
            assert!(detail.contains(reason), "{start} {language}: {detail}");
            assert_eq!(body["errors"][0]["field"], "starts_at");
        }
        let (_, list) = app.get(&format!("/api/v1/appointments?ticket={ticket}"), &agent.token).await;
        assert!(list["items"].as_array().unwrap().is_empty(), "refusals changed nothing");
        assert_eq!(ticket_status(&app, &ticket, &agent.token).await, "new");

        // Customers do not book; a customer is not an agent.
        let (status, _) = app.post("/api/v1/appointments", &customer.token, booking(&ticket, &agent, "2026-12-03T09:00:00+01:00", 60)).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, body) = app.post("/api/v1/appointments", &agent.token, booking(&ticket, &customer, "2026-12-03T09:00:00+01:00", 60)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    }

    async fn an_agent_is_never_booked_twice_and_the_slots_show_it(app) {
        let agent = app.user(Role::Agent, None).await;
        let other_agent = app.user(Role::Agent, None).await;
        let org = app.organization("Bakkerij Janssens").await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        let ticket = ticket_of(&app, &customer).await;

        let (status, first) = app.post("/api/v1/appointments", &agent.token, booking(&ticket, &agent, "2026-12-03T09:00:00+01:00", 60)).await;
        assert_eq!(status, StatusCode::CREATED, "{first}");
        assert_eq!(first["status"], "booked");
        assert_eq!(first["ends_at"], "2026-12-03T09:00:00Z");
        assert_eq!(ticket_status(&app, &ticket, &agent.token).await, "scheduled");

        let (status, body) = post_in(&app, "/api/v1/appointments", &agent.token, "nl", booking(&ticket, &agent, "2026-12-03T09:30:00+01:00", 60)).await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        assert!(body["detail"].as_str().unwrap().contains("heeft al een afspraak van 2026-12-03 09:00–10:00"), "{body}");
        // Touching is fine, and another agent is free then.
        let (status, body) = app.post("/api/v1/appointments", &agent.token, booking(&ticket, &agent, "2026-12-03T10:00:00+01:00", 30)).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        let (status, _) = app.post("/api/v1/appointments", &agent.token, booking(&ticket, &other_agent, "2026-12-03T09:30:00+01:00", 60)).await;
        assert_eq!(status, StatusCode::CREATED);

        let slots = format!("/api/v1/schedules/interventions/slots?from=2026-12-03&to=2026-12-03&minutes=60&agent={}", agent.id());
        let (status, free) = app.get(&slots, &customer.token).await;
        assert_eq!(status, StatusCode::OK, "{free}");
        let starts: Vec<&str> = free["slots"].as_array().unwrap().iter().map(|s| s["start"].as_str().unwrap()).collect();
        assert_eq!(starts.first(), Some(&"2026-12-03T09:30:00Z"), "09:00–10:30 is taken: {starts:?}");

        // A reschedule passes the same checks; cancelling frees the slot.
        let id = first["id"].as_str().unwrap();
        let (status, body) = app.patch(&format!("/api/v1/appointments/{id}"), &agent.token, json!({"starts_at": "2026-12-03T10:00:00+01:00", "minutes": 60})).await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        let (status, body) = app.patch(&format!("/api/v1/appointments/{id}"), &agent.token, json!({"starts_at": "2026-12-04T15:00:00+01:00", "minutes": 60})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let (status, moved) = app.patch(&format!("/api/v1/appointments/{id}"), &agent.token, json!({"starts_at": "2026-12-07T13:00:00+01:00", "minutes": 90})).await;
        assert_eq!(status, StatusCode::OK, "{moved}");
        assert_eq!(moved["ends_at"], "2026-12-07T13:30:00Z");
        let (_, free) = app.get(&slots, &customer.token).await;
        assert_eq!(free["slots"][0]["start"], "2026-12-03T08:00:00Z", "09:00 is free again");
        let fields = event_fields(&app, &ticket, &customer.token).await;
        assert!(fields.contains(&"appointment_booked".to_owned()) && fields.contains(&"appointment_moved".to_owned()), "{fields:?}");
    }

    async fn two_simultaneous_bookings_of_one_slot_exactly_one_wins(app) {
        let agent = app.user(Role::Agent, None).await;
        let org = app.organization("Apotheek Maes").await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        let first_ticket = ticket_of(&app, &customer).await;
        let second_ticket = ticket_of(&app, &customer).await;
        for round in 0..3 {
            let start = format!("2026-12-{:02}T13:00:00+01:00", 8 + round);
            let (a, b) = tokio::join!(
                app.post("/api/v1/appointments", &agent.token, booking(&first_ticket, &agent, &start, 60)),
                app.post("/api/v1/appointments", &agent.token, booking(&second_ticket, &agent, &start, 60)),
            );
            let mut statuses = [a.0, b.0];
            statuses.sort();
            assert_eq!(statuses, [StatusCode::CREATED, StatusCode::CONFLICT], "{} / {}", a.1, b.1);
            let refused = if a.0 == StatusCode::CONFLICT { &a.1 } else { &b.1 };
            assert!(refused["detail"].as_str().unwrap().contains("already has an appointment"), "{refused}");
        }
    }

    async fn customers_see_accept_and_ask_to_move_appointments_on_their_own_tickets(app) {
        let agent = app.user(Role::Agent, None).await;
        let org = app.organization("Drukkerij Wouters").await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        let other_org = app.organization("Concurrent").await;
        let stranger = app.user(Role::CustomerAdmin, Some(&other_org)).await;
        let ticket = ticket_of(&app, &customer).await;
        let (_, booked) = app.post("/api/v1/appointments", &agent.token, booking(&ticket, &agent, "2026-12-03T13:00:00+01:00", 60)).await;
        let id = booked["id"].as_str().unwrap().to_owned();

        let (status, list) = app.get(&format!("/api/v1/appointments?ticket={ticket}"), &customer.token).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(list["items"][0]["id"], id.as_str());
        assert_eq!(list["items"][0]["agent_name"], "Test agent", "customers see who comes");
        assert_eq!(booked["agent_name"], "Test agent");
        assert_eq!(app.get(&format!("/api/v1/appointments?ticket={ticket}"), &stranger.token).await.0, StatusCode::NOT_FOUND);
        assert_eq!(app.post(&format!("/api/v1/appointments/{id}/accept"), &stranger.token, json!({})).await.0, StatusCode::NOT_FOUND);
        assert_eq!(app.get(&format!("/api/v1/appointments/{id}"), &stranger.token).await.0, StatusCode::NOT_FOUND);
        assert_eq!(ics_text(&app, &format!("/api/v1/appointments/{id}.ics"), &stranger.token).await.0, StatusCode::NOT_FOUND);
        assert_eq!(app.post(&format!("/api/v1/appointments/{id}/cancel"), &customer.token, json!({})).await.0, StatusCode::FORBIDDEN);

        let (status, accepted) = app.post(&format!("/api/v1/appointments/{id}/accept"), &customer.token, json!({})).await;
        assert_eq!(status, StatusCode::OK, "{accepted}");
        assert_eq!(accepted["status"], "accepted");
        let (status, body) = app.post(&format!("/api/v1/appointments/{id}/request-move"), &customer.token, json!({"note": ""})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let (status, moved) = app.post(&format!("/api/v1/appointments/{id}/request-move"), &customer.token, json!({"note": "Liever in de voormiddag"})).await;
        assert_eq!(status, StatusCode::OK, "{moved}");
        assert_eq!(moved["status"], "move_requested");
        assert_eq!(moved["customer_note"], "Liever in de voormiddag");
        let (_, comments) = app.get(&format!("/api/v1/tickets/{ticket}/comments"), &agent.token).await;
        assert!(comments.to_string().contains("Liever in de voormiddag"));

        // Cancelling the only appointment puts the ticket back to open; recorded on the ticket.
        let (status, cancelled) = app.post(&format!("/api/v1/appointments/{id}/cancel"), &agent.token, json!({})).await;
        assert_eq!(status, StatusCode::OK, "{cancelled}");
        assert_eq!(cancelled["status"], "cancelled");
        assert_eq!(app.post(&format!("/api/v1/appointments/{id}/cancel"), &agent.token, json!({})).await.0, StatusCode::CONFLICT);
        assert_eq!(ticket_status(&app, &ticket, &customer.token).await, "open");
        let fields = event_fields(&app, &ticket, &customer.token).await;
        for field in ["appointment_booked", "appointment_accepted", "appointment_move_requested", "appointment_cancelled"] {
            assert!(fields.contains(&field.to_owned()), "{field}: {fields:?}");
        }
    }

    async fn appointments_are_icalendar_files_in_brussels_time(app) {
        let agent = app.user(Role::Agent, None).await;
        let org = app.organization("Tandartspraktijk Claes").await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        let ticket = ticket_of(&app, &customer).await;
        // One appointment in winter time, one in summer time.
        let (_, winter) = app.post("/api/v1/appointments", &agent.token, booking(&ticket, &agent, "2026-12-03T13:00:00+01:00", 90)).await;
        let (_, summer) = app.post("/api/v1/appointments", &agent.token, booking(&ticket, &agent, "2027-04-01T09:00:00+02:00", 60)).await;

        let id = winter["id"].as_str().unwrap();
        let (status, content_type, text) = ics_text(&app, &format!("/api/v1/appointments/{id}.ics"), &customer.token).await;
        assert_eq!(status, StatusCode::OK, "{text}");
        assert!(content_type.starts_with("text/calendar"), "{content_type}");
        assert!(text.contains("BEGIN:VTIMEZONE") && text.contains("TZID:Europe/Brussels"), "{text}");
        assert!(text.contains("DTSTART;TZID=Europe/Brussels:20261203T130000"), "{text}");
        let calendar: Calendar = text.parse().unwrap();
        let event = calendar.events().next().unwrap();
        assert_eq!(event.get_uid(), Some(format!("{id}@loket").as_str()));
        assert_eq!(
            event.get_start(),
            Some(DatePerhapsTime::DateTime(CalendarDateTime::WithTimezone { date_time: brussels("2026-12-03 13:00"), tzid: "Europe/Brussels".into() }))
        );
        assert_eq!(
            event.get_end(),
            Some(DatePerhapsTime::DateTime(CalendarDateTime::WithTimezone { date_time: brussels("2026-12-03 14:30"), tzid: "Europe/Brussels".into() }))
        );

        let feed = format!("/api/v1/agents/{}/appointments.ics", agent.id());
        assert_eq!(ics_text(&app, &feed, &customer.token).await.0, StatusCode::FORBIDDEN);
        let (status, _, text) = ics_text(&app, &feed, &agent.token).await;
        assert_eq!(status, StatusCode::OK, "{text}");
        let calendar: Calendar = text.parse().unwrap();
        let starts: Vec<_> = calendar.events().map(|e| e.get_start().unwrap()).collect();
        let summer_start = CalendarDateTime::WithTimezone { date_time: brussels("2027-04-01 09:00"), tzid: "Europe/Brussels".into() };
        assert_eq!(starts.len(), 2);
        assert_eq!(starts[1], DatePerhapsTime::DateTime(summer_start));
        assert_eq!(summer["starts_at"], Utc.with_ymd_and_hms(2027, 4, 1, 7, 0, 0).unwrap().to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
        let (status, _, _) = ics_text(&app, &format!("/api/v1/agents/{}/appointments.ics", customer.id()), &agent.token).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
}

on_both_databases! {
    async fn the_demo_books_an_intervention_on_an_open_ticket(app) {
        let demo = crate::contracts::seed_demo(&app).await;
        let (status, page) = app.get("/api/v1/tickets?status=scheduled", &demo.admin).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        let reference = page["items"][0]["reference"].as_str().unwrap().to_owned();
        let (_, list) = app.get(&format!("/api/v1/appointments?ticket={reference}"), &demo.admin).await;
        assert_eq!(list["items"].as_array().unwrap().len(), 1, "{list}");
        assert_eq!(list["items"][0]["mode"], "remote");
    }

    async fn interventions_record_the_appointment_they_were_done_in(app) {
        let agent = app.user(Role::Agent, None).await;
        let org = app.organization("Interventie op afspraak").await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        let ticket = ticket_of(&app, &customer).await;
        let other_ticket = ticket_of(&app, &customer).await;
        let (status, booked) = app.post("/api/v1/appointments", &agent.token, booking(&ticket, &agent, "2026-12-03T09:00:00+01:00", 60)).await;
        assert_eq!(status, StatusCode::CREATED, "{booked}");
        let appointment = booked["id"].as_str().unwrap().to_owned();
        let work = |id: &str| json!({"performed_on": "2026-12-03", "minutes": 45, "subject": "user_question", "description": "Kassa nagekeken", "appointment_id": id});
        let (status, recorded) = app.post(&format!("/api/v1/tickets/{ticket}/interventions"), &agent.token, work(&appointment)).await;
        assert_eq!(status, StatusCode::CREATED, "{recorded}");
        assert!(recorded.to_string().contains(&appointment), "{recorded}");
        let (status, body) = app.post(&format!("/api/v1/tickets/{other_ticket}/interventions"), &agent.token, work(&appointment)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "another ticket's appointment: {body}");
        assert_eq!(body["errors"][0]["field"], "appointment_id");
    }
}

use loket::domain::account::Role;
use loket_tests::{on_both_databases, read, TestApp, TestUser};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::collections::HashSet;

async fn file(app: &TestApp, user: &TestUser, subject: &str, description: &str) -> Value {
    let (status, body) = app
        .post(
            "/api/v1/tickets",
            &user.token,
            json!({"subject": subject, "description": description}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["ticket"].clone()
}

fn reference(ticket: &Value) -> String {
    ticket["reference"].as_str().unwrap().to_owned()
}

fn references(page: &Value) -> Vec<String> {
    page["items"].as_array().unwrap().iter().map(reference).collect()
}

on_both_databases! {
    async fn a_customer_files_a_ticket_and_follows_it_by_reference(app) {
        let org = app.organization("Bakkerij Test").await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        let (status, created) = app.post("/api/v1/tickets", &customer.token, json!({
            "subject": "Foutmelding bij afdrukken", "description": "De printer geeft een foutmelding.", "urgency": "high"
        })).await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        let ticket = &created["ticket"];
        let year = chrono::Utc::now().format("%Y").to_string();
        assert!(reference(ticket).starts_with(&format!("{year}-")), "{ticket}");
        assert_eq!(reference(ticket).len(), 11);
        assert_eq!(ticket["channel"], "portal");
        assert_eq!(ticket["status"], "new");
        assert_eq!(ticket["kind"], "issue", "the default defect rule fired");
        assert_eq!(ticket["requester_id"], customer.id().to_string());
        assert_eq!(ticket["organization_id"], org.id.to_string());
        let decisions = created["decisions"].as_array().unwrap();
        assert!(decisions.iter().any(|d| d.as_str().unwrap().contains("'foutmelding'")), "{decisions:?}");

        let (status, fetched) = app.get(&format!("/api/v1/tickets/{}", reference(ticket)), &customer.token).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(fetched["subject"], "Foutmelding bij afdrukken");

        let (status, body) = app.get("/api/v1/tickets/not-a-reference", &customer.token).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        let (status, _) = app.get(&format!("/api/v1/tickets/{year}-999999"), &customer.token).await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        // Through an API token the channel is `api`.
        let (_, token) = app.post("/api/v1/me/tokens", &customer.token, json!({"name": "erp"})).await;
        let (_, via_api) = app.post("/api/v1/tickets", token["secret"].as_str().unwrap(), json!({"subject": "Vraag", "description": "Via script"})).await;
        assert_eq!(via_api["ticket"]["channel"], "api");
        assert_eq!(via_api["ticket"]["kind"], "support");
    }

    async fn customers_cannot_set_staff_fields(app) {
        let org = app.organization("Klant").await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        let (status, body) = app.post("/api/v1/tickets", &customer.token, json!({
            "subject": "Dringend", "description": "x", "impact": "critical", "priority": "critical", "kind": "issue"
        })).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        let detail = body["detail"].as_str().unwrap();
        for field in ["impact", "priority", "kind"] {
            assert!(detail.contains(field), "{detail}");
        }
        let (_, list) = app.get("/api/v1/tickets", &customer.token).await;
        assert!(list["items"].as_array().unwrap().is_empty(), "nothing was created");

        let ticket = file(&app, &customer, "Vraag", "Hoe doe ik dit?").await;
        let path = format!("/api/v1/tickets/{}", reference(&ticket));
        let (status, _) = app.patch(&path, &customer.token, json!({"priority": "critical"})).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _) = app.post(&format!("{path}/comments"), &customer.token, json!({"body": "stiekem", "internal": true})).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, changed) = app.patch(&path, &customer.token, json!({"urgency": "high"})).await;
        assert_eq!(status, StatusCode::OK, "customers state urgency: {changed}");
        assert_eq!(changed["urgency"], "high");
    }

    async fn an_agent_logs_a_phone_call_for_a_customer(app) {
        let org = app.organization("Garage").await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        let agent = app.user(Role::Agent, None).await;
        let (status, body) = app.post("/api/v1/tickets", &agent.token, json!({"subject": "Telefoon", "description": "Belde over back-up"})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["errors"][0]["field"], "requester_id");
        let (status, body) = app.post("/api/v1/tickets", &agent.token, json!({"subject": "Telefoon", "description": "x", "requester_id": agent.id()})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "staff are not requesters: {body}");

        let (status, created) = app.post("/api/v1/tickets", &agent.token, json!({
            "subject": "Vraag over back-up", "description": "Telefonisch: hoe vaak loopt de back-up?",
            "requester_id": customer.id(), "impact": "high", "assignee_id": agent.id()
        })).await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        let ticket = &created["ticket"];
        assert_eq!(ticket["channel"], "phone");
        assert_eq!(ticket["requester_id"], customer.id().to_string());
        assert_eq!(ticket["created_by"], agent.id().to_string());
        assert_eq!(ticket["assignee_id"], agent.id().to_string());
        assert_eq!(ticket["impact"], "high");
        let (status, seen) = app.get(&format!("/api/v1/tickets/{}", reference(ticket)), &customer.token).await;
        assert_eq!(status, StatusCode::OK, "the customer follows the ticket logged for them");
        assert_eq!(seen["channel"], "phone");
    }

    async fn nobody_sees_another_organisations_tickets(app) {
        let a = app.organization("Alfa").await;
        let b = app.organization("Bravo").await;
        let a_admin = app.user(Role::CustomerAdmin, Some(&a)).await;
        let a_customer = app.user(Role::Customer, Some(&a)).await;
        let a_colleague = app.user(Role::Customer, Some(&a)).await;
        let b_customer = app.user(Role::Customer, Some(&b)).await;
        let a_ticket = file(&app, &a_customer, "Alfa vraag", "geheim alfa").await;
        let colleague_ticket = file(&app, &a_colleague, "Collega vraag", "alfa collega").await;
        let b_ticket = file(&app, &b_customer, "Bravo vraag", "geheim bravo").await;

        let b_path = format!("/api/v1/tickets/{}", reference(&b_ticket));
        for caller in [&a_admin, &a_customer] {
            assert_eq!(app.get(&b_path, &caller.token).await.0, StatusCode::NOT_FOUND);
            assert_eq!(app.get(&format!("{b_path}/comments"), &caller.token).await.0, StatusCode::NOT_FOUND);
            assert_eq!(app.get(&format!("{b_path}/events"), &caller.token).await.0, StatusCode::NOT_FOUND);
            assert_eq!(app.post(&format!("{b_path}/comments"), &caller.token, json!({"body": "hallo"})).await.0, StatusCode::NOT_FOUND);
            assert_eq!(app.patch(&b_path, &caller.token, json!({"urgency": "low"})).await.0, StatusCode::NOT_FOUND);
            let (_, found) = app.get("/api/v1/tickets?q=geheim", &caller.token).await;
            assert!(!references(&found).contains(&reference(&b_ticket)));
        }
        let (_, own) = app.get("/api/v1/tickets", &a_customer.token).await;
        assert_eq!(references(&own), [reference(&a_ticket)], "a customer sees their own tickets");
        let (_, org) = app.get("/api/v1/tickets", &a_admin.token).await;
        let mut org_refs = references(&org);
        org_refs.sort();
        let mut expected = vec![reference(&a_ticket), reference(&colleague_ticket)];
        expected.sort();
        assert_eq!(org_refs, expected, "a customer admin sees the organisation's");
        assert_eq!(app.get(&format!("/api/v1/tickets/{}", reference(&colleague_ticket)), &a_customer.token).await.0, StatusCode::NOT_FOUND);
        let (_, comments) = app.get(&format!("{b_path}/comments"), &b_customer.token).await;
        assert!(comments.as_array().unwrap().is_empty(), "B's ticket got no comment from A");
    }

    async fn internal_notes_never_reach_customers(app) {
        let org = app.organization("Notes").await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        let customer_admin = app.user(Role::CustomerAdmin, Some(&org)).await;
        let agent = app.user(Role::Agent, None).await;
        let ticket = file(&app, &customer, "Vraag over export", "Hoe exporteer ik?").await;
        let path = format!("/api/v1/tickets/{}", reference(&ticket));
        let (status, _) = app.post(&format!("{path}/comments"), &agent.token, json!({"body": "Klant is wanbetaler zebrapad", "internal": true})).await;
        assert_eq!(status, StatusCode::CREATED);
        let (status, _) = app.post(&format!("{path}/comments"), &agent.token, json!({"body": "Via Bestand > Exporteren."})).await;
        assert_eq!(status, StatusCode::CREATED);

        for viewer in [&customer, &customer_admin] {
            let (_, comments) = app.get(&format!("{path}/comments"), &viewer.token).await;
            let bodies: Vec<&str> = comments.as_array().unwrap().iter().map(|c| c["body"].as_str().unwrap()).collect();
            assert_eq!(bodies, ["Via Bestand > Exporteren."]);
            assert_eq!(comments[0]["author_name"], "Test agent", "customers see who of the desk answered");
            assert_eq!(comments[0]["author_is_staff"], true);
            let (_, events) = app.get(&format!("{path}/events"), &viewer.token).await;
            let text = events.to_string();
            assert!(!text.contains("internal_note") && !text.contains("wanbetaler"), "{text}");
            let (_, found) = app.get("/api/v1/tickets?q=zebrapad", &viewer.token).await;
            assert!(found["items"].as_array().unwrap().is_empty(), "search does not look into internal notes for customers");
        }
        let (_, staff_comments) = app.get(&format!("{path}/comments"), &agent.token).await;
        assert_eq!(staff_comments.as_array().unwrap().len(), 2);
        let (status, added) = app.post(&format!("{path}/comments"), &customer.token, json!({"body": "Gevonden, bedankt"})).await;
        assert_eq!(status, StatusCode::CREATED);
        assert_eq!(added["reference"], reference(&ticket), "the ticket as it is now: {added}");
        assert_eq!(added["comment"]["body"], "Gevonden, bedankt", "and the comment just added");
        let (_, comments) = app.get(&format!("{path}/comments"), &agent.token).await;
        let last = comments.as_array().unwrap().last().unwrap().clone();
        assert_eq!(added["comment"]["id"], last["id"]);
        assert_eq!((last["author_name"].as_str(), last["author_is_staff"].as_bool()), (Some("Test customer"), Some(false)));

        // A customer admin's list names who asked; the ticket page too.
        let (_, listed) = app.get("/api/v1/tickets", &customer_admin.token).await;
        assert_eq!(listed["items"][0]["requester_name"], "Test customer", "{listed}");
        assert_eq!(app.get(&path, &customer_admin.token).await.1["requester_name"], "Test customer");
        let (_, staff_found) = app.get("/api/v1/tickets?q=zebrapad", &agent.token).await;
        assert_eq!(references(&staff_found), [reference(&ticket)]);
    }

    async fn the_life_cycle_is_enforced_and_recorded(app) {
        let org = app.organization("Cyclus").await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        let agent = app.user(Role::Agent, None).await;
        let ticket = file(&app, &customer, "Vraag", "Uitleg").await;
        let path = format!("/api/v1/tickets/{}", reference(&ticket));

        let (status, body) = app.patch(&path, &agent.token, json!({"status": "closed"})).await;
        assert_eq!(status, StatusCode::CONFLICT, "new cannot jump to closed: {body}");
        assert!(body["detail"].as_str().unwrap().contains("closed"));

        let (_, replied) = app.post(&format!("{path}/comments"), &agent.token, json!({"body": "Kan je een schermafdruk sturen?"})).await;
        assert_eq!(replied["status"], "open", "the first staff reply opens the ticket");
        assert!(!replied["first_response_at"].is_null());

        let (_, resolved) = app.patch(&path, &agent.token, json!({"status": "resolved"})).await;
        assert_eq!(resolved["status"], "resolved");
        assert!(!resolved["resolved_at"].is_null());

        let (status, reopened) = app.post(&format!("{path}/comments"), &customer.token, json!({"body": "Het werkt nog steeds niet."})).await;
        assert_eq!(status, StatusCode::CREATED);
        assert_eq!(reopened["status"], "open", "a customer reply reopens a resolved ticket");

        app.patch(&path, &agent.token, json!({"status": "resolved"})).await;
        let (status, closed) = app.patch(&path, &agent.token, json!({"status": "closed"})).await;
        assert_eq!(status, StatusCode::OK, "{closed}");
        let (status, body) = app.post(&format!("{path}/comments"), &customer.token, json!({"body": "Nog iets"})).await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        let (status, _) = app.patch(&path, &agent.token, json!({"subject": "Nieuw"})).await;
        assert_eq!(status, StatusCode::CONFLICT, "a closed ticket is read-only");

        let (_, events) = app.get(&format!("{path}/events"), &agent.token).await;
        let statuses: Vec<(String, String)> = events.as_array().unwrap().iter()
            .filter(|e| e["field"] == "status")
            .map(|e| (e["old_value"].as_str().unwrap().to_owned(), e["new_value"].as_str().unwrap().to_owned()))
            .collect();
        let expected: Vec<(String, String)> = [("new", "open"), ("open", "resolved"), ("resolved", "open"), ("open", "resolved"), ("resolved", "closed")]
            .iter().map(|(a, b)| ((*a).to_owned(), (*b).to_owned())).collect();
        assert_eq!(statuses, expected);
        assert!(events.as_array().unwrap().iter().filter(|e| e["field"] == "status").all(|e| !e["actor_id"].is_null()));
    }

    async fn the_ticket_offers_the_statuses_its_reader_may_move_it_to(app) {
        let org = app.organization("Statussen").await;
        let customer = app.user(Role::CustomerAdmin, Some(&org)).await;
        let agent = app.user(Role::Agent, None).await;
        let path = format!("/api/v1/tickets/{}", reference(&file(&app, &customer, "Vraag", "Uitleg").await));
        let allowed = |detail: &Value| -> Vec<String> {
            detail["allowed_statuses"].as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_owned()).collect()
        };
        let all = ["new", "open", "pending_customer", "scheduled", "resolved", "closed"];
        // Walk the life cycle: at every step each offered move succeeds and every other one is refused.
        for next in ["pending_customer", "resolved", "open", "resolved", "closed"] {
            let (status, detail) = app.get(&path, &agent.token).await;
            assert_eq!(status, StatusCode::OK, "{detail}");
            let offered = allowed(&detail);
            assert!(offered.iter().any(|s| s == next), "{next} from {}: {offered:?}", detail["status"]);
            assert!(!offered.iter().any(|s| s == detail["status"].as_str().unwrap()), "not the current one");
            // (The current status itself is a no-op, not a move.)
            let current = detail["status"].as_str().unwrap();
            let refused: Vec<(String, String)> = detail["refused_statuses"].as_array().unwrap().iter()
                .map(|r| (r["status"].as_str().unwrap().to_owned(), r["reason"].as_str().unwrap().to_owned()))
                .collect();
            let not_offered: Vec<&str> = all.iter().copied().filter(|s| *s != current && !offered.iter().any(|o| o == s)).collect();
            assert_eq!(refused.iter().map(|(s, _)| s.as_str()).collect::<Vec<_>>(), not_offered, "every other status is explained");
            for (to, reason) in &refused {
                let (status, body) = app.patch(&path, &agent.token, json!({"status": to})).await;
                assert_eq!(status, StatusCode::CONFLICT, "{to} is not offered, so refused: {body}");
                assert!(body["detail"].as_str().unwrap().contains(reason.as_str()), "the reason given beforehand is the refusal's: {reason} / {body}");
            }
            let (_, as_customer) = app.get(&path, &customer.token).await;
            assert_eq!(allowed(&as_customer), Vec::<String>::new(), "customers reply instead");
            assert_eq!(as_customer["refused_statuses"], json!([]));
            let (status, body) = app.patch(&path, &agent.token, json!({"status": next})).await;
            assert_eq!(status, StatusCode::OK, "{body}");
        }
        let (_, closed) = app.get(&path, &agent.token).await;
        assert_eq!(allowed(&closed), Vec::<String>::new(), "a closed ticket is read-only");
        assert_eq!(closed["refused_statuses"], json!([]));

        // The reasons are in the reader's language.
        let fresh = format!("/api/v1/tickets/{}", reference(&file(&app, &customer, "Nog een vraag", "Uitleg").await));
        let dutch = app.client.get(app.url(&fresh)).bearer_auth(&agent.token).header("Accept-Language", "nl").send().await.unwrap();
        let dutch: Value = dutch.json().await.unwrap();
        let closing = dutch["refused_statuses"].as_array().unwrap().iter().find(|r| r["status"] == "closed").unwrap();
        assert!(closing["reason"].as_str().unwrap().contains("alleen een opgelost ticket"), "{dutch}");
    }

    async fn a_refused_transition_says_why_in_the_callers_language(app) {
        let org = app.organization("Talen").await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        let english = app.user(Role::Agent, None).await;
        let dutch = app.user_speaking(Role::Agent, None, loket::domain::account::Language::Nl).await;
        let path = format!("/api/v1/tickets/{}", reference(&file(&app, &customer, "Vraag", "Uitleg").await));
        let refusal = |token: &str, language: Option<&'static str>, body: Value| {
            let mut request = app.client.patch(app.url(&path)).bearer_auth(token).json(&body);
            if let Some(language) = language {
                request = request.header("Accept-Language", language);
            }
            async move {
                let (status, body) = read(request.send().await.unwrap()).await;
                assert_eq!(status, StatusCode::CONFLICT, "{body}");
                body["detail"].as_str().unwrap().to_owned()
            }
        };
        let to_closed = json!({"status": "closed"});
        let en = refusal(&english.token, None, to_closed.clone()).await;
        let nl = refusal(&dutch.token, None, to_closed.clone()).await;
        assert!(en.contains("only a resolved ticket can be closed"), "{en}");
        assert!(nl.contains("alleen een opgelost ticket"), "the user's language: {nl}");
        assert_eq!(refusal(&english.token, Some("nl-BE,nl;q=0.9"), to_closed.clone()).await, nl, "Accept-Language wins");
        assert_eq!(refusal(&dutch.token, Some("en"), to_closed).await, en);
        assert_eq!(app.patch(&path, &english.token, json!({"status": "pending_customer"})).await.0, StatusCode::OK);
        let back = refusal(&dutch.token, None, json!({"status": "new"})).await;
        assert!(back.starts_with("kan niet van wacht op de klant naar nieuw"), "no status codes in Dutch: {back}");
    }

    async fn the_history_names_who_did_what_and_never_shows_an_address(app) {
        let admin = app.user(Role::Admin, None).await;
        let (status, rule) = app.post("/api/v1/triage/rules", &admin.token, json!({
            "name": "Printers", "position": 1,
            "conditions": [{"type": "text_contains_any", "words": ["printer"]}],
            "actions": [{"type": "set_kind", "kind": "issue"}]
        })).await;
        assert_eq!(status, StatusCode::CREATED, "{rule}");
        let org = app.organization("Namen").await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        let agent = app.user(Role::Agent, None).await;
        let path = format!("/api/v1/tickets/{}", reference(&file(&app, &customer, "De printer", "De printer drukt niet af").await));
        app.post(&format!("{path}/comments"), &agent.token, json!({"body": "Welke printer?"})).await;
        app.post(&format!("{path}/comments"), &customer.token, json!({"body": "De HP."})).await;
        for reader in [&agent, &customer] {
            let (status, events) = app.get(&format!("{path}/events"), &reader.token).await;
            assert_eq!(status, StatusCode::OK, "{events}");
            let events = events.as_array().unwrap();
            assert!(events.iter().any(|e| e["rule_id"] == rule["id"]), "the rule fired: {events:?}");
            for e in events {
                match e["actor_id"].as_str() {
                    None => {
                        assert!(e["actor_name"].is_null(), "a rule has no name here: {e}");
                        assert_eq!(e["actor_is_staff"], false);
                    }
                    Some(id) => {
                        let who = [&agent, &customer].into_iter().find(|u| u.id().to_string() == id).expect("a participant");
                        assert_eq!(e["actor_name"], who.user.display_name.as_str(), "{e}");
                        assert_eq!(e["actor_is_staff"], who.user.role.is_staff(), "{e}");
                    }
                }
                assert!(!e.to_string().contains("@example.test"), "never an e-mail address: {e}");
            }
            let named: HashSet<&str> = events.iter().filter_map(|e| e["actor_name"].as_str()).collect();
            assert_eq!(named.len(), 2, "both people who acted: {named:?}");
        }
    }

    async fn kind_conversion_keeps_the_reference_and_priority_follows_the_matrix(app) {
        let org = app.organization("Conversie").await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        let agent = app.user(Role::Agent, None).await;
        let ticket = file(&app, &customer, "Vraag", "Kunnen jullie dit aanpassen?").await;
        let path = format!("/api/v1/tickets/{}", reference(&ticket));
        assert_eq!(ticket["priority"], "medium");

        let (_, converted) = app.patch(&path, &agent.token, json!({"kind": "change_request", "impact": "critical"})).await;
        assert_eq!(converted["reference"], ticket["reference"]);
        assert_eq!(converted["kind"], "change_request");
        assert_eq!(converted["priority"], "high", "critical impact × medium urgency");
        assert_eq!(converted["priority_overridden"], false);

        let (_, overridden) = app.patch(&path, &agent.token, json!({"priority": "low"})).await;
        assert_eq!(overridden["priority"], "low");
        assert_eq!(overridden["priority_overridden"], true);
        let (_, still) = app.patch(&path, &agent.token, json!({"impact": "low"})).await;
        assert_eq!(still["priority"], "low", "an override survives impact changes");
        let (_, back) = app.patch(&path, &agent.token, json!({"priority": null, "impact": "critical"})).await;
        assert_eq!(back["priority"], "high");
        assert_eq!(back["priority_overridden"], false);

        let (_, events) = app.get(&format!("{path}/events"), &agent.token).await;
        let kind_event = events.as_array().unwrap().iter().find(|e| e["field"] == "kind").unwrap();
        assert_eq!((kind_event["old_value"].as_str(), kind_event["new_value"].as_str()), (Some("support"), Some("change_request")));
        assert_eq!(kind_event["actor_id"], agent.id().to_string());
        let priorities: Vec<&str> = events.as_array().unwrap().iter().filter(|e| e["field"] == "priority").map(|e| e["new_value"].as_str().unwrap()).collect();
        assert_eq!(priorities, ["high", "low", "high"]);
    }

    async fn the_queue_orders_by_priority_then_age_and_pages_stably(app) {
        let org = app.organization("Wachtrij").await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        let agent = app.user(Role::Agent, None).await;
        let mut filed = Vec::new();
        for (i, urgency) in ["low", "critical", "medium", "critical", "low", "medium"].iter().enumerate() {
            let (_, body) = app.post("/api/v1/tickets", &customer.token, json!({"subject": format!("Vraag {i}"), "description": "x", "urgency": urgency})).await;
            filed.push((reference(&body["ticket"]), body["ticket"]["priority"].as_str().unwrap().to_owned()));
        }
        let rank = |p: &str| ["critical", "high", "medium", "low"].iter().position(|x| *x == p).unwrap();
        let mut expected = filed.clone();
        expected.sort_by_key(|(r, p)| (rank(p), r.clone()));
        let expected: Vec<String> = expected.into_iter().map(|(r, _)| r).collect();

        let mut seen = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let path = match &cursor {
                Some(c) => format!("/api/v1/tickets?limit=2&cursor={c}"),
                None => "/api/v1/tickets?limit=2".into(),
            };
            let (status, page) = app.get(&path, &agent.token).await;
            assert_eq!(status, StatusCode::OK, "{page}");
            seen.extend(references(&page));
            if seen.len() == 2 {
                // A new critical ticket sorts before the cursor: it must not shift what follows.
                let (status, _) = app.post("/api/v1/tickets", &agent.token, json!({
                    "subject": "Laat", "description": "x", "requester_id": customer.id(), "priority": "critical"
                })).await;
                assert_eq!(status, StatusCode::CREATED);
            }
            match page["next_cursor"].as_str() {
                Some(next) => cursor = Some(next.to_owned()),
                None => break,
            }
        }
        assert_eq!(seen, expected);

        app.patch(&format!("/api/v1/tickets/{}", expected[0]), &agent.token, json!({"assignee_id": agent.id()})).await;
        let (_, mine) = app.get("/api/v1/tickets?assignee=me", &agent.token).await;
        assert_eq!(references(&mine), [expected[0].clone()]);
        let (_, unassigned) = app.get("/api/v1/tickets?unassigned=true", &agent.token).await;
        assert!(!references(&unassigned).contains(&expected[0]));
        let (_, lows) = app.get("/api/v1/tickets?priority=low&status=new,open", &agent.token).await;
        assert!(lows["items"].as_array().unwrap().iter().all(|t| t["priority"] == "low"));
        assert_eq!(lows["items"].as_array().unwrap().len(), 2);
        let (_, first) = app.get("/api/v1/tickets?limit=1", &agent.token).await;
        assert_eq!(first["items"][0]["subject"], "Laat", "a fresh look starts with the critical one");
        let (status, body) = app.get("/api/v1/tickets?status=sleeping", &agent.token).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert!(body["detail"].as_str().unwrap().contains("status"));
    }

    async fn search_is_accent_folded_ranked_and_covers_public_comments(app) {
        let org = app.organization("Zoek").await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        let agent = app.user(Role::Agent, None).await;
        let cafe = file(&app, &customer, "Kassa in het café crasht", "De kassa in het café crasht bij het openen van de lade. Café café.").await;
        let other = file(&app, &customer, "Vraag over facturen", "Hoe maak ik een factuur voor het cafe?").await;
        file(&app, &customer, "Iets anders", "Niets te maken hiermee").await;
        let path = format!("/api/v1/tickets/{}", reference(&other));
        app.post(&format!("{path}/comments"), &agent.token, json!({"body": "Gebruik het sjabloon Brasserie."})).await;

        let (_, found) = app.get("/api/v1/tickets?q=CAFE", &customer.token).await;
        assert_eq!(references(&found), [reference(&cafe), reference(&other)], "accent-folded, best match first");
        let (_, found) = app.get("/api/v1/tickets?q=brasserie", &customer.token).await;
        assert_eq!(references(&found), [reference(&other)], "public comments are searched");
        let (_, found) = app.get("/api/v1/tickets?q=kass", &customer.token).await;
        assert_eq!(references(&found), [reference(&cafe)], "prefix match");
        let (_, found) = app.get("/api/v1/tickets?q=kassa%20factuur", &customer.token).await;
        assert!(found["items"].as_array().unwrap().is_empty(), "every word must match");
        let (status, _) = app.get("/api/v1/tickets?q=%21%21%21", &customer.token).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let (_, paged) = app.get("/api/v1/tickets?q=cafe&limit=1", &customer.token).await;
        assert_eq!(references(&paged), [reference(&cafe)]);
        let cursor = paged["next_cursor"].as_str().unwrap();
        let (_, second) = app.get(&format!("/api/v1/tickets?q=cafe&limit=1&cursor={cursor}"), &customer.token).await;
        assert_eq!(references(&second), [reference(&other)]);
        assert!(second["next_cursor"].is_null());
    }

    async fn sixteen_concurrent_creators_get_unique_references(app) {
        let org = app.organization("Druk").await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        let mut tasks = Vec::new();
        for i in 0..16 {
            let client = app.client.clone();
            let url = app.url("/api/v1/tickets");
            let token = customer.token.clone();
            tasks.push(tokio::spawn(async move {
                let mut refs = Vec::new();
                for j in 0..5 {
                    let response = client.post(&url).bearer_auth(&token)
                        .json(&json!({"subject": format!("Gelijktijdig {i}-{j}"), "description": "x"}))
                        .send().await.unwrap();
                    let (status, body) = read(response).await;
                    assert_eq!(status, StatusCode::CREATED, "{body}");
                    refs.push(reference(&body["ticket"]));
                }
                refs
            }));
        }
        let mut all = Vec::new();
        for task in tasks {
            all.extend(task.await.unwrap());
        }
        let unique: HashSet<&String> = all.iter().collect();
        assert_eq!(unique.len(), 80, "no reference was handed out twice");
    }

    async fn categories_are_coverage_subjects_and_tickets_show_coverage(app) {
        let admin = app.user(Role::Admin, None).await;
        let org = app.organization("Dekking").await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        let (status, body) = app.post("/api/v1/tickets", &customer.token, json!({"subject": "Vraag", "description": "-", "category": "koffie"})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(body["errors"][0]["field"], "category");
        let (_, none) = app.get("/api/v1/tickets", &customer.token).await;
        assert!(none["items"].as_array().unwrap().is_empty());

        let (status, created) = app.post("/api/v1/tickets", &customer.token, json!({"subject": "Vraag", "description": "-", "category": "user_question"})).await;
        assert_eq!(status, StatusCode::CREATED);
        let path = format!("/api/v1/tickets/{}", reference(&created["ticket"]));
        let (_, detail) = app.get(&path, &customer.token).await;
        assert_eq!(detail["category"], "user_question");
        assert_eq!(detail["coverage"]["covered"], false);
        app.post("/api/v1/contracts", &admin.token, json!({"organization_id": org.id, "starts_on": "2020-01-01", "ends_on": null, "hourly_rate_cents": 9000})).await;
        let (_, covered) = app.get(&path, &customer.token).await;
        assert_eq!(covered["coverage"]["covered"], true, "{covered}");
        assert!(covered["coverage"]["contract_number"].as_str().unwrap().starts_with("MC-2020-"));

        let (status, body) = app.patch(&path, &admin.token, json!({"category": "nonsense"})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let (status, _) = app.patch(&path, &admin.token, json!({"category": "database_script"})).await;
        assert_eq!(status, StatusCode::OK);
        let (status, body) = app.post("/api/v1/triage/rules", &admin.token, json!({
            "name": "Onbekend", "position": 1, "actions": [{"type": "set_category", "category": "koffie"}]
        })).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["errors"][0]["field"], "actions[0].category");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_servers_on_one_postgresql_never_share_a_reference() {
    if loket_tests::postgres_skipped() {
        return;
    }
    let app = TestApp::start(loket_tests::Db::Postgres).await;
    let peer = app.peer().await;
    let org = app.organization("Twee servers").await;
    let customer = app.user(Role::Customer, Some(&org)).await;
    let mut tasks = Vec::new();
    for i in 0..16 {
        let client = app.client.clone();
        let base = if i % 2 == 0 {
            app.base.clone()
        } else {
            peer.base.clone()
        };
        let token = customer.token.clone();
        tasks.push(tokio::spawn(async move {
            let mut refs = Vec::new();
            for j in 0..5 {
                let response = client
                    .request(Method::POST, format!("{base}/api/v1/tickets"))
                    .bearer_auth(&token)
                    .json(&json!({"subject": format!("Server {i}-{j}"), "description": "x"}))
                    .send()
                    .await
                    .unwrap();
                let (status, body) = read(response).await;
                assert_eq!(status, StatusCode::CREATED, "{body}");
                refs.push(reference(&body["ticket"]));
            }
            refs
        }));
    }
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await.unwrap());
    }
    let unique: HashSet<&String> = all.iter().collect();
    assert_eq!(unique.len(), 80);
}

on_both_databases! {
    // Group commit: concurrent creates share a transaction; one that cannot be written (its
    // requester does not exist) must fail alone, and the rest of its batch must be created.
    async fn a_ticket_that_cannot_be_written_fails_alone_in_its_batch(app) {
        use loket::store::ticket_intake::TicketIntake;
        let drafts = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let org = app.organization("Bakkerij Batch").await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        let intake = TicketIntake::start(app.store.clone());
        // All 24 requests are queued in the first poll of join_all, before the writer wakes,
        // so they meet in batches and a failing ticket shares its batch with good ones.
        let mut requests = Vec::new();
        for n in 0..24u32 {
            let (intake, drafts) = (intake.clone(), drafts.clone());
            let requester = if n % 6 == 0 { uuid::Uuid::new_v4() } else { customer.id() };
            let org_id = org.id;
            requests.push(async move {
                let draft = move |_: &_, _: bool| {
                    drafts.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    (plain_ticket(format!("Batch {n}"), requester, org_id), n)
                };
                (n, intake.create(Some(org_id), draft).await)
            });
        }
        let mut references = HashSet::new();
        for (n, result) in futures_util::future::join_all(requests).await {
            match result {
                Ok((ticket, by_product)) => {
                    assert_ne!(n % 6, 0, "ticket {n} has no requester and must fail");
                    assert_eq!(by_product, n);
                    assert_eq!(ticket.subject, format!("Batch {n}"));
                    assert!(references.insert(ticket.reference));
                }
                Err(e) => assert_eq!(n % 6, 0, "ticket {n} failed: {e}"),
            }
        }
        assert_eq!(references.len(), 20);
        // Drafts run again only when a batch is retried ticket by ticket.
        assert!(drafts.load(std::sync::atomic::Ordering::Relaxed) > 24, "a failing ticket shared its batch with good ones");
        let (status, body) = app.get("/api/v1/tickets?limit=100", &customer.token).await;
        assert_eq!(status, StatusCode::OK);
        let listed: HashSet<String> = body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["reference"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(listed, references);
    }
}

on_both_databases! {
    // Triage's `has_valid_contract` is read once per organisation per intake batch: tickets of
    // a covered and an uncovered organisation in one batch must each get their own answer.
    async fn contract_coverage_is_decided_per_organisation_within_a_batch(app) {
        use loket::store::ticket_intake::TicketIntake;
        let admin = app.user(Role::Admin, None).await;
        let covered = app.organization("Bakkerij Met Contract").await;
        let uncovered = app.organization("Slagerij Zonder Contract").await;
        let (status, contract) = app
            .post(
                "/api/v1/contracts",
                &admin.token,
                json!({"organization_id": covered.id, "starts_on": "2026-01-01", "hourly_rate_cents": 9000}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{contract}");
        let with = app.user(Role::Customer, Some(&covered)).await;
        let without = app.user(Role::Customer, Some(&uncovered)).await;
        let intake = TicketIntake::start(app.store.clone());
        let mut requests = Vec::new();
        for n in 0..16u32 {
            let (requester, org_id, expected) = if n % 2 == 0 {
                (with.id(), covered.id, true)
            } else {
                (without.id(), uncovered.id, false)
            };
            let intake = intake.clone();
            requests.push(async move {
                let draft = move |_: &_, has_valid_contract: bool| {
                    (plain_ticket(format!("Dekking {n}"), requester, org_id), has_valid_contract)
                };
                (n, expected, intake.create(Some(org_id), draft).await)
            });
        }
        for (n, expected, result) in futures_util::future::join_all(requests).await {
            let (_, has_valid_contract) = result.unwrap();
            assert_eq!(has_valid_contract, expected, "ticket {n}");
        }
    }
}

/// A support ticket for the intake tests, as a customer of `organization` would log it.
fn plain_ticket(subject: String, requester: uuid::Uuid, organization: uuid::Uuid) -> loket::store::tickets::NewTicket {
    use loket::domain::priority::{Priority, Urgency};
    use loket::domain::ticket_status::{Channel, Kind};
    loket::store::tickets::NewTicket {
        kind: Kind::Support,
        subject,
        description: "Kassa start niet".into(),
        channel: Channel::Api,
        category: None,
        urgency: Urgency::Medium,
        impact: None,
        priority: Priority::Medium,
        priority_overridden: false,
        requester_id: requester,
        organization_id: Some(organization),
        assignee_id: None,
        created_by: requester,
        notes: Vec::new(),
        events: Vec::new(),
    }
}

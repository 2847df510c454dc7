use crate::contracts::seed_demo;
use loket::domain::account::Role;
use loket_tests::{on_both_databases, TestApp, TestUser};
use reqwest::StatusCode;
use serde_json::{json, Value};

/// The policy's coverage table: code and whether a contract includes it.
const COVERAGE: [(&str, bool); 9] = [
    ("knowledge_base", true),
    ("bug_report", true),
    ("change_request", true),
    ("user_question", true),
    ("training", true),
    ("database_script", false),
    ("installation_upgrade", false),
    ("reports_layouts", false),
    ("custom_work", false),
];

/// A whole-year window around the demo data (recorded today).
const ALL_TIME: &str = "from=2000-01-01&to=2099-12-31";

async fn file(app: &TestApp, customer: &TestUser, subject: &str) -> String {
    let (status, body) = app
        .post(
            "/api/v1/tickets",
            &customer.token,
            json!({"subject": subject, "description": "Graag hulp hierbij."}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["ticket"]["reference"].as_str().unwrap().to_owned()
}

async fn record(app: &TestApp, token: &str, reference: &str, body: Value) -> Value {
    let (status, created) = app
        .post(&format!("/api/v1/tickets/{reference}/interventions"), token, body)
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    created
}

async fn contract(app: &TestApp, admin: &TestUser, organization: uuid::Uuid) -> Value {
    let (status, body) = app
        .post(
            "/api/v1/contracts",
            &admin.token,
            json!({"organization_id": organization, "starts_on": "2026-01-01", "ends_on": "2026-12-31",
                   "hourly_rate_cents": 8000, "notes": "Jaarcontract"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body
}

fn sum(lines: &Value, field: impl Fn(&Value) -> u64) -> u64 {
    lines.as_array().unwrap().iter().map(field).sum()
}

/// Checks the totals of a JSON report are the sums of its lines, with VAT on the total.
fn assert_totals_are_the_sum_of_the_lines(report: &Value) {
    let lines = &report["lines"];
    let totals = &report["totals"];
    let of = |outcome: &'static str, field: &'static str| {
        sum(lines, move |l| {
            if l["classification"]["outcome"] == outcome {
                l[field].as_u64().unwrap()
            } else {
                0
            }
        })
    };
    assert_eq!(totals["included_minutes"], of("included", "minutes"), "{report}");
    assert_eq!(
        totals["billable_minutes"],
        of("billable", "rounded_minutes"),
        "{report}"
    );
    let amount = sum(lines, |l| l["classification"]["amount_cents"].as_u64().unwrap());
    assert_eq!(totals["amount_excluding_vat_cents"], amount, "{report}");
    let vat = (amount * 2100 + 5000) / 10_000;
    assert_eq!(totals["vat_cents"], vat);
    assert_eq!(totals["total_including_vat_cents"], amount + vat);
}

async fn csv_report(app: &TestApp, token: &str, query: &str, accept_header: bool) -> (StatusCode, String) {
    let mut request = if accept_header {
        app.client
            .get(app.url(&format!("/api/v1/billing/report?{query}")))
            .header("Accept", "text/csv")
    } else {
        app.client.get(app.url(&format!("/api/v1/billing/report.csv?{query}")))
    };
    request = request.bearer_auth(token);
    let response = request.send().await.unwrap();
    let status = response.status();
    if status == StatusCode::OK {
        let content_type = response.headers()["content-type"].to_str().unwrap().to_owned();
        assert!(content_type.starts_with("text/csv"), "{content_type}");
    }
    (status, response.text().await.unwrap())
}

on_both_databases! {
    async fn the_demo_bills_the_customer_without_a_contract_and_includes_the_one_with(app) {
        let demo = seed_demo(&app).await;
        let (status, peeters) = app.get(&format!("/api/v1/billing/report?organization={}&{ALL_TIME}", demo.peeters), &demo.admin).await;
        assert_eq!(status, StatusCode::OK, "{peeters}");
        assert_eq!(peeters["organization_name"], "Bakkerij Peeters bv");
        let lines = peeters["lines"].as_array().unwrap();
        assert_eq!(lines.len(), 3, "{peeters}");
        for line in lines {
            let c = &line["classification"];
            assert_eq!(c["contract_number"], "MC-2026-001", "{line}");
            if line["subject"] == "installation_upgrade" {
                assert_eq!(c["outcome"], "billable");
                assert_eq!(c["reason"], "subject_not_included");
                assert_eq!(c["hourly_rate_cents"], 8500);
                assert_eq!(line["rounded_minutes"], 90);
                assert_eq!(c["amount_cents"], 12_750);
            } else {
                assert_eq!(c["outcome"], "included", "{line}");
                assert_eq!(c["reason"], "subject_included");
                assert_eq!(c["amount_cents"], 0);
                assert_eq!(line["rounded_minutes"], 0);
            }
        }
        assert_eq!(peeters["totals"]["included_minutes"], 65);
        assert_eq!(peeters["totals"]["vat_cents"], 2678, "21 % of 127.50, rounded half up");
        assert_totals_are_the_sum_of_the_lines(&peeters);

        let (status, janssens) = app.get(&format!("/api/v1/billing/report?organization={}&{ALL_TIME}", demo.janssens), &demo.janssens_admin).await;
        assert_eq!(status, StatusCode::OK, "{janssens}");
        let line = &janssens["lines"][0];
        assert_eq!(line["classification"]["outcome"], "billable");
        assert_eq!(line["classification"]["reason"], "no_valid_contract");
        assert_eq!(line["classification"]["hourly_rate_cents"], 9500);
        assert_eq!(line["minutes"], 50);
        assert_eq!(line["rounded_minutes"], 60, "every started quarter is billed");
        assert_eq!(line["classification"]["amount_cents"], 9500);
        assert!(line["explanation"].as_str().unwrap().starts_with("no valid maintenance contract on 20"), "{line}");
        assert_totals_are_the_sum_of_the_lines(&janssens);

        // The ticket summary: the interventions of a ticket with its totals, for staff and
        // the customer admin of its organisation (read-only), never for other organisations.
        let reference = lines[0]["ticket_reference"].as_str().unwrap();
        let path = format!("/api/v1/tickets/{reference}/interventions");
        let (status, summary) = app.get(&path, &demo.agent_nl).await;
        assert_eq!(status, StatusCode::OK, "{summary}");
        assert_eq!(summary["items"].as_array().unwrap().len(), 3);
        assert_eq!(summary["totals"]["included_minutes"], 65);
        assert_eq!(summary["totals"]["billable_minutes"], 90);
        assert_eq!(summary["totals"]["amount_excluding_vat_cents"], 12_750);
        assert!(summary["items"][0]["explanation"].as_str().unwrap().contains("inbegrepen in contract MC-2026-001"), "Jan reads Dutch: {summary}");
        assert_eq!(app.get(&path, &demo.peeters_admin).await.0, StatusCode::OK);
        assert_eq!(app.get(&path, &demo.janssens_admin).await.0, StatusCode::NOT_FOUND);
        assert_eq!(app.get(&path, &demo.peeters_customer).await.0, StatusCode::FORBIDDEN);
        let (status, _) = app.post(&path, &demo.peeters_admin, json!({"performed_on": "2026-03-02", "minutes": 10, "description": "x"})).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "customer admins only read");
    }

    async fn a_customer_admin_sees_only_their_own_organisations_report(app) {
        let demo = seed_demo(&app).await;
        let peeters = format!("organization={}&{ALL_TIME}", demo.peeters);
        let (status, _) = app.get(&format!("/api/v1/billing/report?{peeters}"), &demo.peeters_admin).await;
        assert_eq!(status, StatusCode::OK);
        let (status, body) = app.get(&format!("/api/v1/billing/report?{peeters}"), &demo.janssens_admin).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
        assert_eq!(csv_report(&app, &demo.janssens_admin, &peeters, false).await.0, StatusCode::NOT_FOUND);
        assert_eq!(csv_report(&app, &demo.janssens_admin, &peeters, true).await.0, StatusCode::NOT_FOUND);
        let (status, _) = app.get(&format!("/api/v1/billing/report?{peeters}"), &demo.peeters_customer).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "plain customers see no billing");
        let (status, _) = app.get(&format!("/api/v1/billing/report?organization={}&{ALL_TIME}", uuid::Uuid::new_v4()), &demo.admin).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = app.get(&format!("/api/v1/billing/report?organization={}&from=2026-12-31&to=2026-01-01", demo.peeters), &demo.admin).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let (status, _) = app.get(&format!("/api/v1/billing/report?organization={}&from=2026-02-30&to=2026-03-01", demo.peeters), &demo.admin).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
    }

    async fn the_csv_report_parses_back_with_the_same_totals(app) {
        let demo = seed_demo(&app).await;
        let query = format!("organization={}&{ALL_TIME}", demo.peeters);
        let (_, report) = app.get(&format!("/api/v1/billing/report?{query}"), &demo.admin).await;
        for (delimiter, separator, accept_header) in [("comma", b',', true), ("semicolon", b';', false)] {
            let (status, text) = csv_report(&app, &demo.admin, &format!("{query}&delimiter={delimiter}"), accept_header).await;
            assert_eq!(status, StatusCode::OK, "{text}");
            let mut reader = csv::ReaderBuilder::new().delimiter(separator).from_reader(text.as_bytes());
            let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
            assert_eq!(header, ["date", "ticket", "subject", "agent", "minutes", "rounded_minutes", "classification", "reason", "contract", "rate_cents", "amount_cents"]);
            let column = |name: &str| header.iter().position(|h| h == name).unwrap();
            let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
            assert_eq!(rows.len(), report["lines"].as_array().unwrap().len());
            let total = |name: &str, outcome: Option<&str>| -> u64 {
                rows.iter()
                    .filter(|r| outcome.is_none_or(|o| &r[column("classification")] == o))
                    .map(|r| r[column(name)].parse::<u64>().unwrap())
                    .sum()
            };
            assert_eq!(report["totals"]["amount_excluding_vat_cents"], total("amount_cents", None));
            assert_eq!(report["totals"]["billable_minutes"], total("rounded_minutes", Some("billable")));
            assert_eq!(report["totals"]["included_minutes"], total("minutes", Some("included")));
            assert_eq!(&rows[0][column("ticket")], report["lines"][0]["ticket_reference"].as_str().unwrap());
        }
    }

    async fn every_row_of_the_coverage_table_with_and_without_a_contract(app) {
        let admin = app.user(Role::Admin, None).await;
        let agent = app.user(Role::Agent, None).await;
        let covered = app.organization("Apotheek De Linde").await;
        let uncovered = app.organization("Frituur Het Pleintje").await;
        contract(&app, &admin, covered.id).await;
        for (organization, has_contract) in [(&covered, true), (&uncovered, false)] {
            let customer = app.user(Role::Customer, Some(organization)).await;
            let reference = file(&app, &customer, "Vraag over de software").await;
            for (subject, included) in COVERAGE {
                let body = record(&app, &agent.token, &reference, json!({
                    "performed_on": "2026-03-02", "minutes": 20, "subject": subject, "description": "Werk"
                })).await;
                let c = &body["classification"];
                let (outcome, reason, rate, amount) = match (has_contract, included) {
                    (false, _) => ("billable", "no_valid_contract", json!(9500), 4750),
                    (true, true) => ("included", "subject_included", Value::Null, 0),
                    (true, false) => ("billable", "subject_not_included", json!(8000), 4000),
                };
                assert_eq!(c["outcome"], outcome, "{subject}: {body}");
                assert_eq!(c["reason"], reason, "{subject}");
                assert_eq!(c["hourly_rate_cents"], rate, "{subject}");
                assert_eq!(c["billed_minutes"], if amount == 0 { 0 } else { 30 }, "{subject}");
                assert_eq!(c["amount_cents"], amount, "{subject}");
                let expected = match reason {
                    "no_valid_contract" => "no valid maintenance contract on 2026-03-02".to_owned(),
                    "subject_included" => "is covered by contract MC-2026-001".to_owned(),
                    _ => "is not covered by the maintenance contract".to_owned(),
                };
                assert!(body["explanation"].as_str().unwrap().contains(&expected), "{subject}: {body}");
            }
        }
    }

    async fn a_contract_edit_never_rewrites_history_but_reclassify_does(app) {
        let admin = app.user(Role::Admin, None).await;
        let agent = app.user(Role::Agent, None).await;
        let org = app.organization("Bakkerij Vermeulen").await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        let contract = contract(&app, &admin, org.id).await;
        let reference = file(&app, &customer, "Hoe exporteer ik de dagomzet?").await;
        let recorded = record(&app, &agent.token, &reference, json!({
            "performed_on": "2026-03-02", "minutes": 25, "subject": "user_question", "description": "Uitgelegd via telefoon"
        })).await;
        assert_eq!(recorded["classification"]["outcome"], "included");
        let id = recorded["id"].as_str().unwrap();

        let contract_path = format!("/api/v1/contracts/{}", contract["id"].as_str().unwrap());
        let (status, body) = app.patch(&contract_path, &admin.token, json!({"starts_on": "2026-04-01"})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let list = format!("/api/v1/tickets/{reference}/interventions");
        let (_, summary) = app.get(&list, &agent.token).await;
        assert_eq!(summary["items"][0]["classification"], recorded["classification"], "frozen");
        assert_eq!(summary["totals"]["included_minutes"], 25);

        let (status, described) = app.patch(&format!("{list}/{id}"), &agent.token, json!({"description": "Uitgelegd via telefoon en e-mail"})).await;
        assert_eq!(status, StatusCode::OK, "{described}");
        assert_eq!(described["classification"], recorded["classification"], "a corrected description reclassifies nothing");

        let (status, reclassified) = app.post(&format!("{list}/{id}/reclassify"), &agent.token, json!({})).await;
        assert_eq!(status, StatusCode::OK, "{reclassified}");
        assert_eq!(reclassified["classification"]["outcome"], "billable");
        assert_eq!(reclassified["classification"]["reason"], "no_valid_contract");
        assert_eq!(reclassified["explanation"], "no valid maintenance contract on 2026-03-02");
        assert_eq!(reclassified["classification"]["amount_cents"], 4750);
        let (_, summary) = app.get(&list, &agent.token).await;
        assert_eq!(summary["totals"]["billable_minutes"], 30);
        assert_eq!(summary["totals"]["amount_excluding_vat_cents"], 4750);

        let (_, events) = app.get(&format!("/api/v1/tickets/{reference}/events"), &agent.token).await;
        let event = events.as_array().unwrap().iter().find(|e| e["field"] == "intervention_reclassified").expect("recorded");
        assert!(event["old_value"].as_str().unwrap().contains("included"), "{event}");
        assert!(event["new_value"].as_str().unwrap().contains("billable"), "{event}");
        let (_, theirs) = app.get(&format!("/api/v1/tickets/{reference}/events"), &customer.token).await;
        assert!(theirs.as_array().unwrap().iter().all(|e| !e["field"].as_str().unwrap().starts_with("intervention")));
    }

    async fn edits_and_deletions_are_events_and_a_closed_ticket_takes_no_work(app) {
        let agent = app.user(Role::Agent, None).await;
        let org = app.organization("Garage Peeters").await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        let reference = file(&app, &customer, "Installatie tweede pc").await;
        let list = format!("/api/v1/tickets/{reference}/interventions");

        // Without a subject the ticket's category is used; without one either, 422.
        let ticket_path = format!("/api/v1/tickets/{reference}");
        assert_eq!(app.patch(&ticket_path, &agent.token, json!({"category": null})).await.0, StatusCode::OK);
        let (status, body) = app.post(&list, &agent.token, json!({"performed_on": "2026-03-02", "minutes": 30, "description": "Installatie"})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let (status, _) = app.patch(&ticket_path, &agent.token, json!({"category": "installation_upgrade"})).await;
        assert_eq!(status, StatusCode::OK);
        let recorded = record(&app, &agent.token, &reference, json!({"performed_on": "2026-03-02", "minutes": 30, "description": "Installatie"})).await;
        assert_eq!(recorded["subject"], "installation_upgrade");
        assert_eq!(recorded["agent_id"], agent.id().to_string());
        for bad in [
            json!({"performed_on": "2026-03-02", "minutes": 30, "subject": "nope", "description": "x"}),
            json!({"performed_on": "2026-03-02", "minutes": 0, "description": "x"}),
            json!({"performed_on": "2026-03-02", "minutes": 30, "description": "  "}),
            json!({"performed_on": "2026-02-30", "minutes": 30, "description": "x"}),
        ] {
            let (status, body) = app.post(&list, &agent.token, bad.clone()).await;
            assert!(status == StatusCode::UNPROCESSABLE_ENTITY || status == StatusCode::BAD_REQUEST, "{bad}: {status} {body}");
        }
        assert_eq!(app.post(&list, &customer.token, json!({"performed_on": "2026-03-02", "minutes": 30, "description": "x"})).await.0, StatusCode::FORBIDDEN);

        let path = format!("{list}/{}", recorded["id"].as_str().unwrap());
        let (status, edited) = app.patch(&path, &agent.token, json!({"minutes": 50})).await;
        assert_eq!(status, StatusCode::OK, "{edited}");
        assert_eq!(edited["classification"]["billed_minutes"], 60);
        assert_eq!(edited["classification"]["amount_cents"], 9500);
        let second = record(&app, &agent.token, &reference, json!({"performed_on": "2026-03-03", "minutes": 10, "description": "Nazicht"})).await;
        assert_eq!(app.delete(&format!("{list}/{}", second["id"].as_str().unwrap()), &agent.token).await.0, StatusCode::NO_CONTENT);
        assert_eq!(app.delete(&format!("{list}/{}", second["id"].as_str().unwrap()), &agent.token).await.0, StatusCode::NOT_FOUND);
        let (_, events) = app.get(&format!("/api/v1/tickets/{reference}/events"), &agent.token).await;
        let intervention_events: Vec<&Value> = events.as_array().unwrap().iter().filter(|e| e["field"] == "intervention").collect();
        assert_eq!(intervention_events.len(), 4, "recorded, edited, recorded, deleted: {events}");
        assert!(intervention_events[1]["old_value"].as_str().unwrap().contains("30 min"));
        assert!(intervention_events[1]["new_value"].as_str().unwrap().contains("50 min"));
        assert!(intervention_events[3]["new_value"].is_null());

        app.post(&format!("{ticket_path}/comments"), &agent.token, json!({"body": "Geïnstalleerd."})).await;
        for status in ["resolved", "closed"] {
            let (code, body) = app.patch(&ticket_path, &agent.token, json!({"status": status})).await;
            assert_eq!(code, StatusCode::OK, "{body}");
        }
        let (status, body) = app.post(&list, &agent.token, json!({"performed_on": "2026-03-04", "minutes": 30, "description": "Na sluiting"})).await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        assert_eq!(app.patch(&path, &agent.token, json!({"minutes": 5})).await.0, StatusCode::CONFLICT);
        assert_eq!(app.delete(&path, &agent.token).await.0, StatusCode::CONFLICT);
        let (_, summary) = app.get(&list, &agent.token).await;
        assert_eq!(summary["items"].as_array().unwrap().len(), 1, "nothing changed");
        assert_eq!(summary["items"][0]["minutes"], 50);
        assert_eq!(app.post(&format!("{path}/reclassify"), &agent.token, json!({})).await.0, StatusCode::OK, "billing corrections after closing");
    }

    async fn a_reclassification_records_who_and_why_and_the_body_may_be_left_out(app) {
        let agent = app.user(Role::Agent, None).await;
        let org = app.organization("Drukkerij Wouters").await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        let reference = file(&app, &customer, "Factuursjabloon aanpassen").await;
        let recorded = record(&app, &agent.token, &reference, json!({
            "performed_on": "2026-03-02", "minutes": 40, "subject": "reports_layouts", "description": "Sjabloon aangepast"
        })).await;
        let path = format!("/api/v1/tickets/{reference}/interventions/{}/reclassify", recorded["id"].as_str().unwrap());

        // Each bad reason names the field and changes nothing.
        let too_long = "x".repeat(2001);
        for bad in [json!({"reason": ""}), json!({"reason": "   "}), json!({"reason": too_long}), json!({"reason": 7}), json!({"why": "x"})] {
            let (status, body) = app.post(&path, &agent.token, bad.clone()).await;
            assert!(status == StatusCode::UNPROCESSABLE_ENTITY || status == StatusCode::BAD_REQUEST, "{bad}: {status} {body}");
            assert!(body.to_string().contains("reason") || body.to_string().contains("why"), "{bad}: {body}");
        }
        let events_path = format!("/api/v1/tickets/{reference}/events");
        let reclassifications = |events: &Value| -> Vec<Value> {
            events.as_array().unwrap().iter().filter(|e| e["field"] == "intervention_reclassified").cloned().collect()
        };
        assert!(reclassifications(&app.get(&events_path, &agent.token).await.1).is_empty(), "refused ones leave no trace");

        let why = "Contract retroactief verlengd — zie mail van An.";
        let (status, body) = app.post(&path, &agent.token, json!({"reason": format!("  {why}\n")})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["agent_name"], agent.user.display_name.as_str());
        let longest = "é".repeat(2000);
        assert_eq!(app.post(&path, &agent.token, json!({"reason": longest})).await.0, StatusCode::OK, "2000 characters, not bytes");
        // No body at all, as before.
        let response = app.client.post(app.url(&path)).bearer_auth(&agent.token).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(app.post(&path, &agent.token, json!({})).await.0, StatusCode::OK);
        // The spec declares the optional body as `null` or the object: `null` is no reason.
        assert_eq!(app.post(&path, &agent.token, Value::Null).await.0, StatusCode::OK);

        let (_, events) = app.get(&events_path, &agent.token).await;
        let entries = reclassifications(&events);
        assert_eq!(entries.len(), 5, "{events}");
        assert_eq!(entries[0]["reason"], why, "trimmed");
        assert_eq!(entries[0]["actor_id"], agent.id().to_string());
        assert_eq!(entries[0]["actor_name"], agent.user.display_name.as_str());
        assert_eq!(entries[0]["actor_is_staff"], true);
        assert!(entries[0]["old_value"].is_string() && entries[0]["new_value"].is_string(), "{}", entries[0]);
        assert_eq!(entries[1]["reason"].as_str().unwrap().chars().count(), 2000);
        assert!(entries[2..].iter().all(|e| e["reason"].is_null()), "{events}");
    }

    async fn every_intervention_names_its_agent(app) {
        let first = app.user(Role::Agent, None).await;
        let second = app.user(Role::Admin, None).await;
        let org = app.organization("Apotheek Claes").await;
        let admin = app.user(Role::CustomerAdmin, Some(&org)).await;
        let reference = file(&app, &admin, "Voorraadlijst klopt niet").await;
        for (agent, minutes) in [(&first, 15), (&second, 20), (&first, 25)] {
            let created = record(&app, &agent.token, &reference, json!({
                "performed_on": "2026-03-02", "minutes": minutes, "subject": "bug_report", "description": "Nagekeken"
            })).await;
            assert_eq!(created["agent_name"], agent.user.display_name.as_str(), "{created}");
            let path = format!("/api/v1/tickets/{reference}/interventions/{}", created["id"].as_str().unwrap());
            let (status, edited) = app.patch(&path, &second.token, json!({"description": "Nagekeken en opgelost"})).await;
            assert_eq!(status, StatusCode::OK, "{edited}");
            assert_eq!(edited["agent_name"], agent.user.display_name.as_str(), "who did the work, not who edited it");
        }
        // Staff and the customer admin read the same names.
        for reader in [&first, &admin] {
            let (status, list) = app.get(&format!("/api/v1/tickets/{reference}/interventions"), &reader.token).await;
            assert_eq!(status, StatusCode::OK, "{list}");
            let items = list["items"].as_array().unwrap();
            assert_eq!(items.len(), 3);
            for item in items {
                let expected = if item["agent_id"] == first.id().to_string() { &first } else { &second };
                assert_eq!(item["agent_name"], expected.user.display_name.as_str(), "{item}");
                assert!(!item.to_string().contains("@example.test"), "never an e-mail address: {item}");
            }
        }
    }
}

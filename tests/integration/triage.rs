use loket::domain::account::Role;
use loket_tests::on_both_databases;
use reqwest::StatusCode;
use serde_json::json;

on_both_databases! {
    async fn default_rules_sort_dutch_and_english_questions(app) {
        let org = app.organization("Triage").await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        let cases = [
            ("Het programma crasht bij opstarten", "issue"),
            ("The report doesn't work any more", "issue"),
            ("Wijzigingsaanvraag: extra veld op de factuur", "change_request"),
            ("Feature request: dark mode", "change_request"),
            ("Hoe wijzig ik mijn wachtwoord?", "support"),
        ];
        for (subject, kind) in cases {
            let (status, body) = app.post("/api/v1/tickets", &customer.token, json!({"subject": subject, "description": "-"})).await;
            assert_eq!(status, StatusCode::CREATED);
            assert_eq!(body["ticket"]["kind"], kind, "{subject}");
        }
        let staff = app.user(Role::Agent, None).await;
        let (status, rules) = app.get("/api/v1/triage/rules", &staff.token).await;
        assert_eq!(status, StatusCode::OK);
        assert!(rules.as_array().unwrap().len() >= 2);
        assert_eq!(app.get("/api/v1/triage/rules", &customer.token).await.0, StatusCode::FORBIDDEN);
    }

    async fn admins_manage_rules_and_bad_ones_are_named(app) {
        let admin = app.user(Role::Admin, None).await;
        let agent = app.user(Role::Agent, None).await;
        let org = app.organization("Regels").await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        let (_, before) = app.get("/api/v1/triage/rules", &admin.token).await;

        let (status, body) = app.post("/api/v1/triage/rules", &admin.token, json!({
            "name": "Broken", "position": 5,
            "conditions": [{"type": "channel_is", "channels": ["portal"]}, {"type": "text_contains_any", "words": []}],
            "actions": [{"type": "set_kind", "kind": "issue"}]
        })).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(body["errors"][0]["field"], "conditions[1].words");
        let (status, body) = app.post("/api/v1/triage/rules", &admin.token, json!({
            "name": "Broken", "position": 5, "actions": [{"type": "set_kind", "kind": "bug"}]
        })).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["errors"][0]["field"], "actions[0].kind");
        let (status, _) = app.post("/api/v1/triage/rules", &agent.token, json!({
            "name": "Agent rule", "position": 1, "actions": [{"type": "stop_processing"}]
        })).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (_, after_refusals) = app.get("/api/v1/triage/rules", &admin.token).await;
        assert_eq!(after_refusals, before, "refused rules wrote nothing");

        // A rule that sends everything about invoices to the billing category and to the agent,
        // with a note — and one after it that stop_processing shields.
        let (status, invoices) = app.post("/api/v1/triage/rules", &admin.token, json!({
            "name": "Facturen", "position": 1,
            "conditions": [{"type": "text_contains_any", "words": ["factuur", "invoice"]}],
            "actions": [
                {"type": "set_category", "category": "user_question"},
                {"type": "assign_to", "agent_id": agent.id()},
                {"type": "add_internal_note", "body": "Facturatievraag: zie procedure F-12"},
                {"type": "stop_processing"}
            ]
        })).await;
        assert_eq!(status, StatusCode::CREATED, "{invoices}");
        let (status, created) = app.post("/api/v1/tickets", &customer.token, json!({"subject": "Fout in factuur", "description": "Het bedrag klopt niet"})).await;
        assert_eq!(status, StatusCode::CREATED);
        let ticket = &created["ticket"];
        assert_eq!(ticket["category"], "user_question");
        assert_eq!(ticket["assignee_id"], agent.id().to_string());
        assert_eq!(ticket["kind"], "support", "stop_processing kept the defect rule from running");
        let decisions = created["decisions"].to_string();
        assert!(!decisions.contains("F-12"), "customers do not see the internal note: {decisions}");
        let path = format!("/api/v1/tickets/{}", ticket["reference"].as_str().unwrap());
        let (_, notes) = app.get(&format!("{path}/comments"), &agent.token).await;
        assert_eq!(notes[0]["body"], "Facturatievraag: zie procedure F-12");
        assert!(notes[0]["author_id"].is_null(), "written by the rule, not a person");
        let (_, events) = app.get(&format!("{path}/events"), &agent.token).await;
        let assignment = events.as_array().unwrap().iter().find(|e| e["field"] == "assignee").unwrap();
        assert_eq!(assignment["rule_id"], invoices["id"]);
        assert!(assignment["explanation"].as_str().unwrap().contains("Facturen"));

        // Disabled, the rule never fires; the defect rule runs again.
        let id = invoices["id"].as_str().unwrap();
        let mut replacement = invoices.clone();
        replacement.as_object_mut().unwrap().remove("id");
        replacement["enabled"] = json!(false);
        let (status, replaced) = app.call(reqwest::Method::PUT, &format!("/api/v1/triage/rules/{id}"), Some(&admin.token), Some(replacement)).await;
        assert_eq!(status, StatusCode::OK, "{replaced}");
        let (_, second) = app.post("/api/v1/tickets", &customer.token, json!({"subject": "Fout in factuur", "description": "-"})).await;
        assert!(second["ticket"]["category"].is_null());
        assert_eq!(second["ticket"]["kind"], "issue");

        assert_eq!(app.delete(&format!("/api/v1/triage/rules/{id}"), &admin.token).await.0, StatusCode::NO_CONTENT);
        assert_eq!(app.get(&format!("/api/v1/triage/rules/{id}"), &admin.token).await.0, StatusCode::NOT_FOUND);
        let (_, events_after) = app.get(&format!("{path}/events"), &agent.token).await;
        assert_eq!(events_after, events, "history keeps the decisions of a deleted rule");
    }

    async fn preview_shows_decisions_and_changes_nothing(app) {
        let admin = app.user(Role::Admin, None).await;
        let (_, rules_before) = app.get("/api/v1/triage/rules", &admin.token).await;
        let (_, tickets_before) = app.get("/api/v1/tickets", &admin.token).await;
        let (status, preview) = app.call(reqwest::Method::POST, "/api/v1/triage/preview", Some(&admin.token), Some(json!({
            "subject": "Foutmelding bij het opstarten", "description": "Het werkt niet", "urgency": "critical"
        }))).await;
        assert_eq!(status, StatusCode::OK, "{preview}");
        assert_eq!(preview["kind"], "issue");
        assert_eq!(preview["priority"]["priority"], "high");
        let explanation = preview["explanations"][0].as_str().unwrap();
        assert!(explanation.contains("foutmelding"), "{explanation}");
        let response = app.client.post(app.url("/api/v1/triage/preview")).bearer_auth(&admin.token)
            .header("accept-language", "en").json(&json!({"subject": "Foutmelding", "description": "-"})).send().await.unwrap();
        let english: serde_json::Value = response.json().await.unwrap();
        assert!(english["explanations"][0].as_str().unwrap().starts_with("kind set to issue"), "{english}");
        assert_eq!(app.get("/api/v1/triage/rules", &admin.token).await.1, rules_before);
        assert_eq!(app.get("/api/v1/tickets", &admin.token).await.1, tickets_before);
    }

    async fn triage_on_demand_applies_new_rules_to_an_existing_ticket(app) {
        let admin = app.user(Role::Admin, None).await;
        let org = app.organization("Later").await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        let (_, created) = app.post("/api/v1/tickets", &customer.token, json!({"subject": "Vraag over de kassa", "description": "-"})).await;
        let path = format!("/api/v1/tickets/{}", created["ticket"]["reference"].as_str().unwrap());
        app.post("/api/v1/triage/rules", &admin.token, json!({
            "name": "Kassa", "position": 1,
            "conditions": [{"type": "text_contains_any", "words": ["kassa"]}],
            "actions": [{"type": "set_impact", "impact": "critical"}]
        })).await;
        let (status, triaged) = app.post(&format!("{path}/triage"), &admin.token, json!({})).await;
        assert_eq!(status, StatusCode::OK, "{triaged}");
        assert_eq!(triaged["ticket"]["impact"], "critical");
        assert_eq!(triaged["ticket"]["priority"], "high");
        assert_eq!(triaged["ticket"]["reference"], created["ticket"]["reference"]);
        assert_eq!(app.post(&format!("{path}/triage"), &customer.token, json!({})).await.0, StatusCode::FORBIDDEN);
    }

    async fn the_priority_matrix_is_admin_data(app) {
        let admin = app.user(Role::Admin, None).await;
        let agent = app.user(Role::Agent, None).await;
        let (status, matrix) = app.get("/api/v1/priority-matrix", &agent.token).await;
        assert_eq!(status, StatusCode::OK);
        let mut cells = matrix["cells"].as_array().unwrap().clone();
        assert_eq!(cells.len(), 16);
        let (status, body) = app.call(reqwest::Method::PUT, "/api/v1/priority-matrix", Some(&admin.token), Some(json!({"cells": cells[..15]}))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(body["errors"][0]["message"].as_str().unwrap().contains("no priority"));
        assert_eq!(app.call(reqwest::Method::PUT, "/api/v1/priority-matrix", Some(&agent.token), Some(json!({"cells": cells}))).await.0, StatusCode::FORBIDDEN);
        for cell in cells.iter_mut() {
            cell["priority"] = json!("critical");
        }
        let (status, _) = app.call(reqwest::Method::PUT, "/api/v1/priority-matrix", Some(&admin.token), Some(json!({"cells": cells}))).await;
        assert_eq!(status, StatusCode::OK);
        let org = app.organization("Alles kritiek").await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        let (_, created) = app.post("/api/v1/tickets", &customer.token, json!({"subject": "Vraag", "description": "-", "urgency": "low"})).await;
        assert_eq!(created["ticket"]["priority"], "critical");
    }

    async fn the_contract_condition_reads_the_organisations_coverage_today(app) {
        let admin = app.user(Role::Admin, None).await;
        let covered = app.organization("Met contract").await;
        let uncovered = app.organization("Zonder contract").await;
        let (status, contract) = app.post("/api/v1/contracts", &admin.token, json!({
            "organization_id": covered.id, "starts_on": "2020-01-01", "ends_on": null, "hourly_rate_cents": 8500
        })).await;
        assert_eq!(status, StatusCode::CREATED, "{contract}");
        let (status, _) = app.post("/api/v1/triage/rules", &admin.token, json!({
            "name": "Contractklanten eerst", "position": 1,
            "conditions": [{"type": "has_valid_contract", "value": true}],
            "actions": [{"type": "set_impact", "impact": "high"}]
        })).await;
        assert_eq!(status, StatusCode::CREATED);
        let with = app.user(Role::Customer, Some(&covered)).await;
        let without = app.user(Role::Customer, Some(&uncovered)).await;
        let (_, a) = app.post("/api/v1/tickets", &with.token, json!({"subject": "Vraag", "description": "-"})).await;
        let (_, b) = app.post("/api/v1/tickets", &without.token, json!({"subject": "Vraag", "description": "-"})).await;
        assert_eq!(a["ticket"]["impact"], "high", "{a}");
        assert!(b["ticket"]["impact"].is_null(), "{b}");
    }
}

use loket::domain::account::Role;
use loket_tests::on_both_databases;
use reqwest::StatusCode;
use serde_json::json;

/// `POST /triage/preview` with answers in English.
async fn preview_en(
    app: &loket_tests::TestApp,
    token: &str,
    body: serde_json::Value,
) -> (StatusCode, serde_json::Value) {
    let response = app
        .client
        .post(app.url("/api/v1/triage/preview"))
        .bearer_auth(token)
        .header("accept-language", "en")
        .json(&body)
        .send()
        .await
        .unwrap();
    loket_tests::read(response).await
}

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

    async fn admins_reorder_all_rules_at_once_and_triage_follows(app) {
        let admin = app.user(Role::Admin, None).await;
        let agent = app.user(Role::Agent, None).await;
        let org = app.organization("Volgorde").await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        // Two rules on the same word that set the kind: the later one wins.
        let (status, first) = app.post("/api/v1/triage/rules", &admin.token, json!({
            "name": "Kassa is een issue", "position": 100,
            "conditions": [{"type": "text_contains_any", "words": ["kassa"]}],
            "actions": [{"type": "set_kind", "kind": "issue"}]
        })).await;
        assert_eq!(status, StatusCode::CREATED, "{first}");
        let (status, second) = app.post("/api/v1/triage/rules", &admin.token, json!({
            "name": "Kassa is een wijziging", "position": 200,
            "conditions": [{"type": "text_contains_any", "words": ["kassa"]}],
            "actions": [{"type": "set_kind", "kind": "change_request"}]
        })).await;
        assert_eq!(status, StatusCode::CREATED, "{second}");
        let (_, created) = app.post("/api/v1/tickets", &customer.token, json!({"subject": "Kassa", "description": "-"})).await;
        assert_eq!(created["ticket"]["kind"], "change_request");

        let (_, rules) = app.get("/api/v1/triage/rules", &admin.token).await;
        let ids: Vec<serde_json::Value> = rules.as_array().unwrap().iter().map(|r| r["id"].clone()).collect();
        let mut reversed = ids.clone();
        reversed.reverse();
        let order = "/api/v1/triage/rules/order";
        let (status, body) = app.call(reqwest::Method::PUT, order, Some(&agent.token), Some(json!({"ids": reversed}))).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        let (status, body) = app.call(reqwest::Method::PUT, order, Some(&customer.token), Some(json!({"ids": reversed}))).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");

        // Bad lists are refused whole, naming the field; nothing moves.
        let mut missing = reversed.clone();
        missing.pop();
        let (status, body) = app.call(reqwest::Method::PUT, order, Some(&admin.token), Some(json!({"ids": missing}))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(body["errors"][0]["field"], "ids");
        assert_eq!(body["errors"][0]["code"], "missing");
        let mut twice = reversed.clone();
        twice.push(reversed[0].clone());
        let (status, body) = app.call(reqwest::Method::PUT, order, Some(&admin.token), Some(json!({"ids": twice}))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(body["errors"][0]["field"], format!("ids[{}]", ids.len()));
        assert_eq!(body["errors"][0]["code"], "duplicate");
        let mut unknown = reversed.clone();
        unknown[1] = json!(uuid::Uuid::new_v4());
        let (status, body) = app.call(reqwest::Method::PUT, order, Some(&admin.token), Some(json!({"ids": unknown}))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(body["errors"][0]["field"], "ids[1]");
        assert_eq!(body["errors"][0]["code"], "unknown_rule");
        let (status, body) = app.call(reqwest::Method::PUT, order, Some(&admin.token), Some(json!({"ids": ["not-a-uuid"]}))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(body["errors"][0]["field"], "ids[0]");
        let (status, body) = app.call(reqwest::Method::PUT, order, Some(&admin.token), Some(json!({}))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(app.get("/api/v1/triage/rules", &admin.token).await.1, rules, "refused orders moved nothing");

        // The whole new order at once: the list, its positions and triage follow it.
        let (status, reordered) = app.call(reqwest::Method::PUT, order, Some(&admin.token), Some(json!({"ids": reversed}))).await;
        assert_eq!(status, StatusCode::OK, "{reordered}");
        let got: Vec<serde_json::Value> = reordered.as_array().unwrap().iter().map(|r| r["id"].clone()).collect();
        assert_eq!(got, reversed);
        let positions: Vec<i64> = reordered.as_array().unwrap().iter().map(|r| r["position"].as_i64().unwrap()).collect();
        assert_eq!(positions, (1..=ids.len() as i64).map(|n| n * 10).collect::<Vec<_>>());
        assert_eq!(app.get("/api/v1/triage/rules", &agent.token).await.1, reordered);
        let (_, after) = app.post("/api/v1/tickets", &customer.token, json!({"subject": "Kassa", "description": "-"})).await;
        assert_eq!(after["ticket"]["kind"], "issue", "the issue rule now runs last and wins: {after}");
        // The customer's answer gives the decisions in words, in run order.
        let decisions: Vec<&str> = after["decisions"].as_array().unwrap().iter().map(|d| d.as_str().unwrap()).collect();
        assert_eq!(decisions.len(), 2, "{after}");
        assert!(decisions[0].contains("'Kassa is een wijziging'"), "{after}");
        assert!(decisions[1].contains("'Kassa is een issue'"), "{after}");
        let path = format!("/api/v1/tickets/{}", after["ticket"]["reference"].as_str().unwrap());
        let (_, events) = app.get(&format!("{path}/events"), &agent.token).await;
        let kind_set_by: Vec<&serde_json::Value> = events.as_array().unwrap().iter()
            .filter(|e| e["field"] == "kind").map(|e| &e["rule_id"]).collect();
        assert_eq!(kind_set_by.last().copied(), Some(&first["id"]), "{events}");
    }

    async fn the_preview_tries_an_unsaved_rule_and_names_its_mistakes(app) {
        let admin = app.user(Role::Admin, None).await;
        let agent = app.user(Role::Agent, None).await;
        let org = app.organization("Voorproef").await;
        let (_, rules_before) = app.get("/api/v1/triage/rules", &admin.token).await;
        let draft_rule = json!({
            "name": "Facturen per e-mail", "position": 1000,
            "conditions": [
                {"type": "text_contains_any", "words": ["factuur", "invoice"]},
                {"type": "channel_is", "channels": ["email"]},
                {"type": "organization_is", "organization_ids": [org.id]}
            ],
            "actions": [{"type": "set_kind", "kind": "change_request"}, {"type": "assign_to", "agent_id": agent.id()}]
        });
        let ticket = json!({"subject": "Vraag over mijn factuur", "description": "-", "channel": "email", "organization_id": org.id});

        // Without the draft, the saved rules leave the question a support ticket.
        let (status, saved_only) = preview_en(&app, &admin.token, ticket.clone()).await;
        assert_eq!(status, StatusCode::OK, "{saved_only}");
        assert_eq!(saved_only["kind"], "support");
        assert!(saved_only["draft_rule_id"].is_null());

        // With it, the draft fires and says why.
        let mut with_draft = ticket.clone();
        with_draft["draft"] = json!({"rule": draft_rule});
        let (status, tried) = preview_en(&app, &admin.token, with_draft.clone()).await;
        assert_eq!(status, StatusCode::OK, "{tried}");
        assert_eq!(tried["kind"], "change_request");
        assert_eq!(tried["assignee_id"], agent.id().to_string());
        let draft_id = tried["draft_rule_id"].clone();
        assert!(draft_id.is_string());
        assert!(tried["decisions"].as_array().unwrap().iter().all(|d| d["rule_id"] == draft_id), "{tried}");
        let why = tried["explanations"][0].as_str().unwrap();
        assert!(why.starts_with("kind set to change request by rule 'Facturen per e-mail'"), "{why}");
        assert!(why.contains("matched 'factuur' in the subject") && why.contains("channel is e-mail"), "{why}");
        // Through the portal it does not match.
        with_draft["channel"] = json!("portal");
        assert_eq!(preview_en(&app, &admin.token, with_draft.clone()).await.1["kind"], "support");

        // An edit replaces the saved rule: disabled in the draft, the saved defect rule no longer fires.
        let (_, rules) = app.get("/api/v1/triage/rules", &admin.token).await;
        let defect = rules.as_array().unwrap().iter().find(|r| r["name"] == "Defect words").unwrap().clone();
        let mut edited = defect.clone();
        edited.as_object_mut().unwrap().remove("id");
        edited["enabled"] = json!(false);
        let crash = json!({"subject": "Het programma crasht", "description": "-"});
        assert_eq!(preview_en(&app, &admin.token, crash.clone()).await.1["kind"], "issue");
        let mut crash_edit = crash.clone();
        crash_edit["draft"] = json!({"rule": edited, "replaces": defect["id"]});
        let (status, off) = preview_en(&app, &admin.token, crash_edit).await;
        assert_eq!(status, StatusCode::OK, "{off}");
        assert_eq!(off["kind"], "support", "{off}");
        assert_eq!(off["draft_rule_id"], defect["id"]);

        // Mistakes in the draft are named under draft.rule, as the editor's fields.
        let mut bad = ticket.clone();
        bad["draft"] = json!({"rule": {"name": " ", "position": 1,
            "conditions": [{"type": "text_contains_any", "words": []}], "actions": []}});
        let (status, body) = preview_en(&app, &admin.token, bad).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let fields: Vec<&str> = body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
        assert_eq!(fields, ["draft.rule.name", "draft.rule.conditions[0].words", "draft.rule.actions"]);
        let mut nobody = ticket.clone();
        nobody["draft"] = json!({"rule": {"name": "x", "position": 1,
            "actions": [{"type": "assign_to", "agent_id": uuid::Uuid::new_v4()}]}});
        let (status, body) = preview_en(&app, &admin.token, nobody).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(body["errors"][0]["field"], "draft.rule.actions[0].agent_id");
        let mut gone = ticket.clone();
        gone["draft"] = json!({"rule": draft_rule, "replaces": uuid::Uuid::new_v4()});
        let (status, body) = preview_en(&app, &admin.token, gone).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(body["errors"][0]["field"], "draft.replaces");
        let mut extra = ticket.clone();
        extra["draft"] = json!({"rule": draft_rule, "colour": "red"});
        assert_eq!(preview_en(&app, &admin.token, extra).await.0, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(app.get("/api/v1/triage/rules", &admin.token).await.1, rules_before, "the preview saved nothing");
    }

    async fn rules_name_only_real_agents_and_organisations(app) {
        let admin = app.user(Role::Admin, None).await;
        let org = app.organization("Echt").await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        let (status, body) = app.post("/api/v1/triage/rules", &admin.token, json!({
            "name": "Naar de klant", "position": 1,
            "conditions": [{"type": "organization_is", "organization_ids": [org.id, uuid::Uuid::new_v4()]}],
            "actions": [{"type": "assign_to", "agent_id": customer.id()}]
        })).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let fields: Vec<&str> = body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
        assert_eq!(fields, ["actions[0].agent_id", "conditions[0].organization_ids[1]"]);
        assert_eq!(body["errors"][0]["code"], "unknown_agent");
        assert_eq!(body["errors"][1]["code"], "unknown_organization");
    }
}

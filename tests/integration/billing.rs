use crate::contracts::seed_demo;
use loket::domain::account::Role;
use loket_tests::{on_both_databases, TestApp};
use reqwest::StatusCode;
use serde_json::{json, Value};

/// The policy's coverage table, as published: code, Dutch label, English label, included.
const POLICY: [(&str, &str, &str, bool); 9] = [
    (
        "knowledge_base",
        "Gebruik van onze knowledgebase artikels",
        "Use of our knowledge-base articles",
        true,
    ),
    (
        "bug_report",
        "Melden van problemen/bugs",
        "Reporting problems / bugs",
        true,
    ),
    (
        "change_request",
        "Aanvragen tot wijzigingen (Change requests)",
        "Requests for changes (change requests)",
        true,
    ),
    (
        "user_question",
        "Stellen van gebruikersvragen",
        "Asking user questions",
        true,
    ),
    ("training", "Opleiding", "Training", true),
    (
        "database_script",
        "Scripts of aanpassingen rechtstreeks op de database",
        "Scripts or changes made directly on the database",
        false,
    ),
    (
        "installation_upgrade",
        "(her)Installaties/Upgrades",
        "(Re)installations and upgrades",
        false,
    ),
    (
        "reports_layouts",
        "Maken of aanpassen van rapporten en lay-outs",
        "Creating or changing reports and layouts",
        false,
    ),
    ("custom_work", "Maatwerk", "Custom work", false),
];

async fn classify(app: &TestApp, token: &str, organization: &str, date: &str, subject: &str, minutes: u32) -> Value {
    let (status, body) = app
        .post(
            "/api/v1/billing/classify",
            token,
            json!({
                "organization_id": organization, "date": date, "subject": subject, "minutes": minutes
            }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{subject} on {date}: {body}");
    body
}

on_both_databases! {
    async fn every_fresh_database_has_the_policys_coverage_table_and_default_settings(app) {
        let org = app.organization("Kapsalon Lotte").await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        let (status, table) = app.get("/api/v1/billing/coverage", &customer.token).await;
        assert_eq!(status, StatusCode::OK, "{table}");
        let expected: Vec<Value> = POLICY
            .iter()
            .map(|(code, nl, en, included)| json!({"code": code, "label_nl": nl, "label_en": en, "included": included, "retired": false}))
            .collect();
        assert_eq!(table["items"], json!(expected));
        let (status, row) = app.get("/api/v1/billing/coverage/custom_work", &customer.token).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(row, expected[8]);
        assert_eq!(app.get("/api/v1/billing/coverage/nope", &customer.token).await.0, StatusCode::NOT_FOUND);

        let admin = app.user(Role::Admin, None).await;
        let (status, settings) = app.get("/api/v1/billing/settings", &admin.token).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(settings, json!({"increment_minutes": 15, "minimum_minutes": 15, "default_hourly_rate_cents": 9500, "vat_rate_basis_points": 2100}));
    }

    async fn classify_every_subject_with_and_without_a_contract(app) {
        let demo = seed_demo(&app).await;
        for (code, _, _, included) in POLICY {
            // Bakkerij Peeters: contract MC-2026-001 at 85.00 EUR/h, valid all of 2026.
            for date in ["2026-01-01", "2026-07-15", "2026-12-31"] {
                let line = classify(&app, &demo.admin, &demo.peeters, date, code, 50).await;
                assert_eq!(line["contract_number"], "MC-2026-001", "{code} {date}");
                assert_eq!(line["minutes_worked"], 50);
                assert_eq!(line["subject"]["code"], code);
                if included {
                    assert_eq!(line["outcome"], "included", "{code}: {line}");
                    assert_eq!(line["reason"], "subject_included");
                    assert!(line["hourly_rate_cents"].is_null());
                    assert_eq!((line["billed_minutes"].as_u64(), line["amount_cents"].as_u64()), (Some(0), Some(0)));
                    assert_eq!((line["vat_cents"].as_u64(), line["total_including_vat_cents"].as_u64()), (Some(0), Some(0)));
                } else {
                    assert_eq!(line["outcome"], "billable", "{code}: {line}");
                    assert_eq!(line["reason"], "subject_not_included");
                    assert_eq!(line["hourly_rate_cents"], 8500);
                    assert_eq!(line["billed_minutes"], 60, "50 minutes is four started quarters");
                    assert_eq!(line["amount_cents"], 8500);
                    assert_eq!(line["vat_rate_basis_points"], 2100);
                    assert_eq!(line["vat_cents"], 1785);
                    assert_eq!(line["total_including_vat_cents"], 10285);
                }
            }
            // The day after the contract ends: billable at the default rate, whatever the subject.
            for (organization, date) in [(&demo.peeters, "2027-01-01"), (&demo.peeters, "2025-12-31"), (&demo.janssens, "2026-07-15")] {
                let line = classify(&app, &demo.admin, organization, date, code, 50).await;
                assert_eq!(line["outcome"], "billable", "{code} {date}: {line}");
                assert_eq!(line["reason"], "no_valid_contract");
                assert!(line["contract_number"].is_null());
                assert_eq!(line["hourly_rate_cents"], 9500);
                assert_eq!(line["billed_minutes"], 60);
                assert_eq!(line["amount_cents"], 9500);
                assert_eq!(line["vat_cents"], 1995);
                assert_eq!(line["total_including_vat_cents"], 11495);
            }
        }
    }

    async fn the_reason_comes_in_the_callers_language(app) {
        let demo = seed_demo(&app).await;
        let body = json!({"organization_id": demo.peeters, "date": "2026-03-02", "subject": "training", "minutes": 30});
        // Jan reads Dutch.
        let (_, dutch) = app.post("/api/v1/billing/classify", &demo.agent_nl, body.clone()).await;
        assert_eq!(dutch["language"], "nl");
        assert_eq!(dutch["explanation"], "\"Opleiding\" is inbegrepen in contract MC-2026-001");
        assert_eq!(dutch["explanation_en"], "\"Training\" is covered by contract MC-2026-001");
        for (header, language) in [("en-GB,en;q=0.9", "en"), ("fr-BE, nl;q=0.5", "nl"), ("de", "nl")] {
            let response = app.client.post(app.url("/api/v1/billing/classify"))
                .bearer_auth(&demo.agent_nl)
                .header("accept-language", header)
                .json(&body)
                .send().await.unwrap();
            let (status, line) = loket_tests::read(response).await;
            assert_eq!(status, StatusCode::OK);
            assert_eq!(line["language"], language, "{header}");
            let expected = if language == "en" { &line["explanation_en"] } else { &line["explanation_nl"] };
            assert_eq!(&line["explanation"], expected);
        }
    }

    async fn classify_refuses_what_it_cannot_classify(app) {
        let demo = seed_demo(&app).await;
        let valid = json!({"organization_id": demo.peeters, "date": "2026-03-02", "subject": "training", "minutes": 30});
        let with = |field: &str, value: Value| {
            let mut body = valid.clone();
            body[field] = value;
            body
        };
        for (body, field) in [
            (with("subject", json!("gardening")), "subject"),
            (with("organization_id", json!(uuid::Uuid::new_v4())), "organization_id"),
            (with("minutes", json!(-1)), "minutes"),
            (with("minutes", json!(20_000)), "minutes"),
            (with("date", json!("2026-13-01")), "date"),
        ] {
            let (status, problem) = app.post("/api/v1/billing/classify", &demo.admin, body).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {problem}");
            assert_eq!(problem["errors"][0]["field"], field);
        }
        for token in [&demo.peeters_admin, &demo.peeters_customer] {
            assert_eq!(app.post("/api/v1/billing/classify", token, valid.clone()).await.0, StatusCode::FORBIDDEN);
        }
        let line = classify(&app, &demo.agent_nl, &demo.peeters, "2026-03-02", "custom_work", 0).await;
        assert_eq!((line["billed_minutes"].as_u64(), line["amount_cents"].as_u64()), (Some(0), Some(0)), "no work, no bill");
    }

    async fn admins_add_rename_toggle_and_retire_subjects(app) {
        let demo = seed_demo(&app).await;
        let (status, added) = app.post("/api/v1/billing/coverage", &demo.admin, json!({
            "code": "data_migration", "label_nl": "Gegevensmigratie", "label_en": "Data migration", "included": false
        })).await;
        assert_eq!(status, StatusCode::CREATED, "{added}");
        assert_eq!(added["retired"], false);
        let (_, table) = app.get("/api/v1/billing/coverage", &demo.peeters_customer).await;
        assert_eq!(table["items"].as_array().unwrap().len(), 10);
        assert_eq!(table["items"][9]["code"], "data_migration", "added at the end");

        let (status, body) = app.post("/api/v1/billing/coverage", &demo.admin, json!({
            "code": "training", "label_nl": "x", "label_en": "x", "included": true
        })).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert_eq!(body["errors"][0]["field"], "code", "a 409 about one field names it: {body}");
        assert_eq!(body["errors"][0]["code"], "taken");
        for (body, field) in [
            (json!({"code": "Data Migration", "label_nl": "a", "label_en": "b", "included": true}), "code"),
            (json!({"code": "x_", "label_nl": "a", "label_en": "b", "included": true}), "code"),
            (json!({"code": "new_one", "label_nl": "  ", "label_en": "b", "included": true}), "label_nl"),
            (json!({"code": "new_one", "label_nl": "a", "label_en": " ", "included": true}), "label_en"),
            (json!({"code": "new_one", "label_nl": "a", "label_en": "b"}), "included"),
        ] {
            let (status, problem) = app.post("/api/v1/billing/coverage", &demo.admin, body).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {problem}");
            assert_eq!(problem["errors"][0]["field"], field, "{problem}");
        }

        let path = "/api/v1/billing/coverage/data_migration";
        let (status, renamed) = app.patch(path, &demo.admin, json!({"label_en": "Data migrations", "included": true})).await;
        assert_eq!(status, StatusCode::OK, "{renamed}");
        assert_eq!(renamed["label_en"], "Data migrations");
        assert_eq!(renamed["included"], true);
        let line = classify(&app, &demo.admin, &demo.peeters, "2026-03-02", "data_migration", 30).await;
        assert_eq!(line["outcome"], "included", "the toggle counts at once");
        let (status, problem) = app.patch(path, &demo.admin, json!({"label_nl": " "})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(problem["errors"][0]["field"], "label_nl");
        assert_eq!(app.patch("/api/v1/billing/coverage/nope", &demo.admin, json!({"retired": true})).await.0, StatusCode::NOT_FOUND);

        // Retiring keeps the subject readable and classifiable for old entries.
        let (status, retired) = app.patch("/api/v1/billing/coverage/reports_layouts", &demo.admin, json!({"retired": true})).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(retired["retired"], true);
        let (status, row) = app.get("/api/v1/billing/coverage/reports_layouts", &demo.agent_nl).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(row["label_nl"], "Maken of aanpassen van rapporten en lay-outs");
        assert_eq!(row["retired"], true);
        let (_, table) = app.get("/api/v1/billing/coverage", &demo.janssens_admin).await;
        assert!(table["items"].as_array().unwrap().iter().any(|r| r["code"] == "reports_layouts" && r["retired"] == true));
        let line = classify(&app, &demo.admin, &demo.peeters, "2026-03-02", "reports_layouts", 30).await;
        assert_eq!(line["reason"], "subject_not_included");
        assert_eq!(line["subject"]["retired"], true);
        // No deleting subjects.
        assert_eq!(app.delete("/api/v1/billing/coverage/reports_layouts", &demo.admin).await.0, StatusCode::NOT_FOUND);
        assert_eq!(app.get("/api/v1/billing/coverage/reports_layouts", &demo.admin).await.0, StatusCode::OK);
    }

    async fn only_admins_change_the_coverage_table_and_settings(app) {
        let demo = seed_demo(&app).await;
        let (_, table_before) = app.get("/api/v1/billing/coverage", &demo.admin).await;
        let (_, settings_before) = app.get("/api/v1/billing/settings", &demo.admin).await;
        for token in [&demo.agent_nl, &demo.peeters_admin, &demo.peeters_customer] {
            let (status, body) = app.post("/api/v1/billing/coverage", token, json!({
                "code": "sneaky", "label_nl": "a", "label_en": "b", "included": true
            })).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
            assert_eq!(app.patch("/api/v1/billing/coverage/custom_work", token, json!({"included": true})).await.0, StatusCode::FORBIDDEN);
            assert_eq!(app.get("/api/v1/billing/settings", token).await.0, StatusCode::FORBIDDEN);
            let (status, _) = app.call(reqwest::Method::PUT, "/api/v1/billing/settings", Some(token), Some(json!({
                "increment_minutes": 1, "minimum_minutes": 0, "default_hourly_rate_cents": 0, "vat_rate_basis_points": 0
            }))).await;
            assert_eq!(status, StatusCode::FORBIDDEN);
        }
        assert_eq!(app.get("/api/v1/billing/coverage", &demo.admin).await.1, table_before, "nothing changed");
        assert_eq!(app.get("/api/v1/billing/settings", &demo.admin).await.1, settings_before);
    }

    async fn settings_change_the_rounding_rate_and_vat(app) {
        let demo = seed_demo(&app).await;
        let put = |body: Value| app.call(reqwest::Method::PUT, "/api/v1/billing/settings", Some(&demo.admin), Some(body));
        let (status, saved) = put(json!({
            "increment_minutes": 30, "minimum_minutes": 60, "default_hourly_rate_cents": 12000, "vat_rate_basis_points": 600
        })).await;
        assert_eq!(status, StatusCode::OK, "{saved}");
        assert_eq!(saved["increment_minutes"], 30);

        let line = classify(&app, &demo.agent_nl, &demo.janssens, "2026-03-02", "user_question", 20).await;
        assert_eq!(line["billed_minutes"], 60, "raised to the minimum");
        assert_eq!(line["amount_cents"], 12000);
        assert_eq!(line["vat_rate_basis_points"], 600);
        assert_eq!(line["vat_cents"], 720);
        let line = classify(&app, &demo.agent_nl, &demo.janssens, "2026-03-02", "user_question", 70).await;
        assert_eq!(line["billed_minutes"], 90, "per started half hour");
        assert_eq!(line["amount_cents"], 18000);
        let line = classify(&app, &demo.agent_nl, &demo.peeters, "2026-03-02", "custom_work", 61).await;
        assert_eq!((line["billed_minutes"].as_u64(), line["amount_cents"].as_u64()), (Some(90), Some(12750)), "the contract's rate");

        for (body, field) in [
            (json!({"increment_minutes": 0, "minimum_minutes": 0, "default_hourly_rate_cents": 1, "vat_rate_basis_points": 2100}), "increment_minutes"),
            (json!({"increment_minutes": 15, "minimum_minutes": 0, "default_hourly_rate_cents": 1, "vat_rate_basis_points": 10001}), "vat_rate_basis_points"),
            (json!({"increment_minutes": 15, "minimum_minutes": -1, "default_hourly_rate_cents": 1, "vat_rate_basis_points": 2100}), "minimum_minutes"),
            (json!({"increment_minutes": 15, "minimum_minutes": 0, "vat_rate_basis_points": 2100}), "default_hourly_rate_cents"),
            (json!({"increment_minutes": 15, "minimum_minutes": 0, "default_hourly_rate_cents": 1, "vat_rate_basis_points": 2100, "currency": "USD"}), "currency"),
        ] {
            let (status, problem) = put(body).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {problem}");
            assert_eq!(problem["errors"][0]["field"], field, "{problem}");
        }
        let (_, unchanged) = app.get("/api/v1/billing/settings", &demo.admin).await;
        assert_eq!(unchanged, saved, "refused settings changed nothing");
    }
}

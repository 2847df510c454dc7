use loket::domain::account::Role;
use loket_tests::{on_both_databases, TestApp};
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::collections::BTreeSet;

/// The demo data, seeded through the store, with its logins done over HTTP.
pub(crate) struct Demo {
    /// Sofie, admin.
    pub admin: String,
    /// Jan, agent reading Dutch.
    pub agent_nl: String,
    /// An Peeters, customer admin of the organisation with a contract.
    pub peeters_admin: String,
    /// Tom Claes, customer of the organisation with a contract.
    pub peeters_customer: String,
    /// Lisa Janssens, customer admin of the organisation without a contract.
    pub janssens_admin: String,
    /// Bakkerij Peeters bv: maintenance contract MC-2026-001 for 2026.
    pub peeters: String,
    /// Garage Janssens & Zonen: no contract.
    pub janssens: String,
}

pub(crate) async fn seed_demo(app: &TestApp) -> Demo {
    let seeded = app.store.run(loket::demo::seed).await.expect("demo seed");
    assert!(seeded);
    let token = |email: &'static str| async move {
        let (status, body) = app.login(email, loket::demo::DEMO_PASSWORD).await;
        assert_eq!(status, StatusCode::OK, "{email}: {body}");
        body["access_token"].as_str().unwrap().to_owned()
    };
    let admin = token("admin@loket.example").await;
    let (_, orgs) = app.get("/api/v1/organizations", &admin).await;
    let id_of = |name: &str| {
        orgs["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["name"] == name)
            .unwrap_or_else(|| panic!("demo organisation {name}"))["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    Demo {
        peeters: id_of("Bakkerij Peeters bv"),
        janssens: id_of("Garage Janssens & Zonen"),
        agent_nl: token("jan.agent@loket.example").await,
        peeters_admin: token("an.peeters@bakkerij-peeters.example").await,
        peeters_customer: token("tom.claes@bakkerij-peeters.example").await,
        janssens_admin: token("lisa.janssens@garage-janssens.example").await,
        admin,
    }
}

fn numbers(list: &Value) -> Vec<&str> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["number"].as_str().unwrap())
        .collect()
}

on_both_databases! {
    async fn the_demo_customer_with_a_contract_is_covered_and_the_other_is_not(app) {
        let demo = seed_demo(&app).await;
        let (status, list) = app.get(&format!("/api/v1/contracts?organization={}", demo.peeters), &demo.admin).await;
        assert_eq!(status, StatusCode::OK, "{list}");
        let contract = &list["items"][0];
        assert_eq!(contract["number"], "MC-2026-001");
        assert_eq!(contract["starts_on"], "2026-01-01");
        assert_eq!(contract["ends_on"], "2026-12-31");
        assert_eq!(contract["hourly_rate_cents"], 8500);
        assert_eq!(contract["organization_id"], demo.peeters.as_str());
        let (_, none) = app.get(&format!("/api/v1/contracts?organization={}", demo.janssens), &demo.admin).await;
        assert_eq!(none["items"], json!([]));

        let coverage = |org: &str, day: &str| format!("/api/v1/organizations/{org}/coverage?on={day}");
        for day in ["2026-01-01", "2026-06-15", "2026-12-31"] {
            let (status, body) = app.get(&coverage(&demo.peeters, day), &demo.peeters_customer).await;
            assert_eq!(status, StatusCode::OK, "{body}");
            assert_eq!(body, json!({"organization_id": demo.peeters, "on": day, "covered": true, "contract_number": "MC-2026-001", "until": "2026-12-31"}));
        }
        for day in ["2025-12-31", "2027-01-01"] {
            let (_, body) = app.get(&coverage(&demo.peeters, day), &demo.admin).await;
            assert_eq!(body["covered"], false, "{day}: {body}");
            assert!(body["contract_number"].is_null() && body["until"].is_null());
        }
        let (_, body) = app.get(&coverage(&demo.janssens, "2026-06-15"), &demo.janssens_admin).await;
        assert_eq!(body["covered"], false);

        // Without `on`: today in Belgium.
        let (status, body) = app.get(&format!("/api/v1/organizations/{}/coverage", demo.peeters), &demo.agent_nl).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["on"].as_str().unwrap().len(), 10);
        let (status, _) = app.get(&format!("/api/v1/organizations/{}/coverage?on=2026-02-30", demo.peeters), &demo.admin).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
    }

    async fn an_overlapping_contract_is_refused_naming_the_other_and_nothing_is_written(app) {
        let admin = app.user(Role::Admin, None).await;
        let org = app.organization("Drukkerij Verhaegen").await;
        let other_org = app.organization("Schrijnwerkerij Wouters").await;
        let create = |org: uuid::Uuid, starts_on: &str, ends_on: Value| json!({
            "organization_id": org, "starts_on": starts_on, "ends_on": ends_on, "hourly_rate_cents": 9000, "notes": "Jaarcontract"
        });
        let (status, first) = app.post("/api/v1/contracts", &admin.token, create(org.id, "2026-01-01", json!("2026-12-31"))).await;
        assert_eq!(status, StatusCode::CREATED, "{first}");
        assert_eq!(first["number"], "MC-2026-001");
        assert_eq!(first["notes"], "Jaarcontract");

        for (starts_on, ends_on) in [("2026-12-31", json!("2027-06-30")), ("2025-01-01", json!("2026-01-01")), ("2020-01-01", Value::Null), ("2026-05-01", json!("2026-05-01"))] {
            let (status, body) = app.post("/api/v1/contracts", &admin.token, create(org.id, starts_on, ends_on)).await;
            assert_eq!(status, StatusCode::CONFLICT, "{starts_on}: {body}");
            let detail = body["detail"].as_str().unwrap();
            assert!(detail.contains("MC-2026-001") && detail.contains("2026-01-01 to 2026-12-31"), "{detail}");
        }
        let (_, list) = app.get("/api/v1/contracts", &admin.token).await;
        assert_eq!(numbers(&list), ["MC-2026-001"], "nothing written");

        // Another organisation's contracts never conflict; back-to-back renewals do not overlap.
        let (status, _) = app.post("/api/v1/contracts", &admin.token, create(other_org.id, "2026-03-01", Value::Null)).await;
        assert_eq!(status, StatusCode::CREATED);
        let (status, renewal) = app.post("/api/v1/contracts", &admin.token, create(org.id, "2027-01-01", json!("2027-12-31"))).await;
        assert_eq!(status, StatusCode::CREATED, "{renewal}");
        assert_eq!(renewal["number"], "MC-2027-001");
        let (_, coverage) = app.get(&format!("/api/v1/organizations/{}/coverage?on=2026-06-01", org.id), &admin.token).await;
        assert_eq!(coverage["contract_number"], "MC-2026-001");
        assert_eq!(coverage["until"], "2027-12-31", "coverage runs on through the renewal");

        // An edit is checked against the others, never against itself.
        let renewal_path = format!("/api/v1/contracts/{}", renewal["id"].as_str().unwrap());
        let (status, body) = app.patch(&renewal_path, &admin.token, json!({"starts_on": "2026-12-01"})).await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        assert!(body["detail"].as_str().unwrap().contains("MC-2026-001"));
        let (_, unchanged) = app.get(&renewal_path, &admin.token).await;
        assert_eq!(unchanged["starts_on"], "2027-01-01", "nothing written");
        let (status, edited) = app.patch(&renewal_path, &admin.token, json!({"starts_on": "2027-01-01", "ends_on": null, "hourly_rate_cents": 9500})).await;
        assert_eq!(status, StatusCode::OK, "{edited}");
        assert!(edited["ends_on"].is_null(), "open-ended now");
        assert_eq!(edited["hourly_rate_cents"], 9500);
        assert_eq!(edited["number"], "MC-2027-001", "the number never changes");
        let first_path = format!("/api/v1/contracts/{}", first["id"].as_str().unwrap());
        let (status, body) = app.patch(&first_path, &admin.token, json!({"ends_on": "2027-03-31"})).await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        assert!(body["detail"].as_str().unwrap().contains("MC-2027-001 (from 2027-01-01, open-ended)"), "{body}");
    }

    async fn contract_fields_are_validated_by_name(app) {
        let admin = app.user(Role::Admin, None).await;
        let org = app.organization("Apotheek Mertens").await;
        let valid = json!({"organization_id": org.id, "starts_on": "2026-01-01", "ends_on": "2026-12-31", "hourly_rate_cents": 9000});
        let with = |field: &str, value: Value| {
            let mut body = valid.clone();
            body[field] = value;
            body
        };
        for (body, field) in [
            (with("ends_on", json!("2025-12-31")), "ends_on"),
            (with("starts_on", json!("2026-02-30")), "starts_on"),
            (with("starts_on", json!("01/01/2026")), "starts_on"),
            (with("starts_on", json!("0999-01-01")), "starts_on"),
            (with("hourly_rate_cents", json!(-5)), "hourly_rate_cents"),
            (with("hourly_rate_cents", json!(85.5)), "hourly_rate_cents"),
            (with("hourly_rate_cents", json!(2_000_000)), "hourly_rate_cents"),
            (with("organization_id", json!(uuid::Uuid::new_v4())), "organization_id"),
            (with("notes", json!("x".repeat(4001))), "notes"),
            (with("number", json!("MC-2026-999")), "number"),
        ] {
            let (status, problem) = app.post("/api/v1/contracts", &admin.token, body).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {problem}");
            assert_eq!(problem["errors"][0]["field"], field, "{problem}");
        }
        let (_, list) = app.get("/api/v1/contracts", &admin.token).await;
        assert_eq!(list["items"], json!([]), "nothing written");

        let (_, created) = app.post("/api/v1/contracts", &admin.token, valid).await;
        let path = format!("/api/v1/contracts/{}", created["id"].as_str().unwrap());
        let (status, problem) = app.patch(&path, &admin.token, json!({"ends_on": "2025-06-30"})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(problem["errors"][0]["field"], "ends_on");
        let (status, problem) = app.patch(&path, &admin.token, json!({"organization_id": uuid::Uuid::new_v4()})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "the organisation never changes: {problem}");
        let (_, unchanged) = app.get(&path, &admin.token).await;
        assert_eq!(unchanged["ends_on"], "2026-12-31");
    }

    async fn a_customer_admin_sees_only_their_own_organisations_contracts(app) {
        let demo = seed_demo(&app).await;
        let (status, b_contract) = app.post("/api/v1/contracts", &demo.admin, json!({
            "organization_id": demo.janssens, "starts_on": "2027-01-01", "hourly_rate_cents": 8000
        })).await;
        assert_eq!(status, StatusCode::CREATED, "{b_contract}");
        let b_path = format!("/api/v1/contracts/{}", b_contract["id"].as_str().unwrap());

        for token in [&demo.peeters_admin, &demo.peeters_customer] {
            let (status, body) = app.get(&b_path, token).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "404, not 403: {body}");
            let (_, missing) = app.get(&format!("/api/v1/contracts/{}", uuid::Uuid::new_v4()), token).await;
            assert_eq!(missing["detail"], body["detail"], "looks exactly like not existing");
            let (status, list) = app.get("/api/v1/contracts", token).await;
            assert_eq!(status, StatusCode::OK);
            assert_eq!(numbers(&list), ["MC-2026-001"]);
            let (status, _) = app.get(&format!("/api/v1/contracts?organization={}", demo.janssens), token).await;
            assert_eq!(status, StatusCode::NOT_FOUND);
            let (status, _) = app.get(&format!("/api/v1/organizations/{}/coverage", demo.janssens), token).await;
            assert_eq!(status, StatusCode::NOT_FOUND);
        }
        let (_, own) = app.get("/api/v1/contracts", &demo.janssens_admin).await;
        assert_eq!(numbers(&own), ["MC-2027-001"]);
        let (status, _) = app.get(&b_path, &demo.janssens_admin).await;
        assert_eq!(status, StatusCode::OK);
        let (_, all) = app.get("/api/v1/contracts", &demo.agent_nl).await;
        assert_eq!(numbers(&all), ["MC-2026-001", "MC-2027-001"], "agents read all");
    }

    async fn only_admins_write_contracts(app) {
        let demo = seed_demo(&app).await;
        let (_, list) = app.get("/api/v1/contracts", &demo.admin).await;
        let path = format!("/api/v1/contracts/{}", list["items"][0]["id"].as_str().unwrap());
        for token in [&demo.agent_nl, &demo.peeters_admin, &demo.peeters_customer] {
            let (status, body) = app.post("/api/v1/contracts", token, json!({
                "organization_id": demo.peeters, "starts_on": "2030-01-01", "hourly_rate_cents": 1
            })).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
            assert_eq!(app.patch(&path, token, json!({"hourly_rate_cents": 1})).await.0, StatusCode::FORBIDDEN);
            assert_eq!(app.delete(&path, token).await.0, StatusCode::FORBIDDEN);
        }
        let (_, after) = app.get("/api/v1/contracts", &demo.admin).await;
        assert_eq!(after, list, "nothing changed");

        assert_eq!(app.delete(&path, &demo.admin).await.0, StatusCode::NO_CONTENT);
        assert_eq!(app.get(&path, &demo.admin).await.0, StatusCode::NOT_FOUND);
        assert_eq!(app.delete(&path, &demo.admin).await.0, StatusCode::NOT_FOUND);
    }

    async fn an_organisation_with_a_contract_cannot_be_deleted(app) {
        let admin = app.user(Role::Admin, None).await;
        let org = app.organization("Bloemisterij Jacobs").await;
        let (_, contract) = app.post("/api/v1/contracts", &admin.token, json!({
            "organization_id": org.id, "starts_on": "2026-01-01", "hourly_rate_cents": 7500
        })).await;
        let (status, body) = app.delete(&format!("/api/v1/organizations/{}", org.id), &admin.token).await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        assert!(body["detail"].as_str().unwrap().contains("contracts"), "{body}");
        app.delete(&format!("/api/v1/contracts/{}", contract["id"].as_str().unwrap()), &admin.token).await;
        assert_eq!(app.delete(&format!("/api/v1/organizations/{}", org.id), &admin.token).await.0, StatusCode::NO_CONTENT);
    }

    async fn concurrent_creations_get_distinct_numbers(app) {
        let admin = app.user(Role::Admin, None).await;
        let mut requests = tokio::task::JoinSet::new();
        for index in 0..8 {
            let org = app.organization(&format!("Klant {index}")).await;
            let request = app
                .client
                .post(app.url("/api/v1/contracts"))
                .bearer_auth(&admin.token)
                .json(&json!({"organization_id": org.id, "starts_on": "2026-02-01", "hourly_rate_cents": 9000}));
            requests.spawn(async move { loket_tests::read(request.send().await.unwrap()).await });
        }
        let mut seen = BTreeSet::new();
        while let Some(result) = requests.join_next().await {
            let (status, body) = result.unwrap();
            assert_eq!(status, StatusCode::CREATED, "{body}");
            seen.insert(body["number"].as_str().unwrap().to_owned());
        }
        let expected: BTreeSet<String> = (1..=8).map(|n| format!("MC-2026-{n:03}")).collect();
        assert_eq!(seen, expected);
    }
}

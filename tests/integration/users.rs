use loket::domain::account::Role;
use loket_tests::on_both_databases;
use reqwest::{Method, StatusCode};
use serde_json::json;

on_both_databases! {
    async fn admins_create_staff_and_customers_with_the_membership_rule(app) {
        let admin = app.user(Role::Admin, None).await;
        let org = app.organization("Delta nv").await;
        let (status, created) = app.post("/api/v1/users", &admin.token, json!({
            "email": "New.Agent@Loket.example", "display_name": "Nieuwe Agent", "role": "agent", "password": "long enough password"
        })).await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        assert_eq!(created["user"]["email"], "new.agent@loket.example");
        assert!(created["invitation_token"].is_null());
        assert_eq!(app.login("new.agent@loket.example", "long enough password").await.0, StatusCode::OK);

        let (status, body) = app.post("/api/v1/users", &admin.token, json!({
            "email": "NEW.agent@loket.example", "display_name": "Twin", "role": "agent"
        })).await;
        assert_eq!(status, StatusCode::CONFLICT, "e-mail unique case-insensitively: {body}");
        assert_eq!(body["errors"][0]["field"], "email", "a 409 about one field names it: {body}");
        assert_eq!(body["errors"][0]["code"], "taken");

        let (status, body) = app.post("/api/v1/users", &admin.token, json!({
            "email": "staff@x.test", "display_name": "S", "role": "agent", "organization_id": org.id
        })).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["errors"][0]["field"], "organization_id");
        let (status, body) = app.post("/api/v1/users", &admin.token, json!({
            "email": "cust@x.test", "display_name": "C", "role": "customer"
        })).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["errors"][0]["field"], "organization_id");
        let (status, body) = app.post("/api/v1/users", &admin.token, json!({
            "email": "cust@x.test", "display_name": "C", "role": "customer", "organization_id": uuid::Uuid::new_v4()
        })).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(body["errors"][0]["field"], "organization_id");
        let (_, list) = app.get("/api/v1/users?q=x.test", &admin.token).await;
        assert_eq!(list["items"].as_array().unwrap().len(), 0, "refused requests wrote nothing");

        let (status, body) = app.patch(&format!("/api/v1/users/{}", created["user"]["id"].as_str().unwrap()), &admin.token, json!({"role": "customer"})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(body["errors"][0]["field"], "role");
        let (status, _) = app.patch(&format!("/api/v1/users/{}", admin.id()), &admin.token, json!({"active": false})).await;
        assert_eq!(status, StatusCode::CONFLICT, "an admin cannot lock themself out");
    }

    async fn customer_admins_invite_users_of_their_own_organisation(app) {
        let org = app.organization("Echo bv").await;
        let customer_admin = app.user(Role::CustomerAdmin, Some(&org)).await;
        let (status, created) = app.post("/api/v1/users", &customer_admin.token, json!({
            "email": "colleague@echo.test", "display_name": "Collega", "role": "customer", "language": "nl"
        })).await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        assert_eq!(created["user"]["organization_id"], org.id.to_string(), "their own organisation");
        assert_eq!(created["user"]["has_password"], false);
        let invitation = created["invitation_token"].as_str().unwrap().to_owned();
        assert_eq!(app.login("colleague@echo.test", "").await.0, StatusCode::UNPROCESSABLE_ENTITY);

        let (status, body) = app.call(Method::POST, "/api/v1/auth/accept-invitation", None, Some(json!({"invitation_token": invitation, "password": "short"}))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let (status, body) = app.call(Method::POST, "/api/v1/auth/accept-invitation", None, Some(json!({"invitation_token": invitation, "password": "mijn eigen wachtwoord"}))).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["user"]["has_password"], true);
        assert_eq!(app.login("colleague@echo.test", "mijn eigen wachtwoord").await.0, StatusCode::OK);
        let (status, _) = app.call(Method::POST, "/api/v1/auth/accept-invitation", None, Some(json!({"invitation_token": invitation, "password": "another password 1"}))).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "an invitation works once");

        for role in ["agent", "admin"] {
            let (status, _) = app.post("/api/v1/users", &customer_admin.token, json!({
                "email": format!("{role}@echo.test"), "display_name": "Sneaky", "role": role
            })).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{role}");
        }
        let (_, list) = app.get("/api/v1/users", &customer_admin.token).await;
        let emails: Vec<&str> = list["items"].as_array().unwrap().iter().map(|u| u["email"].as_str().unwrap()).collect();
        assert_eq!(emails.len(), 2, "{emails:?}");
        assert!(emails.contains(&"colleague@echo.test"));
    }

    async fn role_checks_refuse_with_403(app) {
        let org = app.organization("Foxtrot").await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        let agent = app.user(Role::Agent, None).await;
        let (status, body) = app.get("/api/v1/users", &customer.token).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        let (status, _) = app.post("/api/v1/users", &agent.token, json!({"email": "a@b.test", "display_name": "A", "role": "agent"})).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _) = app.patch(&format!("/api/v1/users/{}", customer.id()), &agent.token, json!({"display_name": "Hacked"})).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, list) = app.get(&format!("/api/v1/users?organization={}", org.id), &agent.token).await;
        assert_eq!(status, StatusCode::OK, "agents read users");
        assert_eq!(list["items"].as_array().unwrap().len(), 1);
        assert_eq!(app.get(&format!("/api/v1/users/{}", agent.id()), &customer.token).await.0, StatusCode::NOT_FOUND, "customers see only themselves");
        assert_eq!(app.get(&format!("/api/v1/users/{}", customer.id()), &customer.token).await.0, StatusCode::OK);
    }
}

fn user_emails(page: &serde_json::Value) -> Vec<String> {
    let mut emails: Vec<String> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["email"].as_str().unwrap().to_owned())
        .collect();
    emails.sort();
    emails
}

on_both_databases! {
    async fn the_phone_intake_finds_a_customer_by_name_email_or_organisation(app) {
        let agent = app.user(Role::Agent, None).await;
        let admin = app.user(Role::Admin, None).await;
        let brasserie = app.organization("Brasserie Élan").await;
        let garage = app.organization("Garage Noord").await;
        let mut created = Vec::new();
        for (name, email, org) in [
            ("Jérôme Dubois", "jerome@brasserie-elan.example", &brasserie),
            ("Anke Smet", "anke.smet@brasserie-elan.example", &brasserie),
            ("Jeroen Maes", "jm@garage-noord.example", &garage),
        ] {
            let (status, body) = app.post("/api/v1/users", &admin.token, json!({
                "email": email, "display_name": name, "role": "customer", "organization_id": org.id, "password": "a long password 2026"
            })).await;
            assert_eq!(status, StatusCode::CREATED, "{body}");
            created.push(email.to_owned());
        }
        let search = |q: &str| format!("/api/v1/users?role=customer&q={}", q.replace(' ', "%20"));
        for (q, expected) in [
            ("jérôme", vec!["jerome@brasserie-elan.example"]),
            ("JEROME", vec!["jerome@brasserie-elan.example"]),
            ("dubois", vec!["jerome@brasserie-elan.example"]),
            ("jer", vec!["jerome@brasserie-elan.example", "jm@garage-noord.example"]),
            ("anke.smet@", vec!["anke.smet@brasserie-elan.example"]),
            ("elan", vec!["anke.smet@brasserie-elan.example", "jerome@brasserie-elan.example"]),
            ("brasserie anke", vec!["anke.smet@brasserie-elan.example"]),
            ("noord", vec!["jm@garage-noord.example"]),
            ("zebra", vec![]),
        ] {
            let (status, page) = app.get(&search(q), &agent.token).await;
            assert_eq!(status, StatusCode::OK, "{q}: {page}");
            assert_eq!(user_emails(&page), expected, "{q}");
        }

        // A renamed user is found by the new name.
        let (_, page) = app.get(&search("jeroen"), &admin.token).await;
        let id = page["items"][0]["id"].as_str().unwrap().to_owned();
        let (status, _) = app.patch(&format!("/api/v1/users/{id}"), &admin.token, json!({"display_name": "Jeroen Çelik"})).await;
        assert_eq!(status, StatusCode::OK);
        let (_, page) = app.get(&search("celik"), &agent.token).await;
        assert_eq!(user_emails(&page), ["jm@garage-noord.example"]);

        // A customer admin searches only their own organisation.
        let garage_admin = app.user(Role::CustomerAdmin, Some(&garage)).await;
        let (_, own) = app.get(&search("jer"), &garage_admin.token).await;
        assert_eq!(user_emails(&own), ["jm@garage-noord.example"]);
        let (_, other) = app.get(&search("brasserie"), &garage_admin.token).await;
        assert!(user_emails(&other).is_empty(), "{other}");
    }

    async fn rows_from_before_the_search_keys_are_found_after_a_restart(app) {
        let agent = app.user(Role::Agent, None).await;
        let org = app.organization("Oude Brûlerie").await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        app.store.run(|conn| {
            use diesel::prelude::*;
            use loket::store::schema::{organizations, users};
            let unavailable = |e: diesel::result::Error| loket::store::StoreError::Unavailable(e.to_string());
            diesel::update(organizations::table).set(organizations::search_key.eq(None::<String>)).execute(conn).map_err(unavailable)?;
            diesel::update(users::table).set(users::search_key.eq(None::<String>)).execute(conn).map_err(unavailable)
        }).await.unwrap();
        let (_, before) = app.get("/api/v1/organizations?q=brulerie", &agent.token).await;
        assert!(before["items"].as_array().unwrap().is_empty(), "not searchable without a key");
        // What start-up does after migrating.
        let filled = app.store.run(loket::store::accounts::fill_search_keys).await.unwrap();
        assert!(filled >= 3, "{filled}");
        let (_, orgs) = app.get("/api/v1/organizations?q=brulerie", &agent.token).await;
        assert_eq!(orgs["items"][0]["name"], "Oude Brûlerie");
        let (_, users) = app.get("/api/v1/users?q=brulerie", &agent.token).await;
        assert_eq!(users["items"][0]["id"], customer.id().to_string());
        assert_eq!(app.store.run(loket::store::accounts::fill_search_keys).await.unwrap(), 0, "once is enough");
    }
}

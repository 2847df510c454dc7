use loket::domain::account::Role;
use loket_tests::on_both_databases;
use reqwest::StatusCode;
use serde_json::json;

on_both_databases! {
    async fn admins_manage_organisations_with_validated_vat_numbers(app) {
        let admin = app.user(Role::Admin, None).await;
        let (status, org) = app.post("/api/v1/organizations", &admin.token, json!({"name": "Brouwerij De Ster", "vat_number": "be 0417.497.106"})).await;
        assert_eq!(status, StatusCode::CREATED, "{org}");
        assert_eq!(org["vat_number"], "BE0417497106", "stored in canonical form");
        let id = org["id"].as_str().unwrap().to_owned();

        let (status, body) = app.post("/api/v1/organizations", &admin.token, json!({"name": "Checksum bv", "vat_number": "BE0417497107"})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["errors"][0]["field"], "vat_number");

        let (status, body) = app.post("/api/v1/organizations", &admin.token, json!({"name": "brouwerij de ster"})).await;
        assert_eq!(status, StatusCode::CONFLICT, "names are unique case-insensitively: {body}");
        assert_eq!(body["errors"][0]["field"], "name", "a 409 about one field names it: {body}");
        assert_eq!(body["errors"][0]["code"], "taken");
        let (status, body) = app.post("/api/v1/organizations", &admin.token, json!({"name": "Andere naam", "vat_number": "BE 0417.497.106"})).await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        assert_eq!(body["errors"][0]["field"], "vat_number", "{body}");
        assert_eq!(body["errors"][0]["code"], "taken");

        let (status, updated) = app.patch(&format!("/api/v1/organizations/{id}"), &admin.token, json!({"name": "Brouwerij De Ster nv", "vat_number": ""})).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(updated["name"], "Brouwerij De Ster nv");
        assert!(updated["vat_number"].is_null());

        let (_, list) = app.get("/api/v1/organizations", &admin.token).await;
        assert_eq!(list["items"].as_array().unwrap().len(), 1);

        assert_eq!(app.delete(&format!("/api/v1/organizations/{id}"), &admin.token).await.0, StatusCode::NO_CONTENT);
        assert_eq!(app.get(&format!("/api/v1/organizations/{id}"), &admin.token).await.0, StatusCode::NOT_FOUND);
    }

    async fn an_organisation_with_users_cannot_be_deleted(app) {
        let admin = app.user(Role::Admin, None).await;
        let org = app.organization("Busy bv").await;
        app.user(Role::Customer, Some(&org)).await;
        let (status, body) = app.delete(&format!("/api/v1/organizations/{}", org.id), &admin.token).await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        assert_eq!(app.get(&format!("/api/v1/organizations/{}", org.id), &admin.token).await.0, StatusCode::OK);
    }

    async fn only_admins_change_organisations(app) {
        let org = app.organization("Acme").await;
        let agent = app.user(Role::Agent, None).await;
        let customer_admin = app.user(Role::CustomerAdmin, Some(&org)).await;
        for token in [&agent.token, &customer_admin.token] {
            let (status, body) = app.post("/api/v1/organizations", token, json!({"name": "New"})).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
            assert_eq!(body["code"], "forbidden");
            let (status, _) = app.patch(&format!("/api/v1/organizations/{}", org.id), token, json!({"name": "Renamed"})).await;
            assert_eq!(status, StatusCode::FORBIDDEN);
            assert_eq!(app.delete(&format!("/api/v1/organizations/{}", org.id), token).await.0, StatusCode::FORBIDDEN);
        }
        let (_, fetched) = app.get(&format!("/api/v1/organizations/{}", org.id), &agent.token).await;
        assert_eq!(fetched["name"], "Acme", "nothing changed");
    }

    async fn a_customer_of_one_organisation_sees_nothing_of_another(app) {
        let a = app.organization("Alfa bv").await;
        let b = app.organization("Bravo bv").await;
        let a_admin = app.user(Role::CustomerAdmin, Some(&a)).await;
        let a_customer = app.user(Role::Customer, Some(&a)).await;
        let b_user = app.user(Role::Customer, Some(&b)).await;

        for caller in [&a_admin, &a_customer] {
            let (status, list) = app.get("/api/v1/organizations", &caller.token).await;
            assert_eq!(status, StatusCode::OK);
            let names: Vec<&str> = list["items"].as_array().unwrap().iter().map(|o| o["name"].as_str().unwrap()).collect();
            assert_eq!(names, ["Alfa bv"]);
            let (status, body) = app.get(&format!("/api/v1/organizations/{}", b.id), &caller.token).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "404, not 403: {body}");
            let (status, _) = app.get(&format!("/api/v1/users/{}", b_user.id()), &caller.token).await;
            assert_eq!(status, StatusCode::NOT_FOUND);
        }
        // Not found looks exactly like not existing.
        let (_, missing) = app.get(&format!("/api/v1/organizations/{}", uuid::Uuid::new_v4()), &a_admin.token).await;
        let (_, foreign) = app.get(&format!("/api/v1/organizations/{}", b.id), &a_admin.token).await;
        assert_eq!(missing["detail"], foreign["detail"]);

        let (status, _) = app.get(&format!("/api/v1/users?organization={}", b.id), &a_admin.token).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, body) = app.post("/api/v1/users", &a_admin.token, json!({"email": "x@bravo.test", "display_name": "X", "role": "customer", "organization_id": b.id})).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
        let (status, _) = app.patch(&format!("/api/v1/users/{}", b_user.id()), &a_admin.token, json!({"active": false})).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (_, b_view) = app.get("/api/v1/me", &b_user.token).await;
        assert_eq!(b_view["active"], true, "B's user was not touched");
    }

    async fn organisation_lists_paginate_by_cursor(app) {
        let admin = app.user(Role::Admin, None).await;
        for name in ["Echo", "alfa", "Delta", "Charlie", "bravo"] {
            app.organization(name).await;
        }
        let mut seen = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let path = match &cursor {
                Some(c) => format!("/api/v1/organizations?limit=2&cursor={c}"),
                None => "/api/v1/organizations?limit=2".to_owned(),
            };
            let (status, page) = app.get(&path, &admin.token).await;
            assert_eq!(status, StatusCode::OK, "{page}");
            let items = page["items"].as_array().unwrap();
            assert!(items.len() <= 2);
            seen.extend(items.iter().map(|o| o["name"].as_str().unwrap().to_owned()));
            if seen.len() == 2 {
                // A row inserted before the cursor does not shift the pages that follow.
                app.organization("Aardvark").await;
            }
            match page["next_cursor"].as_str() {
                Some(next) => cursor = Some(next.to_owned()),
                None => break,
            }
        }
        assert_eq!(seen, ["alfa", "bravo", "Charlie", "Delta", "Echo"]);
        let (status, body) = app.get("/api/v1/organizations?cursor=garbage", &admin.token).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(app.get("/api/v1/organizations?limit=500", &admin.token).await.0, StatusCode::BAD_REQUEST);
    }
}

fn organization_names(page: &serde_json::Value) -> Vec<&str> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect()
}

on_both_databases! {
    async fn organisations_are_found_by_words_of_their_name_whatever_the_case_and_accents(app) {
        let admin = app.user(Role::Admin, None).await;
        let agent = app.user(Role::Agent, None).await;
        let brasserie = app.organization("Brasserie Élan").await;
        app.organization("Élan Vital vzw").await;
        app.organization("Bakkerij Peeters bv").await;
        app.organization("Garage Janssens & Zonen").await;
        let search = |q: &str| format!("/api/v1/organizations?q={}", q.replace(' ', "%20").replace('&', "%26"));

        for (q, expected) in [
            ("elan", vec!["Brasserie Élan", "Élan Vital vzw"]),
            ("ÉLAN", vec!["Brasserie Élan", "Élan Vital vzw"]),
            ("peet bakk", vec!["Bakkerij Peeters bv"]),
            ("janssens & zonen", vec!["Garage Janssens & Zonen"]),
            ("zonen garage", vec!["Garage Janssens & Zonen"]),
            ("ssens", vec!["Garage Janssens & Zonen"]),
            ("bakkerij elan", vec![]),
            ("zebra", vec![]),
        ] {
            let (status, page) = app.get(&search(q), &agent.token).await;
            assert_eq!(status, StatusCode::OK, "{q}: {page}");
            assert_eq!(organization_names(&page), expected, "{q}");
        }
        let (_, everyone) = app.get(&search(" "), &agent.token).await;
        assert_eq!(organization_names(&everyone).len(), 4, "a blank search is no search");
        let (_, first) = app.get(&format!("{}&limit=1", search("elan")), &agent.token).await;
        assert_eq!(organization_names(&first), ["Brasserie Élan"]);
        let cursor = first["next_cursor"].as_str().unwrap();
        let (_, second) = app.get(&format!("{}&limit=1&cursor={cursor}", search("elan")), &agent.token).await;
        assert_eq!(organization_names(&second), ["Élan Vital vzw"], "pages keep the search");

        // A new name is found at once, the old one no more.
        let (status, _) = app.patch(&format!("/api/v1/organizations/{}", brasserie.id), &admin.token, json!({"name": "Café Noördzee"})).await;
        assert_eq!(status, StatusCode::OK);
        let (_, renamed) = app.get(&search("cafe noord"), &agent.token).await;
        assert_eq!(organization_names(&renamed), ["Café Noördzee"]);
        let (_, old) = app.get(&search("brasserie"), &agent.token).await;
        assert!(organization_names(&old).is_empty());

        // A customer finds only their own organisation.
        let customer = app.user(Role::CustomerAdmin, Some(&brasserie)).await;
        let (_, own) = app.get(&search("cafe"), &customer.token).await;
        assert_eq!(organization_names(&own), ["Café Noördzee"]);
        let (_, others) = app.get(&search("elan"), &customer.token).await;
        assert!(organization_names(&others).is_empty(), "{others}");

        let (status, problem) = app.get(&search(&"a".repeat(201)), &agent.token).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(problem["errors"][0]["field"], "q");
    }
}

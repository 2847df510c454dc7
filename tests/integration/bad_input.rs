use loket::domain::account::Role;
use loket_tests::{on_both_databases, read};
use reqwest::StatusCode;
use serde_json::json;

on_both_databases! {
    async fn bad_bodies_get_a_problem_that_says_what_and_where(app) {
        let admin = app.user(Role::Admin, None).await;
        let post_raw = |body: &'static str, content_type: &'static str| {
            let request = app.client.post(app.url("/api/v1/users")).bearer_auth(&admin.token).header("content-type", content_type).body(body);
            async move { read(request.send().await.unwrap()).await }
        };

        let (status, body) = post_raw("{\"email\": ", "application/json").await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(body["code"], "malformed_json");
        assert!(body["detail"].as_str().unwrap().contains("line 1"));

        let (status, body) = post_raw(r#"{"email":"a@b.test","display_name":"A","role":"superuser"}"#, "application/json").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["errors"][0]["field"], "role");
        assert_eq!(body["errors"][0]["code"], "unknown_variant");

        let (status, body) = post_raw(r#"{"email":"a@b.test","display_name":42,"role":"agent"}"#, "application/json").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["errors"][0]["field"], "display_name");

        let (status, body) = post_raw(r#"{"display_name":"A","role":"agent"}"#, "application/json").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["errors"][0]["field"], "email");
        assert_eq!(body["errors"][0]["code"], "required");

        let (status, body) = post_raw(r#"{"email":"a@b.test","display_name":"A","role":"agent","is_root":true}"#, "application/json").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "unknown fields are refused, not ignored");
        assert_eq!(body["errors"][0]["field"], "is_root");

        let (status, body) = post_raw(r#"{"email":"a@b.test","display_name":"A","role":"agent","organization_id":"not-a-uuid"}"#, "application/json").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["errors"][0]["field"], "organization_id");

        let (status, body) = post_raw(r#"{"email":"not an address","display_name":"A","role":"agent"}"#, "application/json").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["errors"][0]["field"], "email");

        let long_name = "x".repeat(121);
        let (status, body) = app.post("/api/v1/users", &admin.token, json!({"email": "a@b.test", "display_name": long_name, "role": "agent"})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["errors"][0]["field"], "display_name");
        assert_eq!(body["errors"][0]["code"], "length");

        let (status, body) = post_raw(r#"{"email":"a@b.test"}"#, "text/plain").await;
        assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{body}");

        let (_, list) = app.get("/api/v1/users", &admin.token).await;
        assert_eq!(list["items"].as_array().unwrap().len(), 1, "no bad request wrote anything");
    }

    async fn an_oversized_body_is_413(app) {
        let admin = app.user(Role::Admin, None).await;
        let huge = format!(r#"{{"name":"{}"}}"#, "x".repeat(300 * 1024));
        let response = app.client.post(app.url("/api/v1/organizations")).bearer_auth(&admin.token)
            .header("content-type", "application/json").body(huge).send().await.unwrap();
        let (status, body) = read(response).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
        assert_eq!(body["code"], "payload_too_large");
        let (_, list) = app.get("/api/v1/organizations", &admin.token).await;
        assert_eq!(list["items"].as_array().unwrap().len(), 0);
    }

    async fn bad_paths_and_queries_and_unknown_routes(app) {
        let admin = app.user(Role::Admin, None).await;
        let (status, body) = app.get("/api/v1/organizations/not-a-uuid", &admin.token).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(body["code"], "invalid_parameter");
        let (status, body) = app.get("/api/v1/users?role=wizard", &admin.token).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert!(body["detail"].as_str().unwrap().contains("wizard"));
        let (status, body) = app.get("/api/v1/users?active=maybe", &admin.token).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        let (status, body) = app.get("/api/v1/no-such-thing", &admin.token).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(body["instance"], "/api/v1/no-such-thing");
        assert!(!body["request_id"].as_str().unwrap().is_empty());
        let (status, _) = app.call(reqwest::Method::PUT, "/api/v1/me", Some(&admin.token), Some(json!({}))).await;
        assert!(status == StatusCode::NOT_FOUND || status == StatusCode::METHOD_NOT_ALLOWED, "{status}");
    }
}

// Found by the schema fuzzer: PostgreSQL cannot hold U+0000 in text, so a NUL anywhere in the
// input was a 500 there (and stored as is on SQLite). Both backends now refuse it alike.
on_both_databases! {
    async fn nul_characters_are_refused_on_every_backend(app) {
        let admin = app.user(Role::Admin, None).await;
        let (status, body) = app.call(reqwest::Method::POST, "/api/v1/auth/login", None, Some(json!({"email": "a\u{0}@b.test", "password": "x"}))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(body["errors"][0]["field"], "email");
        assert_eq!(body["errors"][0]["code"], "nul_character");
        let (status, body) = app.post("/api/v1/organizations", &admin.token, json!({"name": "Nul\u{0}bv"})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(body["errors"][0]["field"], "name");
        for path in ["/api/v1/users?q=%00", "/api/v1/kb/articles/a%00b", "/api/v1/schedules/phone%00"] {
            let (status, body) = app.get(path, &admin.token).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{path}: {body}");
            assert_eq!(body["code"], "invalid_parameter");
            assert!(!body["request_id"].as_str().unwrap().is_empty(), "a complete problem");
        }
        let (_, organizations) = app.get("/api/v1/organizations", &admin.token).await;
        assert_eq!(organizations["items"], json!([]), "nothing was written");
    }
}

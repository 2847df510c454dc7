use loket::domain::account::Role;
use loket_tests::on_both_databases;
use reqwest::StatusCode;
use serde_json::json;

on_both_databases! {
    async fn api_tokens_authenticate_until_revoked(app) {
        let org = app.organization("Tokens nv").await;
        let admin = app.user(Role::CustomerAdmin, Some(&org)).await;
        let (status, created) = app.post("/api/v1/me/tokens", &admin.token, json!({"name": "export script"})).await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        let secret = created["secret"].as_str().unwrap().to_owned();
        assert!(secret.starts_with("loket_pat_"));
        let id = created["token"]["id"].as_str().unwrap().to_owned();

        let (status, me) = app.get("/api/v1/me", &secret).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(me["id"], admin.id().to_string(), "the token acts as its owner");

        let (_, list) = app.get("/api/v1/me/tokens", &admin.token).await;
        let listed = &list.as_array().unwrap()[0];
        assert_eq!(listed["name"], "export script");
        assert!(listed.get("secret").is_none(), "the secret is shown once only");
        assert!(!listed["last_used_at"].is_null(), "use is recorded");
        assert!(secret.starts_with(listed["prefix"].as_str().unwrap()));

        // Another user cannot revoke it, and does not learn it exists.
        let other = app.user(Role::Agent, None).await;
        assert_eq!(app.delete(&format!("/api/v1/me/tokens/{id}"), &other.token).await.0, StatusCode::NOT_FOUND);
        assert_eq!(app.get("/api/v1/me", &secret).await.0, StatusCode::OK);

        assert_eq!(app.delete(&format!("/api/v1/me/tokens/{id}"), &admin.token).await.0, StatusCode::NO_CONTENT);
        let (status, body) = app.get("/api/v1/me", &secret).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
        assert_eq!(app.delete(&format!("/api/v1/me/tokens/{id}"), &admin.token).await.0, StatusCode::NO_CONTENT, "idempotent");
        let (_, list) = app.get("/api/v1/me/tokens", &admin.token).await;
        assert!(!list[0]["revoked_at"].is_null());
    }

    async fn api_tokens_keep_the_owners_role_checks(app) {
        let org = app.organization("Scoped bv").await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        let (_, created) = app.post("/api/v1/me/tokens", &customer.token, json!({"name": "script", "expires_in_days": 30})).await;
        let secret = created["secret"].as_str().unwrap();
        assert!(!created["token"]["expires_at"].is_null());
        let (status, _) = app.post("/api/v1/organizations", secret, json!({"name": "Mine now"})).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, body) = app.post("/api/v1/me/tokens", &customer.token, json!({"name": "", "expires_in_days": 0})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let fields: Vec<&str> = body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
        assert_eq!(fields, ["expires_in_days", "name"]);
    }
}

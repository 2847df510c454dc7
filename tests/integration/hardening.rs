//! Hardening: login rate limiting, password rules, security headers, body limits.

use loket::domain::account::Role;
use loket_tests::{on_both_databases, read, TestApp, PASSWORD};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::net::IpAddr;

/// A client whose connections come from another loopback address (Linux routes all of
/// 127.0.0.0/8 to the loopback device), so the server sees a different client address.
fn client_from(address: [u8; 4]) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(IpAddr::from(address))
        .build()
        .unwrap()
}

async fn login_with(
    app: &TestApp,
    client: &reqwest::Client,
    email: &str,
    password: &str,
    forwarded_for: Option<&str>,
) -> (StatusCode, Value, Option<u64>) {
    let mut request = client
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": email, "password": password}));
    if let Some(address) = forwarded_for {
        request = request.header("x-forwarded-for", format!("10.9.8.7, {address}"));
    }
    let response = request.send().await.unwrap();
    let retry_after = response
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().parse::<u64>().unwrap());
    let (status, body) = read(response).await;
    (status, body, retry_after)
}

on_both_databases! {
    async fn the_sixth_bad_password_is_refused_even_when_right_but_others_are_unaffected(app) {
        let org = app.organization("Bakkerij Peeters").await;
        let target = app.user(Role::Customer, Some(&org)).await;
        let other = app.user(Role::Agent, None).await;
        // A login and an API token from before the attack keep working.
        let (_, session) = app.login(&target.user.email, PASSWORD).await;
        let (status, created) = app.post("/api/v1/me/tokens", &target.token, json!({"name": "script"})).await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        let api_token = created["secret"].as_str().unwrap().to_owned();

        for attempt in 1..=5 {
            let (status, body, _) = login_with(&app, &app.client, &target.user.email, "not the password", None).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "attempt {attempt}: {body}");
        }
        let (status, body, retry_after) = login_with(&app, &app.client, &target.user.email, PASSWORD, None).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
        assert_eq!(body["code"], "rate_limited");
        let retry_after = retry_after.expect("Retry-After header");
        assert!((1..=900).contains(&retry_after), "{retry_after}");
        // The address is the account's: upper case does not start a fresh count.
        let (status, _, _) = login_with(&app, &app.client, &target.user.email.to_uppercase(), PASSWORD, None).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);

        // Another account, from this address and from another one, logs in.
        let (status, body, _) = login_with(&app, &app.client, &other.user.email, PASSWORD, None).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (status, body, _) = login_with(&app, &client_from([127, 0, 0, 2]), &other.user.email, PASSWORD, None).await;
        assert_eq!(status, StatusCode::OK, "{body}");

        // Refresh tokens and API tokens are not logins: they keep working.
        let (status, body) = app.call(Method::POST, "/api/v1/auth/refresh", None,
            Some(json!({"refresh_token": session["refresh_token"]}))).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (status, me) = app.get("/api/v1/me", &api_token).await;
        assert_eq!(status, StatusCode::OK, "{me}");
        assert_eq!(me["id"], target.id().to_string());
    }

    async fn a_successful_login_clears_the_account_count(app) {
        let user = app.user(Role::Agent, None).await;
        for _round in 0..2 {
            for _ in 0..4 {
                assert_eq!(app.login(&user.user.email, "not the password").await.0, StatusCode::UNAUTHORIZED);
            }
            let (status, body) = app.login(&user.user.email, PASSWORD).await;
            assert_eq!(status, StatusCode::OK, "eight failures in all, but never five in a row: {body}");
        }
    }

    async fn too_many_failures_from_one_address_block_it_for_every_account(app) {
        let app = TestApp::start_with(app.db, &[("LOKET_LOGIN_MAX_FAILURES_PER_ADDRESS", "3")]).await;
        let user = app.user(Role::Agent, None).await;
        for n in 0..3 {
            let (status, _, _) = login_with(&app, &app.client, &format!("guess{n}@example.test"), "not the password", None).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED);
        }
        let (status, _, retry_after) = login_with(&app, &app.client, &user.user.email, PASSWORD, None).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        assert!(retry_after.is_some());
        // Without LOKET_TRUST_FORWARDED_FOR a client cannot escape by claiming another address.
        let (status, _, _) = login_with(&app, &app.client, &user.user.email, PASSWORD, Some("198.51.100.1")).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        let (status, body, _) = login_with(&app, &client_from([127, 0, 0, 3]), &user.user.email, PASSWORD, None).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }

    async fn behind_a_trusted_proxy_the_forwarded_address_counts(app) {
        let app = TestApp::start_with(app.db, &[
            ("LOKET_LOGIN_MAX_FAILURES_PER_ADDRESS", "2"),
            ("LOKET_TRUST_FORWARDED_FOR", "true"),
        ]).await;
        let user = app.user(Role::Agent, None).await;
        for n in 0..2 {
            let email = format!("guess{n}@example.test");
            let (status, _, _) = login_with(&app, &app.client, &email, "not the password", Some("203.0.113.7")).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED);
        }
        let (status, _, _) = login_with(&app, &app.client, &user.user.email, PASSWORD, Some("203.0.113.7")).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        let (status, body, _) = login_with(&app, &app.client, &user.user.email, PASSWORD, Some("198.51.100.1")).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }

    async fn counters_end_with_their_window_and_are_purged(app) {
        let app = TestApp::start_with(app.db, &[
            ("LOKET_LOGIN_MAX_FAILURES_PER_ACCOUNT", "1"),
            // Windows end on whole seconds: a 1-second window can end between two logins
            // a few milliseconds apart. Three seconds leave two at least.
            ("LOKET_LOGIN_WINDOW_SECONDS", "3"),
        ]).await;
        let user = app.user(Role::Agent, None).await;
        for n in 0..5 {
            app.login(&format!("guess{n}@example.test"), "not the password").await;
        }
        assert_eq!(app.login(&user.user.email, "not the password").await.0, StatusCode::UNAUTHORIZED);
        assert_eq!(app.login(&user.user.email, PASSWORD).await.0, StatusCode::TOO_MANY_REQUESTS);
        let started = std::time::Instant::now();
        loop {
            let (status, _) = app.login(&user.user.email, PASSWORD).await;
            if status == StatusCode::OK {
                break;
            }
            assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
            assert!(started.elapsed() < std::time::Duration::from_secs(10), "the window never ended");
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        let counters = app.store.run(loket::store::login_attempts::count_counters).await.unwrap();
        assert!(counters <= 2, "ended windows are purged, {counters} counters left");
    }

    async fn passwords_follow_the_rules_wherever_they_are_set(app) {
        let admin = app.user(Role::Admin, None).await;
        let email = "nieuwe.collega@loket.example";
        for (password, why) in [
            ("elf tekens!", "at least 12"),
            ("password1234", "too easy"),
            ("Nieuwe.Collega@Loket.example", "e-mail"),
        ] {
            let (status, body) = app.post("/api/v1/users", &admin.token, json!({
                "email": email, "display_name": "Nieuwe Collega", "role": "agent", "password": password
            })).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
            assert_eq!(body["errors"][0]["field"], "password");
            assert!(body["detail"].as_str().unwrap().contains(why), "{body}");
        }
        let too_long = "lang ".repeat(205);
        let (status, body) = app.post("/api/v1/users", &admin.token, json!({
            "email": email, "display_name": "Nieuwe Collega", "role": "agent", "password": too_long
        })).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(body["detail"].as_str().unwrap().contains("1024 bytes"), "{body}");

        let (status, body) = app.patch("/api/v1/me", &admin.token, json!({
            "new_password": admin.user.email, "current_password": PASSWORD
        })).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(body["errors"][0]["field"], "new_password");

        // An invited user may not choose their own address either.
        let (status, invited) = app.post("/api/v1/users", &admin.token, json!({
            "email": email, "display_name": "Nieuwe Collega", "role": "agent"
        })).await;
        assert_eq!(status, StatusCode::CREATED, "{invited}");
        let invitation = invited["invitation_token"].as_str().unwrap();
        let (status, body) = app.call(Method::POST, "/api/v1/auth/accept-invitation", None,
            Some(json!({"invitation_token": invitation, "password": email}))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(body["errors"][0]["field"], "password");
        let (status, body) = app.call(Method::POST, "/api/v1/auth/accept-invitation", None,
            Some(json!({"invitation_token": invitation, "password": "een goede zin van mij"}))).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }

    async fn every_response_carries_the_security_headers(app) {
        let agent = app.user(Role::Agent, None).await;
        let api_csp = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
        let cases: Vec<(Method, &str, Option<&str>, u16, bool)> = vec![
            (Method::GET, "/healthz", None, 200, false),
            (Method::GET, "/api/v1/me", Some(&agent.token), 200, true),
            (Method::GET, "/api/v1/me", None, 401, false),
            (Method::GET, "/api/v1/tickets/2026-999999", Some(&agent.token), 404, true),
            (Method::GET, "/api/v1/no/such/route", None, 404, false),
            (Method::POST, "/api/v1/me/tokens", Some(&agent.token), 415, true),
            (Method::GET, "/api/openapi.json", None, 200, false),
        ];
        for (method, path, token, status, no_store) in cases {
            let mut request = app.client.request(method.clone(), app.url(path));
            if let Some(token) = token {
                request = request.bearer_auth(token);
            }
            let response = request.send().await.unwrap();
            let headers = response.headers().clone();
            assert_eq!(response.status().as_u16(), status, "{method} {path}");
            let header = |name: &str| headers.get(name).map(|v| v.to_str().unwrap().to_owned());
            assert_eq!(header("x-content-type-options").as_deref(), Some("nosniff"), "{path}");
            assert_eq!(header("x-frame-options").as_deref(), Some("DENY"), "{path}");
            assert_eq!(header("referrer-policy").as_deref(), Some("no-referrer"), "{path}");
            assert_eq!(header("content-security-policy").as_deref(), Some(api_csp), "{path}");
            assert_eq!(header("cache-control").as_deref() == Some("no-store"), no_store, "{method} {path}");
            assert_eq!(header("strict-transport-security"), None, "HSTS only when configured");
        }
        // Tokens are never cached, though the login carries no Authorization header.
        let response = app.client.post(app.url("/api/v1/auth/login"))
            .json(&json!({"email": agent.user.email, "password": PASSWORD})).send().await.unwrap();
        assert_eq!(response.headers()["cache-control"], "no-store");

        // The Swagger UI gets a policy that lets its own files run, and nothing else.
        let response = app.client.get(app.url("/api/docs/")).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let csp = response.headers()["content-security-policy"].to_str().unwrap().to_owned();
        assert!(csp.contains("script-src 'self'") && !csp.contains("script-src 'self' 'unsafe"), "{csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        let page = response.text().await.unwrap();
        assert!(page.contains("swagger-initializer.js"));
        assert!(!page.contains("<script>"), "the page has no inline script the policy would block");
        let initializer = app.client.get(app.url("/api/docs/swagger-initializer.js")).send().await.unwrap();
        assert_eq!(initializer.status(), StatusCode::OK);
        assert!(initializer.text().await.unwrap().contains("/api/openapi.json"));

        let tls = TestApp::start_with(app.db, &[("LOKET_HSTS_SECONDS", "31536000")]).await;
        let response = tls.client.get(tls.url("/no/such/route")).send().await.unwrap();
        assert_eq!(response.headers()["strict-transport-security"], "max-age=31536000; includeSubDomains");
    }

    async fn bodies_over_the_limit_are_413_whatever_their_type_or_framing(app) {
        let app = TestApp::start_with(app.db, &[("LOKET_MAX_JSON_BYTES", "1024"), ("LOKET_MAX_ATTACHMENT_BYTES", "4096")]).await;
        let admin = app.user(Role::Admin, None).await;
        let big = format!(r#"{{"name":"{}"}}"#, "x".repeat(4000));
        let chunked = |text: String| {
            let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
                text.into_bytes().chunks(500).map(|c| Ok(c.to_vec())).collect();
            reqwest::Body::wrap_stream(futures_util::stream::iter(chunks))
        };
        for (content_type, body, framing) in [
            ("application/json", reqwest::Body::from(big.clone()), "content-length"),
            ("text/plain", reqwest::Body::from(big.clone()), "content-length"),
            ("application/json", chunked(big.clone()), "chunked"),
            ("application/x-www-form-urlencoded", chunked(big.clone()), "chunked"),
        ] {
            let response = app.client.post(app.url("/api/v1/organizations")).bearer_auth(&admin.token)
                .header("content-type", content_type).body(body).send().await.unwrap();
            let (status, problem) = read(response).await;
            assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{content_type} {framing}: {problem}");
            assert_eq!(problem["code"], "payload_too_large");
        }
        // Small bodies still get the precise answer.
        let response = app.client.post(app.url("/api/v1/organizations")).bearer_auth(&admin.token)
            .header("content-type", "text/plain").body("{}").send().await.unwrap();
        assert_eq!(read(response).await.0, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        let (_, list) = app.get("/api/v1/organizations", &admin.token).await;
        assert_eq!(list["items"].as_array().unwrap().len(), 0, "nothing was written");

        // A chunked multipart upload over the attachment limit.
        let org = app.organization("Groot").await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        let (_, created) = app.post("/api/v1/tickets", &customer.token, json!({"subject": "Bijlage", "description": "groot"})).await;
        let ticket = format!("/api/v1/tickets/{}", created["ticket"]["reference"].as_str().unwrap());
        app.post(&format!("{ticket}/comments"), &customer.token, json!({"body": "bijlage volgt"})).await;
        let (_, comments) = app.get(&format!("{ticket}/comments"), &customer.token).await;
        let path = format!("{ticket}/comments/{}/attachments", comments[0]["id"].as_str().unwrap());
        let boundary = "loketgrens";
        let form = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"log.txt\"\r\nContent-Type: text/plain\r\n\r\n{}\r\n--{boundary}--\r\n",
            "regel\n".repeat(2000)
        );
        let response = app.client.post(app.url(&path)).bearer_auth(&customer.token)
            .header("content-type", format!("multipart/form-data; boundary={boundary}"))
            .body(chunked(form)).send().await.unwrap();
        let (status, problem) = read(response).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{problem}");
        let (_, listed) = app.get(&format!("{ticket}/attachments"), &customer.token).await;
        assert!(listed.as_array().unwrap().is_empty());
    }
}

use loket::domain::account::Role;
use loket_tests::{on_both_databases, JWT_SECRET, PASSWORD};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

fn forge(claims: Value, key: &str, alg: jsonwebtoken::Algorithm) -> String {
    jsonwebtoken::encode(
        &jsonwebtoken::Header::new(alg),
        &claims,
        &jsonwebtoken::EncodingKey::from_secret(key.as_bytes()),
    )
    .unwrap()
}

fn base64url(bytes: &[u8]) -> String {
    use std::fmt::Write;
    // Tiny encoder so the test does not share the server's base64 code path.
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..=chunk.len() {
            let _ = write!(out, "{}", ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

on_both_databases! {
    async fn login_succeeds_and_failures_look_alike(app) {
        let agent = app.user(Role::Agent, None).await;
        let (status, body) = app.login(&agent.user.email.to_uppercase(), PASSWORD).await;
        assert_eq!(status, StatusCode::OK, "e-mail is case-insensitive: {body}");
        assert_eq!(body["token_type"], "Bearer");
        assert_eq!(body["user"]["role"], "agent");
        assert!(body["expires_in"].as_u64().unwrap() > 0);

        let (me_status, me) = app.get("/api/v1/me", body["access_token"].as_str().unwrap()).await;
        assert_eq!(me_status, StatusCode::OK);
        assert_eq!(me["email"], agent.user.email);

        let (wrong_status, wrong) = app.login(&agent.user.email, "not the password").await;
        let (unknown_status, unknown) = app.login("nobody@example.test", PASSWORD).await;
        assert_eq!(wrong_status, StatusCode::UNAUTHORIZED);
        assert_eq!(unknown_status, StatusCode::UNAUTHORIZED);
        assert_eq!(wrong["detail"], unknown["detail"], "no hint whether the account exists");
        assert_eq!(wrong["code"], "unauthenticated");
    }

    async fn inactive_users_cannot_log_in_and_their_tokens_stop(app) {
        let admin = app.user(Role::Admin, None).await;
        let agent = app.user(Role::Agent, None).await;
        let (status, _) = app.patch(&format!("/api/v1/users/{}", agent.id()), &admin.token, json!({"active": false})).await;
        assert_eq!(status, StatusCode::OK);
        let (status, _) = app.login(&agent.user.email, PASSWORD).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        let (status, _) = app.get("/api/v1/me", &agent.token).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "an access token dies with its account");
    }

    async fn a_caller_account_changed_elsewhere_is_reread_within_a_second(app) {
        use diesel::prelude::*;
        use loket::store::schema::users;
        let admin = app.user(Role::Admin, None).await;
        let agent = app.user(Role::Agent, None).await;
        let customer_admin = app.user(Role::CustomerAdmin, Some(&app.organization("Kantoor Elders").await)).await;
        // A change through this server takes effect at once, though it has just read the account.
        assert_eq!(app.get("/api/v1/me", &agent.token).await.0, StatusCode::OK);
        let (status, _) = app.patch(&format!("/api/v1/users/{}", agent.id()), &admin.token, json!({"active": false})).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(app.get("/api/v1/me", &agent.token).await.0, StatusCode::UNAUTHORIZED);

        // A change another server made (written straight to the database here) within a
        // second, however busy the caller keeps this one.
        assert_eq!(app.get("/api/v1/me", &customer_admin.token).await.0, StatusCode::OK);
        let id = customer_admin.id().to_string();
        let changed = app.store.run(move |conn| {
            diesel::update(users::table.find(id))
                .set(users::active.eq(false))
                .execute(conn)
                .map_err(|e| loket::store::StoreError::Unavailable(e.to_string()))
        }).await;
        assert_eq!(changed.expect("the account is changed"), 1);
        let deadline = std::time::Instant::now() + loket::http::caller::RECENT_CALLER_TTL + std::time::Duration::from_millis(200);
        let mut status = StatusCode::OK;
        while status == StatusCode::OK && std::time::Instant::now() < deadline {
            status = app.get("/api/v1/me", &customer_admin.token).await.0;
        }
        assert_eq!(status, StatusCode::UNAUTHORIZED, "the deactivation took effect within the time a read account is kept");
    }

    async fn bad_access_tokens_are_401(app) {
        let agent = app.user(Role::Agent, None).await;
        let now = chrono::Utc::now().timestamp();
        let sub = agent.id().to_string();
        let good = forge(json!({"sub": sub, "iat": now, "exp": now + 600, "typ": "access"}), JWT_SECRET, jsonwebtoken::Algorithm::HS256);
        assert_eq!(app.get("/api/v1/me", &good).await.0, StatusCode::OK, "the forging itself is right");

        let expired = forge(json!({"sub": sub, "iat": now - 7200, "exp": now - 3600, "typ": "access"}), JWT_SECRET, jsonwebtoken::Algorithm::HS256);
        let wrong_key = forge(json!({"sub": sub, "iat": now, "exp": now + 600, "typ": "access"}), "another-secret-0123456789abcdef-0123456789", jsonwebtoken::Algorithm::HS256);
        let other_alg = forge(json!({"sub": sub, "iat": now, "exp": now + 600, "typ": "access"}), JWT_SECRET, jsonwebtoken::Algorithm::HS512);
        let mut tampered = good.clone();
        let payload_start = tampered.find('.').unwrap() + 1;
        let forged_payload = base64url(json!({"sub": sub, "iat": now, "exp": now + 99999, "typ": "access"}).to_string().as_bytes());
        let payload_end = tampered.rfind('.').unwrap();
        tampered.replace_range(payload_start..payload_end, &forged_payload);
        let alg_none = format!(
            "{}.{}.",
            base64url(br#"{"alg":"none","typ":"JWT"}"#),
            base64url(json!({"sub": sub, "iat": now, "exp": now + 600, "typ": "access"}).to_string().as_bytes())
        );
        for (what, token) in [
            ("expired", expired),
            ("wrong key", wrong_key),
            ("HS512", other_alg),
            ("tampered payload", tampered),
            ("alg none", alg_none),
            ("garbage", "not-a-token".to_owned()),
        ] {
            let (status, body) = app.get("/api/v1/me", &token).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{what}: {body}");
            assert_eq!(body["code"], "unauthenticated");
        }

        let response = app.client.get(app.url("/api/v1/me")).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        assert!(response.headers().get("www-authenticate").unwrap().to_str().unwrap().starts_with("Bearer"));
        let response = app.client.get(app.url("/api/v1/me")).header("authorization", "Basic YWRtaW46YWRtaW4=").send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }

    async fn refresh_rotates_and_a_replayed_token_ends_the_login(app) {
        let customer_org = app.organization("Rotation bv").await;
        let user = app.user(Role::Customer, Some(&customer_org)).await;
        let (_, first) = app.login(&user.user.email, PASSWORD).await;
        let first_refresh = first["refresh_token"].as_str().unwrap().to_owned();

        let (status, second) = app.call(Method::POST, "/api/v1/auth/refresh", None, Some(json!({"refresh_token": first_refresh}))).await;
        assert_eq!(status, StatusCode::OK, "{second}");
        let second_refresh = second["refresh_token"].as_str().unwrap().to_owned();
        assert_ne!(second_refresh, first_refresh);
        assert_eq!(app.get("/api/v1/me", second["access_token"].as_str().unwrap()).await.0, StatusCode::OK);

        // The old token no longer works, and replaying it revokes the whole login family.
        let (status, body) = app.call(Method::POST, "/api/v1/auth/refresh", None, Some(json!({"refresh_token": first_refresh}))).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
        let (status, _) = app.call(Method::POST, "/api/v1/auth/refresh", None, Some(json!({"refresh_token": second_refresh}))).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "the replay revoked the newer token too");

        // Another login is a separate family and still works.
        let (_, other) = app.login(&user.user.email, PASSWORD).await;
        let (status, _) = app.call(Method::POST, "/api/v1/auth/refresh", None, Some(json!({"refresh_token": other["refresh_token"]}))).await;
        assert_eq!(status, StatusCode::OK);

        let (status, _) = app.call(Method::POST, "/api/v1/auth/refresh", None, Some(json!({"refresh_token": "loket_rt_unknown"}))).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }

    async fn logout_revokes_the_refresh_token(app) {
        let agent = app.user(Role::Agent, None).await;
        let (_, login) = app.login(&agent.user.email, PASSWORD).await;
        let refresh = login["refresh_token"].clone();
        let (status, _) = app.call(Method::POST, "/api/v1/auth/logout", None, Some(json!({"refresh_token": refresh}))).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (status, _) = app.call(Method::POST, "/api/v1/auth/refresh", None, Some(json!({"refresh_token": refresh}))).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }

    async fn a_browser_login_keeps_its_refresh_token_in_an_http_only_cookie(app) {
        let org = app.organization("Koekjes bv").await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        let auth = |path: &str, cookie: Option<&str>, body: Value| {
            let mut request = app.client.post(app.url(path)).json(&body);
            if let Some(cookie) = cookie {
                request = request.header("cookie", format!("loket_refresh={cookie}"));
            }
            request.send()
        };
        // The cookie's token, and the attributes that keep it from scripts and other sites.
        fn cookie_of(response: &reqwest::Response) -> (String, String) {
            let header = response.headers().get("set-cookie").expect("a Set-Cookie header").to_str().unwrap().to_owned();
            let value = header.strip_prefix("loket_refresh=").expect("the loket_refresh cookie").split(';').next().unwrap().to_owned();
            (value, header)
        }

        let login = auth("/api/v1/auth/login", None, json!({"email": customer.user.email, "password": PASSWORD, "refresh_cookie": true})).await.unwrap();
        assert_eq!(login.status(), StatusCode::OK);
        let (first, header) = cookie_of(&login);
        for attribute in ["HttpOnly", "SameSite=Strict", "Path=/api/v1/auth", "Max-Age="] {
            assert!(header.contains(attribute), "{attribute} missing in {header}");
        }
        assert!(!header.contains("Secure"), "plain HTTP cannot keep a Secure cookie: {header}");
        let body: Value = login.json().await.unwrap();
        assert!(body.get("refresh_token").is_none(), "the token is not in the body as well: {body}");
        assert!(first.starts_with("loket_rt_"));
        assert_eq!(app.get("/api/v1/me", body["access_token"].as_str().unwrap()).await.0, StatusCode::OK);

        // Refresh with an empty body uses the cookie and rotates it.
        let refreshed = auth("/api/v1/auth/refresh", Some(&first), json!({})).await.unwrap();
        assert_eq!(refreshed.status(), StatusCode::OK);
        let (second, _) = cookie_of(&refreshed);
        assert_ne!(second, first);
        let body: Value = refreshed.json().await.unwrap();
        assert!(body.get("refresh_token").is_none());
        assert_eq!(body["user"]["email"], customer.user.email);

        // A form post from another site cannot send JSON, and without JSON nothing is read.
        let form = app.client.post(app.url("/api/v1/auth/refresh"))
            .header("cookie", format!("loket_refresh={second}"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("a=b").send().await.unwrap();
        assert_eq!(form.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);

        // The used cookie replayed ends the login and is removed.
        let replay = auth("/api/v1/auth/refresh", Some(&first), json!({})).await.unwrap();
        assert_eq!(replay.status(), StatusCode::UNAUTHORIZED);
        let (cleared, header) = cookie_of(&replay);
        assert_eq!(cleared, "");
        assert!(header.contains("Max-Age=0"), "{header}");
        assert_eq!(auth("/api/v1/auth/refresh", Some(&second), json!({})).await.unwrap().status(), StatusCode::UNAUTHORIZED);

        // No token at all: 401 with a reason.
        let (status, body) = app.call(Method::POST, "/api/v1/auth/refresh", None, Some(json!({}))).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert!(body["detail"].as_str().unwrap().contains("no refresh token"), "{body}");

        // Log out ends the cookie's login on the server and removes the cookie.
        let login = auth("/api/v1/auth/login", None, json!({"email": customer.user.email, "password": PASSWORD, "refresh_cookie": true})).await.unwrap();
        let (third, _) = cookie_of(&login);
        let logout = auth("/api/v1/auth/logout", Some(&third), json!({})).await.unwrap();
        assert_eq!(logout.status(), StatusCode::NO_CONTENT);
        assert!(cookie_of(&logout).1.contains("Max-Age=0"));
        assert_eq!(auth("/api/v1/auth/refresh", Some(&third), json!({})).await.unwrap().status(), StatusCode::UNAUTHORIZED);
        let (status, _) = app.call(Method::POST, "/api/v1/auth/logout", None, Some(json!({}))).await;
        assert_eq!(status, StatusCode::NO_CONTENT, "logging out twice is fine");
    }

    async fn behind_https_the_refresh_cookie_is_secure(app) {
        let agent = app.user(Role::Agent, None).await;
        let login = app.client.post(app.url("/api/v1/auth/login"))
            .header("x-forwarded-proto", "https")
            .json(&json!({"email": agent.user.email, "password": PASSWORD, "refresh_cookie": true}))
            .send().await.unwrap();
        assert_eq!(login.status(), StatusCode::OK);
        let header = login.headers().get("set-cookie").unwrap().to_str().unwrap();
        assert!(header.contains("; Secure"), "{header}");
    }

    async fn password_change_needs_the_current_password_and_ends_other_logins(app) {
        let agent = app.user(Role::Agent, None).await;
        let (_, login) = app.login(&agent.user.email, PASSWORD).await;
        let (status, body) = app.patch("/api/v1/me", &agent.token, json!({"new_password": "a brand new passphrase", "current_password": "wrong"})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["errors"][0]["field"], "current_password");
        let (status, body) = app.patch("/api/v1/me", &agent.token, json!({"new_password": "short", "current_password": PASSWORD})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["errors"][0]["field"], "new_password");
        assert_eq!(app.login(&agent.user.email, PASSWORD).await.0, StatusCode::OK, "nothing changed yet");

        let (status, _) = app.patch("/api/v1/me", &agent.token, json!({"new_password": "a brand new passphrase", "current_password": PASSWORD, "language": "nl"})).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(app.login(&agent.user.email, PASSWORD).await.0, StatusCode::UNAUTHORIZED);
        assert_eq!(app.login(&agent.user.email, "a brand new passphrase").await.0, StatusCode::OK);
        let (status, _) = app.call(Method::POST, "/api/v1/auth/refresh", None, Some(json!({"refresh_token": login["refresh_token"]}))).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "older logins end");
        assert_eq!(app.get("/api/v1/me", &agent.token).await.1["language"], "nl");
    }
}

on_both_databases! {
    async fn an_invitation_accepted_in_a_browser_keeps_its_refresh_token_in_the_cookie(app) {
        let org = app.organization("Uitnodiging bv").await;
        let customer_admin = app.user(Role::CustomerAdmin, Some(&org)).await;
        let (status, created) = app.post("/api/v1/users", &customer_admin.token, json!({
            "email": "invitee@uitnodiging.test", "display_name": "Genodigde", "role": "customer"
        })).await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        let invitation = created["invitation_token"].as_str().unwrap().to_owned();
        let accepted = app.client.post(app.url("/api/v1/auth/accept-invitation"))
            .json(&json!({"invitation_token": invitation, "password": "mijn eigen wachtwoord", "refresh_cookie": true}))
            .send().await.unwrap();
        assert_eq!(accepted.status(), StatusCode::OK);
        let header = accepted.headers().get("set-cookie").expect("a Set-Cookie header").to_str().unwrap().to_owned();
        for attribute in ["HttpOnly", "SameSite=Strict", "Path=/api/v1/auth", "Max-Age="] {
            assert!(header.contains(attribute), "{attribute} missing in {header}");
        }
        let cookie = header.strip_prefix("loket_refresh=").unwrap().split(';').next().unwrap().to_owned();
        assert!(cookie.starts_with("loket_rt_"), "{header}");
        let body: Value = accepted.json().await.unwrap();
        assert!(body.get("refresh_token").is_none(), "not in the body as well: {body}");
        assert_eq!(body["user"]["email"], "invitee@uitnodiging.test");
        // The cookie starts a browser session that survives a reload: a refresh from it works.
        let refreshed = app.client.post(app.url("/api/v1/auth/refresh"))
            .header("cookie", format!("loket_refresh={cookie}"))
            .json(&json!({}))
            .send().await.unwrap();
        assert_eq!(refreshed.status(), StatusCode::OK);
        let body: Value = refreshed.json().await.unwrap();
        assert_eq!(body["user"]["email"], "invitee@uitnodiging.test");
    }
}

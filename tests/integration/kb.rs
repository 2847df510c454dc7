use loket::domain::account::Role;
use loket_tests::on_both_databases;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

fn article(slug: &str, status: &str, visibility: &str, comments_open: bool) -> Value {
    json!({
        "slug": slug, "tags": ["Facturatie", "kassa"], "status": status, "visibility": visibility,
        "comments_open": comments_open,
        "translations": [
            {"language": "nl", "title": "Kredietnota's maken", "body": "Ga naar **Facturen**.\n\n<script>alert('x')</script><img src=x onerror=alert(1)>"},
            {"language": "en", "title": "Making credit notes", "body": "Go to **Invoices**."}
        ]
    })
}

on_both_databases! {
    async fn articles_are_shown_to_their_audience_only(app) {
        let agent = app.user(Role::Agent, None).await;
        let org = app.organization("Lezers").await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        for (slug, status, visibility) in [("publiek", "published", "public"), ("klanten", "published", "customers"), ("ontwerp", "draft", "public")] {
            let (status_code, body) = app.post("/api/v1/kb/articles", &agent.token, article(slug, status, visibility, true)).await;
            assert_eq!(status_code, StatusCode::CREATED, "{body}");
        }
        let anonymous = |path: String| {
            let request = app.client.get(app.url(&path));
            async move { loket_tests::read(request.send().await.unwrap()).await }
        };
        let slugs = |page: &Value| page["items"].as_array().unwrap().iter().map(|a| a["slug"].as_str().unwrap().to_owned()).collect::<Vec<_>>();
        assert_eq!(slugs(&anonymous("/api/v1/kb/articles".into()).await.1), ["publiek"]);
        assert_eq!(slugs(&app.get("/api/v1/kb/articles", &customer.token).await.1), ["klanten", "publiek"]);
        assert_eq!(slugs(&app.get("/api/v1/kb/articles", &agent.token).await.1), ["klanten", "ontwerp", "publiek"]);
        assert_eq!(anonymous("/api/v1/kb/articles/klanten".into()).await.0, StatusCode::NOT_FOUND);
        assert_eq!(app.get("/api/v1/kb/articles/ontwerp", &customer.token).await.0, StatusCode::NOT_FOUND, "a draft is invisible to customers");
        let (status, read) = anonymous("/api/v1/kb/articles/publiek".into()).await;
        assert_eq!(status, StatusCode::OK);
        let html = read["translations"][0]["body_html"].as_str().unwrap();
        assert!(html.contains("<strong>Facturen</strong>"), "{html}");
        assert!(!html.contains("<script") && !html.contains("onerror"), "sanitised: {html}");
        assert_eq!(read["tags"], json!(["facturatie", "kassa"]));
        let (status, _) = app.call(Method::GET, "/api/v1/kb/articles", Some("garbage-token"), None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "a bad token is not anonymous");

        // Search, tag and language filters.
        let (_, found) = app.get("/api/v1/kb/articles?q=KREDIETNOTA", &customer.token).await;
        assert_eq!(slugs(&found), ["klanten", "publiek"]);
        let (_, found) = app.get("/api/v1/kb/articles?q=invoices", &customer.token).await;
        assert_eq!(slugs(&found), ["klanten", "publiek"], "English text is searched too");
        let (_, none) = app.get("/api/v1/kb/articles?q=printer", &customer.token).await;
        assert!(slugs(&none).is_empty());
        let (_, tagged) = app.get("/api/v1/kb/articles?tag=Kassa&lang=en", &agent.token).await;
        assert_eq!(slugs(&tagged).len(), 3);
    }

    async fn a_closed_article_refuses_comments_and_staff_moderate(app) {
        let agent = app.user(Role::Agent, None).await;
        let org = app.organization("Reageerders").await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        app.post("/api/v1/kb/articles", &agent.token, article("open", "published", "public", true)).await;
        app.post("/api/v1/kb/articles", &agent.token, article("gesloten", "published", "public", false)).await;

        let (status, body) = app.post("/api/v1/kb/articles/gesloten/comments", &customer.token, json!({"body": "Nuttig!"})).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert_eq!(body["detail"], "this article is closed for comments");
        let response = app.client.post(app.url("/api/v1/kb/articles/gesloten/comments")).bearer_auth(&customer.token)
            .header("accept-language", "nl").json(&json!({"body": "Nuttig!"})).send().await.unwrap();
        let (_, dutch) = loket_tests::read(response).await;
        assert_eq!(dutch["detail"], "dit artikel is gesloten voor reacties");
        let (_, read) = app.get("/api/v1/kb/articles/gesloten", &customer.token).await;
        assert_eq!(read["comments_open"], false, "the article shows it is closed");
        let (_, comments) = app.get("/api/v1/kb/articles/gesloten/comments", &customer.token).await;
        assert!(comments.as_array().unwrap().is_empty());

        let (status, comment) = app.post("/api/v1/kb/articles/open/comments", &customer.token, json!({"body": "Werkt ook voor creditnota's?"})).await;
        assert_eq!(status, StatusCode::CREATED);
        let anonymous = app.client.post(app.url("/api/v1/kb/articles/open/comments")).json(&json!({"body": "spam"})).send().await.unwrap();
        assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
        let id = comment["id"].as_str().unwrap();
        assert_eq!(app.post(&format!("/api/v1/kb/articles/open/comments/{id}/hide"), &customer.token, json!({})).await.0, StatusCode::FORBIDDEN);
        assert_eq!(app.post(&format!("/api/v1/kb/articles/open/comments/{id}/hide"), &agent.token, json!({})).await.0, StatusCode::NO_CONTENT);
        let (_, public_view) = app.get("/api/v1/kb/articles/open/comments", &customer.token).await;
        assert!(public_view.as_array().unwrap().is_empty(), "hidden from readers");
        let (_, staff_view) = app.get("/api/v1/kb/articles/open/comments", &agent.token).await;
        assert_eq!(staff_view[0]["hidden"], true);
    }

    async fn only_staff_write_and_bad_articles_are_named(app) {
        let agent = app.user(Role::Agent, None).await;
        let org = app.organization("Schrijvers").await;
        let customer_admin = app.user(Role::CustomerAdmin, Some(&org)).await;
        assert_eq!(app.post("/api/v1/kb/articles", &customer_admin.token, article("x", "published", "public", true)).await.0, StatusCode::FORBIDDEN);
        let (status, body) = app.post("/api/v1/kb/articles", &agent.token, article("Bad Slug", "published", "public", true)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["errors"][0]["field"], "slug");
        let mut twice = article("twee-keer-nl", "draft", "public", true);
        twice["translations"][1]["language"] = json!("nl");
        let (status, body) = app.post("/api/v1/kb/articles", &agent.token, twice).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["errors"][0]["field"], "translations[1].language");
        let mut untitled = article("zonder-titel", "draft", "public", true);
        untitled["translations"][0]["title"] = json!("");
        let (status, body) = app.post("/api/v1/kb/articles", &agent.token, untitled).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["errors"][0]["field"], "translations[0].title");
        let (_, list) = app.get("/api/v1/kb/articles", &agent.token).await;
        assert!(list["items"].as_array().unwrap().is_empty(), "refused articles wrote nothing");

        app.post("/api/v1/kb/articles", &agent.token, article("eerste", "draft", "public", true)).await;
        assert_eq!(app.post("/api/v1/kb/articles", &agent.token, article("eerste", "draft", "public", true)).await.0, StatusCode::CONFLICT);
        let (status, renamed) = app.call(Method::PUT, "/api/v1/kb/articles/eerste", Some(&agent.token), Some(article("tweede", "published", "public", false))).await;
        assert_eq!(status, StatusCode::OK, "{renamed}");
        assert!(!renamed["published_at"].is_null());
        assert_eq!(app.get("/api/v1/kb/articles/eerste", &agent.token).await.0, StatusCode::NOT_FOUND);
        assert_eq!(app.delete("/api/v1/kb/articles/tweede", &agent.token).await.0, StatusCode::NO_CONTENT);
        assert_eq!(app.get("/api/v1/kb/articles/tweede", &agent.token).await.0, StatusCode::NOT_FOUND);
    }
}

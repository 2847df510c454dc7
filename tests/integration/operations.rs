use loket_tests::on_both_databases;
use reqwest::StatusCode;

on_both_databases! {
    async fn probes_and_metrics_answer(app) {
        let health = app.client.get(app.url("/healthz")).send().await.unwrap();
        assert_eq!(health.status(), StatusCode::OK);
        let ready = app.client.get(app.url("/readyz")).send().await.unwrap();
        assert_eq!(ready.status(), StatusCode::OK);
        assert!(ready.headers().contains_key("x-request-id"));
        assert_eq!(ready.headers()["x-content-type-options"], "nosniff");
        let metrics = app.client.get(app.url("/metrics")).send().await.unwrap().text().await.unwrap();
        assert!(metrics.contains("loket_http_requests_total"), "{metrics}");
    }
}

#[tokio::test]
async fn cors_allows_only_the_configured_origins() {
    let app = loket_tests::TestApp::start_with(
        loket_tests::Db::Sqlite,
        &[("LOKET_CORS_ORIGINS", "https://desk.example, https://portal.example")],
    )
    .await;
    let preflight = |origin: &'static str| {
        app.client
            .request(reqwest::Method::OPTIONS, app.url("/api/v1/me"))
            .header("origin", origin)
            .header("access-control-request-method", "GET")
            .header("access-control-request-headers", "authorization")
            .send()
    };
    let allowed = preflight("https://portal.example").await.unwrap();
    assert!(allowed.status().is_success());
    assert_eq!(
        allowed.headers()["access-control-allow-origin"],
        "https://portal.example"
    );
    let refused = preflight("https://evil.example").await.unwrap();
    assert!(refused.headers().get("access-control-allow-origin").is_none());
    let simple = app
        .client
        .get(app.url("/healthz"))
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert!(simple.headers().get("access-control-allow-origin").is_none());
}

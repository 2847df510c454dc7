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

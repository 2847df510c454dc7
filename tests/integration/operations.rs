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

/// Connections PostgreSQL closes (a restart, an idle timeout, an administrator) are replaced:
/// a connection that answered less than a second ago is lent without a test query, so a
/// request may fail on it, but with 503 and once per connection, never again on the same one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_postgresql_closed_are_replaced_after_failing_at_most_one_request_each() {
    use diesel::prelude::*;
    if loket_tests::postgres_skipped() {
        return;
    }
    let app = loket_tests::TestApp::start(loket_tests::Db::Postgres).await;
    let agent = app.user(loket::domain::account::Role::Agent, None).await;
    let pool_size = app.store.pool_size() as usize;
    // Every pooled connection has just answered.
    let warm: Vec<_> = (0..pool_size * 2)
        .map(|_| app.get("/api/v1/tickets", &agent.token))
        .collect();
    for (status, body) in futures_util::future::join_all(warm).await {
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let mut admin = diesel::PgConnection::establish(app.database_url()).expect("PostgreSQL answers");
    #[derive(QueryableByName)]
    struct Closed {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        closed: i64,
    }
    let closed = diesel::sql_query(
        "SELECT count(pg_terminate_backend(pid)) AS closed FROM pg_stat_activity \
         WHERE datname = current_database() AND pid <> pg_backend_pid()",
    )
    .get_result::<Closed>(&mut admin)
    .expect("the connections are closed")
    .closed;
    assert!(closed >= 1, "the server had connections open");
    // Terminating is asynchronous: wait until the backends have gone.
    for _ in 0..100 {
        let left = diesel::sql_query(
            "SELECT count(*) AS closed FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
        )
        .get_result::<Closed>(&mut admin)
        .expect("PostgreSQL answers")
        .closed;
        if left == 0 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }

    // Requests whose queries these connections have not prepared yet, and ones they have.
    let mut statuses = Vec::new();
    for path in ["/api/v1/triage/rules", "/api/v1/tickets"] {
        for _ in 0..pool_size * 2 {
            statuses.push(app.get(path, &agent.token).await.0);
        }
    }
    let failed = statuses.iter().filter(|s| **s != StatusCode::OK).count();
    assert!(
        statuses
            .iter()
            .all(|s| *s == StatusCode::OK || *s == StatusCode::SERVICE_UNAVAILABLE),
        "{statuses:?}"
    );
    assert!(
        failed <= closed as usize,
        "a closed connection failed more than one request: {statuses:?}"
    );
    assert!(
        statuses[failed.max(pool_size)..].iter().all(|s| *s == StatusCode::OK),
        "{statuses:?}"
    );
}

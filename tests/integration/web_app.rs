//! The web app at `/`: its files, `index.html` for client routes, caching and its CSP, while
//! `/api` and the operational endpoints answer as before.

use loket_tests::{read, Db, TestApp};
use reqwest::StatusCode;

const INDEX: &str = "<!doctype html><html lang=\"en\"><head><script type=\"module\" src=\"/assets/index-abc123.js\"></script></head><body><div id=\"root\"></div></body></html>";
const SCRIPT: &str = "console.log('loket web app');";

async fn app_with_built_files() -> (TestApp, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("assets")).unwrap();
    std::fs::write(dir.path().join("index.html"), INDEX).unwrap();
    std::fs::write(dir.path().join("assets/index-abc123.js"), SCRIPT.repeat(100)).unwrap();
    std::fs::write(dir.path().join("robots.txt"), "User-agent: *").unwrap();
    let app = TestApp::start_with(Db::Sqlite, &[("LOKET_WEB_DIR", dir.path().to_str().unwrap())]).await;
    (app, dir)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_app_is_served_at_the_root_and_for_every_client_route() {
    let (app, _dir) = app_with_built_files().await;
    for path in [
        "/",
        "/index.html",
        "/tickets/2026-000001",
        "/kb/printer-instellen",
        "/login?next=%2Ftickets",
    ] {
        let response = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let headers = response.headers().clone();
        assert!(
            headers["content-type"].to_str().unwrap().starts_with("text/html"),
            "{path}"
        );
        assert_eq!(
            headers["cache-control"], "no-cache",
            "the page is checked on every load: {path}"
        );
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
            "{csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"));
        assert_eq!(headers["x-frame-options"], "DENY");
        assert_eq!(response.text().await.unwrap(), INDEX);
    }

    let script = app.client.get(app.url("/assets/index-abc123.js")).send().await.unwrap();
    assert_eq!(script.status(), StatusCode::OK);
    assert!(script.headers()["content-type"]
        .to_str()
        .unwrap()
        .contains("javascript"));
    assert_eq!(script.headers()["cache-control"], "public, max-age=31536000, immutable");
    assert_eq!(script.text().await.unwrap(), SCRIPT.repeat(100));
    let robots = app.client.get(app.url("/robots.txt")).send().await.unwrap();
    assert_eq!(
        robots.headers()["cache-control"],
        "no-cache",
        "unhashed files may change"
    );

    let gzipped = app
        .client
        .get(app.url("/assets/index-abc123.js"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(
        gzipped.headers()["content-encoding"],
        "gzip",
        "the app's files are compressed"
    );
    assert!(gzipped.bytes().await.unwrap().len() < SCRIPT.len() * 100 / 4);
    let api = app
        .client
        .get(app.url("/healthz"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert!(
        api.headers().get("content-encoding").is_none(),
        "the API's answers are not"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn missing_files_and_api_routes_are_not_the_app() {
    let (app, _dir) = app_with_built_files().await;
    for path in [
        "/assets/index-gone.js",
        "/favicon.ico",
        "/..%2f..%2fetc%2fpasswd",
        "/api/v1/nope",
        "/api",
        "/api/",
    ] {
        let (status, body) = read(app.client.get(app.url(path)).send().await.unwrap()).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}: {body}");
        assert_eq!(body["status"], 404, "a problem document: {path}");
    }
    // A 404 from the app's (compressed) side is a plain problem document, whatever the client accepts.
    for path in ["/api/v1/nope/{x}", "/assets/index-gone.js"] {
        let response = app
            .client
            .get(app.url(path))
            .header("accept-encoding", "gzip")
            .send()
            .await
            .unwrap();
        assert!(response.headers().get("content-encoding").is_none(), "{path}");
        let (status, body) = read(response).await;
        assert_eq!(
            (status, body["status"].as_u64()),
            (StatusCode::NOT_FOUND, Some(404)),
            "{path}: {body}"
        );
    }
    let (status, body) = read(app.client.post(app.url("/tickets")).send().await.unwrap()).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "only GET and HEAD reach the app: {body}");
    let (status, body) = read(app.client.get(app.url("/healthz")).send().await.unwrap()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let api = app.client.get(app.url("/api/v1/tickets")).send().await.unwrap();
    assert_eq!(api.status(), StatusCode::UNAUTHORIZED);
    let csp = api.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(
        csp.starts_with("default-src 'none'; frame-ancestors"),
        "the API keeps its own policy: {csp}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_binary_carries_a_built_app() {
    // Built by build.rs into the binary (read from the build folder in debug builds).
    let app = TestApp::start(Db::Sqlite).await;
    let response = app.client.get(app.url("/tickets")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let page = response.text().await.unwrap();
    assert!(page.to_ascii_lowercase().starts_with("<!doctype html>"), "{page}");
    assert!(
        page.contains("<script type=\"module\""),
        "the app, not the page saying it was not built: {page}"
    );
    let script = page
        .split("src=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a script");
    let response = app.client.get(app.url(script)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{script}");
    assert_eq!(
        response.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
}

#[test]
fn a_web_dir_without_an_app_is_refused_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let error = loket::config::Config::from_lookup(|var| match var {
        "LOKET_WEB_DIR" => Some(dir.path().to_string_lossy().into_owned()),
        "LOKET_JWT_SECRET" => Some(loket_tests::JWT_SECRET.to_owned()),
        _ => None,
    });
    assert!(error.unwrap_err().to_string().contains("LOKET_WEB_DIR"));
}

use loket_tests::{Db, TestApp};
use reqwest::StatusCode;
use serde_json::Value;

fn checked_in_spec() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi/openapi.json");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).expect("openapi.json is JSON")
}

#[test]
fn checked_in_spec_matches_the_code() {
    let generated = serde_json::to_value(loket::http::openapi()).unwrap();
    assert!(
        generated == checked_in_spec(),
        "openapi/openapi.json is stale: run `cargo run -p loket -- openapi > openapi/openapi.json` and commit it"
    );
}

#[tokio::test]
async fn served_spec_equals_the_checked_in_one_and_docs_load() {
    let app = TestApp::start(Db::Sqlite).await;
    let response = app.client.get(app.url("/api/openapi.json")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let served: Value = response.json().await.unwrap();
    assert_eq!(served, checked_in_spec());

    let docs = app.client.get(app.url("/api/docs/")).send().await.unwrap();
    assert_eq!(docs.status(), StatusCode::OK);
    assert!(
        docs.text().await.unwrap().contains("swagger-ui"),
        "vendored Swagger UI is served"
    );
}

#[test]
fn every_operation_is_documented_with_errors() {
    let spec = serde_json::to_value(loket::http::openapi()).unwrap();
    let paths = spec["paths"].as_object().unwrap();
    assert!(paths.contains_key("/api/v1/auth/login"));
    for (path, item) in paths {
        for (method, operation) in item.as_object().unwrap() {
            let responses = operation["responses"].as_object().unwrap();
            assert!(
                !operation["tags"].as_array().unwrap().is_empty(),
                "{method} {path} has a tag"
            );
            assert!(
                operation["summary"].as_str().is_some_and(|s| !s.is_empty()),
                "{method} {path} has a summary"
            );
            // An empty requirement list says that no login is needed.
            if operation["security"]
                .as_array()
                .is_some_and(|requirements| !requirements.is_empty())
            {
                assert!(responses.contains_key("401"), "{method} {path} documents 401");
            }
            for (status, response) in responses {
                if status.starts_with('4') || status.starts_with('5') {
                    assert!(
                        response["content"].get("application/problem+json").is_some(),
                        "{method} {path} {status} is a problem document"
                    );
                }
            }
        }
    }
}

/// The Swagger UI renders in a real browser (Debian's chromium) under its Content Security
/// Policy: the operations appear, and the browser reports no blocked script, style or fetch.
#[tokio::test]
async fn swagger_ui_renders_in_chromium_under_its_csp() {
    let chromium = std::path::Path::new("/usr/bin/chromium");
    assert!(
        chromium.exists(),
        "Debian's chromium is needed (scripts/test.sh installs it: apt-get install chromium)"
    );
    let app = TestApp::start(Db::Sqlite).await;
    let profile = tempfile::tempdir().unwrap();
    let run = tokio::process::Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--enable-logging=stderr",
            "--v=0",
            // Time enough for the page to fetch the spec and render it.
            "--virtual-time-budget=10000",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(app.url("/api/docs/"))
        .kill_on_drop(true)
        .output();
    let output = tokio::time::timeout(std::time::Duration::from_secs(60), run)
        .await
        .expect("chromium finished within a minute")
        .expect("chromium ran");
    let dom = String::from_utf8_lossy(&output.stdout);
    let log = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "chromium failed: {log}");
    assert!(
        dom.contains("opblock-summary-path") && dom.contains("/api/v1/tickets"),
        "Swagger UI rendered the operations; DOM: {}",
        &dom[..dom.len().min(2000)]
    );
    assert!(
        !log.contains("Content Security Policy") && !log.contains("Refused to"),
        "the browser blocked something: {log}"
    );
}

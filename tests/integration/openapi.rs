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

/// Every value of `key` anywhere in the document, with the JSON pointer to it.
fn every(value: &Value, key: &str, at: String, out: &mut Vec<(String, Value)>) {
    match value {
        Value::Object(members) => {
            for (name, member) in members {
                let here = format!("{at}/{}", name.replace('~', "~0").replace('/', "~1"));
                if name == key {
                    out.push((here.clone(), member.clone()));
                }
                every(member, key, here, out);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                every(item, key, format!("{at}/{index}"), out);
            }
        }
        _ => {}
    }
}

/// The spec's patterns are the code's rules (issue 17): each compiles, the not-blank pattern
/// is the one `domain::text` builds from what `trim` removes, the reference pattern takes
/// exactly what `is_reference` takes, and the time-of-day pattern what `TimeOfDay` parses.
#[test]
fn the_spec_states_the_rules_the_code_checks() {
    let spec = serde_json::to_value(loket::http::openapi()).unwrap();
    let mut patterns = Vec::new();
    every(&spec, "pattern", String::new(), &mut patterns);
    assert!(patterns.len() > 20, "the spec states patterns: {patterns:?}");
    let not_blank = loket::domain::text::not_blank_pattern();
    for (at, pattern) in &patterns {
        let pattern = pattern.as_str().unwrap_or_else(|| panic!("{at} is a string"));
        regex::Regex::new(pattern).unwrap_or_else(|e| panic!("{at}: {pattern} does not compile: {e}"));
        if pattern.starts_with("[^\\u0009") {
            assert_eq!(pattern, not_blank, "{at} is the not-blank pattern of domain::text");
        }
        if pattern.starts_with("^(19") {
            let years = [1900, 1970].map(|year| format!("{}-", loket::http::schema::year_at_least_pattern(year)));
            assert!(
                years.contains(&pattern.to_owned()),
                "{at}: {pattern} is one of {years:?}"
            );
        }
    }

    let mut formats = Vec::new();
    every(&spec, "format", String::new(), &mut formats);
    let uuids: Vec<_> = formats.iter().filter(|(_, format)| format == "uuid").collect();
    assert!(uuids.len() > 20);
    for (at, _) in uuids {
        let schema = at.strip_suffix("/format").unwrap();
        assert_eq!(
            spec.pointer(&format!("{schema}/pattern")).and_then(Value::as_str),
            Some(loket::http::schema::UUID_PATTERN),
            "{schema} states the UUID pattern"
        );
    }

    let schemas = &spec["components"]["schemas"];
    let statuses: Vec<&str> = loket::domain::ticket_status::TicketStatus::ALL
        .iter()
        .map(|s| s.as_str())
        .collect();
    let one = format!("({})", statuses.join("|"));
    assert_eq!(
        schemas["TicketFilters"]["properties"]["status"]["pattern"],
        format!("^{one}(,{one})*$"),
        "the status filter lists TicketStatus::ALL"
    );
    let reference = regex::Regex::new(schemas["TicketReference"]["pattern"].as_str().unwrap()).unwrap();
    let samples = [
        "2026-000123",
        "2026-1234567",
        "2026-123456789012",
        "2026-1234567890123",
        "2026-12345",
        "26-000123",
        "2026000123",
        "2026-00012a",
        "../etc",
        "",
        "20260-000123",
        "2026-000123\n",
        " 2026-000123",
    ];
    for sample in samples {
        assert_eq!(
            reference.is_match(sample),
            loket::domain::ticket::is_reference(sample),
            "{sample:?}"
        );
    }
    let time = regex::Regex::new(schemas["TimeOfDay"]["pattern"].as_str().unwrap()).unwrap();
    for sample in [
        "9:00", "09:00", "23:59", "24:00", "24:01", "25:00", "9:5", "009:00", "12:60", "",
    ] {
        assert_eq!(
            time.is_match(sample),
            sample.parse::<loket::domain::calendar::TimeOfDay>().is_ok(),
            "{sample:?}"
        );
    }
}

/// Every field-error code is listed once in the spec's `FieldErrorCode`, with whether the
/// schema states its rule, and problems refer to it.
#[test]
fn field_error_codes_are_a_closed_set_in_the_spec() {
    let spec = serde_json::to_value(loket::http::openapi()).unwrap();
    let schemas = &spec["components"]["schemas"];
    let listed: Vec<&str> = schemas["FieldErrorCode"]["oneOf"]
        .as_array()
        .unwrap()
        .iter()
        .map(|variant| {
            assert!(variant["x-schema-rule"].is_boolean(), "{variant}");
            assert!(variant["description"].is_string(), "{variant}");
            assert_eq!(variant["enum"].as_array().map(Vec::len), Some(1), "{variant}");
            variant["enum"][0].as_str().unwrap()
        })
        .collect();
    let code: Vec<&str> = loket::http::error::FIELD_ERROR_CODES
        .iter()
        .map(|(code, _, _)| *code)
        .collect();
    assert_eq!(listed, code);
    let mut unique = listed.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), listed.len(), "each code once");
    assert_eq!(
        schemas["FieldError"]["properties"]["code"]["$ref"],
        "#/components/schemas/FieldErrorCode"
    );
}

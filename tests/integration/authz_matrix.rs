//! The authorisation matrix: every operation of the served OpenAPI document, called by every
//! kind of caller, against the resources of an organisation the customers do not belong to.
//!
//! Nothing here lists endpoints: a new operation is in the matrix as soon as it is in the spec.
//! What each cell must answer comes from the operation's declared security, whose scopes are
//! the roles allowed to call it (no scopes: any logged-in user; an empty requirement: anonymous
//! callers too). So the matrix also holds the declarations to the code: a handler whose
//! extractor lets a role through that the spec leaves out (or refuses one it names) fails here.

use chrono::Utc;
use loket::domain::account::Role;
use loket_tests::{on_both_databases, TestApp, JWT_SECRET};
use reqwest::{Method, StatusCode};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// Who makes the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Identity {
    Anonymous,
    /// A revoked API token or an expired access token: always 401 where a login is needed.
    Invalid,
    User(Role),
}

struct Caller {
    label: String,
    identity: Identity,
    token: Option<String>,
}

impl Caller {
    /// Customers and strangers must never see organisation B's data.
    fn is_outsider(&self) -> bool {
        !matches!(self.identity, Identity::User(role) if role.is_staff())
    }
}

/// What an operation's security declares.
#[derive(Debug)]
enum Access {
    /// No security requirement (or an empty list): the operation does not look at
    /// credentials (login, probes).
    Public,
    /// Any of these roles (all roles when `roles` is empty); anonymous callers too when
    /// `anonymous` is set.
    Roles { anonymous: bool, roles: Vec<String> },
}

fn access_of(operation: &Value) -> Access {
    // No requirement list, or an empty one: no login is needed.
    let Some(requirements) = operation
        .get("security")
        .and_then(Value::as_array)
        .filter(|requirements| !requirements.is_empty())
    else {
        return Access::Public;
    };
    let anonymous = requirements.iter().any(|r| r.as_object().is_some_and(Map::is_empty));
    let roles = requirements
        .iter()
        .filter_map(|r| r.get("bearer").and_then(Value::as_array))
        .flatten()
        .filter_map(|role| role.as_str().map(str::to_owned))
        .collect();
    Access::Roles { anonymous, roles }
}

/// Organisation B's resources and everything else a path, query or body may need.
struct Fixture {
    /// Values by the name a path segment, query parameter or body field gives them.
    values: BTreeMap<&'static str, String>,
    /// The values that belong to organisation B (or are staff-only, like an internal note):
    /// a request that names one is aimed at B.
    organization_b: Vec<String>,
    /// Text that must never appear in a response to a customer or an anonymous caller.
    secrets: Vec<String>,
}

impl Fixture {
    fn value(&self, key: &str) -> Option<&String> {
        self.values.get(key)
    }

    fn is_organization_b(&self, value: &str) -> bool {
        self.organization_b.iter().any(|v| v == value)
    }
}

/// The fixture key of a path parameter: by the collection segment before it, because the
/// parameter names (`id`, `code`) say little on their own.
fn path_key(previous_segment: &str, parameter: &str, path: &str) -> &'static str {
    match (previous_segment, parameter) {
        ("agents", _) => "agent",
        ("appointments", _) => "appointment",
        ("coverage", _) => "coverage_code",
        ("contracts", _) => "contract",
        ("articles", _) => "article_draft",
        ("comments", _) if path.contains("/kb/") => "article_comment",
        (_, "comment_id") => "internal_note",
        ("tokens", _) => "token_of_b",
        ("views", _) => "view_of_b",
        ("organizations", _) => "organization",
        ("rules", _) => "triage_rule",
        ("schedules", _) => "schedule",
        ("closures", _) => "closure",
        ("tickets", _) => "ticket",
        ("attachments", _) => "attachment",
        ("interventions", _) => "intervention",
        ("users", _) => "user_of_b",
        ("webhooks", _) => "webhook",
        ("deliveries", _) => "delivery",
        _ => "unknown",
    }
}

/// A concrete request for one operation: the path with parameters filled, the required query
/// parameters, a minimal body, and whether any of it names organisation B.
struct Request {
    method: Method,
    url_path: String,
    body: Option<Body>,
    aims_at_b: bool,
}

enum Body {
    Json(Value),
    Multipart,
}

fn fill_path(template: &str, fixture: &Fixture, aims_at_b: &mut bool) -> String {
    let mut previous = "";
    let mut filled = Vec::new();
    for segment in template.split('/') {
        let mut out = segment.to_owned();
        while let (Some(open), Some(close)) = (out.find('{'), out.find('}')) {
            let parameter = out[open + 1..close].to_owned();
            let key = path_key(previous, &parameter, template);
            let value = fixture.value(key).cloned().unwrap_or_else(|| "matrix".to_owned());
            *aims_at_b |= fixture.is_organization_b(&value);
            out.replace_range(open..=close, &value);
        }
        filled.push(out);
        previous = segment;
    }
    filled.join("/")
}

fn resolve<'a>(spec: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(reference) => {
            let name = reference.rsplit('/').next().unwrap_or_default();
            resolve(spec, &spec["components"]["schemas"][name])
        }
        None => schema,
    }
}

/// The smallest value the schema allows, preferring the fixture's value for a known name.
fn minimal_value(spec: &Value, name: &str, schema: &Value, fixture: &Fixture, aims_at_b: &mut bool) -> Value {
    let schema = resolve(spec, schema);
    let known = match name {
        "ticket" => fixture.value("ticket"),
        "organization" | "organization_id" => fixture.value("organization"),
        "agent_id" | "assignee_id" => fixture.value("agent"),
        "requester_id" | "user_id" => fixture.value("user_of_b"),
        "appointment_id" => fixture.value("appointment"),
        _ => None,
    };
    if let Some(value) = known {
        *aims_at_b |= fixture.is_organization_b(value);
        return json!(value);
    }
    for alternatives in ["oneOf", "anyOf", "allOf"] {
        if let Some(first) = schema[alternatives]
            .as_array()
            .and_then(|a| a.iter().find(|s| resolve(spec, s)["type"] != "null"))
        {
            return minimal_value(spec, name, first, fixture, aims_at_b);
        }
    }
    if let Some(first) = schema["enum"].as_array().and_then(|e| e.first()) {
        return first.clone();
    }
    let kind = match &schema["type"] {
        Value::Array(kinds) => kinds
            .iter()
            .filter_map(Value::as_str)
            .find(|k| *k != "null")
            .unwrap_or("null"),
        other => other.as_str().unwrap_or(if schema.get("properties").is_some() {
            "object"
        } else {
            "string"
        }),
    };
    match kind {
        "object" => {
            let mut object = Map::new();
            for field in schema["required"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
            {
                let field_schema = &schema["properties"][field];
                object.insert(
                    field.to_owned(),
                    minimal_value(spec, field, field_schema, fixture, aims_at_b),
                );
            }
            Value::Object(object)
        }
        "array" => {
            let items = schema["minItems"].as_u64().unwrap_or(0);
            Value::Array(
                (0..items)
                    .map(|_| minimal_value(spec, name, &schema["items"], fixture, aims_at_b))
                    .collect(),
            )
        }
        "integer" | "number" => json!(schema["minimum"].as_f64().map_or(1, |m| m.max(1.0) as i64)),
        "boolean" => json!(false),
        "null" => Value::Null,
        _ => match schema["format"].as_str() {
            Some("date") => json!(Utc::now().date_naive().to_string()),
            Some("date-time") => json!("2027-03-02T10:00:00+01:00"),
            Some("uuid") => json!(uuid::Uuid::nil()),
            Some("uri") => json!("https://example.test/hook"),
            Some("email") => json!("matrix@example.test"),
            _ => {
                let length = schema["minLength"].as_u64().unwrap_or(1).max(6) as usize;
                json!("matrix".repeat(length.div_ceil(6))[..length])
            }
        },
    }
}

/// The reports take an optional `organization_id`: the matrix asks for organisation B's
/// figures, which only staff may see (a customer admin's own figures are tested in
/// `reports.rs`).
fn aims_reports_at_b(path: &str, parameter: &Value) -> bool {
    path.starts_with("/api/v1/reports/") && parameter["name"] == "organization_id"
}

fn request_for(spec: &Value, path: &str, method: &str, operation: &Value, fixture: &Fixture) -> Request {
    let mut aims_at_b = false;
    let mut url_path = fill_path(path, fixture, &mut aims_at_b);
    let query: Vec<String> = operation["parameters"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|p| p["in"] == "query" && (p["required"] == true || aims_reports_at_b(path, p)))
        .map(|p| {
            let name = p["name"].as_str().unwrap_or_default();
            let value = match minimal_value(spec, name, &p["schema"], fixture, &mut aims_at_b) {
                Value::String(text) => text,
                other => other.to_string(),
            };
            format!("{name}={value}")
        })
        .collect();
    if !query.is_empty() {
        url_path = format!("{url_path}?{}", query.join("&"));
    }
    let content = &operation["requestBody"]["content"];
    let body = if content.get("multipart/form-data").is_some() {
        Some(Body::Multipart)
    } else {
        content
            .get("application/json")
            .map(|media| Body::Json(minimal_value(spec, "", &media["schema"], fixture, &mut aims_at_b)))
    };
    Request {
        method: method.to_uppercase().parse().expect("HTTP method"),
        url_path,
        body,
        aims_at_b,
    }
}

/// Sends the request; returns the status and the body as text without the `instance` member
/// of a problem (it repeats the caller's own path).
async fn send(app: &TestApp, request: &Request, caller: &Caller) -> (StatusCode, String) {
    let mut builder = app.client.request(request.method.clone(), app.url(&request.url_path));
    if let Some(token) = &caller.token {
        builder = builder.bearer_auth(token);
    }
    builder = match &request.body {
        Some(Body::Json(body)) => builder.json(body),
        Some(Body::Multipart) => builder.multipart(
            reqwest::multipart::Form::new().part(
                "file",
                reqwest::multipart::Part::bytes(b"matrix".to_vec())
                    .file_name("matrix.txt")
                    .mime_str("text/plain")
                    .expect("mime"),
            ),
        ),
        None => builder,
    };
    let response = builder.send().await.expect("request reaches the server");
    let status = response.status();
    // An event stream never ends by itself: its status and headers are the answer.
    if status.is_success()
        && response
            .headers()
            .get("content-type")
            .is_some_and(|t| t == "text/event-stream")
    {
        return (status, String::new());
    }
    let text = response.text().await.expect("body");
    let text = match serde_json::from_str::<Value>(&text) {
        Ok(Value::Object(mut problem)) if status.is_client_error() || status.is_server_error() => {
            problem.remove("instance");
            Value::Object(problem).to_string()
        }
        _ => text,
    };
    (status, text)
}

/// What is wrong with this answer, if anything.
fn verdict(
    access: &Access,
    caller: &Caller,
    request: &Request,
    status: StatusCode,
    body: &str,
    fixture: &Fixture,
) -> Option<String> {
    if status.is_server_error() {
        return Some(format!("{status}: {body}"));
    }
    if caller.is_outsider() {
        if let Some(secret) = fixture.secrets.iter().find(|s| body.contains(s.as_str())) {
            return Some(format!("{status} shows organisation B's `{secret}`: {body}"));
        }
    }
    let Access::Roles { anonymous, roles } = access else {
        return None;
    };
    let allowed = |role: Role| roles.is_empty() || roles.iter().any(|r| r == role.as_str());
    let expected = match caller.identity {
        Identity::Invalid => Some(StatusCode::UNAUTHORIZED),
        Identity::Anonymous if !anonymous => Some(StatusCode::UNAUTHORIZED),
        Identity::User(role) if !allowed(role) => Some(StatusCode::FORBIDDEN),
        _ => None,
    };
    match expected {
        Some(expected) if status != expected => Some(format!("{status} where {expected} is due: {body}")),
        Some(_) => None,
        // Another organisation's resource is answered as if it did not exist (or refused): a
        // 409 or 422 would already tell the caller something about it.
        None if caller.is_outsider() && request.aims_at_b => (status != StatusCode::NOT_FOUND
            && status != StatusCode::FORBIDDEN)
            .then(|| format!("{status} on organisation B's resource where 404 or 403 is due: {body}")),
        None => (status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN)
            .then(|| format!("{status} for a caller the spec allows: {body}")),
    }
}

/// POSTs `body` as setup, which must succeed; returns what the server answered.
async fn create(app: &TestApp, token: &str, path: &str, body: Value) -> Value {
    let (status, created) = app.post(path, token, body).await;
    assert!(status.is_success(), "setup {path}: {status} {created}");
    created
}

fn id_in(value: &Value) -> String {
    value["id"]
        .as_str()
        .or_else(|| value.as_object()?.values().find_map(|v| v["id"].as_str()))
        .unwrap_or_else(|| panic!("no id in {value}"))
        .to_owned()
}

fn first_id(list: &Value, field: &str) -> Option<String> {
    let items = list.get("items").unwrap_or(list);
    items.as_array()?.first()?[field].as_str().map(str::to_owned)
}

async fn organization_b(app: &TestApp, admin: &str, agent: &loket_tests::TestUser) -> Fixture {
    let b = app.organization("Verborgen Bakkerij B").await;
    let customer_b = app.user(Role::Customer, Some(&b)).await;
    let webhook = create(
        app,
        admin,
        "/api/v1/webhooks",
        json!({"url": "http://127.0.0.1:9/hook", "event_types": ["ticket.created"]}),
    )
    .await;
    let webhook = id_in(&webhook);
    let ticket = create(
        app,
        &customer_b.token,
        "/api/v1/tickets",
        json!({"subject": "Geheim onderwerp van B", "description": "Alleen voor B"}),
    )
    .await;
    let reference = ticket["ticket"]["reference"].as_str().expect("reference").to_owned();
    let ticket_path = format!("/api/v1/tickets/{reference}");
    create(
        app,
        &customer_b.token,
        &format!("{ticket_path}/comments"),
        json!({"body": "Publieke vraag van B"}),
    )
    .await;
    create(
        app,
        &agent.token,
        &format!("{ticket_path}/comments"),
        json!({"body": "Interne notitie over B", "internal": true}),
    )
    .await;
    let (_, comments) = app.get(&format!("{ticket_path}/comments"), &agent.token).await;
    let comments = comments.as_array().expect("comments");
    let comment_id = |internal: bool| {
        comments
            .iter()
            .find(|c| c["internal"] == internal)
            .map(|c| c["id"].as_str().expect("id").to_owned())
            .expect("comment")
    };
    let (public_comment, internal_note) = (comment_id(false), comment_id(true));
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(b"factuur van B".to_vec())
            .file_name("geheim-van-b.txt")
            .mime_str("text/plain")
            .expect("mime"),
    );
    let response = app
        .client
        .post(app.url(&format!("{ticket_path}/comments/{public_comment}/attachments")))
        .bearer_auth(&customer_b.token)
        .multipart(form)
        .send()
        .await
        .expect("upload");
    let (status, uploaded) = loket_tests::read(response).await;
    assert_eq!(status, StatusCode::CREATED, "setup attachment: {uploaded}");
    let attachment = uploaded["attachments"][0]["id"]
        .as_str()
        .expect("attachment")
        .to_owned();
    let appointment = create(app, &agent.token, "/api/v1/appointments", json!({
        "ticket": reference, "agent_id": agent.id(), "starts_at": "2027-03-02T10:00:00+01:00", "minutes": 60, "mode": "remote"
    })).await;
    let appointment = id_in(&appointment);
    let contract = create(
        app,
        admin,
        "/api/v1/contracts",
        json!({"organization_id": b.id, "starts_on": "2026-01-01", "hourly_rate_cents": 9000}),
    )
    .await;
    let contract = id_in(&contract);
    let intervention = create(app, &agent.token, &format!("{ticket_path}/interventions"), json!({
        "performed_on": Utc::now().date_naive().to_string(), "minutes": 30, "subject": "user_question", "description": "Werk bij B"
    })).await;
    let intervention = id_in(&intervention);
    let draft = "ontwerp-van-b";
    create(
        app,
        &agent.token,
        "/api/v1/kb/articles",
        json!({
            "slug": draft, "status": "draft", "visibility": "customers",
            "translations": [{"language": "nl", "title": "Onaf ontwerp B", "body": "Nog niet klaar"}]
        }),
    )
    .await;
    create(
        app,
        &agent.token,
        "/api/v1/kb/articles",
        json!({
            "slug": "publiek-artikel", "status": "published", "visibility": "public", "comments_open": true,
            "translations": [{"language": "en", "title": "Public", "body": "Read me"}]
        }),
    )
    .await;
    let article_comment = create(
        app,
        &customer_b.token,
        "/api/v1/kb/articles/publiek-artikel/comments",
        json!({"body": "Handig"}),
    )
    .await;
    let article_comment = id_in(&article_comment);
    let token_of_b = create(
        app,
        &customer_b.token,
        "/api/v1/me/tokens",
        json!({"name": "script van B"}),
    )
    .await;
    let token_of_b = token_of_b["token"]["id"].as_str().expect("token id").to_owned();
    let view_of_b = create(
        app,
        &customer_b.token,
        "/api/v1/me/views",
        json!({"name": "Weergave van B", "filters": {"status": "new"}}),
    )
    .await;
    let view_of_b = id_in(&view_of_b);
    let closure = create(
        app,
        admin,
        "/api/v1/schedules/interventions/closures",
        json!({"first_day": "2027-11-12", "reason": "Brugdag"}),
    )
    .await;
    let closure = id_in(&closure);
    let (_, deliveries) = app.get(&format!("/api/v1/webhooks/{webhook}/deliveries"), admin).await;
    let (_, rules) = app.get("/api/v1/triage/rules", admin).await;
    let (_, coverage) = app.get("/api/v1/billing/coverage", admin).await;
    let unknown = uuid::Uuid::new_v4().to_string();

    let organization_b = vec![
        b.id.to_string(),
        customer_b.id().to_string(),
        reference.clone(),
        internal_note.clone(),
        attachment.clone(),
        appointment.clone(),
        contract.clone(),
        intervention.clone(),
        draft.to_owned(),
        token_of_b.clone(),
        view_of_b.clone(),
    ];
    let mut secrets = organization_b.clone();
    secrets.extend(
        [
            b.name.as_str(),
            &customer_b.user.email,
            "Geheim onderwerp van B",
            "Interne notitie over B",
            "geheim-van-b.txt",
            "Onaf ontwerp B",
            "Weergave van B",
        ]
        .map(str::to_owned),
    );
    let values = BTreeMap::from([
        ("agent", agent.id().to_string()),
        ("appointment", appointment),
        (
            "coverage_code",
            first_id(&coverage, "code").unwrap_or_else(|| "matrix".into()),
        ),
        ("contract", contract),
        ("article_draft", draft.to_owned()),
        ("article_comment", article_comment),
        ("internal_note", internal_note),
        ("token_of_b", token_of_b),
        ("view_of_b", view_of_b),
        ("organization", b.id.to_string()),
        ("triage_rule", first_id(&rules, "id").unwrap_or_else(|| unknown.clone())),
        ("schedule", "interventions".to_owned()),
        ("closure", closure),
        ("ticket", reference),
        ("attachment", attachment),
        ("intervention", intervention),
        ("user_of_b", customer_b.id().to_string()),
        ("webhook", webhook),
        ("delivery", first_id(&deliveries, "id").unwrap_or(unknown)),
    ]);
    Fixture {
        values,
        organization_b,
        secrets,
    }
}

/// Organisation A's customer and customer admin, staff, a personal API token of each, and
/// tokens that must not work.
async fn callers(app: &TestApp, agent: &loket_tests::TestUser, admin: &loket_tests::TestUser) -> Vec<Caller> {
    let a = app.organization("Organisatie A").await;
    let customer = app.user(Role::Customer, Some(&a)).await;
    let customer_admin = app.user(Role::CustomerAdmin, Some(&a)).await;
    let mut callers = vec![Caller {
        label: "anonymous".into(),
        identity: Identity::Anonymous,
        token: None,
    }];
    for user in [&customer, &customer_admin, agent, admin] {
        let role = user.user.role;
        let created = create(app, &user.token, "/api/v1/me/tokens", json!({"name": "matrix"})).await;
        let api_token = created["secret"].as_str().expect("secret").to_owned();
        callers.push(Caller {
            label: role.to_string(),
            identity: Identity::User(role),
            token: Some(user.token.clone()),
        });
        callers.push(Caller {
            label: format!("{role} API token"),
            identity: Identity::User(role),
            token: Some(api_token),
        });
    }
    let revoked = create(app, &customer.token, "/api/v1/me/tokens", json!({"name": "revoked"})).await;
    let (status, _) = app
        .delete(
            &format!("/api/v1/me/tokens/{}", revoked["token"]["id"].as_str().expect("id")),
            &customer.token,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    callers.push(Caller {
        label: "revoked API token".into(),
        identity: Identity::Invalid,
        token: revoked["secret"].as_str().map(str::to_owned),
    });
    let now = Utc::now().timestamp();
    let expired = jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        &json!({"sub": admin.id(), "iat": now - 3600, "exp": now - 600, "typ": "access"}),
        &jsonwebtoken::EncodingKey::from_secret(JWT_SECRET.as_bytes()),
    )
    .expect("forge");
    callers.push(Caller {
        label: "expired admin access token".into(),
        identity: Identity::Invalid,
        token: Some(expired),
    });
    // Outsiders first: each operation meets its unauthorised callers while B's resources exist.
    callers.sort_by_key(|c| !c.is_outsider());
    callers
}

on_both_databases! {
    async fn no_caller_reaches_what_the_spec_does_not_grant_nor_sees_another_organisation(app) {
        let admin = app.user(Role::Admin, None).await;
        let agent = app.user(Role::Agent, None).await;
        let fixture = organization_b(&app, &admin.token, &agent).await;
        let callers = callers(&app, &agent, &admin).await;
        let spec: Value = app.client.get(app.url("/api/openapi.json")).send().await.unwrap().json().await.unwrap();

        let mut operations: Vec<(&str, &str, &Value)> = spec["paths"]
            .as_object()
            .expect("paths")
            .iter()
            .flat_map(|(path, item)| item.as_object().expect("path item").iter().map(move |(method, op)| (path.as_str(), method.as_str(), op)))
            .collect();
        // Deletions last, the most specific first, so they do not hide what other cells look at.
        operations.sort_by_key(|(path, method, _)| (*method == "delete", std::cmp::Reverse(path.len())));

        let mut failures = Vec::new();
        let (mut cells, mut granted, mut aimed_at_b) = (0, 0, 0);
        for (path, method, operation) in &operations {
            let access = access_of(operation);
            let request = request_for(&spec, path, method, operation, &fixture);
            for caller in &callers {
                let (status, body) = send(&app, &request, caller).await;
                cells += 1;
                granted += usize::from(status.is_success());
                aimed_at_b += usize::from(caller.is_outsider() && request.aims_at_b);
                if let Some(failure) = verdict(&access, caller, &request, status, &body, &fixture) {
                    let body: String = failure.chars().take(300).collect();
                    failures.push(format!("{} {} as {}: {body}", method.to_uppercase(), request.url_path, caller.label));
                }
            }
        }
        assert!(operations.len() > 80, "the spec lists every operation: {}", operations.len());
        // The matrix means something only if the fixture lets requests through and aims at B.
        assert!(granted > 150 && aimed_at_b > 200, "{cells} cells: {granted} granted, {aimed_at_b} aimed at B");
        assert!(failures.is_empty(), "{} of {cells} cells fail:\n{}", failures.len(), failures.join("\n"));
    }
}

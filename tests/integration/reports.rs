//! The reports API over HTTP: exact figures of known tickets and interventions (JSON and CSV),
//! who sees which organisation's figures, and bad periods.
//!
//! The tickets are filed over HTTP, then their times, statuses and channels are set in the
//! database to known instants around the end of summer time (25 October 2026) and the
//! period's edges: the period is 26 October to 8 November 2026, two ISO weeks (W44, W45) in
//! two months.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use loket::domain::account::Role;
use loket::store::schema::tickets;
use loket_tests::{on_both_databases, TestApp, TestUser};
use reqwest::StatusCode;
use serde_json::{json, Value};

const PERIOD: &str = "from=2026-10-26&to=2026-11-08";

/// A Brussels wall-clock time in winter (UTC+1), as the naive UTC the database keeps.
fn winter(day: (i32, u32, u32), hour: u32, minute: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(day.0, day.1, day.2)
        .unwrap()
        .and_hms_opt(hour, minute, 0)
        .unwrap()
        - chrono::Duration::hours(1)
}

/// What a ticket is set to after filing.
struct Shape {
    created: NaiveDateTime,
    first_response: Option<NaiveDateTime>,
    first_response_due: NaiveDateTime,
    resolved: Option<NaiveDateTime>,
    resolution_due: NaiveDateTime,
    paused_since: Option<NaiveDateTime>,
    status: &'static str,
    kind: &'static str,
    channel: &'static str,
    priority: &'static str,
}

async fn file(app: &TestApp, customer: &TestUser) -> String {
    let (status, body) = app
        .post(
            "/api/v1/tickets",
            &customer.token,
            json!({"subject": "Rapportvraag", "description": "Graag hulp hierbij."}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["ticket"]["reference"].as_str().unwrap().to_owned()
}

async fn shape(app: &TestApp, reference: &str, s: Shape) {
    let reference = reference.to_owned();
    let rank = match s.priority {
        "critical" => 0,
        "high" => 1,
        "medium" => 2,
        _ => 3,
    };
    app.store
        .run(move |conn| {
            diesel::update(tickets::table.filter(tickets::reference.eq(reference)))
                .set((
                    tickets::created_at.eq(s.created),
                    tickets::first_response_at.eq(s.first_response),
                    tickets::first_response_due_at.eq(s.first_response_due),
                    tickets::resolved_at.eq(s.resolved),
                    tickets::resolution_due_at.eq(s.resolution_due),
                    tickets::sla_paused_since.eq(s.paused_since),
                    tickets::status.eq(s.status),
                    tickets::kind.eq(s.kind),
                    tickets::channel.eq(s.channel),
                    tickets::priority.eq(s.priority),
                    tickets::priority_rank.eq(rank),
                ))
                .execute(conn)
                .map_err(loket::store::StoreError::from)
        })
        .await
        .unwrap();
}

async fn record(app: &TestApp, agent: &TestUser, reference: &str, day: &str, minutes: u32, subject: &str) {
    let (status, body) = app
        .post(
            &format!("/api/v1/tickets/{reference}/interventions"),
            &agent.token,
            json!({"performed_on": day, "minutes": minutes, "subject": subject, "description": "Werk"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
}

struct Desk {
    staff: TestUser,
    a_admin: TestUser,
    a_customer: TestUser,
    a: uuid::Uuid,
    b: uuid::Uuid,
}

/// Organisation A (with a contract for 2026) and B (without), seven tickets and five
/// interventions; see the module comment and each ticket's note for the figures.
async fn desk(app: &TestApp) -> Desk {
    let admin = app.user(Role::Admin, None).await;
    let agent = app.user(Role::Agent, None).await;
    let a = app.organization("Apotheek Alfa").await;
    let b = app.organization("Bakkerij Beta").await;
    let (status, body) = app
        .post(
            "/api/v1/contracts",
            &admin.token,
            json!({"organization_id": a.id, "starts_on": "2026-01-01", "ends_on": "2026-12-31",
                   "hourly_rate_cents": 8000, "notes": "Jaarcontract"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let a_customer = app.user(Role::Customer, Some(&a)).await;
    let a_admin = app.user(Role::CustomerAdmin, Some(&a)).await;
    let b_customer = app.user(Role::Customer, Some(&b)).await;
    let mut refs = Vec::new();
    for customer in [
        &a_customer,
        &a_customer,
        &b_customer,
        &a_customer,
        &a_customer,
        &a_customer,
        &b_customer,
    ] {
        refs.push(file(app, customer).await);
    }
    // Interventions, recorded while the tickets are open.
    record(app, &agent, &refs[0], "2026-10-27", 20, "bug_report").await; // A: included 20
    record(app, &agent, &refs[0], "2026-10-28", 20, "database_script").await; // A: 30 billed, 4000
    record(app, &agent, &refs[1], "2026-11-03", 45, "user_question").await; // A: included 45
    record(app, &agent, &refs[2], "2026-11-05", 20, "bug_report").await; // B: 30 billed, 4750
    record(app, &agent, &refs[1], "2026-11-09", 20, "bug_report").await; // after the period

    let far = winter((2030, 1, 1), 9, 0);
    // T1 (A), Monday 26 Oct 10:00; answered 10:30 (30 business minutes), in time; resolved in time.
    shape(
        app,
        &refs[0],
        Shape {
            created: winter((2026, 10, 26), 10, 0),
            first_response: Some(winter((2026, 10, 26), 10, 30)),
            first_response_due: winter((2026, 10, 26), 12, 0),
            resolved: Some(winter((2026, 10, 27), 10, 0)),
            resolution_due: winter((2026, 10, 28), 10, 0),
            paused_since: None,
            status: "resolved",
            kind: "support",
            channel: "portal",
            priority: "medium",
        },
    )
    .await;
    // T2 (A), Friday 30 Oct 15:00; answered Monday 09:45 (30 + 45 = 75), late; unresolved, overdue.
    shape(
        app,
        &refs[1],
        Shape {
            created: winter((2026, 10, 30), 15, 0),
            first_response: Some(winter((2026, 11, 2), 9, 45)),
            first_response_due: winter((2026, 10, 30), 15, 20),
            resolved: None,
            resolution_due: winter((2026, 11, 3), 10, 0),
            paused_since: None,
            status: "open",
            kind: "issue",
            channel: "email",
            priority: "high",
        },
    )
    .await;
    // T3 (B), Wednesday 4 Nov 11:00; answered 14:00 (60 + 60 = 120), in time; resolved late.
    shape(
        app,
        &refs[2],
        Shape {
            created: winter((2026, 11, 4), 11, 0),
            first_response: Some(winter((2026, 11, 4), 14, 0)),
            first_response_due: winter((2026, 11, 4), 16, 0),
            resolved: Some(winter((2026, 11, 6), 10, 0)),
            resolution_due: winter((2026, 11, 5), 10, 0),
            paused_since: None,
            status: "closed",
            kind: "issue",
            channel: "phone",
            priority: "high",
        },
    )
    .await;
    // T4 (A), Saturday 7 Nov; never answered and overdue; resolution due in 2030.
    shape(
        app,
        &refs[3],
        Shape {
            created: winter((2026, 11, 7), 10, 0),
            first_response: None,
            first_response_due: winter((2026, 11, 9), 12, 0),
            resolved: None,
            resolution_due: far,
            paused_since: None,
            status: "new",
            kind: "change_request",
            channel: "email",
            priority: "low",
        },
    )
    .await;
    // T5 (A), Sunday 8 Nov 23:30 (the period's last half hour); answered Monday 09:10 (10), in
    // time; waiting on the customer since before its resolution was due: neither met nor missed.
    shape(
        app,
        &refs[4],
        Shape {
            created: winter((2026, 11, 8), 23, 30),
            first_response: Some(winter((2026, 11, 9), 9, 10)),
            first_response_due: winter((2026, 11, 9), 12, 0),
            resolved: None,
            resolution_due: winter((2026, 11, 12), 10, 0),
            paused_since: Some(winter((2026, 11, 10), 10, 0)),
            status: "pending_customer",
            kind: "support",
            channel: "portal",
            priority: "medium",
        },
    )
    .await;
    // T6 (A), Monday 9 Nov 00:10: after the period; open (in the backlog).
    shape(
        app,
        &refs[5],
        Shape {
            created: winter((2026, 11, 9), 0, 10),
            first_response: Some(winter((2026, 11, 9), 9, 0)),
            first_response_due: winter((2026, 11, 9), 12, 0),
            resolved: None,
            resolution_due: far,
            paused_since: None,
            status: "open",
            kind: "support",
            channel: "api",
            priority: "medium",
        },
    )
    .await;
    // T7 (B), Sunday 25 Oct 23:59, a minute before the period; open, critical.
    shape(
        app,
        &refs[6],
        Shape {
            created: winter((2026, 10, 25), 23, 59),
            first_response: None,
            first_response_due: far,
            resolved: None,
            resolution_due: far,
            paused_since: None,
            status: "open",
            kind: "issue",
            channel: "phone",
            priority: "critical",
        },
    )
    .await;
    Desk {
        staff: agent,
        a_admin,
        a_customer,
        a: a.id,
        b: b.id,
    }
}

async fn get(app: &TestApp, path: &str, token: &str) -> Value {
    let (status, body) = app.get(path, token).await;
    assert_eq!(status, StatusCode::OK, "{path}: {body}");
    body
}

async fn csv(app: &TestApp, path: &str, token: &str) -> String {
    let response = app
        .client
        .get(app.url(path))
        .header("Accept", "text/csv")
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    let content_type = response.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(content_type.starts_with("text/csv"), "{content_type}");
    assert!(response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment; filename=\"loket-"));
    response.text().await.unwrap()
}

/// The non-zero backlog cells as `kind/priority=n`.
fn cells(report: &Value) -> Vec<String> {
    assert_eq!(report["cells"].as_array().unwrap().len(), 12, "every kind × priority");
    report["cells"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["tickets"] != 0)
        .map(|c| {
            format!(
                "{}/{}={}",
                c["kind"].as_str().unwrap(),
                c["priority"].as_str().unwrap(),
                c["tickets"]
            )
        })
        .collect()
}

fn week(report: &Value, index: usize) -> [u64; 5] {
    let w = &report["weeks"][index];
    [
        "tickets",
        "first_response_met",
        "first_response_missed",
        "resolution_met",
        "resolution_missed",
    ]
    .map(|field| w[field].as_u64().unwrap_or_else(|| panic!("{field} in {w}")))
}

on_both_databases! {
    async fn every_report_gives_the_exact_figures_of_known_data_in_json_and_csv(app) {
        let desk = desk(&app).await;
        let token = &desk.staff.token;

        let backlog = get(&app, "/api/v1/reports/backlog", token).await;
        assert_eq!(cells(&backlog), ["support/medium=2", "issue/critical=1", "issue/high=1", "change_request/low=1"]);
        assert_eq!(backlog["total"], 5);
        assert_eq!(backlog["organization_id"], Value::Null);
        let backlog_csv = csv(&app, "/api/v1/reports/backlog", token).await;
        assert!(backlog_csv.starts_with("kind,priority,tickets\nsupport,critical,0\nsupport,high,0\nsupport,medium,2\n"), "{backlog_csv}");
        assert_eq!(backlog_csv.lines().count(), 13);

        let sla = get(&app, &format!("/api/v1/reports/sla?{PERIOD}"), token).await;
        assert_eq!(sla["weeks"].as_array().unwrap().len(), 2, "{sla}");
        assert_eq!(sla["weeks"][0]["week"], "2026-W44");
        assert_eq!(sla["weeks"][0]["first_day"], "2026-10-26");
        assert_eq!(sla["weeks"][1]["week"], "2026-W45");
        assert_eq!(sla["weeks"][1]["last_day"], "2026-11-08");
        assert_eq!(week(&sla, 0), [2, 1, 1, 1, 1]);
        assert_eq!(week(&sla, 1), [3, 2, 1, 0, 1]);
        assert_eq!(sla["totals"], json!({"tickets": 5, "first_response_met": 3, "first_response_missed": 2, "resolution_met": 1, "resolution_missed": 2}));
        assert_eq!(
            csv(&app, &format!("/api/v1/reports/sla?{PERIOD}"), token).await,
            "week,first_day,last_day,tickets,first_response_met,first_response_missed,resolution_met,resolution_missed\n\
             2026-W44,2026-10-26,2026-11-01,2,1,1,1,1\n\
             2026-W45,2026-11-02,2026-11-08,3,2,1,0,1\n"
        );

        let tickets = get(&app, &format!("/api/v1/reports/tickets?{PERIOD}"), token).await;
        assert_eq!(tickets["months"].as_array().unwrap().len(), 2);
        assert_eq!(tickets["months"][0]["month"], "2026-10");
        assert_eq!(tickets["months"][0]["tickets"], 2);
        assert_eq!(tickets["months"][1]["by_kind"], json!([
            {"kind": "support", "tickets": 1}, {"kind": "issue", "tickets": 1}, {"kind": "change_request", "tickets": 1}
        ]));
        assert_eq!(
            csv(&app, &format!("/api/v1/reports/tickets?{PERIOD}&delimiter=semicolon"), token).await,
            "month;first_day;last_day;tickets;portal;email;phone;api;support;issue;change_request\n\
             2026-10;2026-10-26;2026-10-31;2;1;1;0;0;1;1;0\n\
             2026-11;2026-11-01;2026-11-08;3;1;1;1;0;1;1;1\n"
        );

        let first = get(&app, &format!("/api/v1/reports/first-response?{PERIOD}"), token).await;
        assert_eq!(first["months"][0]["answered"], 2, "{first}");
        assert_eq!(first["months"][0]["median_business_minutes"], 52.5, "30 and 75");
        assert_eq!(first["months"][1]["median_business_minutes"], 65.0, "120 and 10");
        assert_eq!(first["period"], json!({"answered": 4, "median_business_minutes": 52.5}));
        assert_eq!(
            csv(&app, &format!("/api/v1/reports/first-response?{PERIOD}"), token).await,
            "month,first_day,last_day,answered,median_business_minutes\n\
             2026-10,2026-10-26,2026-10-31,2,52.5\n\
             2026-11,2026-11-01,2026-11-08,2,65\n\
             period,2026-10-26,2026-11-08,4,52.5\n"
        );

        let billing = get(&app, &format!("/api/v1/reports/billing?{PERIOD}"), token).await;
        assert_eq!(billing["vat_rate_basis_points"], 2100);
        let months: Vec<(String, String, u64, u64, u64, u64, u64)> = billing["months"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| {
                let t = &m["totals"];
                (
                    m["month"].as_str().unwrap().to_owned(),
                    m["organization_name"].as_str().unwrap().to_owned(),
                    m["interventions"].as_u64().unwrap(),
                    t["included_minutes"].as_u64().unwrap(),
                    t["billable_minutes"].as_u64().unwrap(),
                    t["amount_excluding_vat_cents"].as_u64().unwrap(),
                    t["total_including_vat_cents"].as_u64().unwrap(),
                )
            })
            .collect();
        let row = |month: &str, org: &str, n, included, billable, amount, total| {
            (month.to_owned(), org.to_owned(), n, included, billable, amount, total)
        };
        assert_eq!(months, [
            row("2026-10", "Apotheek Alfa", 2, 20, 30, 4000, 4840),
            row("2026-11", "Apotheek Alfa", 1, 45, 0, 0, 0),
            row("2026-11", "Bakkerij Beta", 1, 0, 30, 4750, 5748),
        ]);
        assert_eq!(billing["organizations"][0]["organization_id"], json!(desk.a));
        assert_eq!(billing["organizations"][0]["totals"], json!({
            "included_minutes": 65, "billable_minutes": 30, "amount_excluding_vat_cents": 4000,
            "vat_rate_basis_points": 2100, "vat_cents": 840, "total_including_vat_cents": 4840
        }));
        assert_eq!(billing["organizations"][1]["totals"]["vat_cents"], 998, "21 % of 4750, half up");
        let a = desk.a;
        let b = desk.b;
        assert_eq!(
            csv(&app, &format!("/api/v1/reports/billing?{PERIOD}"), token).await,
            format!(
                "month,organization_id,organization,interventions,included_minutes,billable_minutes,amount_excluding_vat_cents,vat_cents,total_including_vat_cents\n\
                 2026-10,{a},Apotheek Alfa,2,20,30,4000,840,4840\n\
                 2026-11,{a},Apotheek Alfa,1,45,0,0,0,0\n\
                 2026-11,{b},Bakkerij Beta,1,0,30,4750,998,5748\n"
            )
        );
    }

    async fn a_customer_admin_gets_their_own_organisations_figures_and_nothing_else(app) {
        let desk = desk(&app).await;
        let a = desk.a;
        let b = desk.b;
        // The customer admin's figures equal staff's for organisation A.
        for report in ["sla", "tickets", "first-response", "billing"] {
            let own = get(&app, &format!("/api/v1/reports/{report}?{PERIOD}"), &desk.a_admin.token).await;
            let filtered = get(&app, &format!("/api/v1/reports/{report}?{PERIOD}&organization_id={a}"), &desk.staff.token).await;
            assert_eq!(own, filtered, "{report}");
            assert_eq!(own["organization_id"], json!(a), "{report}");
            let explicit = get(&app, &format!("/api/v1/reports/{report}?{PERIOD}&organization_id={a}"), &desk.a_admin.token).await;
            assert_eq!(own, explicit, "{report}");
            let (status, body) = app.get(&format!("/api/v1/reports/{report}?{PERIOD}&organization_id={b}"), &desk.a_admin.token).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{report}: {body}");
            assert!(!body.to_string().contains("Bakkerij"), "{body}");
            let (status, _) = app.get(&format!("/api/v1/reports/{report}?{PERIOD}"), &desk.a_customer.token).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{report}");
        }
        let sla = get(&app, &format!("/api/v1/reports/sla?{PERIOD}"), &desk.a_admin.token).await;
        assert_eq!(week(&sla, 0), [2, 1, 1, 1, 1]);
        assert_eq!(week(&sla, 1), [2, 1, 1, 0, 0], "T3 is B's");
        let first = get(&app, &format!("/api/v1/reports/first-response?{PERIOD}"), &desk.a_admin.token).await;
        assert_eq!(first["months"][1], json!({"month": "2026-11", "first_day": "2026-11-01", "last_day": "2026-11-08", "answered": 1, "median_business_minutes": 10.0}));
        assert_eq!(first["period"], json!({"answered": 3, "median_business_minutes": 30.0}));
        let billing = get(&app, &format!("/api/v1/reports/billing?{PERIOD}"), &desk.a_admin.token).await;
        assert_eq!(billing["months"].as_array().unwrap().len(), 2);
        assert_eq!(billing["organizations"].as_array().unwrap().len(), 1);
        assert!(!billing.to_string().contains("Bakkerij"), "{billing}");

        let backlog = get(&app, "/api/v1/reports/backlog", &desk.a_admin.token).await;
        assert_eq!(cells(&backlog), ["support/medium=2", "issue/high=1", "change_request/low=1"]);
        let (status, _) = app.get(&format!("/api/v1/reports/backlog?organization_id={b}"), &desk.a_admin.token).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = app.get("/api/v1/reports/backlog", &desk.a_customer.token).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let of_b = get(&app, &format!("/api/v1/reports/backlog?organization_id={b}"), &desk.staff.token).await;
        assert_eq!(cells(&of_b), ["issue/critical=1"]);
        // CSV is scoped the same way.
        let own_csv = csv(&app, &format!("/api/v1/reports/billing?{PERIOD}"), &desk.a_admin.token).await;
        assert!(!own_csv.contains("Bakkerij"), "{own_csv}");
        assert_eq!(own_csv.lines().count(), 3);
    }

    async fn bad_periods_and_organisations_are_refused_naming_the_parameter(app) {
        let desk = desk(&app).await;
        let token = &desk.staff.token;
        let cases = [
            ("to=2026-11-08", StatusCode::UNPROCESSABLE_ENTITY, "from", "required"),
            ("from=2026-11-08", StatusCode::UNPROCESSABLE_ENTITY, "to", "required"),
            ("from=2026-13-01&to=2026-12-31", StatusCode::UNPROCESSABLE_ENTITY, "from", "invalid"),
            ("from=2026-11-08&to=2026-11-07", StatusCode::UNPROCESSABLE_ENTITY, "to", "before_from"),
            ("from=2026-01-01&to=2027-01-02", StatusCode::UNPROCESSABLE_ENTITY, "to", "too_long"),
            ("from=2026-01-01&to=2026-01-31&organization_id=nope", StatusCode::UNPROCESSABLE_ENTITY, "organization_id", "invalid"),
        ];
        for report in ["sla", "tickets", "first-response", "billing"] {
            for (query, expected, field, code) in cases {
                let (status, body) = app.get(&format!("/api/v1/reports/{report}?{query}"), token).await;
                assert_eq!(status, expected, "{report}?{query}: {body}");
                assert_eq!(body["errors"][0]["field"], field, "{report}?{query}: {body}");
                assert_eq!(body["errors"][0]["code"], code, "{report}?{query}: {body}");
            }
            // A whole leap year is allowed; an unknown organisation is not found.
            let (status, body) = app.get(&format!("/api/v1/reports/{report}?from=2028-01-01&to=2028-12-31"), token).await;
            assert_eq!(status, StatusCode::OK, "{report}: {body}");
            let (status, _) = app.get(&format!("/api/v1/reports/{report}?{PERIOD}&organization_id={}", uuid::Uuid::new_v4()), token).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{report}");
        }
        let (status, body) = app.get("/api/v1/reports/backlog?organization_id=nope", token).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(body["errors"][0]["field"], "organization_id");
        let (status, _) = app.get(&format!("/api/v1/reports/sla?{PERIOD}&delimiter=tab"), token).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let (status, _) = app.get(&format!("/api/v1/reports/sla?{PERIOD}"), "not-a-token").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
}

/// The backlog cells of one organisation (or all, `None`), sorted, as staff sees them.
async fn backlog_of(app: &TestApp, token: &str, organization: Option<uuid::Uuid>) -> Vec<String> {
    let path = match organization {
        Some(org) => format!("/api/v1/reports/backlog?organization_id={org}"),
        None => "/api/v1/reports/backlog".to_owned(),
    };
    let mut cells = cells(&get(app, &path, token).await);
    cells.sort();
    cells
}

on_both_databases! {
    // The backlog is counted from the open tickets' own index (tickets_open_backlog): a ticket
    // leaves it when resolved, comes back when the customer's reply reopens it, and moves cell
    // when it is reclassified or its priority changes.
    async fn the_backlog_follows_status_kind_and_priority_changes_made_through_the_api(app) {
        let agent = app.user(Role::Agent, None).await;
        let gamma = app.organization("Gamma Backlog").await;
        let delta = app.organization("Delta Backlog").await;
        let customer = app.user(Role::Customer, Some(&gamma)).await;
        let other = app.user(Role::Customer, Some(&delta)).await;
        let first = file(&app, &customer).await;
        let second = file(&app, &customer).await;
        file(&app, &other).await;
        let (_, filed) = app.get(&format!("/api/v1/tickets/{first}"), &agent.token).await;
        let filed = format!("{}/{}", filed["kind"].as_str().unwrap(), filed["priority"].as_str().unwrap());
        assert_eq!(backlog_of(&app, &agent.token, Some(gamma.id)).await, [format!("{filed}=2")]);
        assert_eq!(backlog_of(&app, &agent.token, Some(delta.id)).await, [format!("{filed}=1")]);
        assert_eq!(backlog_of(&app, &agent.token, None).await, [format!("{filed}=3")]);

        let (status, body) = app
            .patch(&format!("/api/v1/tickets/{first}"), &agent.token, json!({"kind": "change_request", "priority": "high"}))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let moved = {
            let mut cells = vec![format!("{filed}=1"), "change_request/high=1".to_owned()];
            cells.sort();
            cells
        };
        assert_eq!(backlog_of(&app, &agent.token, Some(gamma.id)).await, moved);

        let path = format!("/api/v1/tickets/{second}");
        let (_, replied) = app.post(&format!("{path}/comments"), &agent.token, json!({"body": "Bekeken."})).await;
        assert_eq!(replied["status"], "open");
        let (status, body) = app.patch(&path, &agent.token, json!({"status": "resolved"})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(backlog_of(&app, &agent.token, Some(gamma.id)).await, ["change_request/high=1"]);
        let (_, reopened) = app.post(&format!("{path}/comments"), &customer.token, json!({"body": "Nog altijd stuk."})).await;
        assert_eq!(reopened["status"], "open", "a customer reply reopens a resolved ticket");
        assert_eq!(backlog_of(&app, &agent.token, Some(gamma.id)).await, moved);

        app.patch(&path, &agent.token, json!({"status": "resolved"})).await;
        let (status, body) = app.patch(&path, &agent.token, json!({"status": "closed"})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(backlog_of(&app, &agent.token, Some(gamma.id)).await, ["change_request/high=1"]);
        assert_eq!(backlog_of(&app, &agent.token, Some(delta.id)).await, [format!("{filed}=1")]);
        let all = get(&app, "/api/v1/reports/backlog", &agent.token).await;
        assert_eq!(all["total"], 2, "{all}");
    }
}

on_both_databases! {
    async fn the_demo_data_gives_every_report_figures_this_month(app) {
        let demo = crate::contracts::seed_demo(&app).await;
        // The demo's tickets and interventions are dated today: this month in Belgium.
        let today = loket::store::today();
        let first = chrono::Datelike::with_day(&today, 1).unwrap();
        let month = format!("from={first}&to={today}");
        let backlog = get(&app, "/api/v1/reports/backlog", &demo.admin).await;
        assert!(backlog["total"].as_u64().unwrap() > 0, "{backlog}");
        let sla = get(&app, &format!("/api/v1/reports/sla?{month}"), &demo.admin).await;
        assert!(sla["totals"]["tickets"].as_u64().unwrap() > 0, "{sla}");
        assert!(sla["totals"]["first_response_met"].as_u64().unwrap() > 0, "{sla}");
        assert!(sla["totals"]["resolution_met"].as_u64().unwrap() > 0, "{sla}");
        let tickets = get(&app, &format!("/api/v1/reports/tickets?{month}"), &demo.admin).await;
        let by_channel: Vec<u64> = tickets["months"][0]["by_channel"].as_array().unwrap().iter().map(|c| c["tickets"].as_u64().unwrap()).collect();
        assert!(by_channel.iter().filter(|n| **n > 0).count() >= 3, "portal, e-mail and phone: {tickets}");
        let first_response = get(&app, &format!("/api/v1/reports/first-response?{month}"), &demo.admin).await;
        assert!(first_response["period"]["answered"].as_u64().unwrap() > 0, "{first_response}");
        assert!(first_response["period"]["median_business_minutes"].is_number(), "{first_response}");
        let billing = get(&app, &format!("/api/v1/reports/billing?{month}"), &demo.admin).await;
        let organizations = billing["organizations"].as_array().unwrap();
        assert_eq!(organizations.len(), 2, "both demo customers have work: {billing}");
        assert!(organizations.iter().any(|o| o["totals"]["included_minutes"].as_u64().unwrap() > 0), "{billing}");
        assert!(organizations.iter().all(|o| o["totals"]["amount_excluding_vat_cents"].as_u64().unwrap() > 0), "{billing}");
        // The customer admin of Bakkerij Peeters sees their own part only.
        let own = get(&app, &format!("/api/v1/reports/billing?{month}"), &demo.peeters_admin).await;
        assert_eq!(own["organizations"].as_array().unwrap().len(), 1, "{own}");
        assert_eq!(own["organizations"][0]["organization_id"], demo.peeters);
    }
}

//! Saved views: a user's named filters of the ticket list, kept on the server.

use loket::domain::account::Role;
use loket_tests::{on_both_databases, read, TestApp, TestUser};
use reqwest::StatusCode;
use serde_json::{json, Value};

/// The ticket list with a view's filters as its query parameters.
async fn list_with(app: &TestApp, token: &str, filters: &Value) -> Value {
    let pairs: Vec<(String, String)> = filters
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().map_or_else(|| v.to_string(), str::to_owned)))
        .collect();
    let response = app
        .client
        .get(app.url("/api/v1/tickets"))
        .query(&pairs)
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let (status, page) = read(response).await;
    assert_eq!(status, StatusCode::OK, "{filters}: {page}");
    page
}

fn references(page: &Value) -> Vec<String> {
    let mut found: Vec<String> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["reference"].as_str().unwrap().to_owned())
        .collect();
    found.sort();
    found
}

fn names(list: &Value) -> Vec<&str> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["name"].as_str().unwrap())
        .collect()
}

async fn save(app: &TestApp, user: &TestUser, body: Value) -> Value {
    let (status, view) = app.post("/api/v1/me/views", &user.token, body).await;
    assert_eq!(status, StatusCode::CREATED, "{view}");
    view
}

on_both_databases! {
    async fn an_agent_keeps_views_that_follow_them_and_filter_the_queue(app) {
        let org = app.organization("Weergaven").await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        let agent = app.user(Role::Agent, None).await;
        let colleague = app.user(Role::Agent, None).await;
        let mut mine = Vec::new();
        for (assignee, subject) in [(&agent, "Voor mij"), (&colleague, "Voor een collega"), (&agent, "Ook voor mij")] {
            let (status, body) = app.post("/api/v1/tickets", &agent.token, json!({
                "subject": subject, "description": "x", "requester_id": customer.id(), "assignee_id": assignee.id()
            })).await;
            assert_eq!(status, StatusCode::CREATED, "{body}");
            if assignee.id() == agent.id() {
                mine.push(body["ticket"]["reference"].as_str().unwrap().to_owned());
            }
        }
        mine.sort();

        let open = save(&app, &agent, json!({"name": "Mine, open", "filters": {"assignee": "me", "status": "new,open"}})).await;
        assert_eq!(open["position"], 0);
        assert_eq!(open["filters"], json!({"assignee": "me", "status": "new,open"}));
        let breached = save(&app, &agent, json!({"name": "Breached", "filters": {"breached": true, "channel": "phone"}})).await;
        assert_eq!(breached["position"], 1);
        let everything = save(&app, &agent, json!({"name": "Alles"})).await;
        assert_eq!(everything["filters"], json!({}));

        // Another session of the same agent (another browser) finds them, in order.
        let (status, login) = app.login(&agent.user.email, loket_tests::PASSWORD).await;
        assert_eq!(status, StatusCode::OK);
        let (status, listed) = app.get("/api/v1/me/views", login["access_token"].as_str().unwrap()).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(names(&listed), ["Mine, open", "Breached", "Alles"]);

        // A view's filters are the list's parameters: "me" is whoever opens it.
        assert_eq!(references(&list_with(&app, &agent.token, &open["filters"]).await), mine);
        assert!(references(&list_with(&app, &agent.token, &breached["filters"]).await).is_empty());

        // Rename, refilter and move to the front; the others make room.
        let path = format!("/api/v1/me/views/{}", breached["id"].as_str().unwrap());
        let (status, changed) = app.patch(&path, &agent.token, json!({
            "name": "Phone, mine", "filters": {"channel": "phone", "assignee": "me"}, "position": 0
        })).await;
        assert_eq!(status, StatusCode::OK, "{changed}");
        assert_eq!(changed["position"], 0);
        assert_eq!(changed["created_at"], breached["created_at"]);
        assert_eq!(references(&list_with(&app, &agent.token, &changed["filters"]).await), mine);
        let (_, listed) = app.get("/api/v1/me/views", &agent.token).await;
        assert_eq!(names(&listed), ["Phone, mine", "Mine, open", "Alles"]);
        let positions: Vec<i64> = listed["items"].as_array().unwrap().iter().map(|v| v["position"].as_i64().unwrap()).collect();
        assert_eq!(positions, [0, 1, 2]);
        let (status, _) = app.patch(&path, &agent.token, json!({"position": 2})).await;
        assert_eq!(status, StatusCode::OK);
        let (_, listed) = app.get("/api/v1/me/views", &agent.token).await;
        assert_eq!(names(&listed), ["Mine, open", "Alles", "Phone, mine"]);
        // Renaming to its own name (another case) is no clash.
        let (status, body) = app.patch(&path, &agent.token, json!({"name": "PHONE, MINE"})).await;
        assert_eq!(status, StatusCode::OK, "{body}");

        let (status, _) = app.delete(&format!("/api/v1/me/views/{}", open["id"].as_str().unwrap()), &agent.token).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (_, listed) = app.get("/api/v1/me/views", &agent.token).await;
        assert_eq!(names(&listed), ["Alles", "PHONE, MINE"]);
        assert_eq!(listed["items"][0]["position"], 0);
        assert_eq!(listed["items"][1]["position"], 1);
        let (status, _) = app.delete(&format!("/api/v1/me/views/{}", open["id"].as_str().unwrap()), &agent.token).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "gone");
    }

    async fn views_are_checked_like_the_list_and_bad_ones_change_nothing(app) {
        let agent = app.user(Role::Agent, None).await;
        let long = "x".repeat(81);
        let cases = [
            (json!({"name": ""}), "name"),
            (json!({"name": "   "}), "name"),
            (json!({"name": long}), "name"),
            (json!({"filters": {}}), "name"),
            (json!({"name": "A", "filters": {"status": "open,sleeping"}}), "filters.status"),
            (json!({"name": "A", "filters": {"kind": "bug"}}), "filters.kind"),
            (json!({"name": "A", "filters": {"channel": "fax"}}), "filters.channel"),
            (json!({"name": "A", "filters": {"assignee": "somebody"}}), "filters.assignee"),
            (json!({"name": "A", "filters": {"organization": "not-a-uuid"}}), "filters.organization"),
            (json!({"name": "A", "filters": {"breached": "yes"}}), "filters.breached"),
            (json!({"name": "A", "filters": {"q": "!!!"}}), "filters.q"),
            (json!({"name": "A", "filters": {"stauts": "open"}}), "filters.stauts"),
            (json!({"name": "A", "filters": {"limit": 10}}), "filters.limit"),
            (json!({"name": "A", "filters": []}), "filters"),
            (json!({"name": "A", "colour": "red"}), "colour"),
        ];
        for (body, field) in cases {
            let (status, problem) = app.post("/api/v1/me/views", &agent.token, body.clone()).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {problem}");
            assert_eq!(problem["errors"][0]["field"], field, "{body}: {problem}");
        }
        let (_, listed) = app.get("/api/v1/me/views", &agent.token).await;
        assert!(listed["items"].as_array().unwrap().is_empty(), "nothing was saved: {listed}");

        // Null is the same as leaving a filter out.
        let kept = save(&app, &agent, json!({"name": "Mine, open", "filters": {"assignee": "me", "kind": null}})).await;
        assert_eq!(kept["filters"], json!({"assignee": "me"}));
        for clash in ["Mine, open", "  mine, OPEN ", "Mïne, open"] {
            let (status, problem) = app.post("/api/v1/me/views", &agent.token, json!({"name": clash})).await;
            assert_eq!(status, StatusCode::CONFLICT, "{clash}: {problem}");
            assert_eq!(problem["errors"][0]["code"], "name_taken");
        }
        let other = save(&app, &agent, json!({"name": "Other"})).await;
        let path = format!("/api/v1/me/views/{}", other["id"].as_str().unwrap());
        let (status, problem) = app.patch(&path, &agent.token, json!({"name": "mine, open"})).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert_eq!(problem["errors"][0]["code"], "name_taken");
        for (body, field) in [
            (json!({"position": 2}), "position"),
            (json!({"position": -1}), "position"),
            (json!({"filters": {"priority": "urgent"}}), "filters.priority"),
            (json!({"name": ""}), "name"),
        ] {
            let (status, problem) = app.patch(&path, &agent.token, body.clone()).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {problem}");
            assert_eq!(problem["errors"][0]["field"], field, "{problem}");
        }
        let (_, unchanged) = app.get("/api/v1/me/views", &agent.token).await;
        assert_eq!(unchanged["items"][1], other, "refused changes wrote nothing");
        let (status, _) = app.patch("/api/v1/me/views/not-a-uuid", &agent.token, json!({"name": "B"})).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
    }

    async fn a_user_keeps_fifty_views_at_most(app) {
        let customer_org = app.organization("Vijftig").await;
        let customer = app.user(Role::Customer, Some(&customer_org)).await;
        for n in 0..50 {
            save(&app, &customer, json!({"name": format!("View {n}"), "filters": {"status": "new"}})).await;
        }
        let (status, problem) = app.post("/api/v1/me/views", &customer.token, json!({"name": "One too many"})).await;
        assert_eq!(status, StatusCode::CONFLICT, "{problem}");
        assert_eq!(problem["errors"][0]["code"], "too_many_views");
        let (_, listed) = app.get("/api/v1/me/views", &customer.token).await;
        assert_eq!(listed["items"].as_array().unwrap().len(), 50);
        assert_eq!(listed["items"][49]["position"], 49);
        let (status, _) = app.delete(&format!("/api/v1/me/views/{}", listed["items"][0]["id"].as_str().unwrap()), &customer.token).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        save(&app, &customer, json!({"name": "One too many"})).await;
    }

    async fn a_user_sees_and_changes_only_their_own_views(app) {
        let a = app.organization("Eigen A").await;
        let b = app.organization("Eigen B").await;
        let customer = app.user(Role::Customer, Some(&a)).await;
        let customer_b = app.user(Role::Customer, Some(&b)).await;
        let agent = app.user(Role::Agent, None).await;
        let (_, secret) = app.post("/api/v1/tickets", &customer_b.token, json!({"subject": "Geheim van B", "description": "x"})).await;
        assert!(secret["ticket"]["reference"].is_string());

        let view = save(&app, &customer_b, json!({"name": "Weergave van B", "filters": {"status": "new"}})).await;
        let path = format!("/api/v1/me/views/{}", view["id"].as_str().unwrap());
        for user in [&customer, &agent] {
            let (_, listed) = app.get("/api/v1/me/views", &user.token).await;
            assert!(listed["items"].as_array().unwrap().is_empty(), "{listed}");
            let (status, problem) = app.patch(&path, &user.token, json!({"name": "Overgenomen"})).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{problem}");
            assert!(!problem.to_string().contains("Weergave van B"));
            let (status, _) = app.delete(&path, &user.token).await;
            assert_eq!(status, StatusCode::NOT_FOUND);
        }
        let (_, theirs) = app.get("/api/v1/me/views", &customer_b.token).await;
        assert_eq!(theirs["items"][0], view, "untouched");

        // A customer's view of another organisation lists nothing of it.
        let nosy = save(&app, &customer, json!({"name": "Van B", "filters": {"organization": b.id}})).await;
        let page = list_with(&app, &customer.token, &nosy["filters"]).await;
        assert!(references(&page).is_empty(), "{page}");
        assert!(!page.to_string().contains("Geheim van B"));
    }

    async fn the_demo_agent_has_views_and_phone_tickets(app) {
        let demo = crate::contracts::seed_demo(&app).await;
        let (status, listed) = app.get("/api/v1/me/views", &demo.agent_nl).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(names(&listed), ["Mijn open tickets", "Overschreden"], "named in Jan's language");
        let (_, me) = app.get("/api/v1/me", &demo.agent_nl).await;
        let mine = list_with(&app, &demo.agent_nl, &listed["items"][0]["filters"]).await;
        let items = mine["items"].as_array().unwrap();
        assert!(!items.is_empty(), "Jan has open tickets: {mine}");
        for ticket in items {
            assert_eq!(ticket["assignee_id"], me["id"]);
            assert!(!["resolved", "closed"].contains(&ticket["status"].as_str().unwrap()), "{ticket}");
        }
        let breached = list_with(&app, &demo.agent_nl, &listed["items"][1]["filters"]).await;
        assert!(breached["items"].as_array().unwrap().iter().all(|t| t["sla_breached"] == true));
        let (_, phone) = app.get("/api/v1/tickets?channel=phone", &demo.agent_nl).await;
        let phone = phone["items"].as_array().unwrap();
        assert!(phone.len() >= 3, "{phone:?}");
        assert!(phone.iter().any(|t| t["status"] == "open" && t["assignee_id"] == me["id"]));
        assert!(phone.iter().any(|t| t["assignee_id"].is_null()), "one waits for someone to take it");
    }
}

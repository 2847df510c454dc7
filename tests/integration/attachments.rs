use loket::domain::account::Role;
use loket_tests::{on_both_databases, read, TestApp, TestUser};
use reqwest::multipart::{Form, Part};
use reqwest::StatusCode;
use serde_json::{json, Value};

const PNG: &[u8] = &[
    0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, b'I', b'H', b'D', b'R', 1, 2, 3,
];

async fn upload(app: &TestApp, user: &TestUser, path: &str, parts: Vec<(&str, Vec<u8>, &str)>) -> (StatusCode, Value) {
    let mut form = Form::new();
    for (name, bytes, mime) in parts {
        form = form.part(
            "file",
            Part::bytes(bytes).file_name(name.to_owned()).mime_str(mime).unwrap(),
        );
    }
    let response = app
        .client
        .post(app.url(path))
        .bearer_auth(&user.token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    read(response).await
}

on_both_databases! {
    async fn files_on_the_question_itself_reach_who_may_see_the_ticket(app) {
        let a = app.organization("Vraagbijlagen A").await;
        let b = app.organization("Vraagbijlagen B").await;
        let customer = app.user(Role::Customer, Some(&a)).await;
        let colleague = app.user(Role::Customer, Some(&a)).await;
        let admin_a = app.user(Role::CustomerAdmin, Some(&a)).await;
        let outsider = app.user(Role::CustomerAdmin, Some(&b)).await;
        let agent = app.user(Role::Agent, None).await;
        let (_, created) = app.post("/api/v1/tickets", &customer.token, json!({"subject": "Kassa", "description": "zie schermafdruk"})).await;
        let reference = created["ticket"]["reference"].as_str().unwrap().to_owned();
        let ticket = format!("/api/v1/tickets/{reference}");
        let path = format!("{ticket}/attachments");

        let (status, stored) = upload(&app, &customer, &path, vec![("kassa.png", PNG.to_vec(), "image/png")]).await;
        assert_eq!(status, StatusCode::CREATED, "{stored}");
        assert_eq!(stored["attachments"][0]["comment_id"], Value::Null, "on the question, not a comment");
        let id = stored["attachments"][0]["id"].as_str().unwrap().to_owned();
        let (status, _) = upload(&app, &agent, &path, vec![("antwoord.txt", b"log".to_vec(), "text/plain")]).await;
        assert_eq!(status, StatusCode::CREATED, "staff may add files to the question");

        let (_, listed) = app.get(&path, &customer.token).await;
        assert_eq!(listed.as_array().unwrap().len(), 2, "{listed}");
        let response = app.client.get(app.url(&format!("{path}/{id}"))).bearer_auth(&customer.token).send().await.unwrap();
        assert_eq!(response.bytes().await.unwrap().as_ref(), PNG);

        // Only the requester or staff attach; another organisation does not even see the ticket.
        let (status, body) = upload(&app, &colleague, &path, vec![("x.png", PNG.to_vec(), "image/png")]).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "a plain customer sees only their own tickets: {body}");
        let (status, body) = upload(&app, &admin_a, &path, vec![("x.png", PNG.to_vec(), "image/png")]).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "the organisation's admin sees it but did not ask it: {body}");
        assert_eq!(upload(&app, &outsider, &path, vec![("x.png", PNG.to_vec(), "image/png")]).await.0, StatusCode::NOT_FOUND);
        assert_eq!(app.get(&format!("{path}/{id}"), &outsider.token).await.0, StatusCode::NOT_FOUND);
        let (status, body) = upload(&app, &customer, &path, vec![("page.html", b"<script>alert(1)</script>".to_vec(), "text/html")]).await;
        assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{body}");
        assert_eq!(app.get(&path, &agent.token).await.1.as_array().unwrap().len(), 2, "nothing stored by refusals");
        assert_eq!(upload(&app, &customer, "/api/v1/tickets/2026-999999/attachments", vec![("x.png", PNG.to_vec(), "image/png")]).await.0, StatusCode::NOT_FOUND);
    }

    async fn files_on_comments_are_checked_and_only_reach_who_may_see_them(app) {
        let a = app.organization("Bijlagen A").await;
        let b = app.organization("Bijlagen B").await;
        let customer = app.user(Role::Customer, Some(&a)).await;
        let outsider = app.user(Role::CustomerAdmin, Some(&b)).await;
        let agent = app.user(Role::Agent, None).await;
        let (_, created) = app.post("/api/v1/tickets", &customer.token, json!({"subject": "Schermafdruk", "description": "zie bijlage"})).await;
        let reference = created["ticket"]["reference"].as_str().unwrap().to_owned();
        let ticket = format!("/api/v1/tickets/{reference}");
        let (_, _) = app.post(&format!("{ticket}/comments"), &customer.token, json!({"body": "Hier is de afdruk"})).await;
        let (_, comments) = app.get(&format!("{ticket}/comments"), &customer.token).await;
        let comment_id = comments[0]["id"].as_str().unwrap().to_owned();
        let upload_path = format!("{ticket}/comments/{comment_id}/attachments");

        let (status, stored) = upload(&app, &customer, &upload_path, vec![("scherm.png", PNG.to_vec(), "image/png"), ("log.txt", b"fout op lijn 3".to_vec(), "text/plain")]).await;
        assert_eq!(status, StatusCode::CREATED, "{stored}");
        let files = stored["attachments"].as_array().unwrap();
        assert_eq!(files.len(), 2);
        assert_eq!(files[0]["content_type"], "image/png");
        let png_id = files[0]["id"].as_str().unwrap().to_owned();

        let response = app.client.get(app.url(&format!("{ticket}/attachments/{png_id}"))).bearer_auth(&customer.token).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()["content-type"], "image/png");
        assert!(response.headers()["content-disposition"].to_str().unwrap().contains("scherm.png"));
        assert_eq!(response.bytes().await.unwrap().as_ref(), PNG);

        // Another organisation cannot list, download or attach.
        assert_eq!(app.get(&format!("{ticket}/attachments"), &outsider.token).await.0, StatusCode::NOT_FOUND);
        assert_eq!(app.get(&format!("{ticket}/attachments/{png_id}"), &outsider.token).await.0, StatusCode::NOT_FOUND);
        assert_eq!(upload(&app, &outsider, &upload_path, vec![("x.png", PNG.to_vec(), "image/png")]).await.0, StatusCode::NOT_FOUND);

        // Lies about the type, refused types and empty forms change nothing.
        let (status, body) = upload(&app, &customer, &upload_path, vec![("fake.png", b"%PDF-1.7\n".to_vec(), "image/png")]).await;
        assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{body}");
        let (status, _) = upload(&app, &customer, &upload_path, vec![("ok.png", PNG.to_vec(), "image/png"), ("page.html", b"<script>alert(1)</script>".to_vec(), "text/html")]).await;
        assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        let (_, listed) = app.get(&format!("{ticket}/attachments"), &customer.token).await;
        assert_eq!(listed.as_array().unwrap().len(), 2, "a refused upload stores none of its files");

        // An internal note's files stay with staff.
        let (_, _) = app.post(&format!("{ticket}/comments"), &agent.token, json!({"body": "intern", "internal": true})).await;
        let (_, staff_comments) = app.get(&format!("{ticket}/comments"), &agent.token).await;
        let note_id = staff_comments.as_array().unwrap().iter().find(|c| c["internal"] == true).unwrap()["id"].as_str().unwrap().to_owned();
        let (status, note_files) = upload(&app, &agent, &format!("{ticket}/comments/{note_id}/attachments"), vec![("intern.txt", b"alleen voor ons".to_vec(), "text/plain")]).await;
        assert_eq!(status, StatusCode::CREATED);
        let note_file = note_files["attachments"][0]["id"].as_str().unwrap().to_owned();
        let (_, customer_list) = app.get(&format!("{ticket}/attachments"), &customer.token).await;
        assert_eq!(customer_list.as_array().unwrap().len(), 2);
        assert_eq!(app.get(&format!("{ticket}/attachments/{note_file}"), &customer.token).await.0, StatusCode::NOT_FOUND);
        assert_eq!(upload(&app, &customer, &format!("{ticket}/comments/{note_id}/attachments"), vec![("x.txt", b"x".to_vec(), "text/plain")]).await.0, StatusCode::NOT_FOUND);
        let (_, staff_list) = app.get(&format!("{ticket}/attachments"), &agent.token).await;
        assert_eq!(staff_list.as_array().unwrap().len(), 3);
    }

    async fn uploads_over_the_limit_are_413(app) {
        let org = app.organization("Groot").await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        let (_, created) = app.post("/api/v1/tickets", &customer.token, json!({"subject": "Groot", "description": "bestand"})).await;
        let ticket = format!("/api/v1/tickets/{}", created["ticket"]["reference"].as_str().unwrap());
        app.post(&format!("{ticket}/comments"), &customer.token, json!({"body": "bijlage volgt"})).await;
        let (_, comments) = app.get(&format!("{ticket}/comments"), &customer.token).await;
        let path = format!("{ticket}/comments/{}/attachments", comments[0]["id"].as_str().unwrap());
        let mut big = PNG.to_vec();
        big.resize(11 * 1024 * 1024, 0);
        let (status, body) = upload(&app, &customer, &path, vec![("groot.png", big, "image/png")]).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
        let (_, listed) = app.get(&format!("{ticket}/attachments"), &customer.token).await;
        assert!(listed.as_array().unwrap().is_empty());
    }
}

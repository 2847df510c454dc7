//! Inbound e-mail (raw RFC 822 messages become tickets and comments) and e-mail notifications
//! (delivered from the outbox to a real SMTP server started by the test).

use base64::Engine;
use loket::domain::account::{Language, Role};
use loket_tests::smtp::{ReceivedMail, SmtpSink};
use loket_tests::{on_both_databases, read, TestApp, TestUser};
use reqwest::StatusCode;
use serde_json::{json, Value};

const PNG: &[u8] = &[
    0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, b'I', b'H', b'D', b'R', 0, 0, 0, 1,
];
const ELF: &[u8] = &[0x7F, b'E', b'L', b'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0];

/// A plain-text message.
fn text_mail(from: &str, subject: &str, message_id: &str, extra_headers: &str, body: &str) -> String {
    format!(
        "From: {from}\r\nTo: support@loket.test\r\nSubject: {subject}\r\nMessage-ID: <{message_id}>\r\n{extra_headers}\
         Date: Mon, 2 Mar 2026 10:00:00 +0100\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    )
}

/// A multipart message: an optional text part and one attachment.
fn mail_with_file(
    from: &str,
    subject: &str,
    message_id: &str,
    text: Option<&str>,
    (filename, content_type, bytes): (&str, &str, &[u8]),
) -> String {
    let text_part = text
        .map(|t| format!("--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{t}\r\n"))
        .unwrap_or_default();
    let encoded = base64::engine::general_purpose::STANDARD.encode(bytes);
    format!(
        "From: {from}\r\nTo: support@loket.test\r\nSubject: {subject}\r\nMessage-ID: <{message_id}>\r\n\
         MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n{text_part}\
         --b1\r\nContent-Type: {content_type}; name=\"{filename}\"\r\nContent-Disposition: attachment; filename=\"{filename}\"\r\n\
         Content-Transfer-Encoding: base64\r\n\r\n{encoded}\r\n--b1--\r\n"
    )
}

async fn post_mail(app: &TestApp, token: &str, raw: &str) -> (StatusCode, Value) {
    let response = app
        .client
        .post(app.url("/api/v1/inbound/email"))
        .bearer_auth(token)
        .header("content-type", "message/rfc822")
        .body(raw.to_owned())
        .send()
        .await
        .expect("request reaches the server");
    read(response).await
}

/// The mail gateway's credential: an agent's personal API token.
async fn gateway_token(app: &TestApp) -> String {
    let agent = app.user(Role::Agent, None).await;
    let (status, token) = app
        .post("/api/v1/me/tokens", &agent.token, json!({"name": "mail gateway"}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{token}");
    token["secret"].as_str().unwrap().to_owned()
}

async fn ticket_count(app: &TestApp, staff: &str) -> usize {
    let (status, page) = app.get("/api/v1/tickets?limit=200", staff).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    page["items"].as_array().unwrap().len()
}

fn reference(outcome: &Value) -> String {
    outcome["ticket"]["reference"].as_str().unwrap().to_owned()
}

fn refusal_code(body: &Value) -> &str {
    body["errors"][0]["code"].as_str().unwrap_or_default()
}

on_both_databases! {
    async fn an_email_from_a_customer_becomes_a_triaged_ticket(app) {
        let gateway = gateway_token(&app).await;
        let org = app.organization("Bakkerij Peeters").await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        let raw = text_mail(
            &format!("Tom Claes <{}>", customer.user.email.to_uppercase()),
            "Foutmelding bij afdrukken",
            "first@mail.example",
            "",
            "De printer geeft een foutmelding sinds vanochtend.",
        );
        let (status, outcome) = post_mail(&app, &gateway, &raw).await;
        assert_eq!(status, StatusCode::CREATED, "{outcome}");
        assert_eq!(outcome["result"], "ticket_created");
        let ticket = &outcome["ticket"];
        assert_eq!(ticket["channel"], "email");
        assert_eq!(ticket["requester_id"], customer.id().to_string());
        assert_eq!(ticket["organization_id"], org.id.to_string());
        assert_eq!(ticket["subject"], "Foutmelding bij afdrukken");
        assert_eq!(ticket["description"], "De printer geeft een foutmelding sinds vanochtend.");
        assert_eq!(ticket["kind"], "issue", "the triage rules ran as for any new ticket");
        // The customer follows it like any other ticket.
        let (status, seen) = app.get(&format!("/api/v1/tickets/{}", reference(&outcome)), &customer.token).await;
        assert_eq!(status, StatusCode::OK, "{seen}");

        // A customer's own token is no mail gateway.
        let (status, body) = post_mail(&app, &customer.token, &raw).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    }

    async fn attachments_of_a_new_ticket_are_stored_on_it(app) {
        let gateway = gateway_token(&app).await;
        let org = app.organization("Garage Maes").await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        let raw = mail_with_file(
            &customer.user.email,
            "Scherm blijft zwart",
            "with-file@mail.example",
            Some("Zie de schermafdruk."),
            ("scherm.png", "image/png", PNG),
        );
        let (status, outcome) = post_mail(&app, &gateway, &raw).await;
        assert_eq!(status, StatusCode::CREATED, "{outcome}");
        assert_eq!(outcome["attachments"][0]["filename"], "scherm.png");
        assert_eq!(outcome["attachments"][0]["content_type"], "image/png");
        let path = format!("/api/v1/tickets/{}", reference(&outcome));
        let (_, files) = app.get(&format!("{path}/attachments"), &customer.token).await;
        let files = files.as_array().or_else(|| files["items"].as_array()).cloned().unwrap_or_default();
        assert_eq!(files.len(), 1, "{files:?}");
        let (_, comments) = app.get(&format!("{path}/comments"), &customer.token).await;
        assert_eq!(comments[0]["body"], "Attachments of the e-mail: scherm.png");
        assert_eq!(comments[0]["author_id"], customer.id().to_string());
    }

    async fn a_reply_threads_by_reference_or_message_id_and_reopens(app) {
        let gateway = gateway_token(&app).await;
        let org = app.organization("Apotheek Janssens").await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        let agent = app.user(Role::Agent, None).await;
        let (_, outcome) = post_mail(&app, &gateway, &text_mail(&customer.user.email, "Kassa start niet", "q1@mail.example", "", "Sinds de update.")).await;
        let path = format!("/api/v1/tickets/{}", reference(&outcome));
        app.post(&format!("{path}/comments"), &agent.token, json!({"body": "Herstart de kassa."})).await;
        let (_, resolved) = app.patch(&path, &agent.token, json!({"status": "resolved"})).await;
        assert_eq!(resolved["status"], "resolved");

        // By the subject's tag, with a file and the quoted earlier message.
        let reply = mail_with_file(
            &customer.user.email,
            &format!("Re: [#{}] Nieuw antwoord: Kassa start niet", reference(&outcome)),
            "r1@mail.example",
            Some("Het werkt nog steeds niet.\r\n\r\nOp ma 2 mrt schreef Loket:\r\n> Herstart de kassa."),
            ("foutmelding.png", "image/png", PNG),
        );
        let (status, replied) = post_mail(&app, &gateway, &reply).await;
        assert_eq!(status, StatusCode::CREATED, "{replied}");
        assert_eq!(replied["result"], "comment_added");
        assert_eq!(reference(&replied), reference(&outcome));
        assert_eq!(replied["ticket"]["status"], "open", "a customer reply reopens a resolved ticket");
        let (_, comments) = app.get(&format!("{path}/comments"), &customer.token).await;
        let last = comments.as_array().unwrap().last().unwrap().clone();
        assert_eq!(last["body"], "Het werkt nog steeds niet.", "the quoted message is left out");
        assert_eq!(last["internal"], false);
        assert_eq!(last["author_id"], customer.id().to_string());
        assert_eq!(replied["comment_id"], last["id"]);
        assert_eq!(replied["attachments"][0]["comment_id"], last["id"]);

        // Without the tag, by In-Reply-To the first message.
        let (status, threaded) = post_mail(&app, &gateway, &text_mail(
            &customer.user.email, "nog iets", "r2@mail.example", "In-Reply-To: <q1@mail.example>\r\n", "Ook de lade klemt.",
        )).await;
        assert_eq!(status, StatusCode::CREATED, "{threaded}");
        assert_eq!(threaded["result"], "comment_added");
        assert_eq!(reference(&threaded), reference(&outcome));
    }

    async fn the_same_message_twice_makes_one_ticket(app) {
        let gateway = gateway_token(&app).await;
        let org = app.organization("Drukkerij Wouters").await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        let agent = app.user(Role::Agent, None).await;
        let raw = text_mail(&customer.user.email, "Offerte", "same@mail.example", "", "Graag een offerte.");
        let (status, first) = post_mail(&app, &gateway, &raw).await;
        assert_eq!(status, StatusCode::CREATED, "{first}");
        let (status, again) = post_mail(&app, &gateway, &raw).await;
        assert_eq!(status, StatusCode::OK, "{again}");
        assert_eq!(again["result"], "duplicate");
        assert_eq!(reference(&again), reference(&first));

        // Twice at the same moment (a gateway retrying too eagerly).
        let raw = text_mail(&customer.user.email, "Factuur", "race@mail.example", "", "Waar is mijn factuur?");
        let (a, b) = tokio::join!(post_mail(&app, &gateway, &raw), post_mail(&app, &gateway, &raw));
        let mut statuses = [a.0, b.0];
        statuses.sort();
        assert_eq!(statuses, [StatusCode::OK, StatusCode::CREATED], "{} / {}", a.1, b.1);
        assert_eq!(reference(&a.1), reference(&b.1));
        assert_eq!(ticket_count(&app, &agent.token).await, 2);
    }

    async fn nul_characters_in_a_message_are_dropped(app) {
        // PostgreSQL text cannot hold U+0000; a mail client may still encode one.
        let gateway = gateway_token(&app).await;
        let org = app.organization("Bakkerij Peeters").await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        let raw = format!(
            "From: {}\r\nTo: support@loket.test\r\nSubject: =?utf-8?q?Kassa=00_start_niet?=\r\n\
             Message-ID: <nul=00@mail.example>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\
             Content-Transfer-Encoding: quoted-printable\r\n\r\nDe kassa=00 start niet meer.\r\n",
            customer.user.email
        );
        let (status, outcome) = post_mail(&app, &gateway, &raw).await;
        assert_eq!(status, StatusCode::CREATED, "{outcome}");
        assert_eq!(outcome["ticket"]["subject"], "Kassa start niet");
        assert_eq!(outcome["ticket"]["description"], "De kassa start niet meer.");
        // The Message-ID (kept without its NUL) still recognises the message.
        let (status, again) = post_mail(&app, &gateway, &raw).await;
        assert_eq!(status, StatusCode::OK, "{again}");
        assert_eq!(reference(&again), reference(&outcome));
    }

    async fn refused_messages_say_why_and_write_nothing(app) {
        let gateway = gateway_token(&app).await;
        let ours = app.organization("Bakkerij Peeters").await;
        let theirs = app.organization("Slagerij Claes").await;
        let customer = app.user(Role::Customer, Some(&ours)).await;
        let stranger = app.user(Role::Customer, Some(&theirs)).await;
        let agent = app.user(Role::Agent, None).await;
        let (_, outcome) = post_mail(&app, &gateway, &text_mail(&customer.user.email, "Vraag", "ok@mail.example", "", "Een vraag.")).await;
        let path = format!("/api/v1/tickets/{}", reference(&outcome));
        let (_, events_before) = app.get(&format!("{path}/events"), &agent.token).await;

        let (status, body) = post_mail(&app, &gateway, &text_mail("nobody@elsewhere.example", "Hallo", "u@x", "", "Wie ben ik?")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(refusal_code(&body), "unknown_sender");
        assert!(body["errors"][0]["message"].as_str().unwrap().contains("nobody@elsewhere.example"));

        // Another organisation's customer answers our customer's ticket.
        let (status, body) = post_mail(&app, &gateway, &text_mail(
            &stranger.user.email, &format!("Re: [#{}] Vraag", reference(&outcome)), "x@x", "", "Ik kijk mee.",
        )).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(refusal_code(&body), "ticket_not_visible");

        let no_text = mail_with_file(&customer.user.email, "Bijlage", "n@x", None, ("f.png", "image/png", PNG));
        let (status, body) = post_mail(&app, &gateway, &no_text).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(refusal_code(&body), "no_text_part");

        let program = mail_with_file(&customer.user.email, "Tool", "e@x", Some("Zie bijlage"), ("tool", "application/octet-stream", ELF));
        let (status, body) = post_mail(&app, &gateway, &program).await;
        assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{body}");
        assert!(body["detail"].as_str().unwrap().contains("tool"), "{body}");

        // Oversized, on a server that takes messages of at most 4 KiB.
        let small = TestApp::start_with(app.db, &[("LOKET_MAX_EMAIL_BYTES", "4096")]).await;
        let small_gateway = gateway_token(&small).await;
        let small_org = small.organization("Klein").await;
        let small_customer = small.user(Role::Customer, Some(&small_org)).await;
        let big = text_mail(&small_customer.user.email, "Groot", "big@x", "", &"lange regel\r\n".repeat(800));
        let (status, body) = post_mail(&small, &small_gateway, &big).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
        assert!(body["detail"].as_str().unwrap().contains("4096"), "{body}");
        let small_staff = small.user(Role::Agent, None).await;
        assert_eq!(ticket_count(&small, &small_staff.token).await, 0);

        let response = app.client.post(app.url("/api/v1/inbound/email")).bearer_auth(&gateway)
            .header("content-type", "application/json").body("{}").send().await.unwrap();
        let (status, _) = read(response).await;
        assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);

        // Nothing of any of them was written: one ticket, its history and comments untouched.
        assert_eq!(ticket_count(&app, &agent.token).await, 1);
        let (_, events_after) = app.get(&format!("{path}/events"), &agent.token).await;
        assert_eq!(events_before, events_after);
        let (_, comments) = app.get(&format!("{path}/comments"), &agent.token).await;
        assert_eq!(comments.as_array().unwrap().len(), 0, "{comments}");
        // A refused message's Message-ID is not taken: sent again correctly, it is accepted.
        let (status, body) = post_mail(&app, &gateway, &text_mail(&customer.user.email, "Tool", "e@x", "", "Nu zonder bijlage.")).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }

    async fn notifications_reach_the_requester_in_their_language(app) {
        let sink = SmtpSink::start().await;
        let _worker = app.start_mail_worker(&sink.url());
        let org = app.organization("Bakkerij Peeters").await;
        let dutch = app.user_speaking(Role::Customer, Some(&org), Language::Nl).await;
        let english = app.user(Role::Customer, Some(&org)).await;
        let agent = app.user(Role::Agent, None).await;

        // An internal note, then a public reply: one e-mail, in Dutch, without the note.
        let dutch_ticket = file(&app, &dutch, "Kassa start niet").await;
        let path = format!("/api/v1/tickets/{dutch_ticket}");
        let (status, _) = app.post(&format!("{path}/comments"), &agent.token, json!({"body": "Interne notitie: belt vaak", "internal": true})).await;
        assert_eq!(status, StatusCode::CREATED);
        app.post(&format!("{path}/comments"), &agent.token, json!({"body": "Herstart de kassa alstublieft."})).await;
        let reply = sink.wait_for(&dutch.user.email, |m| body_of(m).contains("Herstart de kassa")).await;
        let (subject, body) = (subject_of(&reply), body_of(&reply));
        assert_eq!(subject, format!("[#{dutch_ticket}] Nieuw antwoord: Kassa start niet"));
        assert!(body.starts_with("Beste Test customer,"), "{body}");
        assert_eq!(reply.from, "support@loket.test");
        let to_dutch: Vec<ReceivedMail> = sink.received().into_iter().filter(|m| m.to.contains(&dutch.user.email)).collect();
        assert_eq!(to_dutch.len(), 1, "the internal note sent nothing");
        assert!(!to_dutch.iter().any(|m| body_of(m).contains("Interne notitie")));

        // English requester: the resolution, in English.
        let english_ticket = file(&app, &english, "Printer offline").await;
        let path = format!("/api/v1/tickets/{english_ticket}");
        app.post(&format!("{path}/comments"), &agent.token, json!({"body": "Please restart the printer."})).await;
        app.patch(&path, &agent.token, json!({"status": "resolved"})).await;
        let resolved = sink.wait_for(&english.user.email, |m| subject_of(m).contains("Resolved")).await;
        assert_eq!(subject_of(&resolved), format!("[#{english_ticket}] Resolved: Printer offline"));
        assert!(body_of(&resolved).starts_with("Dear Test customer,"));
        assert!(body_of(&resolved).contains("We have resolved your question"));

        // Answering the Dutch e-mail without its tag still finds the ticket (In-Reply-To).
        let gateway = gateway_token(&app).await;
        let sent_id = mail_parser::MessageParser::default().parse(&reply.data).unwrap().message_id().unwrap().to_owned();
        let (status, threaded) = post_mail(&app, &gateway, &text_mail(
            &dutch.user.email, "Re: kassa", "answer@mail.example", &format!("In-Reply-To: <{sent_id}>\r\n"), "Dank u, het werkt.",
        )).await;
        assert_eq!(status, StatusCode::CREATED, "{threaded}");
        assert_eq!(reference(&threaded), dutch_ticket);
    }
}

async fn file(app: &TestApp, customer: &TestUser, subject: &str) -> String {
    let (status, created) = app
        .post(
            "/api/v1/tickets",
            &customer.token,
            json!({"subject": subject, "description": "Sinds vanochtend."}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    created["ticket"]["reference"].as_str().unwrap().to_owned()
}

fn subject_of(mail: &ReceivedMail) -> String {
    let parsed = mail_parser::MessageParser::default()
        .parse(&mail.data)
        .expect("a message");
    parsed.subject().unwrap_or_default().to_owned()
}

fn body_of(mail: &ReceivedMail) -> String {
    let parsed = mail_parser::MessageParser::default()
        .parse(&mail.data)
        .expect("a message");
    parsed.body_text(0).unwrap_or_default().into_owned()
}

on_both_databases! {
    async fn booked_and_moved_appointments_are_mailed_to_the_requester(app) {
        let sink = SmtpSink::start().await;
        let _worker = app.start_mail_worker(&sink.url());
        let org = app.organization("Bakkerij Peeters").await;
        let dutch = app.user_speaking(Role::Customer, Some(&org), Language::Nl).await;
        let agent = app.user(Role::Agent, None).await;
        let ticket = file(&app, &dutch, "Kassa installeren").await;
        let (status, booked) = app
            .post(
                "/api/v1/appointments",
                &agent.token,
                json!({"ticket": ticket, "agent_id": agent.id(), "starts_at": "2027-03-02T10:00:00+01:00", "minutes": 60, "mode": "on_site"}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{booked}");
        let mail = sink.wait_for(&dutch.user.email, |m| subject_of(m).contains("Afspraak ingepland")).await;
        assert!(subject_of(&mail).starts_with(&format!("[#{ticket}]")), "{}", subject_of(&mail));
        assert!(body_of(&mail).contains("2 maart 2027"), "{}", body_of(&mail));
        let id = booked["id"].as_str().unwrap();
        let (status, moved) = app
            .patch(
                &format!("/api/v1/appointments/{id}"),
                &agent.token,
                json!({"starts_at": "2027-03-03T13:00:00+01:00", "minutes": 60}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{moved}");
        let mail = sink.wait_for(&dutch.user.email, |m| subject_of(m).contains("Afspraak verplaatst")).await;
        assert!(body_of(&mail).contains("3 maart 2027"), "{}", body_of(&mail));
    }

    async fn stale_notifications_are_never_sent_and_are_deleted(app) {
        use diesel::prelude::*;
        use loket::store::outbox::discard_stale_mails;
        use loket::store::schema::mail_deliveries;
        let day = chrono::TimeDelta::hours(24);
        let discard = |max_age| app.store.run(move |conn| discard_stale_mails(conn, max_age));
        let org = app.organization("Bakkerij Peeters").await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        let agent = app.user(Role::Agent, None).await;
        // No mail worker runs (no SMTP): a staff reply still queues a notification.
        let ticket = file(&app, &customer, "Kassa start niet").await;
        let path = format!("/api/v1/tickets/{ticket}/comments");
        app.post(&path, &agent.token, json!({"body": "Herstart de kassa."})).await;
        assert_eq!(discard(day).await.unwrap(), 0, "a fresh notification is kept for a worker");
        let set_delivery = |hours_ago: i64, leased_for_minutes: i64| {
            let at = loket::store::now();
            let (queued_at, lease_ends) = (at - chrono::TimeDelta::hours(hours_ago), at + chrono::TimeDelta::minutes(leased_for_minutes));
            app.store.run(move |conn| {
                diesel::update(mail_deliveries::table)
                    .set((mail_deliveries::created_at.eq(queued_at), mail_deliveries::locked_until.eq(lease_ends)))
                    .execute(conn)
                    .map_err(|e| loket::store::StoreError::Unavailable(e.to_string()))
            })
        };
        // A day and an hour later, still unsent, while a worker is attempting it: left to it.
        assert_eq!(set_delivery(25, 1).await.unwrap(), 1);
        assert_eq!(discard(day).await.unwrap(), 0, "a delivery under a running lease is kept");
        // Its lease has ended.
        assert_eq!(set_delivery(25, -1).await.unwrap(), 1);

        // A worker that starts now sends the fresh notification, never the stale one.
        let sink = SmtpSink::start().await;
        let _worker = app.start_mail_worker(&sink.url());
        app.post(&path, &agent.token, json!({"body": "Tweede antwoord."})).await;
        let mail = sink.wait_for(&customer.user.email, |m| body_of(m).contains("Tweede antwoord")).await;
        assert!(!body_of(&mail).contains("Herstart de kassa"));
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        assert_eq!(sink.received().len(), 1, "only the fresh notification was sent");
        assert_eq!(discard(day).await.unwrap(), 1, "the stale one is deleted");
        assert_eq!(discard(chrono::TimeDelta::zero()).await.unwrap(), 0, "a sent one is kept (replies thread by it)");
    }
}

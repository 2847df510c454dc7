use chrono::{DateTime, Datelike, FixedOffset, Timelike, Utc, Weekday};
use loket::domain::account::Role;
use loket_tests::{on_both_databases, read, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

/// GET with an `Accept-Language` header.
async fn get_in(app: &TestApp, path: &str, token: &str, language: &str) -> (StatusCode, Value) {
    let response = app
        .client
        .get(app.url(path))
        .bearer_auth(token)
        .header("accept-language", language)
        .send()
        .await
        .unwrap();
    read(response).await
}

async fn put(app: &TestApp, path: &str, token: &str, body: Value) -> (StatusCode, Value) {
    app.call(Method::PUT, path, Some(token), Some(body)).await
}

fn workday() -> Value {
    json!([{"start": "09:00", "end": "12:00"}, {"start": "13:00", "end": "16:30"}])
}

fn seeded_body(friday: Value) -> Value {
    json!({
        "name": "Interventies / Interventions",
        "time_zone": "Europe/Brussels",
        "belgian_holidays": true,
        "christmas_closure": true,
        "weekly_hours": {
            "monday": workday(), "tuesday": workday(), "wednesday": workday(), "thursday": workday(),
            "friday": friday, "saturday": [], "sunday": []
        }
    })
}

fn instant(value: &Value) -> DateTime<Utc> {
    value.as_str().unwrap().parse().unwrap()
}

on_both_databases! {
    async fn both_policy_schedules_are_seeded_with_their_hours(app) {
        let customer_org = app.organization("Bakkerij Peeters bv").await;
        let customer = app.user(Role::Customer, Some(&customer_org)).await;
        let (status, list) = app.get("/api/v1/schedules", &customer.token).await;
        assert_eq!(status, StatusCode::OK, "{list}");
        let codes: Vec<&str> = list["items"].as_array().unwrap().iter().map(|s| s["code"].as_str().unwrap()).collect();
        assert_eq!(codes, ["interventions", "phone"]);

        let (status, interventions) = app.get("/api/v1/schedules/interventions", &customer.token).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(interventions["time_zone"], "Europe/Brussels");
        assert_eq!(interventions["belgian_holidays"], true);
        assert_eq!(interventions["christmas_closure"], true);
        let hours = &interventions["weekly_hours"];
        for day in ["monday", "tuesday", "wednesday", "thursday"] {
            assert_eq!(hours[day], workday(), "{day}");
        }
        assert_eq!(hours["friday"], json!([{"start": "09:00", "end": "12:00"}, {"start": "13:00", "end": "15:30"}]));
        assert_eq!(hours["saturday"], json!([]));
        assert_eq!(hours["sunday"], json!([]));

        let (_, phone) = app.get("/api/v1/schedules/phone", &customer.token).await;
        assert_eq!(phone["weekly_hours"]["thursday"], workday());
        assert_eq!(phone["weekly_hours"]["friday"], json!([{"start": "09:00", "end": "12:00"}]));
    }

    async fn friday_afternoon_interventions_are_open_and_the_phone_line_is_closed(app) {
        let agent = app.user(Role::Agent, None).await;
        let at = "/status?at=2026-12-04T14:00:00%2B01:00";
        let (status, open) = app.get(&format!("/api/v1/schedules/interventions{at}"), &agent.token).await;
        assert_eq!(status, StatusCode::OK, "{open}");
        assert_eq!(open["open"], true);
        assert_eq!(instant(&open["closes_at"]), instant(&json!("2026-12-04T14:30:00Z")), "15:30 Brussels");
        assert!(open["reason"].is_null());

        let (_, closed) = get_in(&app, &format!("/api/v1/schedules/phone{at}"), &agent.token, "nl-BE,en;q=0.5").await;
        assert_eq!(closed["open"], false);
        assert_eq!(closed["reason"]["code"], "after_closing");
        assert_eq!(closed["reason"]["message"], "gesloten sinds 12:00");
        assert_eq!(closed["language"], "nl");
        assert_eq!(instant(&closed["next_opening"]), instant(&json!("2026-12-07T08:00:00Z")), "Monday 09:00");
    }

    async fn easter_monday_is_a_public_holiday_in_both_languages(app) {
        let customer_org = app.organization("Garage Janssens").await;
        let customer = app.user(Role::Customer, Some(&customer_org)).await;
        let path = "/api/v1/schedules/interventions/status?at=2027-03-29T10:00:00%2B02:00";
        let (status, nl) = get_in(&app, path, &customer.token, "nl").await;
        assert_eq!(status, StatusCode::OK, "{nl}");
        assert_eq!(nl["open"], false);
        assert_eq!(nl["reason"]["code"], "public_holiday");
        assert_eq!(nl["reason"]["message"], "Paasmaandag 29 maart 2027 is een feestdag");
        assert_eq!(instant(&nl["next_opening"]), instant(&json!("2027-03-30T07:00:00Z")));

        let (_, en) = get_in(&app, path, &customer.token, "en-GB").await;
        assert_eq!(en["reason"]["message"], "Easter Monday 29 March 2027 is a public holiday");
        assert_eq!(en["language"], "en");

        // Without the header the user's own language (English for test users) answers.
        let (_, own) = app.get(path, &customer.token).await;
        assert_eq!(own["language"], "en");
        let (_, french) = get_in(&app, path, &customer.token, "fr-BE").await;
        assert_eq!(french["language"], "en", "an unsupported language falls back to the user's");
    }

    async fn the_christmas_closure_closes_the_days_between_christmas_and_new_year(app) {
        let agent = app.user(Role::Agent, None).await;
        for code in ["interventions", "phone"] {
            let (_, status) = get_in(&app, &format!("/api/v1/schedules/{code}/status?at=2026-12-28T10:00:00Z"), &agent.token, "en").await;
            assert_eq!(status["open"], false, "{code}");
            assert_eq!(status["reason"]["code"], "christmas_closure");
            assert_eq!(status["reason"]["message"], "28 December 2026 falls in the Christmas closure");
            assert_eq!(instant(&status["next_opening"]), instant(&json!("2027-01-04T08:00:00Z")), "Monday 4 January");
        }
    }

    async fn the_closures_of_2027_list_all_ten_belgian_holidays_with_names(app) {
        let agent = app.user(Role::Agent, None).await;
        let (status, list) = app.get("/api/v1/schedules/interventions/closures?year=2027", &agent.token).await;
        assert_eq!(status, StatusCode::OK, "{list}");
        assert_eq!(list["year"], 2027);
        let items = list["items"].as_array().unwrap();
        let holidays: Vec<&Value> = items.iter().filter(|i| i["kind"] == "public_holiday").collect();
        assert_eq!(holidays.len(), 10, "{list}");
        let names: Vec<(&str, &str, &str)> = holidays
            .iter()
            .map(|h| (h["first_day"].as_str().unwrap(), h["name"]["nl"].as_str().unwrap(), h["name"]["en"].as_str().unwrap()))
            .collect();
        assert!(names.contains(&("2027-03-29", "Paasmaandag", "Easter Monday")), "{names:?}");
        assert!(names.contains(&("2027-05-06", "O.L.H. Hemelvaart", "Ascension Day")), "{names:?}");
        assert!(names.contains(&("2027-05-17", "Pinkstermaandag", "Whit Monday")), "{names:?}");
        assert!(names.contains(&("2027-07-21", "Nationale feestdag", "Belgian National Day")), "{names:?}");
        assert!(holidays.iter().all(|h| h["holiday"].is_string() && h["closure_id"].is_null()));
        let christmas: Vec<&Value> = items.iter().filter(|i| i["kind"] == "christmas_closure").collect();
        assert_eq!(christmas.len(), 2, "the one ending on 1 January and the one starting on 25 December");
        assert_eq!(christmas[1]["first_day"], "2027-12-25");
        assert_eq!(christmas[1]["last_day"], "2028-01-01");
        assert_eq!(christmas[1]["name"]["nl"], "Kerstsluiting");
    }

    async fn an_admin_closure_closes_the_schedule_and_slots_skip_it(app) {
        let admin = app.user(Role::Admin, None).await;
        let org = app.organization("Bakkerij Peeters bv").await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        let (status, closure) = app.post(
            "/api/v1/schedules/interventions/closures",
            &admin.token,
            json!({"first_day": "2027-02-10", "reason": "Verhuis naar het nieuwe kantoor / office move"}),
        ).await;
        assert_eq!(status, StatusCode::CREATED, "{closure}");
        assert_eq!(closure["last_day"], "2027-02-10", "one day by default");
        assert_eq!(closure["created_by"], admin.id().to_string());
        let id = closure["id"].as_str().unwrap().to_owned();

        let path = "/api/v1/schedules/interventions/status?at=2027-02-10T10:00:00%2B01:00";
        let (_, status_body) = get_in(&app, path, &customer.token, "nl").await;
        assert_eq!(status_body["open"], false);
        assert_eq!(status_body["reason"]["code"], "closure");
        assert_eq!(
            status_body["reason"]["message"],
            "10 februari 2027 valt in een sluitingsperiode (Verhuis naar het nieuwe kantoor / office move)"
        );
        let (_, phone) = app.get("/api/v1/schedules/phone/status?at=2027-02-10T10:00:00%2B01:00", &customer.token).await;
        assert_eq!(phone["open"], true, "the closure is on the intervention schedule only");

        let (status, slots) = app.get(
            "/api/v1/schedules/interventions/slots?from=2027-02-09&to=2027-02-11&minutes=60",
            &customer.token,
        ).await;
        assert_eq!(status, StatusCode::OK, "{slots}");
        let starts: Vec<DateTime<Utc>> = slots["slots"].as_array().unwrap().iter().map(|s| instant(&s["start"])).collect();
        assert!(!starts.is_empty());
        assert!(starts.iter().all(|s| s.day() != 10), "no slot on the closed day: {starts:?}");
        assert!(starts.iter().any(|s| s.day() == 9) && starts.iter().any(|s| s.day() == 11));

        let (_, list) = app.get("/api/v1/schedules/interventions/closures?year=2027", &customer.token).await;
        let listed: Vec<&Value> = list["items"].as_array().unwrap().iter().filter(|i| i["kind"] == "closure").collect();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0]["closure_id"], id.as_str());
        assert_eq!(listed[0]["name"]["en"], "Verhuis naar het nieuwe kantoor / office move");

        let customer_delete = app.delete(&format!("/api/v1/schedules/interventions/closures/{id}"), &customer.token).await;
        assert_eq!(customer_delete.0, StatusCode::FORBIDDEN);
        assert_eq!(app.delete(&format!("/api/v1/schedules/phone/closures/{id}"), &admin.token).await.0, StatusCode::NOT_FOUND, "not a closure of the phone line");
        assert_eq!(app.delete(&format!("/api/v1/schedules/interventions/closures/{id}"), &admin.token).await.0, StatusCode::NO_CONTENT);
        assert_eq!(app.delete(&format!("/api/v1/schedules/interventions/closures/{id}"), &admin.token).await.0, StatusCode::NOT_FOUND);
        let (_, reopened) = app.get(path, &customer.token).await;
        assert_eq!(reopened["open"], true);
    }

    async fn bad_closures_are_refused_and_not_stored(app) {
        let admin = app.user(Role::Admin, None).await;
        let agent = app.user(Role::Agent, None).await;
        let closures = "/api/v1/schedules/interventions/closures";
        let (status, body) = app.post(closures, &admin.token, json!({"first_day": "2027-02-10", "last_day": "2027-02-09", "reason": "x"})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["errors"][0]["field"], "last_day");
        let (status, body) = app.post(closures, &admin.token, json!({"first_day": "2027-02-10", "reason": "  "})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["errors"][0]["field"], "reason");
        let (status, body) = app.post(closures, &admin.token, json!({"first_day": "10/02/2027", "reason": "x"})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["errors"][0]["field"], "first_day");
        let (status, _) = app.post(closures, &agent.token, json!({"first_day": "2027-02-10", "reason": "x"})).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _) = app.post("/api/v1/schedules/helpdesk/closures", &admin.token, json!({"first_day": "2027-02-10", "reason": "x"})).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (_, list) = app.get("/api/v1/schedules/interventions/closures?year=2027", &admin.token).await;
        assert!(list["items"].as_array().unwrap().iter().all(|i| i["kind"] != "closure"), "nothing stored: {list}");
    }

    async fn admins_change_hours_and_others_cannot(app) {
        let admin = app.user(Role::Admin, None).await;
        let agent = app.user(Role::Agent, None).await;
        let org = app.organization("Acme").await;
        let customer_admin = app.user(Role::CustomerAdmin, Some(&org)).await;
        let (_, before) = app.get("/api/v1/schedules/interventions", &admin.token).await;
        let longer_friday = json!([{"start": "09:00", "end": "12:00"}, {"start": "13:00", "end": "16:00"}]);

        for token in [&agent.token, &customer_admin.token] {
            let (status, body) = put(&app, "/api/v1/schedules/interventions", token, seeded_body(longer_friday.clone())).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        }
        let (_, unchanged) = app.get("/api/v1/schedules/interventions", &admin.token).await;
        assert_eq!(unchanged, before, "nothing changed");

        let (status, updated) = put(&app, "/api/v1/schedules/interventions", &admin.token, seeded_body(longer_friday.clone())).await;
        assert_eq!(status, StatusCode::OK, "{updated}");
        assert_eq!(updated["weekly_hours"]["friday"], longer_friday);
        let (_, status_body) = app.get("/api/v1/schedules/interventions/status?at=2026-12-04T15:45:00%2B01:00", &agent.token).await;
        assert_eq!(status_body["open"], true, "open until 16:00 now");
        let (_, phone) = app.get("/api/v1/schedules/phone", &agent.token).await;
        assert_eq!(phone["weekly_hours"]["friday"], json!([{"start": "09:00", "end": "12:00"}]), "the other schedule is untouched");

        let (status, _) = put(&app, "/api/v1/schedules/helpdesk", &admin.token, seeded_body(longer_friday)).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }

    async fn bad_weekly_hours_are_refused_naming_the_interval_and_nothing_changes(app) {
        let admin = app.user(Role::Admin, None).await;
        let (_, before) = app.get("/api/v1/schedules/phone", &admin.token).await;
        let cases = [
            (
                seeded_body(json!([{"start": "09:00", "end": "12:00"}, {"start": "11:00", "end": "15:30"}])),
                "weekly_hours.friday[1]",
                "overlap",
            ),
            (
                seeded_body(json!([{"start": "15:30", "end": "13:00"}])),
                "weekly_hours.friday[0]",
                "end_not_after_start",
            ),
            (
                seeded_body(json!([{"start": "13:00", "end": "15:30"}, {"start": "09:00", "end": "12:00"}])),
                "weekly_hours.friday[1]",
                "unsorted",
            ),
            (
                seeded_body(json!([{"start": "09:00", "end": "25:00"}])),
                "weekly_hours.friday[0].end",
                "invalid_type",
            ),
        ];
        for (body, field, code) in cases {
            let (status, problem) = put(&app, "/api/v1/schedules/phone", &admin.token, body).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
            assert_eq!(problem["errors"][0]["field"], field, "{problem}");
            assert_eq!(problem["errors"][0]["code"], code, "{problem}");
        }
        let mut bad_zone = seeded_body(workday());
        bad_zone["time_zone"] = json!("Europe/Bruxelles");
        let (status, problem) = put(&app, "/api/v1/schedules/phone", &admin.token, bad_zone).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(problem["errors"][0]["field"], "time_zone");
        let mut typo = seeded_body(workday());
        typo["weekly_hours"]["fryday"] = workday();
        let (status, problem) = put(&app, "/api/v1/schedules/phone", &admin.token, typo).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(problem["errors"][0]["code"], "unknown_field", "{problem}");

        let (_, after) = app.get("/api/v1/schedules/phone", &admin.token).await;
        assert_eq!(after, before, "nothing changed");
    }

    async fn bad_query_parameters_are_refused_naming_the_parameter(app) {
        let org = app.organization("Acme").await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        let slots = "/api/v1/schedules/interventions/slots";
        let cases = [
            ("/api/v1/schedules/interventions/status?at=tomorrow".to_owned(), "at"),
            ("/api/v1/schedules/interventions/closures?year=twenty".to_owned(), "year"),
            ("/api/v1/schedules/interventions/closures?year=99999".to_owned(), "year"),
            (format!("{slots}?to=2027-02-11&minutes=60"), "from"),
            (format!("{slots}?from=2027-02-09&minutes=60"), "to"),
            (format!("{slots}?from=2027-02-09&to=2027-02-11"), "minutes"),
            (format!("{slots}?from=2027-02-09&to=2027-02-11&minutes=0"), "minutes"),
            (format!("{slots}?from=2027-02-09&to=2027-02-11&minutes=sixty"), "minutes"),
            (format!("{slots}?from=9-2-2027&to=2027-02-11&minutes=60"), "from"),
            (format!("{slots}?from=2027-02-11&to=2027-02-09&minutes=60"), "to"),
            (format!("{slots}?from=2027-01-01&to=2027-06-30&minutes=60"), "to"),
            (format!("{slots}?from=2027-02-09&to=2027-02-11&minutes=60&agent=jan"), "agent"),
            (format!("{slots}?from=2027-02-09&to=2027-02-11&minutes=60&agent={}", customer.id()), "agent"),
            (format!("{slots}?from=2027-02-09&to=2027-02-11&minutes=60&agent={}", uuid::Uuid::new_v4()), "agent"),
        ];
        for (path, parameter) in cases {
            let (status, problem) = app.get(&path, &customer.token).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{path}: {problem}");
            assert_eq!(problem["code"], "invalid_parameter");
            assert_eq!(problem["errors"][0]["field"], parameter, "{path}: {problem}");
        }
        for path in [
            "/api/v1/schedules/helpdesk",
            "/api/v1/schedules/helpdesk/status",
            "/api/v1/schedules/helpdesk/closures",
            "/api/v1/schedules/helpdesk/slots?from=2027-02-09&to=2027-02-11&minutes=60",
        ] {
            let (status, problem) = app.get(path, &customer.token).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
            assert_eq!(problem["detail"], "schedule not found");
        }
        let (status, _) = app.call(Method::GET, "/api/v1/schedules/interventions/status", None, None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }

    async fn slots_never_fall_in_lunch_or_after_friday_closing(app) {
        let org = app.organization("Acme").await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        let agent = app.user(Role::Agent, None).await;
        // A winter week: Brussels is UTC+1 throughout.
        let brussels = FixedOffset::east_opt(3600).unwrap();
        let path = format!(
            "/api/v1/schedules/interventions/slots?from=2026-11-30&to=2026-12-06&minutes=30&agent={}",
            agent.id()
        );
        let (status, body) = app.get(&path, &customer.token).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["agent"], agent.id().to_string());
        let slots = body["slots"].as_array().unwrap();
        // Mon–Thu: 3 h + 3.5 h on a 15-minute grid; Friday 3 h + 2.5 h.
        assert_eq!(slots.len(), 4 * (11 + 13) + (11 + 9), "{body}");
        for slot in slots {
            let start = instant(&slot["start"]).with_timezone(&brussels);
            let end = instant(&slot["end"]).with_timezone(&brussels);
            assert_eq!(end - start, chrono::TimeDelta::minutes(30));
            let minutes = |t: DateTime<FixedOffset>| t.hour() * 60 + t.minute();
            let (start_m, end_m) = (minutes(start), minutes(end));
            assert!(!matches!(start.weekday(), Weekday::Sat | Weekday::Sun), "{start}");
            assert!(start_m >= 9 * 60, "{start}");
            assert!(end_m <= 12 * 60 || start_m >= 13 * 60, "no slot in lunch: {start}–{end}");
            let closing = if start.weekday() == Weekday::Fri { 15 * 60 + 30 } else { 16 * 60 + 30 };
            assert!(end_m <= closing, "{start}–{end}");
        }
        let friday_last = slots.iter().map(|s| instant(&s["end"])).max().unwrap();
        assert_eq!(friday_last, instant(&json!("2026-12-04T14:30:00Z")), "Friday ends at 15:30");
    }
}

fn day<'a>(days: &'a Value, date: &str) -> &'a Value {
    days["days"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["date"] == date)
        .unwrap_or_else(|| panic!("{date} in {days}"))
}

fn hours(day: &Value) -> Vec<(String, String)> {
    day["hours"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["from"].as_str().unwrap().to_owned(),
                h["to"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

on_both_databases! {
    async fn days_show_their_hours_and_why_they_are_closed_in_the_callers_language(app) {
        let admin = app.user(Role::Admin, None).await;
        let org = app.organization("Dagen").await;
        let customer = app.user(Role::Customer, Some(&org)).await;
        let (status, _) = app.post("/api/v1/schedules/interventions/closures", &admin.token, json!({"first_day": "2027-01-04", "reason": "Inventaris"})).await;
        assert_eq!(status, StatusCode::CREATED);

        let path = "/api/v1/schedules/interventions/days?from=2026-12-21&to=2027-01-08";
        let (status, days) = get_in(&app, path, &customer.token, "en").await;
        assert_eq!(status, StatusCode::OK, "{days}");
        assert_eq!(days["language"], "en");
        let list = days["days"].as_array().unwrap();
        assert_eq!(list.len(), 19, "every day from the first to the last");
        assert_eq!(list[0]["date"], "2026-12-21");
        assert_eq!(list[18]["date"], "2027-01-08");
        let monday = day(&days, "2026-12-21");
        assert_eq!(monday["open"], true);
        assert!(monday["closed_reason"].is_null());
        assert_eq!(hours(monday), [("09:00".into(), "12:00".into()), ("13:00".into(), "16:30".into())], "a split day");
        let friday = day(&days, "2027-01-08");
        assert_eq!(hours(friday), [("09:00".into(), "12:00".into()), ("13:00".into(), "15:30".into())]);
        let christmas = day(&days, "2026-12-25");
        assert_eq!(christmas["open"], false);
        assert!(hours(christmas).is_empty());
        assert_eq!(christmas["closed_reason"]["kind"], "christmas_closure");
        assert_eq!(christmas["closed_reason"]["name"], "Christmas closure");
        assert_eq!(day(&days, "2027-01-01")["closed_reason"]["kind"], "christmas_closure");
        let saturday = day(&days, "2027-01-02");
        assert_eq!(saturday["closed_reason"]["kind"], "weekend");
        assert_eq!(saturday["closed_reason"]["name"], "Weekend");
        let closure = day(&days, "2027-01-04");
        assert_eq!(closure["closed_reason"]["kind"], "closure");
        assert_eq!(closure["closed_reason"]["name"], "Inventaris");
        // Closed exactly on the days the year's listing and the weekly hours close.
        for entry in list {
            let date = entry["date"].as_str().unwrap();
            let weekday = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap().weekday();
            let in_closure = ("2026-12-25"..="2027-01-01").contains(&date) || date == "2027-01-04";
            let weekend = matches!(weekday, Weekday::Sat | Weekday::Sun);
            assert_eq!(entry["open"], !(in_closure || weekend), "{entry}");
            assert_eq!(entry["closed_reason"].is_null(), entry["open"] == true, "{entry}");
        }
        // The reason reads as the status explains it at that moment.
        let (_, status_then) = get_in(&app, "/api/v1/schedules/interventions/status?at=2027-01-04T10:00:00%2B01:00", &customer.token, "en").await;
        assert_eq!(closure["closed_reason"]["description"], status_then["reason"]["message"]);

        let (_, dutch) = get_in(&app, "/api/v1/schedules/interventions/days?from=2027-03-29&to=2027-03-29", &customer.token, "nl").await;
        assert_eq!(dutch["language"], "nl");
        let easter = &dutch["days"][0];
        assert_eq!(easter["closed_reason"]["kind"], "holiday");
        assert_eq!(easter["closed_reason"]["name"], "Paasmaandag");
        let (_, english) = get_in(&app, "/api/v1/schedules/interventions/days?from=2027-03-29&to=2027-03-29", &customer.token, "en").await;
        assert_eq!(english["days"][0]["closed_reason"]["name"], "Easter Monday");
        let (_, christmas_nl) = get_in(&app, "/api/v1/schedules/interventions/days?from=2026-12-28&to=2026-12-28", &customer.token, "nl").await;
        assert_eq!(christmas_nl["days"][0]["closed_reason"]["name"], "Kerstsluiting");

        // The phone line closes on Friday at noon.
        let (_, phone) = get_in(&app, "/api/v1/schedules/phone/days?from=2027-01-08&to=2027-01-08", &customer.token, "en").await;
        assert_eq!(hours(&phone["days"][0]), [("09:00".to_owned(), "12:00".to_owned())]);
    }

    async fn a_bad_period_is_refused_naming_the_field(app) {
        let agent = app.user(Role::Agent, None).await;
        let base = "/api/v1/schedules/interventions/days";
        for (query, field) in [
            ("", "from"),
            ("?from=2027-01-01", "to"),
            ("?to=2027-01-01", "from"),
            ("?from=2027-02-30&to=2027-03-01", "from"),
            ("?from=2027-01-01&to=tomorrow", "to"),
            ("?from=2027-01-10&to=2027-01-09", "to"),
            ("?from=2027-01-01&to=2027-03-04", "to"),
            ("?from=0001-01-01&to=0001-01-02", "from"),
        ] {
            let (status, problem) = app.get(&format!("{base}{query}"), &agent.token).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{query}: {problem}");
            assert_eq!(problem["errors"][0]["field"], field, "{query}: {problem}");
        }
        let (status, longest) = app.get(&format!("{base}?from=2027-01-01&to=2027-03-03"), &agent.token).await;
        assert_eq!(status, StatusCode::OK, "62 days: {longest}");
        assert_eq!(longest["days"].as_array().unwrap().len(), 62);
        let (status, _) = app.get("/api/v1/schedules/nowhere/days?from=2027-01-01&to=2027-01-02", &agent.token).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
}

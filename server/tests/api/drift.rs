//! Drift over the API: double bookings answer `conflicts`, and the weekly
//! numbers come back as JSON for the touchpoint's own token.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::spawn_app;

#[tokio::test]
async fn a_conflicting_booking_answers_its_conflicts() {
    let app = spawn_app().await;
    app.setup().await;
    let (_, token) = app.touchpoint("Bookings", "scheduling", "sample").await;
    let book = |id: &str, from: &str, to: &str| {
        json!({"output": format!("Booked {id}"), "external_id": id,
               "booking": {"resource": "Chair 1", "starts_at": from, "ends_at": to}})
    };
    let first: Value = app
        .api_post("/api/v1/outputs", &token, &book("a", "2026-11-27T10:00:00Z", "2026-11-27T11:00:00Z"))
        .await
        .json()
        .await
        .unwrap();
    assert!(first.get("conflicts").is_none(), "no clash, no field: {first}");
    let resp =
        app.api_post("/api/v1/outputs", &token, &book("b", "2026-11-27T10:30:00Z", "2026-11-27T11:30:00Z")).await;
    assert_eq!(resp.status(), StatusCode::CREATED);
    let second: Value = resp.json().await.unwrap();
    assert_eq!(second["conflicts"], json!([first["id"]]));
}

#[tokio::test]
async fn weekly_numbers_come_back_for_the_touchpoints_own_token() {
    let app = spawn_app().await;
    app.setup().await;
    let (_, token) = app.touchpoint("Replies", "email", "sample").await;
    for i in 0..3 {
        let out = json!({"output": format!("Reply {i}"), "produced_at": "2026-11-24T10:00:00Z", "external_id": format!("r{i}")});
        assert_eq!(app.api_post("/api/v1/outputs", &token, &out).await.status(), StatusCode::CREATED);
    }
    domain::sampling::draw_week(&app.db().await, "2026-W48".parse().unwrap()).await.unwrap();
    let url = format!("{}/api/v1/touchpoint/weeks", app.address);
    let body: Value = app.client.get(&url).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
    let week = &body["weeks"][0];
    assert_eq!(
        (week["week"].as_str(), week["outputs"].as_i64(), week["sampled"].as_i64()),
        (Some("2026-W48"), Some(3), Some(3))
    );
    assert_eq!((week["reviewed"].as_i64(), week["failure_rate"].is_null()), (Some(0), true));
    assert_eq!(week["inspection"], "normal");
    for key in ["failures", "wilson_low", "wilson_high", "ucl", "cusum"] {
        assert!(week.get(key).is_some(), "{key} is always present");
    }
    let refused = app.client.get(&url).bearer_auth("slt_nope").send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
}

/// Posts `n` outputs of `model` into `week` through the API, draws the week
/// and gives the first `failures` a fail, the rest a pass.
async fn reviewed_week(app: &crate::helpers::TestApp, token: &str, week: &str, n: usize, model: &str, failures: usize) {
    let start =
        week.parse::<domain::sampling::Week>().unwrap().bounds(Default::default()).0 + chrono::Duration::hours(10);
    let outputs: Vec<Value> = (0..n)
        .map(|i| {
            json!({"output": format!("Reply {i}"), "model": model, "external_id": format!("{week}-{i}"),
                        "produced_at": (start + chrono::Duration::minutes(i as i64)).to_rfc3339()})
        })
        .collect();
    let resp = app.api_post("/api/v1/outputs/batch", token, &json!({"outputs": outputs})).await;
    assert_eq!(resp.status(), StatusCode::OK);
    let db = app.db().await;
    domain::sampling::draw_week(&db, week.parse().unwrap()).await.unwrap();
    let owner = domain::users::get(&db, 1).await.unwrap();
    let mut given = 0;
    while let Some(item) = domain::reviews::next_item(&db, owner.id).await.unwrap() {
        let verdict = if given < failures { "fail" } else { "pass" };
        let input =
            domain::reviews::VerdictInput { verdict: verdict.into(), note: "checked".into(), ..Default::default() };
        domain::reviews::submit(&db, &owner, item, input).await.unwrap();
        given += 1;
    }
}

#[tokio::test]
async fn the_touchpoint_page_charts_a_model_change_and_the_bad_week_after_it() {
    let app = spawn_app().await;
    app.setup().await;
    let (id, token) = app.touchpoint("Replies", "email", "sample").await;
    for (w, failures) in (40..48).zip([0, 1, 0, 0, 1, 0, 0, 0]) {
        reviewed_week(&app, &token, &format!("2026-W{w}"), 20, "gpt-4o", failures).await;
    }
    reviewed_week(&app, &token, "2026-W48", 20, "gpt-5-mini", 11).await;
    domain::drift::detect::run(&app.db().await, chrono::Utc::now()).await.unwrap();
    let page = app.get(&format!("/touchpoints/{id}")).await.text().await.unwrap();
    assert!(page.contains("model changed: gpt-4o → gpt-5-mini"), "the chart marks the change");
    assert!(page.contains("point point-out"), "the bad week is drawn as a quality alert");
    assert!(page.contains("Quality alerts in: 2026-W48."), "the chart's text description says so too");
    assert!(
        page.contains("2026-W48: 20 outputs, 20 checked of 20 in the random sample"),
        "the week's outputs and checks in words"
    );
    assert!(page.contains("Before and after the model change"));
    assert!(page.contains("badge inspection-tightened"));
    let home = app.get("/").await.text().await.unwrap();
    assert!(home.contains("Replies") && home.contains("passed"), "the dashboard lists it with its pass rate");
}

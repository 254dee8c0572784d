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
    let first: Value = app.api_post("/api/v1/outputs", &token, &book("a", "2026-11-27T10:00:00Z", "2026-11-27T11:00:00Z")).await.json().await.unwrap();
    assert!(first.get("conflicts").is_none(), "no clash, no field: {first}");
    let resp = app.api_post("/api/v1/outputs", &token, &book("b", "2026-11-27T10:30:00Z", "2026-11-27T11:30:00Z")).await;
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
    assert_eq!((week["week"].as_str(), week["outputs"].as_i64(), week["sampled"].as_i64()), (Some("2026-W48"), Some(3), Some(3)));
    assert_eq!((week["reviewed"].as_i64(), week["failure_rate"].is_null()), (Some(0), true));
    assert_eq!(week["inspection"], "normal");
    for key in ["failures", "wilson_low", "wilson_high", "ucl", "cusum"] {
        assert!(week.get(key).is_some(), "{key} is always present");
    }
    let refused = app.client.get(&url).bearer_auth("slt_nope").send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
}

//! The weekly "Spot check ready" email's links: /review/next opens the
//! first item waiting for whoever follows it, `?run=5` a short run of five,
//! and a logged-out person comes back to it after logging in.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{logged_in, spawn_app};

fn location(resp: &reqwest::Response) -> String {
    resp.headers().get("location").map(|l| l.to_str().unwrap().to_string()).unwrap_or_default()
}

#[tokio::test]
async fn the_weekly_email_opens_the_first_waiting_item_or_a_short_run() {
    let app = spawn_app().await;
    app.setup().await;
    let (_, token) = app.touchpoint("Replies", "email", "sample").await;
    let last_week = chrono::Utc::now() - chrono::Duration::days(7);
    for i in 0..12 {
        let body = json!({"output": format!("Reply {i}"), "external_id": format!("w{i}"), "produced_at": last_week.to_rfc3339()});
        assert_eq!(app.api_post("/api/v1/outputs", &token, &body).await.status(), StatusCode::CREATED);
    }
    let db = app.db().await;
    domain::jobs::run_due(&db, chrono::Utc::now()).await.unwrap();
    let data: String = sqlx::query_scalar("SELECT data_json FROM email_outbox WHERE dedupe_key LIKE 'queue-ready:%'")
        .fetch_one(&db)
        .await
        .unwrap();
    let email: Value = serde_json::from_str(&data).unwrap();
    assert_eq!(email["link"], "/review/next");
    assert_eq!(email["also"]["link"], "/review/next?run=5");
    let rendered: domain::mail::Email = serde_json::from_value(json!({"template": "notice", "data": email})).unwrap();
    let r = rendered.render("Spot check ready", "Corner Bakery", "http://sl.test").unwrap();
    assert!(
        r.html.contains("href=\"http://sl.test/review/next?run=5\"")
            && r.text.contains("Review 5 now: http://sl.test/review/next?run=5")
    );

    let progress: Value = app.call("reviews/progress", &[]).await.json().await.unwrap();
    let first = progress["next"].as_i64().expect("a waiting item");
    assert_eq!(location(&app.get("/review/next").await), format!("/review/{first}"));
    assert_eq!(location(&app.get("/review/next?run=5").await), format!("/review/{first}?run=5"));
    assert_eq!(
        location(&app.get("/review/next?run=lots").await),
        format!("/review/{first}"),
        "a bad run is just the queue"
    );

    // Someone else holding the first item is passed over for the next.
    let rita_pw = app.add_member("Rita", "rita@bakery.test", "reviewer").await;
    let rita = logged_in(&app, "rita@bakery.test", &rita_pw).await;
    app.call("reviews/item", &[("id", &first.to_string())]).await;
    let theirs = rita.get(format!("{}/review/next", app.address)).send().await.unwrap();
    let elsewhere = location(&theirs);
    assert!(
        elsewhere.starts_with("/review/") && elsewhere != format!("/review/{first}"),
        "the owner holds it now: {elsewhere}"
    );

    // Logged out: to the login page, then back here.
    let stranger = crate::helpers::new_client();
    let resp = stranger.get(format!("{}/review/next?run=5", app.address)).send().await.unwrap();
    assert_eq!(location(&resp), "/login?next=%2Freview%2Fnext%3Frun%3D5");
}

#[tokio::test]
async fn with_nothing_waiting_the_link_opens_the_queue_page() {
    let app = spawn_app().await;
    app.setup().await;
    assert_eq!(location(&app.get("/review/next?run=5").await), "/review");
}

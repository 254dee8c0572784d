//! After the fact checks: a reviewer marks a finding "not a problem" over
//! HTTP (audited, refused twice), the touchpoint's weekly figures and the
//! monthly review count it, and the owner re-checks recent outputs with
//! progress.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{call_with, logged_in, spawn_app};

#[tokio::test]
async fn a_reviewer_marks_a_finding_not_a_problem_and_the_figures_count_it() {
    let app = spawn_app().await;
    app.setup().await;
    app.call(
        "facts/update",
        &[("input[currency]", "GBP"), ("input[prices]", "Sourdough loaf, 5.20"), ("input[forbidden]", "refund")],
    )
    .await;
    let (tp, token) = app.touchpoint("Replies", "email", "sample").await;
    let produced = (chrono::Utc::now() - chrono::Duration::hours(1)).to_rfc3339();
    let bad = "A sourdough loaf is £4.50 and we will refund you.";
    let resp = app.api_post("/api/v1/outputs", &token, &json!({"output": bad, "produced_at": produced})).await;
    assert_eq!(resp.status(), StatusCode::CREATED);

    let rita_pw = app.add_member("Rita", "rita@bakery.test", "reviewer").await;
    let rita = logged_in(&app, "rita@bakery.test", &rita_pw).await;
    let progress: Value = call_with(&rita, &app.address, "reviews/progress", &[]).await.json().await.unwrap();
    let item = progress["next"].as_i64().unwrap().to_string();
    let opened: Value = call_with(&rita, &app.address, "reviews/item", &[("id", &item)]).await.json().await.unwrap();
    let findings = opened["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 2, "{opened}");
    assert_eq!((findings[0]["check"].as_str(), findings[0]["dismissed"].is_null()), (Some("price"), true));
    let price = findings[0]["id"].as_i64().unwrap().to_string();

    let mark = [("id", price.as_str()), ("note", "the customer asked about last year's price")];
    let resp = call_with(&rita, &app.address, "findings/dismiss", &mark).await;
    assert_eq!(resp.status(), StatusCode::OK);
    let resp = call_with(&rita, &app.address, "findings/dismiss", &mark).await;
    assert_eq!(resp.status(), StatusCode::CONFLICT, "marked once; the first reason stands");
    let resp = call_with(&rita, &app.address, "findings/dismiss", &[("id", "999"), ("note", "")]).await;
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    let long = "x".repeat(1001);
    let resp = call_with(&rita, &app.address, "findings/dismiss", &[("id", &price), ("note", &long)]).await;
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let opened: Value = call_with(&rita, &app.address, "reviews/item", &[("id", &item)]).await.json().await.unwrap();
    assert_eq!(opened["findings"][0]["dismissed"]["by"], "Rita");
    assert_eq!(opened["findings"][0]["dismissed"]["note"], "the customer asked about last year's price");
    call_with(
        &rita,
        &app.address,
        "reviews/verdict",
        &[("item_id", &item), ("verdict", "fail"), ("note", "promised a refund")],
    )
    .await;

    let log: Value = app.call("audit/list", &[]).await.json().await.unwrap();
    assert!(
        log.as_array().unwrap().iter().any(|e| e["action"] == "finding.dismiss" && e["actor"] == "rita@bakery.test"),
        "{log}"
    );

    // The touchpoint's figures: the price finding was not a problem, the
    // promise one was confirmed by the failed review.
    let view: Value = app.call("touchpoints/get", &[("id", &tp.to_string())]).await.json().await.unwrap();
    let weeks = view["check_weeks"].as_array().unwrap();
    assert_eq!(weeks.len(), 8);
    let this = weeks.last().unwrap();
    assert_eq!(this["outputs"], 1);
    assert_eq!(
        this["counts"],
        json!([
            {"check": "price", "flagged": 1, "confirmed": 0, "dismissed": 1},
            {"check": "promise", "flagged": 1, "confirmed": 1, "dismissed": 0}
        ])
    );
    let page = app.get(&format!("/touchpoints/{tp}")).await.text().await.unwrap();
    assert!(page.contains("What the checks flagged") && page.contains("data-testid=\"check-weeks\""));

    let month = chrono::Utc::now().format("%Y-%m").to_string();
    let review: Value = app.call("monthly/get", &[("month", &month)]).await.json().await.unwrap();
    assert_eq!(
        review["touchpoints"][0]["findings"],
        json!([
            "Prices: 1 flagged, 0 confirmed, 1 not a problem",
            "Promises and services: 1 flagged, 1 confirmed, 0 not a problem"
        ])
    );
}

#[tokio::test]
async fn the_owner_rechecks_the_last_four_weeks_and_sees_it_finish() {
    let app = spawn_app().await;
    app.setup().await;
    let (_, token) = app.touchpoint("Replies", "email", "sample").await;
    let produced = (chrono::Utc::now() - chrono::Duration::days(2)).to_rfc3339();
    for (i, text) in ["A baguette is £3.10.", "A baguette is £2.50."].iter().enumerate() {
        let body = json!({"output": text, "produced_at": produced, "external_id": format!("r{i}")});
        assert_eq!(app.api_post("/api/v1/outputs", &token, &body).await.status(), StatusCode::CREATED);
    }
    let none: Value = app.call("facts/recheck_status", &[]).await.json().await.unwrap();
    assert!(none.is_null());
    app.call("facts/update", &[("input[currency]", "GBP"), ("input[prices]", "Baguette, 2.50")]).await;

    let started = app.call("facts/recheck", &[]).await;
    assert_eq!(started.status(), StatusCode::OK);
    let started: Value = started.json().await.unwrap();
    assert_eq!(started["total"], 2);
    let mut status = Value::Null;
    for _ in 0..100 {
        status = app.call("facts/recheck_status", &[]).await.json().await.unwrap();
        if !status["finished_at"].is_null() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!((status["done"].as_i64(), status["newly_flagged"].as_i64()), (Some(2), Some(1)), "{status}");
    let progress: Value = app.call("reviews/progress", &[]).await.json().await.unwrap();
    assert_eq!(progress["total"], 1, "the newly flagged output waits for review: {progress}");
    let page = app.get("/settings/facts").await.text().await.unwrap();
    assert!(page.contains("Re-checked 2 outputs"), "the page shows the result");
}

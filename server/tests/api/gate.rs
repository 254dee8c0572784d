//! The approval gate's server functions over HTTP: each refusal is the right
//! status with a message, and changes nothing.

use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{call_with, logged_in, new_client, spawn_app, TestApp};

async fn decide(app: &TestApp, client: &Client, id: &str, decision: &str, reason: &str) -> (StatusCode, String) {
    let fields = [("id", id), ("decision", decision), ("edited_text", ""), ("reason", reason)];
    let resp = call_with(client, &app.address, "approvals/decide", &fields).await;
    (resp.status(), resp.text().await.unwrap())
}

#[tokio::test]
async fn decisions_by_role_get_the_right_answers() {
    let app = spawn_app().await;
    app.setup().await;
    let rita_pw = app.add_member("Rita", "rita@bakery.test", "reviewer").await;
    let ravi_pw = app.add_member("Ravi", "ravi@bakery.test", "reviewer").await;
    let sam_pw = app.add_member("Sam", "sam@bakery.test", "senior").await;
    let (tp, token) = app.touchpoint("Quotes", "finance", "gate").await;
    let sent: Value = app.api_post("/api/v1/outputs", &token, &json!({"output": "£450"})).await.json().await.unwrap();
    let id = sent["id"].to_string();
    let (rita, ravi, sam) = (
        logged_in(&app, "rita@bakery.test", &rita_pw).await,
        logged_in(&app, "ravi@bakery.test", &ravi_pw).await,
        logged_in(&app, "sam@bakery.test", &sam_pw).await,
    );

    assert_eq!(decide(&app, &new_client(), &id, "approve", "").await.0, StatusCode::UNAUTHORIZED);
    let (status, body) = decide(&app, &rita, &id, "reject", "").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a rejection needs a reason: {body}");
    assert!(body.contains("\"field\":\"reason\""), "{body}");
    assert_eq!(decide(&app, &rita, &id, "approve", "").await, (StatusCode::OK, "\"awaiting_senior\"".into()));
    assert_eq!(decide(&app, &rita, &id, "approve", "").await.0, StatusCode::CONFLICT, "approving twice");
    let (status, body) = decide(&app, &ravi, &id, "approve", "").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a reviewer cannot give the final approval: {body}");
    assert!(body.contains("needs a senior or an owner"), "{body}");
    assert_eq!(decide(&app, &sam, &id, "approve", "").await, (StatusCode::OK, "\"approved\"".into()));
    assert_eq!(decide(&app, &sam, &id, "reject", "too late").await.0, StatusCode::CONFLICT, "not pending any more");

    // Polling shows the outcome to the tool.
    let polled: Value = app
        .client
        .get(format!("{}/api/v1/outputs/{id}", app.address))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        (polled["status"].as_str(), polled["approval"]["reviewers"].clone()),
        (Some("approved"), json!(["Rita", "Sam"]))
    );

    // Gate settings are the owner's: a reviewer is refused, a bad URL is named.
    let tp = tp.to_string();
    let settings = |url: &'static str| {
        vec![
            ("id", tp.clone()),
            ("second_signoff", "on".into()),
            ("callback_url", url.to_string()),
            ("escalate_after_hours", "4".into()),
            ("hard_timeout_hours", "".into()),
            ("timeout_action", "hold".into()),
        ]
    };
    let as_pairs = |v: &Vec<(&'static str, String)>| v.iter().map(|(k, v)| (*k, v.clone())).collect::<Vec<_>>();
    let resp = rita
        .post(format!("{}/api/gate/update", app.address))
        .form(&as_pairs(&settings("https://tool.example/hook")))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    let resp = app
        .client
        .post(format!("{}/api/gate/update", app.address))
        .form(&as_pairs(&settings("ftp://tool.example/")))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(resp.text().await.unwrap().contains("callback_url"));
    let resp = app
        .client
        .post(format!("{}/api/gate/update", app.address))
        .form(&as_pairs(&settings("https://tool.example/hook")))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(resp.text().await.unwrap().contains("whsec_"), "the secret is shown once");

    // Alerts are for seniors and owners.
    assert_eq!(call_with(&rita, &app.address, "alerts/list", &[]).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(call_with(&sam, &app.address, "alerts/list", &[]).await.status(), StatusCode::OK);
}

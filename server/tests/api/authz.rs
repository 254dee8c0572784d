//! One table of who may call what — every server function and API route —
//! walked for every role: logged out, reviewer, senior, owner, and a token
//! of another touchpoint. Refused calls are 401/403; allowed ones are never
//! refused for their role (they may still say 404 or 422 about the dummy
//! input, never a 5xx).

use reqwest::{Client, StatusCode};
use serde_json::json;

use crate::helpers::{call_with, new_client, spawn_app};

#[derive(Clone, Copy, PartialEq, PartialOrd, Debug)]
enum Level {
    Anyone,
    Reviewer,
    Senior,
    Owner,
}

/// (endpoint under /api/, form fields, the least role that may call it)
type Row = (&'static str, &'static [(&'static str, &'static str)], Level);

const TABLE: &[Row] = &[
    ("timezones", &[], Level::Anyone),
    ("session", &[], Level::Anyone),
    ("password_reset_available", &[], Level::Anyone),
    ("password_reset_link_live", &[("token", "not-a-link")], Level::Anyone),
    ("request_password_reset", &[("email", "nobody@bakery.test")], Level::Anyone),
    (
        "reset_password",
        &[("token", "not-a-link"), ("password", "long-enough-1"), ("password_again", "long-enough-2")],
        Level::Anyone,
    ),
    ("decision_link/get", &[("t", "sld_not-a-link")], Level::Anyone),
    ("decision_link/use", &[("t", "sld_not-a-link"), ("reason", "")], Level::Anyone),
    ("approvals/list", &[], Level::Reviewer),
    ("approvals/get", &[("id", "999")], Level::Reviewer),
    (
        "approvals/decide",
        &[("id", "999"), ("decision", "approve"), ("edited_text", ""), ("reason", "")],
        Level::Reviewer,
    ),
    ("dashboard/waiting", &[], Level::Reviewer),
    ("dashboard/overview", &[], Level::Reviewer),
    ("monthly/state", &[], Level::Reviewer),
    ("touchpoints/list", &[("include_retired", "false")], Level::Reviewer),
    ("touchpoints/get", &[("id", "999")], Level::Reviewer),
    ("touchpoints/connect", &[("touchpoint_id", "999")], Level::Reviewer),
    ("reviews/progress", &[], Level::Reviewer),
    ("reviews/item", &[("id", "999")], Level::Reviewer),
    ("reviews/verdict", &[("item_id", "999"), ("verdict", "pass")], Level::Reviewer),
    ("imports/status", &[("id", "999")], Level::Reviewer),
    ("imports/reading", &[("id", "999"), ("delimiter", "semicolon"), ("date_order", "")], Level::Reviewer),
    ("outputs/paste", &[("touchpoint_id", "999"), ("output", "hello")], Level::Reviewer),
    ("alerts/list", &[], Level::Senior),
    ("alerts/acknowledge", &[("id", "999"), ("note", "")], Level::Senior),
    ("outbox/list", &[], Level::Owner),
    ("outbox/retry", &[("id", "999")], Level::Owner),
    ("monthly/get", &[("month", "2026-11")], Level::Owner),
    (
        "monthly/decide",
        &[("month", "2026-11"), ("touchpoint_id", "999"), ("decision", "keep"), ("note", "")],
        Level::Owner,
    ),
    ("audit/list", &[], Level::Owner),
    ("audit/chain", &[], Level::Owner),
    ("privacy/forget", &[("email", "nobody@customer.test")], Level::Owner),
    (
        "gate/update",
        &[
            ("id", "999"),
            ("callback_url", ""),
            ("escalate_after_hours", "4"),
            ("hard_timeout_hours", ""),
            ("timeout_action", "hold"),
        ],
        Level::Owner,
    ),
    ("gate/rotate-secret", &[("id", "999")], Level::Owner),
    ("gate/redeliver", &[("delivery_id", "999")], Level::Owner),
    ("team/list", &[], Level::Owner),
    ("team/add", &[("name", "Eve"), ("email", "not-an-email"), ("role", "owner")], Level::Owner),
    ("team/role", &[("id", "999"), ("role", "owner")], Level::Owner),
    ("team/active", &[("id", "999"), ("active", "false")], Level::Owner),
    ("touchpoints/update", &[("id", "999"), ("input[name]", "")], Level::Owner),
    ("touchpoints/create", &[("input[name]", "")], Level::Owner),
    ("touchpoints/stage", &[("id", "999"), ("stage", "pilot"), ("note", "")], Level::Owner),
    ("touchpoints/model-update", &[("id", "999"), ("note", "")], Level::Owner),
    ("touchpoints/rotate-token", &[("id", "999")], Level::Owner),
    ("touchpoints/retire", &[("id", "999")], Level::Owner),
    ("onboarding/templates", &[], Level::Owner),
    ("onboarding/create", &[], Level::Owner),
    ("business/get", &[], Level::Owner),
    ("facts/get", &[], Level::Owner),
    ("facts/update", &[("input[currency]", "GBP")], Level::Owner),
    ("touchpoints/checks", &[("id", "999"), ("automatic", "1")], Level::Owner),
    ("facts/recheck_status", &[], Level::Owner),
    ("facts/recheck", &[], Level::Owner),
    ("findings/dismiss", &[("id", "999"), ("note", "")], Level::Reviewer),
    ("capture/status", &[("touchpoint", "999")], Level::Reviewer),
    ("capture/test-mailbox", &[("touchpoint", "999"), ("input[host]", ""), ("input[tls]", "implicit")], Level::Owner),
    ("capture/subscribe", &[("touchpoint", "999"), ("address", "not an address")], Level::Owner),
    ("capture/stop", &[("touchpoint", "999")], Level::Owner),
    (
        "business/update",
        &[
            ("name", ""),
            ("timezone", "Europe/London"),
            ("week_start", "monday"),
            ("monthly_day", ""),
            ("monthly_hour", ""),
        ],
        Level::Owner,
    ),
];

async fn walk(address: &str, client: &Client, who: &str, level: Option<Level>) {
    for (endpoint, fields, needs) in TABLE {
        let status = call_with(client, address, endpoint, fields).await.status();
        let allowed = level.is_some_and(|l| l >= *needs) || *needs == Level::Anyone;
        if allowed {
            assert!(
                status != StatusCode::UNAUTHORIZED && status != StatusCode::FORBIDDEN,
                "{who} may call {endpoint}, got {status}"
            );
        } else {
            let expected = if level.is_none() { StatusCode::UNAUTHORIZED } else { StatusCode::FORBIDDEN };
            assert_eq!(status, expected, "{who} calling {endpoint}");
        }
        assert!(status.as_u16() < 500, "{who} calling {endpoint} got {status}");
    }
}

#[tokio::test]
async fn every_server_function_answers_each_role_as_the_table_says() {
    let app = spawn_app().await;
    app.setup().await;
    let reviewer_pw = app.add_member("Rita", "rita@bakery.test", "reviewer").await;
    let senior_pw = app.add_member("Sam", "sam@bakery.test", "senior").await;
    walk(&app.address, &new_client(), "a stranger", None).await;
    for (email, pw, level) in
        [("rita@bakery.test", reviewer_pw, Level::Reviewer), ("sam@bakery.test", senior_pw, Level::Senior)]
    {
        let client = new_client();
        assert_eq!(
            call_with(&client, &app.address, "login", &[("email", email), ("password", &pw)]).await.status(),
            StatusCode::OK
        );
        walk(&app.address, &client, email, Some(level)).await;
    }
    walk(&app.address, &app.client, "the owner", Some(Level::Owner)).await;
    let people: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(&app.db().await).await.unwrap();
    assert_eq!(people, 3, "no refused or dummy call changed the team");
}

#[tokio::test]
async fn api_routes_answer_only_their_own_touchpoints_token() {
    let app = spawn_app().await;
    app.setup().await;
    let (_, mine) = app.touchpoint("Replies", "email", "sample").await;
    let (_, other) = app.touchpoint("Quotes", "finance", "gate").await;
    let sent: serde_json::Value =
        app.api_post("/api/v1/outputs", &mine, &json!({"output": "hello"})).await.json().await.unwrap();
    let id = sent["id"].as_i64().unwrap();
    let get = |token: Option<&str>, path: String| {
        let req = app.client.get(format!("{}{path}", app.address));
        let req = if let Some(t) = token { req.bearer_auth(t) } else { req };
        async move { req.send().await.unwrap().status() }
    };
    assert_eq!(get(Some(&mine), format!("/api/v1/outputs/{id}")).await, StatusCode::OK);
    assert_eq!(
        get(Some(&other), format!("/api/v1/outputs/{id}")).await,
        StatusCode::NOT_FOUND,
        "another touchpoint's token"
    );
    assert_eq!(get(None, format!("/api/v1/outputs/{id}")).await, StatusCode::UNAUTHORIZED);
    assert_eq!(get(None, "/api/v1/touchpoint/weeks".into()).await, StatusCode::UNAUTHORIZED);
    assert_eq!(get(Some("slt_not-a-token"), "/api/v1/touchpoint/weeks".into()).await, StatusCode::UNAUTHORIZED);
    let weeks: serde_json::Value = app
        .client
        .get(format!("{}/api/v1/touchpoint/weeks", app.address))
        .bearer_auth(&other)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(weeks["touchpoint"], "Quotes", "a token only ever sees its own touchpoint");
    for path in ["/api/v1/outputs", "/api/v1/outputs/batch", "/api/v1/check", "/api/v1/messages"] {
        let status = app
            .client
            .post(format!("{}{path}", app.address))
            .json(&json!({"output": "x"}))
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{path} without a token");
    }
    let status = app.client.get(format!("{}/api/v1/openapi.json", app.address)).send().await.unwrap().status();
    assert_eq!(status, StatusCode::OK, "the API description is public");
}

/// The downloads that are not server functions: (path, the least role).
const DOWNLOADS: &[(&str, Level)] = &[("/export/file", Level::Owner), ("/monthly/2026-11/report", Level::Owner)];

#[tokio::test]
async fn downloads_answer_only_owners() {
    let app = spawn_app().await;
    app.setup().await;
    let reviewer_pw = app.add_member("Rita", "rita@bakery.test", "reviewer").await;
    let senior_pw = app.add_member("Sam", "sam@bakery.test", "senior").await;
    let rita = crate::helpers::logged_in(&app, "rita@bakery.test", &reviewer_pw).await;
    let sam = crate::helpers::logged_in(&app, "sam@bakery.test", &senior_pw).await;
    for (path, needs) in DOWNLOADS {
        let stranger = new_client().get(format!("{}{path}", app.address)).send().await.unwrap();
        assert_eq!(stranger.status(), StatusCode::SEE_OTHER, "a stranger at {path}");
        let to = stranger.headers()["location"].to_str().unwrap();
        assert!(to.starts_with("/login?next=%2F"), "{path} sends a stranger to log in and back: {to}");
        for (who, client, level) in
            [("Rita", &rita, Level::Reviewer), ("Sam", &sam, Level::Senior), ("the owner", &app.client, Level::Owner)]
        {
            let status = client.get(format!("{}{path}", app.address)).send().await.unwrap().status();
            let expected = if level >= *needs { StatusCode::OK } else { StatusCode::FORBIDDEN };
            assert_eq!(status, expected, "{who} at {path}");
        }
    }
    // A month that is not one is a 404 naming it, never a 500.
    let resp = app.client.get(format!("{}/monthly/2026-13/report", app.address)).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    assert!(resp.text().await.unwrap().contains("'2026-13' is not a month"));
}

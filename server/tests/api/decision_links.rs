//! One-tap decisions from the sign-off email, over HTTP: each Approve or
//! Reject link works once, for its person only, under every rule of the
//! gate; opening it decides nothing and opens no session; used, expired,
//! altered and someone else's links decide nothing.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{call_with, logged_in, new_client, spawn_app, TestApp};

/// The Approve and Reject tokens in `email`'s sign-off email for output `id`.
async fn tokens_for(app: &TestApp, email: &str, id: i64) -> (String, String) {
    let db = app.db().await;
    let data: String =
        sqlx::query_scalar("SELECT data_json FROM email_outbox WHERE dedupe_key LIKE ? AND to_address = ?")
            .bind(format!("signoff:{id}:%"))
            .bind(email)
            .fetch_one(&db)
            .await
            .unwrap();
    let notice: Value = serde_json::from_str(&data).unwrap();
    assert!(notice["link"].as_str().unwrap().starts_with("sealed:"), "never in clear at rest: {notice}");
    let sealer = domain::sealing::Sealer::for_database(&app.database_url).unwrap();
    let token =
        |sealed: &Value| sealer.open(sealed.as_str().unwrap()).unwrap().trim_start_matches("/decide?t=").to_string();
    assert_eq!(notice["button"], "Approve");
    (token(&notice["link"]), token(&notice["also"]["link"]))
}

struct Shop {
    app: TestApp,
    tp: i64,
    token: String,
    rita: reqwest::Client,
}

async fn shop() -> Shop {
    let app = spawn_app().await;
    app.setup().await;
    app.call("facts/update", &[("input[currency]", "GBP"), ("input[prices]", "Boiler service, 90")]).await;
    let rita_pw = app.add_member("Rita", "rita@bakery.test", "reviewer").await;
    app.add_member("Sam", "sam@bakery.test", "senior").await;
    let (tp, token) = app.touchpoint("Quotes", "finance", "gate").await;
    let rita = logged_in(&app, "rita@bakery.test", &rita_pw).await;
    Shop { app, tp, token, rita }
}

impl Shop {
    /// A held output with Rita's first approval: now awaiting a senior.
    async fn awaiting_senior(&self, text: &str) -> i64 {
        let sent: Value =
            self.app.api_post("/api/v1/outputs", &self.token, &json!({"output": text})).await.json().await.unwrap();
        let id = sent["id"].as_i64().unwrap();
        let fields =
            [("id", id.to_string()), ("decision", "approve".into()), ("edited_text", "".into()), ("reason", "".into())];
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let resp = call_with(&self.rita, &self.app.address, "approvals/decide", &fields).await;
        assert_eq!(resp.text().await.unwrap(), "\"awaiting_senior\"");
        id
    }

    async fn use_link(&self, client: &reqwest::Client, token: &str, reason: &str) -> (StatusCode, String) {
        let resp = call_with(client, &self.app.address, "decision_link/use", &[("t", token), ("reason", reason)]).await;
        (resp.status(), resp.text().await.unwrap())
    }

    async fn state_of(&self, token: &str) -> Value {
        let resp = call_with(&new_client(), &self.app.address, "decision_link/get", &[("t", token)]).await;
        resp.json().await.unwrap()
    }
}

#[tokio::test]
async fn a_senior_approves_from_the_email_once_and_only_as_themselves() {
    let s = shop().await;
    let id = s.awaiting_senior("A boiler service is £75.").await;
    let (approve, _) = tokens_for(&s.app, "sam@bakery.test", id).await;
    let (olive_approve, olive_reject) = tokens_for(&s.app, crate::helpers::OWNER_EMAIL, id).await;
    assert_ne!(approve, olive_approve, "each person has links of their own");

    // Opening the link (as a mail scanner would) shows it and decides nothing; no session.
    let phone = new_client();
    let page = phone.get(format!("{}/decide?t={approve}", s.app.address)).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK, "no login needed");
    assert!(page.headers().get("set-cookie").is_none(), "it opens no session");
    assert!(page.headers().get("content-security-policy").is_some());
    let shown = s.state_of(&approve).await;
    assert_eq!(
        (shown["state"].as_str(), shown["decision"].as_str(), shown["person"].as_str()),
        (Some("ready"), Some("approve"), Some("Sam"))
    );
    assert_eq!(shown["output"], "A boiler service is £75.");
    assert_eq!(shown["findings"][0]["check"], "price", "the fact checks' findings are shown");
    assert_eq!(shown["gate"]["state"], "awaiting_senior");

    // Logged in as someone else: told so, nothing decided.
    let (status, body) = s.use_link(&s.rita, &approve, "").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert!(body.contains("logged in as someone else"), "{body}");
    assert_eq!(s.state_of(&approve).await["state"], "ready", "the link is still unused");

    let (status, body) = s.use_link(&phone, &approve, "").await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "\"approved\""));
    let log: Value = s.app.call("audit/list", &[]).await.json().await.unwrap();
    assert!(
        log.as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "output.approve" && e["actor"] == "sam@bakery.test (from email)"),
        "{log}"
    );
    let db = s.app.db().await;
    let hooks: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM approvals WHERE output_id = ? AND final = 1")
        .bind(id)
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(hooks, 1, "one decision");

    // A second tap, the owner's links for the same output, an altered link: nothing.
    assert_eq!(s.use_link(&phone, &approve, "").await.0, StatusCode::CONFLICT);
    assert_eq!(
        s.state_of(&approve).await,
        json!({"state": "used", "decision": null, "person": null, "output_id": null, "touchpoint": null, "output": null, "findings": [], "gate": null, "rule": null, "expires_at": null})
    );
    let late = s.state_of(&olive_approve).await;
    assert_eq!(late["gate"]["state"], "approved", "a decision someone else made is shown");
    let (status, body) = s.use_link(&phone, &olive_reject, "too late").await;
    assert_eq!(status, StatusCode::CONFLICT, "not repeated: {body}");
    let last = if olive_approve.ends_with('0') { '1' } else { '0' };
    let altered = format!("{}{last}", &olive_approve[..olive_approve.len() - 1]);
    assert_eq!(s.state_of(&altered).await["state"], "unknown");
    assert_eq!(s.use_link(&phone, &altered, "").await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_rejection_needs_its_reason_expired_links_refuse_and_two_taps_decide_once() {
    let s = shop().await;
    let id = s.awaiting_senior("A boiler service is £90.").await;
    let (_, reject) = tokens_for(&s.app, "sam@bakery.test", id).await;
    let phone = new_client();
    let (status, body) = s.use_link(&phone, &reject, "").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(s.state_of(&reject).await["state"], "ready", "a refused decision leaves the link unused");

    let tablet = new_client();
    let (a, b) =
        tokio::join!(s.use_link(&phone, &reject, "wrong customer"), s.use_link(&tablet, &reject, "wrong customer"));
    let oks = [a.0, b.0].iter().filter(|c| **c == StatusCode::OK).count();
    assert_eq!(oks, 1, "two taps at once decide once: {a:?} {b:?}");

    let id = s.awaiting_senior("Another quote: £90.").await;
    let (approve, _) = tokens_for(&s.app, "sam@bakery.test", id).await;
    let db = s.app.db().await;
    sqlx::query("UPDATE decision_links SET expires_at = ? WHERE token_hash = ?")
        .bind(chrono::Utc::now() - chrono::Duration::minutes(1))
        .bind(domain::tokens::hash(&approve))
        .execute(&db)
        .await
        .unwrap();
    assert_eq!(s.state_of(&approve).await["state"], "expired");
    let (status, body) = s.use_link(&phone, &approve, "").await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(body.contains("expired"), "{body}");
}

#[tokio::test]
async fn a_reviewers_link_cannot_give_the_senior_sign_off() {
    let s = shop().await;
    let id = s.awaiting_senior("A boiler service is £90.").await;
    let db = s.app.db().await;
    s.app.add_member("Ravi", "ravi@bakery.test", "reviewer").await;
    let ravi: i64 =
        sqlx::query_scalar("SELECT id FROM users WHERE email = 'ravi@bakery.test'").fetch_one(&db).await.unwrap();
    let mut conn = db.acquire().await.unwrap();
    let token =
        domain::gate::links::issue(&mut conn, ravi, id, "approve", chrono::Utc::now() + chrono::Duration::hours(1))
            .await
            .unwrap();
    drop(conn);
    let (status, body) = s.use_link(&new_client(), &token, "").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert!(body.contains("needs a senior or an owner"), "{body}");
}

#[tokio::test]
async fn an_owner_can_require_a_logged_in_decision_every_time() {
    let s = shop().await;
    let tp = s.tp.to_string();
    let form = [
        ("id", tp.as_str()),
        ("second_signoff", "on"),
        ("callback_url", ""),
        ("escalate_after_hours", "4"),
        ("hard_timeout_hours", ""),
        ("timeout_action", "hold"),
    ];
    assert_eq!(s.app.call("gate/update", &form).await.status(), StatusCode::OK);
    let page = s.app.get(&format!("/touchpoints/{tp}")).await.text().await.unwrap();
    assert!(page.contains("Decisions are made logged in"), "the touchpoint page says which applies");
    let id = s.awaiting_senior("A boiler service is £90.").await;
    let db = s.app.db().await;
    let data: String = sqlx::query_scalar(
        "SELECT data_json FROM email_outbox WHERE dedupe_key LIKE ? AND to_address = 'sam@bakery.test'",
    )
    .bind(format!("signoff:{id}:%"))
    .fetch_one(&db)
    .await
    .unwrap();
    let notice: Value = serde_json::from_str(&data).unwrap();
    assert_eq!((notice["link"].clone(), notice["also"].clone()), (json!(format!("/approvals/{id}")), Value::Null));
    let links: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM decision_links WHERE output_id = ?")
        .bind(id)
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(links, 0);
}

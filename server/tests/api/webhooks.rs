//! Webhooks end to end: the real server binary posts a final decision to a
//! receiver on loopback; the signature is checked with an HMAC written here
//! from the definition (RFC 2104), not the server's library.

use domain::touchpoints::Validate as _;

use std::{
    sync::{Arc, Mutex},
    time::Duration,
};

use axum::{extract::State, http::HeaderMap, routing::post, Router};
use chrono::Utc;
use domain::{
    gate::{self, DecisionInput, GateSettingsInput},
    touchpoints::TouchpointInput,
    users::{self, NewUser, Role},
    Actor, Db,
};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::helpers::start_binary;

/// HMAC-SHA256 by the book: H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ m)).
fn hmac_sha256(key: &[u8], message: &[u8]) -> String {
    let mut block = [0u8; 64];
    if key.len() > 64 {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let inner: Vec<u8> = block.iter().map(|b| b ^ 0x36).chain(message.iter().copied()).collect();
    let outer: Vec<u8> = block.iter().map(|b| b ^ 0x5c).chain(Sha256::digest(&inner)).collect();
    hex::encode(Sha256::digest(&outer))
}

/// (status answered, signature header, timestamp header, body)
pub(crate) type Seen = (u16, String, String, String);

#[derive(Clone, Default)]
pub(crate) struct Receiver {
    pub(crate) seen: Arc<Mutex<Vec<Seen>>>,
    fail_first: usize,
}

async fn receive(State(r): State<Receiver>, headers: HeaderMap, body: String) -> axum::http::StatusCode {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    let mut seen = r.seen.lock().unwrap();
    let status = if seen.len() < r.fail_first { 503 } else { 204 };
    seen.push((status, header("x-secondlook-signature"), header("x-secondlook-timestamp"), body));
    axum::http::StatusCode::from_u16(status).unwrap()
}

pub(crate) async fn start_receiver(fail_first: usize) -> (String, Receiver) {
    let receiver = Receiver { fail_first, ..Default::default() };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    let app = Router::new().route("/hook", post(receive)).with_state(receiver.clone());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, receiver)
}

struct Shop {
    db: Db,
    url: String,
    token: String,
    secret: String,
    _dir: tempfile::TempDir,
}

/// A business with a gated high-stakes touchpoint whose callback is `hook`.
async fn shop(hook: &str) -> Shop {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/hooks.db", dir.path().display());
    let db = domain::db::open_and_migrate(&url).await.unwrap();
    let setup = domain::business::Setup {
        business_name: "Bakery".into(),
        timezone: "Europe/London".into(),
        owner_email: "olive@bakery.test".into(),
        owner_name: "Olive".into(),
        owner_password: "long-enough-pw".into(),
        ..Default::default()
    };
    let owner = domain::business::setup(&db, &Actor::Cli, setup).await.unwrap();
    for (email, role) in [("rita@bakery.test", Role::Reviewer), ("sam@bakery.test", Role::Senior)] {
        let new = NewUser { email: email.into(), name: email[..3].into(), role, password: "long-enough-pw".into() };
        users::create(&db, &Actor::Cli, new).await.unwrap();
    }
    let input = TouchpointInput {
        name: "Quotes".into(),
        kind: "finance".into(),
        policy: "gate".into(),
        stakes: "high".into(),
        ..Default::default()
    };
    let created = domain::touchpoints::create(&db, &Actor::Cli, input.validate().unwrap()).await.unwrap();
    let settings = GateSettingsInput {
        second_signoff: true,
        callback_url: hook.into(),
        escalate_after_hours: "4".into(),
        ..Default::default()
    };
    // The server finds the same key file beside the database.
    let sealer = domain::sealing::Sealer::for_database(&url).unwrap();
    let secret =
        gate::update_settings(&db, &sealer, &owner.actor(), created.touchpoint.id, settings).await.unwrap().unwrap();
    let stored: String = sqlx::query_scalar("SELECT webhook_secret FROM touchpoints").fetch_one(&db).await.unwrap();
    assert!(stored.starts_with("sealed:v1:") && !stored.contains(&secret), "the secret is sealed at rest");
    Shop { db, url, token: created.token, secret, _dir: dir }
}

impl Shop {
    /// Rita approves, then Sam signs off with an edit.
    async fn approve_twice(&self, id: i64) {
        let by = |email: &str| {
            let db = self.db.clone();
            let email = email.to_string();
            async move { users::list(&db).await.unwrap().into_iter().find(|u| u.email == email).unwrap() }
        };
        let sealer = domain::sealing::Sealer::for_database(&self.url).unwrap();
        let links = gate::Links { sealer: &sealer, valid_for: chrono::Duration::hours(24) };
        let first = DecisionInput { decision: "approve".into(), ..Default::default() };
        gate::decide(&self.db, &links, &by("rita@bakery.test").await, id, first).await.unwrap();
        let second = DecisionInput {
            decision: "approve".into(),
            edited_text: "£450 including VAT".into(),
            ..Default::default()
        };
        gate::decide(&self.db, &links, &by("sam@bakery.test").await, id, second).await.unwrap();
    }
}

async fn post_output(address: &str, token: &str) -> i64 {
    let resp = reqwest::Client::new()
        .post(format!("{address}/api/v1/outputs"))
        .bearer_auth(token)
        .json(&json!({"output": "£450", "external_id": "quote-7"}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 201);
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["status"], "pending");
    body["id"].as_i64().unwrap()
}

async fn wait_for(receiver: &Receiver, n: usize) {
    for _ in 0..200 {
        if receiver.seen.lock().unwrap().len() >= n {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the receiver got {} requests, expected {n}", receiver.seen.lock().unwrap().len());
}

fn check_signed(secret: &str, seen: &[(u16, String, String, String)]) -> Value {
    for (_, signature, timestamp, body) in seen {
        assert_eq!(signature, &format!("sha256={}", hmac_sha256(secret.as_bytes(), body.as_bytes())));
        let parsed: Value = serde_json::from_str(body).unwrap();
        assert_eq!(parsed["timestamp"].to_string(), *timestamp, "the signed body carries the timestamp header");
        assert!((Utc::now().timestamp() - timestamp.parse::<i64>().unwrap()).abs() < 60);
    }
    serde_json::from_str(&seen.last().unwrap().3).unwrap()
}

#[test]
fn the_independent_hmac_matches_rfc_4231() {
    assert_eq!(
        hmac_sha256(b"Jefe", b"what do ya want for nothing?"),
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    );
}

#[tokio::test]
async fn a_receiver_that_fails_twice_gets_exactly_one_successful_signed_delivery() {
    let (hook, receiver) = start_receiver(2).await;
    let shop = shop(&hook).await;
    let (mut server, address) = start_binary(&shop.url, &[("SECONDLOOK_WEBHOOK_FIRST_RETRY_SECS", "1")]);
    let id = post_output(&address, &shop.token).await;
    shop.approve_twice(id).await;

    wait_for(&receiver, 3).await;
    tokio::time::sleep(Duration::from_secs(3)).await; // long enough for a wrong fourth attempt
    let seen = receiver.seen.lock().unwrap().clone();
    assert_eq!(
        seen.iter().map(|s| s.0).collect::<Vec<_>>(),
        [503, 503, 204],
        "retried until the 2xx, then never again"
    );
    let body = check_signed(&shop.secret, &seen);
    assert_eq!(body["id"], id);
    assert_eq!(body["external_id"], "quote-7");
    assert_eq!(body["decision"], "approved_with_edits");
    assert_eq!(body["text_to_send"], "£450 including VAT");
    assert_eq!(body["reviewers"], json!(["rit", "sam"]));

    // Polling tells the same story.
    let polled: Value = reqwest::Client::new()
        .get(format!("{address}/api/v1/outputs/{id}"))
        .bearer_auth(&shop.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(polled["status"], "approved");
    assert_eq!(polled["approval"]["text_to_send"], "£450 including VAT");
    let attempts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM webhook_attempts").fetch_one(&shop.db).await.unwrap();
    assert_eq!(attempts, 3, "every attempt is logged");
    server.kill().unwrap();
    server.wait().unwrap();
}

#[tokio::test]
async fn a_restart_in_the_middle_of_retries_loses_nothing_and_sends_nothing_twice() {
    let (hook, receiver) = start_receiver(1).await;
    let shop = shop(&hook).await;
    let retry = [("SECONDLOOK_WEBHOOK_FIRST_RETRY_SECS", "2")];
    let (mut server, address) = start_binary(&shop.url, &retry);
    let id = post_output(&address, &shop.token).await;
    shop.approve_twice(id).await;
    wait_for(&receiver, 1).await;
    server.kill().unwrap(); // SIGKILL while the retry is pending
    server.wait().unwrap();

    let (mut server, _) = start_binary(&shop.url, &retry);
    wait_for(&receiver, 2).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let seen = receiver.seen.lock().unwrap().clone();
    assert_eq!(seen.iter().map(|s| s.0).collect::<Vec<_>>(), [503, 204]);
    check_signed(&shop.secret, &seen);
    server.kill().unwrap();
    server.wait().unwrap();

    // A third start sends nothing more.
    let (mut server, _) = start_binary(&shop.url, &retry);
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(receiver.seen.lock().unwrap().len(), 2);
    server.kill().unwrap();
    server.wait().unwrap();
}

//! Losing nothing and sending nothing twice when the server is killed
//! (SIGKILL) in the middle of people's decisions: review verdicts, final
//! approvals (each with its webhook) and first approvals (each with a
//! sign-off email). After a restart every acknowledged decision is there,
//! every decision has its webhook or email (never half-written), every
//! webhook reaches the tool, and no email arrives twice.

use domain::touchpoints::Validate as _;

use std::{
    collections::HashMap,
    process::Command,
    sync::{
        atomic::{AtomicUsize, Ordering},
        Arc,
    },
    time::Duration,
};

use domain::{
    business::{self, Setup},
    gate::{self, GateSettingsInput},
    touchpoints::{self, TouchpointInput},
    users::{self, NewUser, Role},
    Actor, Db,
};
use reqwest::Client;
use serde_json::json;

use super::{
    helpers::{new_client, start_binary, BIN},
    smtp_sink::Sink,
    webhooks::start_receiver,
};

const PASSWORD: &str = "rise-and-shine-42";
const EACH: usize = 600;

struct Install {
    _dir: tempfile::TempDir,
    url: String,
    db: Db,
    /// (touchpoint name, ingest token)
    tokens: Vec<(&'static str, String)>,
}

async fn touchpoint(db: &Db, name: &str, policy: &str, stakes: &str) -> (i64, String) {
    let input = TouchpointInput {
        name: name.into(),
        kind: "finance".into(),
        policy: policy.into(),
        stakes: stakes.into(),
        ..Default::default()
    };
    let created = touchpoints::create(db, &Actor::Cli, input.validate().unwrap()).await.unwrap();
    (created.touchpoint.id, created.token)
}

async fn install(hook: &str) -> Install {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/decisions.db", dir.path().display());
    let db = domain::db::open_and_migrate(&url).await.unwrap();
    let setup = Setup {
        business_name: "Bakery".into(),
        timezone: "Europe/London".into(),
        week_start: String::new(),
        owner_email: "olive@bakery.test".into(),
        owner_name: "Olive".into(),
        owner_password: PASSWORD.into(),
    };
    let owner = business::setup(&db, &Actor::Cli, setup).await.unwrap();
    let sam =
        NewUser { email: "sam@bakery.test".into(), name: "Sam".into(), role: Role::Senior, password: PASSWORD.into() };
    users::create(&db, &Actor::Cli, sam).await.unwrap();
    let (quotes, quotes_token) = touchpoint(&db, "Quotes", "gate", "low").await;
    let (_, offers_token) = touchpoint(&db, "Offers", "gate", "high").await;
    let (_, notes_token) = touchpoint(&db, "Notes", "sample", "low").await;
    let sealer = domain::sealing::Sealer::for_database(&url).unwrap();
    let hook_settings =
        GateSettingsInput { callback_url: hook.into(), escalate_after_hours: "4".into(), ..Default::default() };
    gate::update_settings(&db, &sealer, &owner.actor(), quotes, hook_settings).await.unwrap();
    let tokens = vec![("Quotes", quotes_token), ("Offers", offers_token), ("Notes", notes_token)];
    Install { _dir: dir, url, db, tokens }
}

/// Sends EACH outputs to every touchpoint; returns their ids by touchpoint.
async fn ingest(address: &str, tokens: &[(&'static str, String)]) -> HashMap<&'static str, Vec<i64>> {
    let mut ids = HashMap::new();
    for (name, token) in tokens {
        let outputs: Vec<_> = (0..EACH)
            .map(|i| json!({"output": format!("{name} {i}"), "produced_at": "2026-10-01T10:00:00Z"}))
            .collect();
        let resp = Client::new()
            .post(format!("{address}/api/v1/outputs/batch"))
            .bearer_auth(token)
            .json(&json!({"outputs": outputs}))
            .send()
            .await
            .unwrap();
        let body: serde_json::Value = resp.json().await.unwrap();
        ids.insert(*name, body["results"].as_array().unwrap().iter().map(|r| r["id"].as_i64().unwrap()).collect());
    }
    ids
}

/// Calls `endpoint` with each field set in turn; returns the ids whose call
/// was acknowledged (2xx) before the server died. `progress` counts them.
async fn stream(
    client: Client,
    address: String,
    endpoint: &'static str,
    ids: Vec<i64>,
    fields: fn(i64) -> Vec<(&'static str, String)>,
    progress: Arc<AtomicUsize>,
) -> Vec<i64> {
    let mut acked = Vec::new();
    for id in ids {
        match client.post(format!("{address}/api/{endpoint}")).form(&fields(id)).send().await {
            Ok(r) if r.status().is_success() => {
                acked.push(id);
                progress.fetch_add(1, Ordering::SeqCst);
            }
            Ok(r) => panic!("{endpoint} {id} answered {}: {}", r.status(), r.text().await.unwrap_or_default()),
            Err(_) => break, // the server is gone
        }
    }
    acked
}

async fn count(db: &Db, sql: &str, id: i64) -> i64 {
    sqlx::query_scalar(sql).bind(id).fetch_one(db).await.unwrap()
}

/// Waits until the outbox and the webhook queue have nothing left to send.
async fn drained(db: &Db) {
    for _ in 0..450 {
        let waiting: i64 = sqlx::query_scalar(
            "SELECT (SELECT COUNT(*) FROM email_outbox WHERE state = 'pending') + (SELECT COUNT(*) FROM webhook_deliveries WHERE state = 'pending')",
        )
        .fetch_one(db)
        .await
        .unwrap();
        if waiting == 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let waiting: Vec<(String, i64, Option<String>)> = sqlx::query_as(
        "SELECT 'email ' || dedupe_key, attempts, last_error FROM email_outbox WHERE state = 'pending'
         UNION ALL SELECT 'webhook ' || id, attempts, last_error FROM webhook_deliveries WHERE state = 'pending'",
    )
    .fetch_all(db)
    .await
    .unwrap();
    panic!("the outbox and webhook queue did not drain within 90 s: {waiting:?}");
}

fn message_ids(sink: &Sink) -> Vec<String> {
    sink.all()
        .iter()
        .filter_map(|m| m.lines().find_map(|l| l.strip_prefix("Message-ID: ")).map(str::to_string))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_mid_decisions_loses_nothing_and_sends_nothing_twice() {
    let sink = Sink::start().await;
    let (hook, receiver) = start_receiver(0).await;
    let i = install(&hook).await;
    let env = [("SECONDLOOK_SMTP_URL", sink.url.as_str()), ("SECONDLOOK_WEBHOOK_FIRST_RETRY_SECS", "1")];
    let (mut server, address) = start_binary(&i.url, &env);
    let ids = ingest(&address, &i.tokens).await;
    let drawn = Command::new(BIN)
        .args(["sample", "--week", "2026-W40"])
        .env("SECONDLOOK_DATABASE_URL", &i.url)
        .output()
        .unwrap();
    assert!(drawn.status.success(), "{}", String::from_utf8_lossy(&drawn.stderr));
    let items: Vec<i64> = sqlx::query_scalar("SELECT id FROM review_items ORDER BY id").fetch_all(&i.db).await.unwrap();
    assert!(items.len() >= 20, "a sample to review ({} items)", items.len());

    let owner = new_client();
    let login = owner
        .post(format!("{address}/api/login"))
        .form(&[("email", "olive@bakery.test"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert!(login.status().is_success());
    let approve = |id: i64| {
        vec![
            ("id", id.to_string()),
            ("decision", "approve".into()),
            ("edited_text", String::new()),
            ("reason", String::new()),
        ]
    };
    let pass = |id: i64| vec![("item_id", id.to_string()), ("verdict", "pass".into())];
    let progress: Vec<Arc<AtomicUsize>> = (0..3).map(|_| Arc::default()).collect();
    let streams = [
        tokio::spawn(stream(
            owner.clone(),
            address.clone(),
            "approvals/decide",
            ids["Quotes"].clone(),
            approve,
            progress[0].clone(),
        )),
        tokio::spawn(stream(
            owner.clone(),
            address.clone(),
            "approvals/decide",
            ids["Offers"].clone(),
            approve,
            progress[1].clone(),
        )),
        tokio::spawn(stream(
            owner.clone(),
            address.clone(),
            "reviews/verdict",
            items.clone(),
            pass,
            progress[2].clone(),
        )),
    ];
    // Once every stream is under way, kill at a moment that differs from run to run.
    for _ in 0..400 {
        if progress.iter().all(|p| p.load(Ordering::SeqCst) >= 5) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let wait =
        (std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos() % 400) as u64;
    tokio::time::sleep(Duration::from_millis(wait)).await;
    server.kill().unwrap(); // SIGKILL
    server.wait().unwrap();
    let mut acked = Vec::new();
    for s in streams {
        acked.push(s.await.unwrap());
    }
    let [final_approvals, first_approvals, verdicts] = [&acked[0], &acked[1], &acked[2]];
    assert!(
        !final_approvals.is_empty() && !first_approvals.is_empty() && !verdicts.is_empty(),
        "decisions were under way ({wait} ms)"
    );
    assert!(final_approvals.len() < EACH || first_approvals.len() < EACH, "the kill came mid-stream ({wait} ms)");

    // Straight after the crash: everything acknowledged is there, whole.
    let check: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(&i.db).await.unwrap();
    assert_eq!(check, "ok");
    for id in final_approvals {
        assert_eq!(
            count(&i.db, "SELECT COUNT(*) FROM approvals WHERE output_id = ? AND final = 1", *id).await,
            1,
            "final approval of {id}"
        );
    }
    for id in first_approvals {
        assert_eq!(
            count(&i.db, "SELECT COUNT(*) FROM approvals WHERE output_id = ? AND final = 0", *id).await,
            1,
            "first approval of {id}"
        );
    }
    for id in verdicts {
        assert_eq!(
            count(&i.db, "SELECT COUNT(*) FROM verdicts WHERE review_item_id = ?", *id).await,
            1,
            "verdict on item {id}"
        );
    }
    // Never half-written: each decision stored (acknowledged or not) has its webhook or email.
    let unpaired: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM approvals a WHERE a.final = 1 AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.output_id = a.output_id))
              + (SELECT COUNT(*) FROM webhook_deliveries d WHERE NOT EXISTS (SELECT 1 FROM approvals a WHERE a.output_id = d.output_id AND a.final = 1))
              + (SELECT COUNT(*) FROM approvals a WHERE a.final = 0 AND NOT EXISTS (SELECT 1 FROM email_outbox e WHERE e.dedupe_key LIKE 'signoff:' || a.output_id || ':%'))",
    )
    .fetch_one(&i.db)
    .await
    .unwrap();
    assert_eq!(unpaired, 0, "every decision and its webhook or email were written together");

    // Restart: the queues drain; every webhook arrives, no email twice.
    let (mut server, _) = start_binary(&i.url, &env);
    drained(&i.db).await;
    let deliveries: Vec<i64> = sqlx::query_scalar("SELECT id FROM webhook_deliveries").fetch_all(&i.db).await.unwrap();
    assert_eq!(
        deliveries.len() as i64,
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM approvals WHERE final = 1").fetch_one(&i.db).await.unwrap()
    );
    let received: Vec<i64> = receiver
        .seen
        .lock()
        .unwrap()
        .iter()
        .map(|(_, _, _, body)| {
            serde_json::from_str::<serde_json::Value>(body).unwrap()["delivery_id"].as_i64().unwrap()
        })
        .collect();
    for d in &deliveries {
        assert!(received.contains(d), "delivery {d} reached the tool");
    }
    let ids_seen = message_ids(&sink);
    let mut unique = ids_seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids_seen.len(), "no email arrived twice");
    let sent: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM email_outbox WHERE state = 'sent'").fetch_one(&i.db).await.unwrap();
    assert!(
        sent as usize <= ids_seen.len() && ids_seen.len() <= sent as usize + 1,
        "sent {sent}, arrived {}",
        ids_seen.len()
    );
    server.kill().unwrap();
    server.wait().unwrap();
}

/// The one moment a crash could double an email: the mail server has the
/// message but the sender died before hearing "250". The next start must
/// not send it again, and must say so.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_email_cut_off_mid_send_is_reported_not_sent_again() {
    let sink = Sink::start().await;
    let (hook, _) = start_receiver(0).await;
    let i = install(&hook).await;
    sink.hold.store(true, std::sync::atomic::Ordering::SeqCst);
    let env = [("SECONDLOOK_SMTP_URL", sink.url.as_str())];
    let (mut server, address) = start_binary(&i.url, &env);
    let id = ingest(&address, &i.tokens[1..2]).await["Offers"][0];
    let owner = new_client();
    owner
        .post(format!("{address}/api/login"))
        .form(&[("email", "olive@bakery.test"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    let first = owner
        .post(format!("{address}/api/approvals/decide"))
        .form(&[
            ("id", id.to_string()),
            ("decision", "approve".into()),
            ("edited_text", String::new()),
            ("reason", String::new()),
        ])
        .send()
        .await
        .unwrap();
    assert!(first.status().is_success(), "{}", first.status());
    for _ in 0..100 {
        if !sink.all().is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(sink.all().len(), 1, "the mail server has the message, unconfirmed");
    server.kill().unwrap();
    server.wait().unwrap();

    sink.hold.store(false, std::sync::atomic::Ordering::SeqCst);
    let (mut server, address) = start_binary(&i.url, &env);
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(sink.all().len(), 1, "not sent a second time");
    // The owner is told, and can send it again.
    let (id, state, error): (i64, String, String) =
        sqlx::query_as("SELECT id, state, last_error FROM email_outbox").fetch_one(&i.db).await.unwrap();
    assert_eq!(state, "failed");
    assert!(error.contains("may or may not have arrived"), "{error}");
    let owner = new_client();
    owner
        .post(format!("{address}/api/login"))
        .form(&[("email", "olive@bakery.test"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    let again = owner.post(format!("{address}/api/outbox/retry")).form(&[("id", id.to_string())]).send().await.unwrap();
    assert!(again.status().is_success(), "{}", again.status());
    for _ in 0..100 {
        if sink.all().len() == 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(sink.all().len(), 2, "sent again when the owner asks");
    assert_eq!(message_ids(&sink)[0], message_ids(&sink)[1], "with the same Message-ID, so it can be recognised");
    server.kill().unwrap();
    server.wait().unwrap();
}

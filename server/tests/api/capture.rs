//! Mailbox capture against a real Dovecot, through the real server binary:
//! the owner connects a mailbox from the touchpoint page's server functions;
//! messages delivered while the server runs (and while it is stopped) become
//! outputs exactly once, with the message they reply to as input; a wrong
//! password or folder is answered in plain words beside its field; the
//! password is in neither the database file nor the log; and a folder whose
//! UIDVALIDITY changes is read again without taking anything twice.

use std::time::Duration;

use reqwest::Client;

use crate::{
    dovecot::{message, Dovecot, PASSWORD, USER},
    helpers::{business_by_cli, cli_owner, start_binary_logged},
};

/// Calls "capture/test-mailbox" as the form does; returns (status, body).
async fn mailbox_form(browser: &Client, address: &str, port: u16, fields: &[(&str, &str)]) -> (u16, String) {
    let port = port.to_string();
    let mut form = vec![
        ("touchpoint", "1"),
        ("host", "127.0.0.1"),
        ("port", port.as_str()),
        ("tls", "plain"),
        ("username", USER),
        ("password", PASSWORD),
        ("folder", "INBOX"),
        ("start", "now"),
        ("since", ""),
        ("intent", "test"),
    ];
    for (k, v) in fields {
        form.iter_mut().find(|(name, _)| name == k).expect("a form field").1 = v;
    }
    // The form's own names: `input[host]` and so on.
    let form: Vec<(String, &str)> = form
        .into_iter()
        .map(|(k, v)| (if ["touchpoint", "intent"].contains(&k) { k.to_string() } else { format!("input[{k}]") }, v))
        .collect();
    let resp = browser.post(format!("{address}/api/capture/test-mailbox")).form(&form).send().await.unwrap();
    (resp.status().as_u16(), resp.text().await.unwrap())
}

async fn outputs(db: &domain::Db) -> Vec<(String, Option<String>, Option<String>, Option<String>)> {
    sqlx::query_as("SELECT external_id, output, input, model FROM outputs WHERE source = 'mailbox' ORDER BY id")
        .fetch_all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|(id, out, input, model): (String, String, Option<String>, Option<String>)| (id, Some(out), input, model))
        .collect()
}

/// Waits longer than one mailbox pace (a minute): a poll that ran just
/// before the messages arrived finds them only at the next one.
async fn wait_for(db: &domain::Db, n: usize) -> Vec<(String, Option<String>, Option<String>, Option<String>)> {
    let patience = domain::capture::MAILBOX_EVERY.to_std().unwrap() + Duration::from_secs(30);
    for _ in 0..patience.as_millis() / 200 {
        let got = outputs(db).await;
        if got.len() >= n {
            return got;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("expected {n} captured outputs, have {:?}", outputs(db).await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connected_mailbox_becomes_outputs_exactly_once() {
    let dovecot = Dovecot::start().await;
    dovecot.append("INBOX", &message("old@shop.example", None, None, "Sent before connecting.")).await;
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/capture.db", dir.path().display());
    business_by_cli(&url, "Europe/London", &["--name", "Replies", "--kind", "email", "--policy", "sample"]);
    let env = [("SECONDLOOK_CAPTURE_TICK_SECS", "1"), ("SECONDLOOK_LOG_LEVEL", "debug"), ("RUST_LOG", "debug")];
    let (mut server, address, log) = start_binary_logged(&url, &env);
    let browser = cli_owner(&address).await;

    // Mistakes are answered beside the field, in plain words; nothing is saved.
    let (status, body) = mailbox_form(&browser, &address, dovecot.port, &[("password", "not-the-password")]).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("\"password\"") && body.contains("refused the user name or password"), "{body}");
    let (status, body) = mailbox_form(&browser, &address, dovecot.port, &[("folder", "Nope")]).await;
    assert!(status == 422 && body.contains("\"folder\"") && body.contains("no folder called"), "{body}");
    let (status, body) =
        mailbox_form(&browser, &address, dovecot.port, &[("host", "imap.example.com"), ("tls", "plain")]).await;
    assert!(status == 422 && body.contains("\"tls\"") && body.contains("only allowed to this machine"), "{body}");
    let (status, body) = mailbox_form(&browser, &address, 1, &[]).await;
    assert!(status == 422 && body.contains("\"host\"") && body.contains("Could not reach"), "{body}");
    let (status, body) = mailbox_form(&browser, &address, dovecot.port, &[]).await;
    assert!(status == 200 && body.contains("holds 1 message"), "{body}");

    // Connected "from now on": the message already there is not taken.
    let (status, body) = mailbox_form(&browser, &address, dovecot.port, &[("intent", "connect")]).await;
    assert!(status == 200 && body.contains("Connected to INBOX"), "{body}");
    let db = domain::db::open(&url).await.unwrap();
    dovecot.append("INBOX", &message("q1@customer.example", None, None, "Do you deliver on Sundays?")).await;
    let reply = "No, we deliver Monday to Saturday.\n\nOn Tue, 1 Dec 2026, Sam wrote:\n> Do you deliver on Sundays?";
    dovecot.append("INBOX", &message("r1@shop.example", Some("q1@customer.example"), Some("draft-2"), reply)).await;
    // The same message copied again is still one output.
    dovecot.append("INBOX", &message("r1@shop.example", Some("q1@customer.example"), Some("draft-2"), reply)).await;
    let got = wait_for(&db, 2).await;
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let got_after = outputs(&db).await;
    assert_eq!(got_after.len(), 2, "a copied message was taken twice: {got_after:?}");
    assert_eq!(got[1].0, "r1@shop.example");
    assert_eq!(got[1].1.as_deref(), Some("No, we deliver Monday to Saturday."));
    assert_eq!(got[1].2.as_deref(), Some("Do you deliver on Sundays?"), "the input is the message it replies to");
    assert_eq!(got[1].3.as_deref(), Some("draft-2"));
    assert!(dovecot.flags("INBOX").await.iter().all(|f| !f.contains("Seen")), "capture marked a message read");

    // A restart: nothing is taken twice, and mail that came meanwhile arrives.
    server.kill().unwrap();
    server.wait().unwrap();
    dovecot.append("INBOX", &message("r2@shop.example", None, None, "Your order has shipped.")).await;
    let (mut server, address, log2) = start_binary_logged(&url, &env);
    let got = wait_for(&db, 3).await;
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(outputs(&db).await.len(), 3, "{got:?}");

    // A folder the server resets (new UIDVALIDITY) is read again, once.
    dovecot.create("Replies").await;
    dovecot.append("Replies", &message("r3@shop.example", None, None, "Thanks for your order.")).await;
    let browser = cli_owner(&address).await;
    let (status, body) = mailbox_form(
        &browser,
        &address,
        dovecot.port,
        &[("intent", "connect"), ("folder", "Replies"), ("start", "date"), ("since", "2020-01-01")],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    wait_for(&db, 4).await;
    dovecot.reset("Replies").await;
    dovecot.append("Replies", &message("r3@shop.example", None, None, "Thanks for your order.")).await;
    dovecot.append("Replies", &message("r4@shop.example", None, None, "See you soon.")).await;
    // The next poll is a minute away: let that minute pass.
    sqlx::query("UPDATE captures SET next_at = '2000-01-01T00:00:00Z'").execute(&db).await.unwrap();
    let got = wait_for(&db, 5).await;
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(outputs(&db).await.len(), 5, "{got:?}");
    let reset: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM capture_log WHERE message LIKE '%UIDVALIDITY changed%'")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(reset, 1);

    // An old folder is taken in steps of 100, the rest shown as still to take.
    dovecot.create("Old").await;
    let old: Vec<String> =
        (0..230).map(|i| message(&format!("old{i}@shop.example"), None, None, &format!("Old reply {i}."))).collect();
    dovecot.append_many("Old", &old).await;
    let (status, body) = mailbox_form(
        &browser,
        &address,
        dovecot.port,
        &[("intent", "connect"), ("folder", "Old"), ("start", "date"), ("since", "2020-01-01")],
    )
    .await;
    assert!(status == 200 && body.contains("100 at a time"), "{body}");
    wait_for(&db, 5 + 230).await;
    let steps: Vec<String> =
        sqlx::query_scalar("SELECT message FROM capture_log WHERE message LIKE 'Took %' ORDER BY id DESC LIMIT 3")
            .fetch_all(&db)
            .await
            .unwrap();
    assert_eq!(
        steps,
        [
            "Took 30 new message(s) from Old.",
            "Took 100 new message(s) from Old. 30 more to take.",
            "Took 100 new message(s) from Old. 130 more to take."
        ]
    );
    let status =
        browser.post(format!("{address}/api/capture/status")).form(&[("touchpoint", "1")]).send().await.unwrap();
    let status: serde_json::Value = status.json().await.unwrap();
    assert!(status["last_ok_at"].is_string() && status["failing_since"].is_null(), "{status}");
    assert!(!status.to_string().contains(PASSWORD));

    server.kill().unwrap();
    server.wait().unwrap();
    db.close().await;
    let mut file = std::fs::read(dir.path().join("capture.db")).unwrap();
    file.extend(std::fs::read(dir.path().join("capture.db-wal")).unwrap_or_default());
    assert!(!file.windows(PASSWORD.len()).any(|w| w == PASSWORD.as_bytes()), "the password is in the database file");
    let log = format!("{}{}", log.lock().unwrap(), log2.lock().unwrap());
    assert!(log.contains("capture"), "the poller logged its work");
    assert!(!log.contains(PASSWORD), "the password is in the log");
}

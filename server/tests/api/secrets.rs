//! Nothing secret reaches the log: a session with passwords, ingest tokens,
//! session cookies and webhook secrets in use, at debug level for every
//! library (RUST_LOG=debug), and then a
//! search of everything the server logged for each of them.

use reqwest::{redirect::Policy, Client};
use serde_json::json;

use crate::helpers::{start_binary_logged, BIN};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_log_holds_no_secret() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/secrets.db", dir.path().display());
    let password = "correct-horse-battery-staple";
    let setup = std::process::Command::new(BIN)
        .args([
            "setup",
            "--business",
            "Bakery",
            "--timezone",
            "Europe/London",
            "--owner-email",
            "olive@bakery.test",
            "--owner-name",
            "Olive",
        ])
        .env("SECONDLOOK_DATABASE_URL", &url)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            c.stdin.take().unwrap().write_all(format!("{password}\n").as_bytes())?;
            c.wait()
        })
        .unwrap();
    assert!(setup.success());
    let added = std::process::Command::new(BIN)
        .args(["touchpoint", "add", "--name", "Quotes", "--kind", "finance", "--policy", "gate", "--json"])
        .env("SECONDLOOK_DATABASE_URL", &url)
        .output()
        .unwrap();
    let token =
        serde_json::from_slice::<serde_json::Value>(&added.stdout).unwrap()["token"].as_str().unwrap().to_string();
    let (mut server, address, log) =
        start_binary_logged(&url, &[("SECONDLOOK_LOG_LEVEL", "debug"), ("RUST_LOG", "debug")]);

    let browser = Client::builder().cookie_store(true).redirect(Policy::none()).build().unwrap();
    let login = browser
        .post(format!("{address}/api/login"))
        .form(&[("email", "olive@bakery.test"), ("password", password)])
        .send()
        .await
        .unwrap();
    let cookie = login
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .split_once('=')
        .unwrap()
        .1
        .to_string();
    assert!(cookie.len() > 20);
    let wrong = browser
        .post(format!("{address}/api/login"))
        .form(&[("email", "olive@bakery.test"), ("password", "wrong-password-typed")])
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    let login = browser
        .post(format!("{address}/api/login"))
        .form(&[("email", "olive@bakery.test"), ("password", password)])
        .send()
        .await
        .unwrap();
    assert!(login.status().is_success() || login.status().is_redirection());
    let gate = browser
        .post(format!("{address}/api/gate/update"))
        .form(&[
            ("id", "1"),
            ("second_signoff", "on"),
            ("callback_url", "http://127.0.0.1:9/hook"),
            ("escalate_after_hours", "4"),
            ("hard_timeout_hours", ""),
            ("timeout_action", "hold"),
        ])
        .send()
        .await
        .unwrap();
    let secret: Option<String> = gate.json().await.unwrap();
    let secret = secret.expect("the webhook secret is shown once");
    let api = Client::new();
    for i in 0..3 {
        api.post(format!("{address}/api/v1/outputs"))
            .bearer_auth(&token)
            .json(&json!({"output": format!("Quote {i}")}))
            .send()
            .await
            .unwrap();
    }
    api.get(format!("{address}/api/v1/outputs/1")).bearer_auth(&token).send().await.unwrap();
    api.get(format!("{address}/api/v1/touchpoint/weeks"))
        .bearer_auth("slt_wrong-token-for-the-log")
        .send()
        .await
        .unwrap();
    // A password-reset link: requested, then opened (the token is in its query).
    let reset = Client::new()
        .post(format!("{address}/api/request_password_reset"))
        .form(&[("email", "olive@bakery.test")])
        .send()
        .await
        .unwrap();
    assert!(reset.status().is_success(), "{}", reset.status());
    let db = domain::db::open(&url).await.unwrap();
    // The email is queued just after the answer.
    let mut data = None;
    for _ in 0..50 {
        data = sqlx::query_scalar("SELECT data_json FROM email_outbox WHERE dedupe_key LIKE 'password-reset:%'")
            .fetch_optional(&db)
            .await
            .unwrap();
        if data.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let data: String = data.expect("a reset email was queued");
    let link: serde_json::Value = serde_json::from_str(&data).unwrap();
    let link = domain::sealing::Sealer::for_database(&url).unwrap().open(link["link"].as_str().unwrap()).unwrap();
    let reset_token = link.split("token=").nth(1).unwrap().to_string();
    let page = Client::new().get(format!("{address}/reset-password?token={reset_token}")).send().await.unwrap();
    assert!(page.text().await.unwrap().contains("Set password and log in"), "the link is live");
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    server.kill().unwrap();
    server.wait().unwrap();

    let log = log.lock().unwrap().clone();
    assert!(
        log.contains("/api/login") && log.contains("/api/v1/outputs"),
        "every request was logged: {} bytes",
        log.len()
    );
    for (what, secret) in [
        ("password", password),
        ("wrong password", "wrong-password-typed"),
        ("ingest token", token.as_str()),
        ("session cookie", cookie.as_str()),
        ("webhook secret", secret.as_str()),
        ("unknown token", "slt_wrong-token-for-the-log"),
        ("password-reset token", reset_token.as_str()),
    ] {
        assert!(!log.contains(secret), "the {what} appears in the log");
    }
}

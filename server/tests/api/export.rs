//! The export, through the real server and the real binary: every output
//! with its whole story, each field as stored; the formula guard; filters;
//! the audit log with its hashes; and mistakes answered, not a 500.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{business_by_cli, call_with, cli_owner, run_cli, spawn_app, TestApp};

async fn post(app: &TestApp, token: &str, body: Value) -> i64 {
    let resp = app.api_post("/api/v1/outputs", token, &body).await;
    assert_eq!(resp.status(), StatusCode::CREATED);
    resp.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
}

fn rows(bytes: &[u8]) -> Vec<csv::StringRecord> {
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "UTF-8 with a byte-order mark");
    let mut r = csv::ReaderBuilder::new().has_headers(false).from_reader(&bytes[3..]);
    r.records().map(|r| r.unwrap()).collect()
}

fn column<'a>(table: &'a [csv::StringRecord], row: usize, name: &str) -> &'a str {
    let i = table[0].iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}"));
    &table[row][i]
}

#[tokio::test]
async fn every_output_exports_with_its_story() {
    let app = spawn_app().await;
    let url = app.database_url.clone();
    business_by_cli(&url, "America/New_York", &["--name", "Replies", "--kind", "other", "--policy", "sample"]);
    let quotes: Value = serde_json::from_slice(&run_cli(
        &url,
        &[
            "touchpoint",
            "add",
            "--name",
            "Quotes",
            "--kind",
            "finance",
            "--stakes",
            "low",
            "--policy",
            "gate",
            "--json",
        ],
        "",
    ))
    .unwrap();
    let db = app.db().await;
    let replies_token: String = {
        // Tokens are shown once; mint a fresh one for Replies.
        let out = run_cli(&url, &["touchpoint", "rotate-token", "1"], "");
        String::from_utf8(out).unwrap().split_whitespace().find(|w| w.starts_with("slt_")).unwrap().to_string()
    };
    let formula = "=HYPERLINK(\"http://evil.example\",\"Click\")";
    let xss = "<script>alert(1)</script> \"quoted\", with a comma\nand a second line";
    let a = post(
        &app,
        &replies_token,
        json!({"output": formula, "input": "+44 20 7946 0123", "produced_at": "2026-11-24T15:00:00Z", "model": "m-1"}),
    )
    .await;
    let b = post(
        &app,
        &replies_token,
        json!({"output": xss, "produced_at": "2026-11-24T16:00:00Z", "external_id": "@ref-1"}),
    )
    .await;
    let c = post(&app, &replies_token, json!({"output": "Late one", "produced_at": "2026-11-26T15:00:00Z"})).await;
    let held = post(
        &app,
        quotes["token"].as_str().unwrap(),
        json!({"output": "£120 for the cake", "produced_at": "2026-11-24T17:00:00Z"}),
    )
    .await;
    run_cli(&url, &["sample", "--week", "2026-W48"], "");

    // A verdict on the first, with a note and a correction.
    let owner = domain::users::get(&db, 1).await.unwrap();
    let item: i64 =
        sqlx::query_scalar("SELECT id FROM review_items WHERE output_id = ?").bind(a).fetch_one(&db).await.unwrap();
    let input = domain::reviews::VerdictInput {
        verdict: "fail".into(),
        categories: vec!["inaccurate".into()],
        checked: vec![],
        note: "-Wrong link".into(),
        corrected_text: "See our menu".into(),
    };
    domain::reviews::submit(&db, &owner, item, input).await.unwrap();
    // The held quote approved in the browser, as its owner would.
    let browser = cli_owner(&app.address).await;
    let id = held.to_string();
    let fields = [("id", id.as_str()), ("decision", "approve"), ("edited_text", ""), ("reason", "")];
    assert_eq!(call_with(&browser, &app.address, "approvals/decide", &fields).await.status(), StatusCode::OK);

    // Everything, as CSV.
    let resp = browser.get(format!("{}/export/file?what=outputs&format=csv", app.address)).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(resp.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(resp.headers()["content-disposition"].to_str().unwrap().contains("secondlook-outputs.csv"));
    let table = rows(&resp.bytes().await.unwrap());
    assert_eq!(table.len(), 5, "a header and four outputs");
    // Compressed on the way (as browsers ask), it still ends cleanly.
    let gz = browser
        .get(format!("{}/export/file?what=outputs&format=csv", app.address))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(gz.headers()["content-encoding"], "gzip");
    assert!(!gz.bytes().await.expect("the whole compressed file arrives").is_empty());
    assert_eq!(table[0].len(), 23);
    let ids: Vec<String> = (1..5).map(|r| column(&table, r, "id").to_string()).collect();
    assert_eq!(ids, [a, b, c, held].map(|i| i.to_string()));
    // Row 1: the formula guarded, every verdict field, times on the business's clock.
    assert_eq!(column(&table, 1, "output"), format!("'{formula}"));
    assert_eq!(column(&table, 1, "input"), "'+44 20 7946 0123");
    assert_eq!(column(&table, 1, "touchpoint"), "Replies");
    assert_eq!(column(&table, 1, "produced_at"), "2026-11-24T10:00:00-05:00");
    assert_eq!(column(&table, 1, "model"), "m-1");
    assert_eq!(column(&table, 1, "checked_because"), "random sample");
    assert_eq!(column(&table, 1, "sample_week"), "2026-W48");
    assert_eq!(column(&table, 1, "verdict"), "fail");
    assert_eq!(column(&table, 1, "reviewer"), "Olive");
    assert!(column(&table, 1, "reviewed_at").ends_with("-05:00"), "{:?}", &table[1]);
    assert_eq!(column(&table, 1, "categories"), "inaccurate");
    assert_eq!(column(&table, 1, "note"), "'-Wrong link");
    assert_eq!(column(&table, 1, "corrected_text"), "See our menu");
    // Row 2: commas, quotes, new lines and markup come back exactly.
    assert_eq!(column(&table, 2, "output"), xss);
    assert_eq!(column(&table, 2, "external_id"), "'@ref-1");
    // Row 4: the approval, who and when, and the time it took.
    let approvals = column(&table, 4, "approvals");
    assert!(approvals.starts_with("approve by Olive at 2026-"), "{approvals}");
    assert_eq!(column(&table, 4, "status"), "approved");
    assert!(column(&table, 4, "minutes_to_decision").parse::<i64>().is_ok());

    // One touchpoint as JSON Lines, from the command line.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("quotes.jsonl");
    let tp = quotes["id"].to_string();
    run_cli(&url, &["export", "--format", "jsonl", "--touchpoint", &tp, "--out", file.to_str().unwrap()], "");
    let text = std::fs::read_to_string(&file).unwrap();
    let lines: Vec<Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["id"], held);
    assert_eq!(lines[0]["approvals"][0]["decision"], "approve");
    assert_eq!(lines[0]["approvals"][0]["final"], true);
    assert_eq!(lines[0]["output"], "£120 for the cake");

    // A date range on the business's clock: 26 November only.
    let resp = browser.get(format!("{}/export/file?from=2026-11-26&to=2026-11-26", app.address)).send().await.unwrap();
    let table = rows(&resp.bytes().await.unwrap());
    assert_eq!(table.len(), 2);
    assert_eq!(column(&table, 1, "id"), c.to_string());

    // The audit log, with the chain's hashes as stored.
    let resp = browser.get(format!("{}/export/file?what=audit&format=csv", app.address)).send().await.unwrap();
    let table = rows(&resp.bytes().await.unwrap());
    let stored: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, hash FROM audit_log ORDER BY id").fetch_all(&db).await.unwrap();
    assert_eq!(table.len(), stored.len() + 1);
    for (row, (id, hash)) in stored.iter().enumerate() {
        assert_eq!(column(&table, row + 1, "id"), id.to_string());
        assert_eq!(column(&table, row + 1, "hash"), hash);
    }
}

#[tokio::test]
async fn export_mistakes_are_answered_beside_the_field() {
    let app = spawn_app().await;
    business_by_cli(&app.database_url, "Europe/London", &["--name", "Replies", "--kind", "other"]);
    let browser = cli_owner(&app.address).await;
    let get = |q: &str| browser.get(format!("{}/export/file?{q}", app.address)).send();
    for (q, field) in [
        ("from=2026-13-01", "from"),
        ("from=2026-11-10&to=2026-11-01", "to"),
        ("format=xlsx", "format"),
        ("what=everything", "what"),
        ("touchpoint=abc", "touchpoint"),
        ("touchpoint=999", "touchpoint"),
    ] {
        let resp = get(q).await.unwrap();
        assert_eq!(resp.status(), StatusCode::SEE_OTHER, "{q}");
        let to = resp.headers()["location"].to_str().unwrap();
        assert!(to.starts_with(&format!("/export?field={field}&error=")), "{q}: {to}");
    }
    // Only owners; logged out goes to the login, coming back here.
    let anyone = crate::helpers::new_client();
    let resp = anyone.get(format!("{}/export/file", app.address)).send().await.unwrap();
    assert!(resp.status().is_redirection());
    assert!(resp.headers()["location"].to_str().unwrap().starts_with("/login?next="));
    let add = ["user", "add", "--email", "rita@bakery.test", "--name", "Rita", "--role", "reviewer"];
    run_cli(&app.database_url, &add, "check-every-week\n");
    let rita = crate::helpers::logged_in(&app, "rita@bakery.test", "check-every-week").await;
    let resp = rita.get(format!("{}/export/file", app.address)).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    // The CLI: one readable line, a non-zero exit.
    let out = std::process::Command::new(crate::helpers::BIN)
        .args(["export", "--from", "yesterday"])
        .env("SECONDLOOK_DATABASE_URL", &app.database_url)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("\"yesterday\" is not a date"), "{err}");
}

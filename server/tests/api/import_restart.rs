//! An import killed mid-way (SIGKILL while it stores its chunks) resumes
//! when the real binary starts again: every row arrives exactly once.

use std::time::Duration;

use reqwest::multipart;

use crate::helpers::{business_by_cli, cli_owner, start_binary};

const ROWS: usize = 60_000;

async fn stored(db: &domain::Db) -> (i64, i64) {
    sqlx::query_as("SELECT COUNT(*), COUNT(DISTINCT external_id) FROM outputs").fetch_one(db).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_import_killed_mid_way_resumes_with_every_row_once() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/import.db", dir.path().display());
    business_by_cli(&url, "Europe/Berlin", &["--name", "Antworten", "--kind", "email", "--policy", "sample"]);
    let (mut server, address) = start_binary(&url, &[]);
    let browser = cli_owner(&address).await;
    // No id column: the resumed rows must be recognised by their place in the file.
    let csv: String = std::iter::once("Erstellt am;Kundenfrage;KI-Antwort".to_string())
        .chain((1..=ROWS).map(|i| format!("01.12.2026 14:30;Frage {i}?;Antwort {i}.")))
        .collect::<Vec<_>>()
        .join("\r\n");
    let form = multipart::Form::new().part("file", multipart::Part::bytes(csv.into_bytes()).file_name("export.csv"));
    let resp = browser.post(format!("{address}/touchpoints/1/import")).multipart(form).send().await.unwrap();
    let location = resp.headers()["location"].to_str().unwrap().to_string();
    let id = location.split("upload=").nth(1).expect("the upload's id").to_string();
    let start = browser
        .post(format!("{address}/api/imports/start"))
        .form(&[
            ("id", id.as_str()),
            ("mapping[output]", "KI-Antwort"),
            ("mapping[input]", "Kundenfrage"),
            ("mapping[produced_at]", "Erstellt am"),
        ])
        .send()
        .await
        .unwrap();
    assert!(start.status().is_success(), "{}", start.text().await.unwrap());
    let db = domain::db::open(&url).await.unwrap();
    for _ in 0..400 {
        if stored(&db).await.0 > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    server.kill().unwrap();
    server.wait().unwrap();
    let at_kill = stored(&db).await.0;
    assert!(at_kill > 0 && (at_kill as usize) < ROWS, "killed mid-way: {at_kill} of {ROWS} stored");

    let (mut server, _address) = start_binary(&url, &[]);
    let mut status = String::new();
    for _ in 0..600 {
        status = sqlx::query_scalar("SELECT status FROM imports WHERE id = ?").bind(&id).fetch_one(&db).await.unwrap();
        if status != "running" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    server.kill().unwrap();
    server.wait().unwrap();
    assert_eq!(status, "done");
    assert_eq!(stored(&db).await, (ROWS as i64, ROWS as i64), "every row once (killed at {at_kill})");
    let first: chrono::DateTime<chrono::Utc> =
        sqlx::query_scalar("SELECT produced_at FROM outputs ORDER BY id LIMIT 1").fetch_one(&db).await.unwrap();
    assert_eq!(first.to_rfc3339(), "2026-12-01T13:30:00+00:00", "14:30 on the business's clock (Berlin)");
}

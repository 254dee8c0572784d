//! Losing nothing: kill the real server with SIGKILL in the middle of a
//! stream of ingests, restart it, and check every acknowledged output is
//! there exactly once.

use std::{
    process::Command,
    sync::{Arc, Mutex},
    time::Duration,
};

use serde_json::json;

use super::helpers::{start_binary as start, BIN};

#[tokio::test]
async fn sigkill_mid_stream_loses_no_acknowledged_output() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/crash.db", dir.path().display());
    let out = Command::new(BIN)
        .args(["touchpoint", "add", "--name", "Replies", "--kind", "email", "--json"])
        .env("SECONDLOOK_DATABASE_URL", &url)
        .output()
        .unwrap();
    let token =
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()["token"].as_str().unwrap().to_string();

    let (mut server, address) = start(&url, &[]);
    let acked = Arc::new(Mutex::new(Vec::<String>::new()));
    let client = reqwest::Client::new();
    let mut writers = Vec::new();
    for w in 0..8 {
        let (client, address, token, acked) = (client.clone(), address.clone(), token.clone(), acked.clone());
        writers.push(tokio::spawn(async move {
            for i in 0.. {
                let external_id = format!("w{w}-{i}");
                let body = json!({"output": format!("reply {external_id}"), "external_id": external_id});
                match client.post(format!("{address}/api/v1/outputs")).bearer_auth(&token).json(&body).send().await {
                    Ok(r) if r.status().is_success() => acked.lock().unwrap().push(external_id),
                    _ => break, // the server is gone
                }
            }
        }));
    }
    // Killed mid-stream: once more than 50 outputs are acknowledged (a
    // fixed sleep was too short on a loaded machine), with a limit.
    for _ in 0..300 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        if acked.lock().unwrap().len() > 50 {
            break;
        }
    }
    server.kill().unwrap(); // SIGKILL
    server.wait().unwrap();
    for w in writers {
        w.await.unwrap();
    }
    let acked = acked.lock().unwrap().clone();
    assert!(acked.len() > 50, "the stream was running when the server died ({} acknowledged)", acked.len());

    // Restart on the same file: it recovers and still serves.
    let (mut server, address) = start(&url, &[]);
    let health = client.get(format!("{address}/healthz")).send().await.unwrap();
    assert_eq!(health.status(), 200);
    let db = domain::db::open(&url).await.unwrap();
    let check: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(&db).await.unwrap();
    assert_eq!(check, "ok");
    for external_id in &acked {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outputs WHERE external_id = ?")
            .bind(external_id)
            .fetch_one(&db)
            .await
            .unwrap();
        assert_eq!(n, 1, "{external_id} was acknowledged, so it must be stored exactly once");
    }
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outputs").fetch_one(&db).await.unwrap();
    // At most one in-flight request per writer may have committed without its answer arriving.
    assert!(
        stored as usize >= acked.len() && stored as usize <= acked.len() + 8,
        "stored {stored}, acknowledged {}",
        acked.len()
    );
    server.kill().unwrap();
    server.wait().unwrap();
}

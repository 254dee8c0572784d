//! The audit log's hash chain through the real binary: intact after real
//! changes; a row edited, or removed, in the SQLite file behind the app's
//! back makes `secondlook audit verify` fail naming it, and the audit page
//! says so.

use std::process::{Command, Stdio};

use crate::helpers::{business_by_cli, cli_owner, run_cli, spawn_app, BIN};

fn verify(url: &str) -> (bool, String) {
    let out = Command::new(BIN)
        .args(["audit", "verify"])
        .env("SECONDLOOK_DATABASE_URL", url)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.success(), text)
}

async fn sql(app: &crate::helpers::TestApp, statement: &str) {
    let db = domain::db::open(&app.database_url).await.unwrap();
    sqlx::query(statement).execute(&db).await.unwrap();
    db.close().await;
}

#[tokio::test]
async fn tampering_with_the_audit_log_is_named() {
    let app = spawn_app().await;
    business_by_cli(&app.database_url, "Europe/London", &["--name", "Replies", "--kind", "email"]);
    for name in ["Chatbot", "Posts", "Invoices"] {
        run_cli(&app.database_url, &["touchpoint", "add", "--name", name, "--kind", "other"], "");
    }
    let (ok, text) = verify(&app.database_url);
    assert!(ok, "{text}");
    let entries: i64 = {
        let db = domain::db::open(&app.database_url).await.unwrap();
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log").fetch_one(&db).await.unwrap()
    };
    assert!(entries >= 5, "setup and four touchpoints are audited");
    assert!(text.contains(&format!("intact: {entries} entries")), "{text}");

    // The page says so too.
    let owner = cli_owner(&app.address).await;
    let page = owner.get(format!("{}/audit", app.address)).send().await.unwrap().text().await.unwrap();
    assert!(page.contains(&format!("all {entries} entries fit their hash chain")), "the audit page shows the chain");

    let db = domain::db::open(&app.database_url).await.unwrap();
    let (actor, prev, hash): (String, String, String) =
        sqlx::query_as("SELECT actor, prev_hash, hash FROM audit_log WHERE id = 3").fetch_one(&db).await.unwrap();
    db.close().await;

    // One row's content changed in the file: that row is named.
    sql(&app, "UPDATE audit_log SET actor = 'Someone else' WHERE id = 3").await;
    let (ok, text) = verify(&app.database_url);
    assert!(!ok);
    assert!(text.contains("entry 3 does not fit the chain: its content was changed"), "{text}");
    assert_eq!(text.trim().lines().count(), 1, "one readable line: {text}");
    let page = owner.get(format!("{}/audit", app.address)).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Entry 3 does not fit the log"), "the audit page names the row");
    sql(&app, &format!("UPDATE audit_log SET actor = '{actor}' WHERE id = 3")).await;
    assert!(verify(&app.database_url).0, "put back, it fits again");

    // A hash blanked, hoping the next start remakes it, is reported instead.
    sql(&app, "UPDATE audit_log SET hash = NULL, prev_hash = NULL WHERE id = 3").await;
    run_cli(&app.database_url, &["migrate"], "");
    let (ok, text) = verify(&app.database_url);
    assert!(!ok && text.contains("entry 3 does not fit the chain: it has no hash"), "{text}");
    sql(&app, &format!("UPDATE audit_log SET prev_hash = '{prev}', hash = '{hash}' WHERE id = 3")).await;
    assert!(verify(&app.database_url).0);

    // A removed row breaks the link of the one after it.
    sql(&app, "DELETE FROM audit_log WHERE id = 2").await;
    let (ok, text) = verify(&app.database_url);
    assert!(!ok);
    assert!(text.contains("entry 3 does not fit the chain: it does not follow the entry before it"), "{text}");
}

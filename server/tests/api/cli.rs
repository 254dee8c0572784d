//! The `secondlook` binary: bad input gives one readable line and a non-zero
//! exit, and nothing half-created.

use std::{
    io::Write,
    process::{Command, Output, Stdio},
};

const BIN: &str = env!("CARGO_BIN_EXE_secondlook");

fn run(dir: &std::path::Path, args: &[&str], env: &[(&str, &str)], stdin: &str) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("SECONDLOOK_DATABASE_URL", format!("sqlite://{}/cli.db", dir.display()))
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).trim().to_string()
}

fn setup_args() -> Vec<&'static str> {
    vec![
        "setup",
        "--business",
        "Corner Bakery",
        "--timezone",
        "Europe/London",
        "--owner-email",
        "olive@bakery.test",
        "--owner-name",
        "Olive",
    ]
}

#[test]
fn setup_then_user_add_then_refusals() {
    let dir = tempfile::tempdir().unwrap();
    let ok = run(dir.path(), &setup_args(), &[], "rise-and-shine-42\n");
    assert!(ok.status.success(), "{}", stderr(&ok));
    assert!(String::from_utf8_lossy(&ok.stdout).contains("olive@bakery.test"));

    let again = run(dir.path(), &setup_args(), &[], "rise-and-shine-42\n");
    assert!(!again.status.success());
    assert_eq!(stderr(&again), "error: Second Look is already set up: an owner account exists.");

    // No password piped in: one is generated and printed once.
    let added = run(
        dir.path(),
        &["user", "add", "--email", "rita@bakery.test", "--name", "Rita", "--role", "reviewer"],
        &[],
        "",
    );
    assert!(added.status.success(), "{}", stderr(&added));
    let out = String::from_utf8_lossy(&added.stdout);
    assert!(out.contains("as reviewer") && out.contains("shown only this once"), "{out}");

    let role = run(
        dir.path(),
        &["user", "add", "--email", "x@bakery.test", "--name", "X", "--role", "boss"],
        &[],
        "pass-word-long\n",
    );
    assert!(!role.status.success());
    assert_eq!(stderr(&role), "error: 'boss' is not a role; use owner, senior, reviewer.");

    let dup = run(
        dir.path(),
        &["user", "add", "--email", "RITA@bakery.test", "--name", "R2", "--role", "senior"],
        &[],
        "pass-word-long\n",
    );
    assert!(!dup.status.success());
    assert!(stderr(&dup).contains("already on the team"), "{}", stderr(&dup));
}

#[test]
fn bad_settings_stop_with_one_line_naming_the_setting() {
    let dir = tempfile::tempdir().unwrap();
    for (var, value) in [
        ("SECONDLOOK_ADDR", "not-an-address"),
        ("SECONDLOOK_LOG_LEVEL", "loud"),
        ("SECONDLOOK_BASE_URL", "mailto:me"),
        ("SECONDLOOK_DATABASE_URL", "postgres://db/x"),
    ] {
        let out = run(dir.path(), &["migrate"], &[(var, value)], "");
        assert!(!out.status.success(), "{var}");
        let err = stderr(&out);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.starts_with(&format!("error: {var}: ")), "{err}");
    }
}

#[test]
fn unwritable_data_folder_and_busy_port_are_explained() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    let url = format!("sqlite://{}/sub/secondlook.db", file.display());
    let out = run(dir.path(), &["migrate"], &[("SECONDLOOK_DATABASE_URL", &url)], "");
    assert!(!out.status.success());
    assert!(stderr(&out).starts_with("error: cannot create the data folder"), "{}", stderr(&out));

    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = busy.local_addr().unwrap().to_string();
    let out = run(dir.path(), &["serve"], &[("SECONDLOOK_ADDR", &addr)], "");
    assert!(!out.status.success());
    let err = stderr(&out);
    let last = err.lines().last().unwrap();
    assert!(last.starts_with(&format!("error: cannot listen on {addr}")), "{err}");
}

#[test]
fn help_explains_each_command() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["--help"], &[], "");
    let text = String::from_utf8_lossy(&out.stdout);
    for cmd in ["serve", "migrate", "setup", "user"] {
        assert!(text.contains(cmd), "{text}");
    }
}

#[test]
fn touchpoint_commands_for_scripts() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["touchpoint", "add", "--name", "Replies", "--kind", "email", "--json"], &[], "");
    assert!(out.status.success(), "{}", stderr(&out));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let v: serde_json::Value = serde_json::from_str(stdout.trim()).expect("exactly one JSON object");
    assert!(v["id"].is_i64() && v["token"].as_str().unwrap().starts_with("slt_"));
    assert_eq!(stdout.trim().lines().count(), 1);

    let bad = run(dir.path(), &["touchpoint", "add", "--name", "Fax", "--kind", "fax"], &[], "");
    assert!(!bad.status.success());
    assert_eq!(
        stderr(&bad),
        "error: 'fax' is not a kind; use email, chatbot, scheduling, social, marketing, finance, other."
    );
    let empty = run(dir.path(), &["touchpoint", "add", "--name", " ", "--kind", "email"], &[], "");
    assert_eq!(stderr(&empty), "error: The name is required.");

    let rotated = run(dir.path(), &["touchpoint", "rotate-token", &v["id"].to_string()], &[], "");
    assert!(String::from_utf8_lossy(&rotated.stdout).contains("slt_"));
    let missing = run(dir.path(), &["touchpoint", "rotate-token", "999"], &[], "");
    assert_eq!(stderr(&missing), "error: Touchpoint 999 was not found");

    let list = run(dir.path(), &["touchpoint", "list", "--json"], &[], "");
    let rows: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(rows[0]["name"], "Replies");
    assert_eq!(rows[0]["policy"], "gate");
}

#[test]
fn sample_draws_a_week_once() {
    let dir = tempfile::tempdir().unwrap();
    let tp = run(dir.path(), &["touchpoint", "add", "--name", "Notes", "--kind", "other", "--json"], &[], "");
    assert!(tp.status.success());
    let first = run(dir.path(), &["sample", "--week", "2026-W48"], &[], "");
    assert!(first.status.success(), "{}", stderr(&first));
    let out = String::from_utf8_lossy(&first.stdout);
    assert!(out.contains("2026-W48 Notes: drawn: 0 of 0 outputs"), "{out}");
    let again = run(dir.path(), &["sample", "--week", "2026-W48"], &[], "");
    assert!(String::from_utf8_lossy(&again.stdout).contains("already drawn (unchanged)"));
    let bad = run(dir.path(), &["sample", "--week", "48"], &[], "");
    assert!(!bad.status.success());
    assert_eq!(stderr(&bad), "error: '48' is not a week; write it like 2026-W48.");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backup_while_serving_then_restore_checks_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/live.db", dir.path().display());
    let run = |args: &[&str]| {
        std::process::Command::new(crate::helpers::BIN)
            .args(args)
            .env("SECONDLOOK_DATABASE_URL", &url)
            .output()
            .unwrap()
    };
    let added = run(&["touchpoint", "add", "--name", "Replies", "--kind", "email", "--json"]);
    let token =
        serde_json::from_slice::<serde_json::Value>(&added.stdout).unwrap()["token"].as_str().unwrap().to_string();
    let (mut server, address) = crate::helpers::start_binary(&url, &[]);
    let client = reqwest::Client::new();
    for i in 0..20 {
        let body = serde_json::json!({"output": format!("Reply {i}"), "external_id": format!("r{i}")});
        assert!(client
            .post(format!("{address}/api/v1/outputs"))
            .bearer_auth(&token)
            .json(&body)
            .send()
            .await
            .unwrap()
            .status()
            .is_success());
    }
    let file = dir.path().join("nightly.db");
    let out = run(&["backup", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("20 outputs"));
    let again = run(&["backup", file.to_str().unwrap()]);
    assert!(!again.status.success() && String::from_utf8_lossy(&again.stderr).contains("already exists"));
    // More arrives after the backup; restoring brings back the backup's 20.
    let body = serde_json::json!({"output": "late", "external_id": "late"});
    client.post(format!("{address}/api/v1/outputs")).bearer_auth(&token).json(&body).send().await.unwrap();
    server.kill().unwrap();
    server.wait().unwrap();
    let dry = run(&["restore", file.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&dry.stdout).contains("run again with --yes"));
    let done = run(&["restore", file.to_str().unwrap(), "--yes"]);
    assert!(done.status.success(), "{}", String::from_utf8_lossy(&done.stderr));
    assert!(String::from_utf8_lossy(&done.stdout).contains("is kept as"));
    let db = domain::db::open(&url).await.unwrap();
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outputs").fetch_one(&db).await.unwrap();
    assert_eq!(n, 20);
    // A file that is not a backup is refused with one line.
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, b"not a database at all, just text").unwrap();
    let refused = run(&["restore", junk.to_str().unwrap(), "--yes"]);
    assert!(!refused.status.success());
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(err.starts_with("error: ") && err.trim().lines().count() == 1, "{err}");
}

#[tokio::test]
async fn reset_password_replaces_it_ends_sessions_and_lifts_the_wait() {
    let dir = tempfile::tempdir().unwrap();
    assert!(run(dir.path(), &setup_args(), &[], "rise-and-shine-42\n").status.success());
    let url = format!("sqlite://{}/cli.db", dir.path().display());
    let db = domain::db::open(&url).await.unwrap();
    domain::sessions::create(&db, 1).await.unwrap();
    for _ in 0..5 {
        assert!(domain::users::log_in(&db, "olive@bakery.test", "not-the-password", None).await.is_err());
    }
    assert!(matches!(
        domain::users::log_in(&db, "olive@bakery.test", "rise-and-shine-42", None).await,
        Err(domain::DomainError::Throttled(_))
    ));

    let reset =
        run(dir.path(), &["user", "reset-password", "--email", "Olive@Bakery.test"], &[], "brand-new-secret-9\n");
    assert!(reset.status.success(), "{}", stderr(&reset));
    let sessions: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions").fetch_one(&db).await.unwrap();
    assert_eq!(sessions, 0, "their sessions ended");
    assert!(domain::users::log_in(&db, "olive@bakery.test", "brand-new-secret-9", None).await.is_ok());
    assert!(domain::users::log_in(&db, "olive@bakery.test", "rise-and-shine-42", None).await.is_err());

    let nobody = run(dir.path(), &["user", "reset-password", "--email", "eve@bakery.test"], &[], "whatever-long-pw\n");
    assert!(!nobody.status.success());
    assert_eq!(stderr(&nobody), "error: nobody on the team has the email eve@bakery.test");
}

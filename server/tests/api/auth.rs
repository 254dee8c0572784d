//! Setup, login, sessions and roles through the real HTTP server.

use reqwest::StatusCode;

use crate::helpers::{call_with, error_text, new_client, spawn_app, OWNER_EMAIL, OWNER_PASSWORD};

#[tokio::test]
async fn healthz_answers_ok_once_migrated() {
    let app = spawn_app().await;
    let resp = app.get("/healthz").await;
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(resp.json::<serde_json::Value>().await.unwrap(), serde_json::json!({"status": "ok"}));
}

#[tokio::test]
async fn setup_creates_the_owner_once_and_logs_them_in() {
    let app = spawn_app().await;
    let resp = app.setup().await;
    assert_eq!(resp.status(), StatusCode::OK);
    let cookie = resp.headers().get("set-cookie").unwrap().to_str().unwrap().to_string();
    assert!(cookie.starts_with("sl_session="), "{cookie}");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(!cookie.contains("Secure"), "no Secure flag on a plain-http base URL");

    let me: serde_json::Value = app.call("session", &[]).await.json().await.unwrap();
    assert_eq!(me["me"]["email"], OWNER_EMAIL);
    assert_eq!(me["me"]["role"], "owner");
    assert_eq!(me["business_name"], "Corner Bakery");

    // A second setup is refused and changes nothing.
    let again = app.setup().await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    assert!(error_text(again).await.contains("already set up"));
    let owners: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(&app.db().await).await.unwrap();
    assert_eq!(owners, 1);
}

#[tokio::test]
async fn setup_with_bad_input_names_the_field_and_creates_nothing() {
    let app = spawn_app().await;
    let fields = [
        ("business_name", "Corner Bakery"),
        ("timezone", "Mars/Olympus"),
        ("owner_name", "Olive"),
        ("owner_email", OWNER_EMAIL),
        ("password", OWNER_PASSWORD),
        ("password_again", OWNER_PASSWORD),
    ];
    let resp = app.call("setup", &fields).await;
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = error_text(resp).await;
    assert!(body.contains("timezone") && body.contains("not a time zone"), "{body}");

    let mut short = fields;
    short[1].1 = "Europe/London";
    short[4].1 = "short";
    short[5].1 = "short";
    let resp = app.call("setup", &short).await;
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(error_text(resp).await.contains("at least 10 characters"));

    let db = app.db().await;
    let businesses: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM business").fetch_one(&db).await.unwrap();
    let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(&db).await.unwrap();
    assert_eq!((businesses, users), (0, 0), "nothing half-created");
}

#[tokio::test]
async fn wrong_password_is_refused_and_login_rotates_the_session() {
    let app = spawn_app().await;
    app.setup().await;

    let stranger = new_client();
    let wrong =
        call_with(&stranger, &app.address, "login", &[("email", OWNER_EMAIL), ("password", "nope-nope-nope")]).await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert!(error_text(wrong).await.contains("The email or password is not right."));
    let unknown =
        call_with(&stranger, &app.address, "login", &[("email", "who@x.test"), ("password", "nope-nope-nope")]).await;
    assert_eq!(unknown.status(), StatusCode::UNAUTHORIZED, "unknown emails get the same answer");

    let a = app.login(OWNER_EMAIL, OWNER_PASSWORD).await;
    assert_eq!(a.status(), StatusCode::OK);
    let b = app.login(OWNER_EMAIL, OWNER_PASSWORD).await;
    let token = |r: &reqwest::Response| {
        r.headers().get("set-cookie").unwrap().to_str().unwrap().split(';').next().unwrap().to_string()
    };
    assert_ne!(token(&a), token(&b), "a new session id at every login");

    let out = app.call("logout", &[]).await;
    assert!(out.headers().get("set-cookie").unwrap().to_str().unwrap().contains("Max-Age=0"));
    let me: serde_json::Value = app.call("session", &[]).await.json().await.unwrap();
    assert!(me["me"].is_null(), "logged out");
}

/// Six wrong logins (for six unknown accounts) from `first`, then one from `second`:
/// is that last one throttled by address?
async fn sixth_from_one_address_then_another(app: &crate::helpers::TestApp, first: &str, second: &str) -> StatusCode {
    let login = |who: String, from: String| {
        let client = new_client();
        let url = format!("{}/api/login", app.address);
        async move {
            client
                .post(url)
                .header("x-forwarded-for", from)
                .form(&[("email", who.as_str()), ("password", "nope-nope-nope")])
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    for i in 0..6 {
        login(format!("who{i}@x.test"), first.into()).await;
    }
    login("other@x.test".into(), second.into()).await
}

#[tokio::test]
async fn a_trusted_proxy_names_the_client_and_nobody_else_can() {
    // Behind a configured proxy each client has its own address count.
    let app = crate::helpers::spawn_app_with(&[("SECONDLOOK_TRUSTED_PROXIES", "127.0.0.1, ::1")]).await;
    app.setup().await;
    assert_eq!(sixth_from_one_address_then_another(&app, "203.0.113.5", "203.0.113.6").await, StatusCode::UNAUTHORIZED);
    // A client cannot escape its count by writing the header itself: the
    // proxy appends the real address, and only that is read.
    assert_eq!(
        sixth_from_one_address_then_another(&app, "198.51.100.1", "1.2.3.4, 198.51.100.1").await,
        StatusCode::TOO_MANY_REQUESTS
    );
    // Without the setting the header is ignored: everyone here is 127.0.0.1.
    let plain = spawn_app().await;
    plain.setup().await;
    assert_eq!(
        sixth_from_one_address_then_another(&plain, "203.0.113.5", "203.0.113.6").await,
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test]
async fn owner_only_functions_refuse_reviewers_seniors_and_strangers() {
    let app = spawn_app().await;
    app.setup().await;
    let reviewer_pw = app.add_member("Rita Reviewer", "rita@bakery.test", "reviewer").await;
    let senior_pw = app.add_member("Sam Senior", "sam@bakery.test", "senior").await;

    let stranger = new_client();
    let resp = call_with(&stranger, &app.address, "team/list", &[]).await;
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);

    for (email, pw) in [("rita@bakery.test", &reviewer_pw), ("sam@bakery.test", &senior_pw)] {
        let client = new_client();
        let login = call_with(&client, &app.address, "login", &[("email", email), ("password", pw)]).await;
        assert_eq!(login.status(), StatusCode::OK, "{email} logs in with the temporary password");
        for (endpoint, fields) in [
            ("team/list", vec![]),
            ("team/add", vec![("name", "Eve"), ("email", "eve@x.test"), ("role", "owner")]),
            ("team/role", vec![("id", "2"), ("role", "owner")]),
            ("team/active", vec![("id", "1"), ("active", "false")]),
            ("audit/list", vec![]),
        ] {
            let resp = call_with(&client, &app.address, endpoint, &fields).await;
            assert_eq!(resp.status(), StatusCode::FORBIDDEN, "{email} calling {endpoint}");
        }
    }
    let db = app.db().await;
    let people: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(&db).await.unwrap();
    assert_eq!(people, 3, "nobody was added by a refused call");
}

#[tokio::test]
async fn role_changes_are_audited_and_the_last_owner_is_kept() {
    let app = spawn_app().await;
    app.setup().await;
    app.add_member("Rita Reviewer", "rita@bakery.test", "reviewer").await;

    let resp = app.call("team/role", &[("id", "2"), ("role", "senior")]).await;
    assert_eq!(resp.status(), StatusCode::OK);
    let resp = app.call("team/role", &[("id", "2"), ("role", "boss")]).await;
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(error_text(resp).await.contains("'boss' is not a role"));
    let resp = app.call("team/role", &[("id", "1"), ("role", "reviewer")]).await;
    assert_eq!(resp.status(), StatusCode::CONFLICT, "the only owner cannot step down");

    let log: serde_json::Value = app.call("audit/list", &[]).await.json().await.unwrap();
    let actions: Vec<&str> = log.as_array().unwrap().iter().map(|r| r["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["user.role", "user.create", "business.setup", "user.create"]);
    let change = &log[0];
    assert_eq!(change["actor"], OWNER_EMAIL);
    assert_eq!(change["before_json"], "\"reviewer\"");
    assert_eq!(change["after_json"], "\"senior\"");
}

#[tokio::test]
async fn a_switched_off_account_is_logged_out_and_cannot_log_in() {
    let app = spawn_app().await;
    app.setup().await;
    let pw = app.add_member("Rita Reviewer", "rita@bakery.test", "reviewer").await;
    let rita = new_client();
    call_with(&rita, &app.address, "login", &[("email", "rita@bakery.test"), ("password", &pw)]).await;

    let resp = app.call("team/active", &[("id", "2"), ("active", "false")]).await;
    assert_eq!(resp.status(), StatusCode::OK);
    let me: serde_json::Value = call_with(&rita, &app.address, "session", &[]).await.json().await.unwrap();
    assert!(me["me"].is_null(), "her session ended");
    let again = call_with(&rita, &app.address, "login", &[("email", "rita@bakery.test"), ("password", &pw)]).await;
    assert_eq!(again.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn cross_site_posts_are_refused() {
    let app = spawn_app().await;
    let resp = app
        .client
        .post(format!("{}/api/login", app.address))
        .header("Origin", "http://evil.test")
        .form(&[("email", OWNER_EMAIL), ("password", OWNER_PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    assert!(resp.text().await.unwrap().contains("another site"));
}

#[tokio::test]
async fn unreadable_arguments_are_a_400_not_a_500() {
    let app = spawn_app().await;
    app.setup().await;
    let resp = app.call("team/role", &[("id", "abc"), ("role", "owner")]).await;
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    assert!(error_text(resp).await.contains("invalid digit"));
    let resp = app.call("team/role", &[("role", "owner")]).await;
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    assert!(error_text(resp).await.contains("missing field `id`"));
}

#[tokio::test]
async fn oversized_form_posts_are_refused_before_they_are_read() {
    let app = spawn_app().await;
    let url = format!("{}/api/login", app.address);
    let huge = format!("email=a%40b.test&password={}", "x".repeat(3 * 1024 * 1024));
    // Announced size: refused from the headers alone, before any of the
    // body is sent (raw HTTP, so no client races the early answer).
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let host = app.address.trim_start_matches("http://");
    let mut tcp = tokio::net::TcpStream::connect(host).await.unwrap();
    let head = format!("POST /api/login HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n", 3 * 1024 * 1024);
    tcp.write_all(head.as_bytes()).await.unwrap();
    let mut answer = String::new();
    let mut buf = [0u8; 4096];
    while !answer.contains("}}") {
        let n = tokio::time::timeout(std::time::Duration::from_secs(5), tcp.read(&mut buf))
            .await
            .expect("an answer")
            .unwrap();
        if n == 0 {
            break;
        }
        answer.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("larger than 2 MB"), "{answer}");
    // Unannounced (streamed) size: refused once it passes the limit.
    let chunks = futures::stream::iter(
        huge.into_bytes().chunks(64 * 1024).map(|c| Ok::<_, std::io::Error>(c.to_vec())).collect::<Vec<_>>(),
    );
    let streamed = reqwest::Client::new()
        .post(&url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(reqwest::Body::wrap_stream(chunks))
        .send()
        .await;
    assert!(streamed.map_or(true, |r| r.status() == StatusCode::PAYLOAD_TOO_LARGE), "refused, never stored or a 5xx");
    let small = app.call("login", &[("email", "a@b.test"), ("password", "not-it-at-all")]).await;
    assert_eq!(small.status(), StatusCode::UNAUTHORIZED, "normal forms still work");
}

#[tokio::test]
async fn repeated_wrong_passwords_are_throttled_per_account_and_address() {
    let app = spawn_app().await;
    app.setup().await;
    let stranger = new_client();
    for _ in 0..5 {
        let resp =
            call_with(&stranger, &app.address, "login", &[("email", OWNER_EMAIL), ("password", "guess-guess-guess")])
                .await;
        assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    }
    // Even the right password has to wait now, with a message that says how long.
    let resp =
        call_with(&stranger, &app.address, "login", &[("email", OWNER_EMAIL), ("password", OWNER_PASSWORD)]).await;
    assert_eq!(resp.status(), StatusCode::TOO_MANY_REQUESTS);
    let body = resp.text().await.unwrap();
    assert!(body.contains("Too many tries. Try again in"), "{body}");
    // The same address trying another account waits too.
    let resp =
        call_with(&stranger, &app.address, "login", &[("email", "someone@bakery.test"), ("password", "whatever-else")])
            .await;
    assert_eq!(resp.status(), StatusCode::TOO_MANY_REQUESTS);
    let db = app.db().await;
    let failures: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM login_failures").fetch_one(&db).await.unwrap();
    assert_eq!(failures, 10, "5 per account and 5 per address; refused attempts are not counted");
}
